package io.repro4j.runtime.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code sorted(values, reverse=...)} over override values: Python's {@code <} (numbers
 * of any kind compare by value, strings by code point, lists element by element; anything else is
 * a {@code TypeError: '<' not supported between instances of 'str' and 'int'}), and CPython's
 * comparison order (a natural run, then binary insertion), so that a failing sort names the same
 * pair of types as Python's. Lists of 64 values or more are sorted the same way, which gives
 * Python's result but may name another pair when it fails.
 */
final class PySort {
  private PySort() {}

  static List<RawValue> sorted(List<?> values, boolean reverse) throws GrammarFunctions.PyError {
    List<RawValue> items = new ArrayList<>();
    for (Object value : values) {
      items.add((RawValue) value);
    }
    if (reverse) {
      Collections.reverse(items); // CPython reverses, sorts stably, reverses back
    }
    int n = items.size();
    if (n > 1) {
      int run = 2;
      boolean descending = less(items.get(1), items.get(0));
      while (run < n && less(items.get(run), items.get(run - 1)) == descending) {
        run++;
      }
      if (descending) {
        Collections.reverse(items.subList(0, run));
      }
      for (int start = run; start < n; start++) {
        RawValue pivot = items.get(start);
        int lo = 0;
        int hi = start;
        while (lo < hi) {
          int mid = lo + ((hi - lo) >> 1);
          if (less(pivot, items.get(mid))) {
            hi = mid;
          } else {
            lo = mid + 1;
          }
        }
        items.remove(start);
        items.add(lo, pivot);
      }
    }
    if (reverse) {
      Collections.reverse(items);
    }
    return items;
  }

  /** Python's {@code a < b}. */
  static boolean less(Object a, Object b) throws GrammarFunctions.PyError {
    Object x = a instanceof RawValue r ? r.value() : a;
    Object y = b instanceof RawValue r ? r.value() : b;
    if (isNumber(x) && isNumber(y)) {
      return compareNumbers(x, y) < 0;
    }
    if (x instanceof String s && y instanceof String t) {
      return compareCodePoints(s, t) < 0;
    }
    if (x instanceof List<?> l && y instanceof List<?> m) {
      int i = 0;
      while (i < l.size() && i < m.size() && equal(l.get(i), m.get(i))) {
        i++;
      }
      if (i < l.size() && i < m.size()) {
        return less(l.get(i), m.get(i));
      }
      return l.size() < m.size();
    }
    throw new GrammarFunctions.PyError(
        "TypeError",
        "'<' not supported between instances of '" + OverrideValues.pythonType(x) + "' and '"
            + OverrideValues.pythonType(y) + "'");
  }

  /** Python's {@code a == b}. */
  static boolean equal(Object a, Object b) {
    Object x = a instanceof RawValue r ? r.value() : a;
    Object y = b instanceof RawValue r ? r.value() : b;
    if (isNumber(x) && isNumber(y)) {
      return compareNumbers(x, y) == 0;
    }
    if (x instanceof List<?> l && y instanceof List<?> m) {
      if (l.size() != m.size()) {
        return false;
      }
      for (int i = 0; i < l.size(); i++) {
        if (!equal(l.get(i), m.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (x instanceof Map<?, ?> l && y instanceof Map<?, ?> m) {
      if (!l.keySet().equals(m.keySet())) {
        return false;
      }
      for (Object key : l.keySet()) {
        if (!equal(l.get(key), m.get(key))) {
          return false;
        }
      }
      return true;
    }
    if (x == null || y == null) {
      return x == y;
    }
    return x.equals(y); // strings, and Quoted like Hydra's dataclass: same text and quote
  }

  private static boolean isNumber(Object v) {
    return v instanceof Boolean || v instanceof Long || v instanceof BigInteger || v instanceof Double;
  }

  /** Exact comparison of Python numbers; NaN compares as neither less nor equal (returns 2). */
  static int compareNumbers(Object x, Object y) {
    if (x instanceof Double d && d.isNaN() || y instanceof Double e && e.isNaN()) {
      return 2;
    }
    BigDecimal a = exact(x);
    BigDecimal b = exact(y);
    if (a == null || b == null) {
      double da = x instanceof Double d ? d : 0;
      double db = y instanceof Double d ? d : 0;
      if (a == null && b == null) {
        return Double.compare(da, db);
      }
      return a == null ? (da > 0 ? 1 : -1) : (db > 0 ? -1 : 1);
    }
    return a.compareTo(b);
  }

  private static BigDecimal exact(Object v) {
    if (v instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (v instanceof Long l) {
      return BigDecimal.valueOf(l);
    }
    if (v instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    double d = (Double) v;
    return Double.isInfinite(d) ? null : new BigDecimal(d);
  }

  private static int compareCodePoints(String s, String t) {
    int i = 0;
    int j = 0;
    while (i < s.length() && j < t.length()) {
      int a = s.codePointAt(i);
      int b = t.codePointAt(j);
      if (a != b) {
        return Integer.compare(a, b);
      }
      i += Character.charCount(a);
      j += Character.charCount(b);
    }
    return Integer.compare(s.length() - i, t.length() - j);
  }
}
