package io.repro4j.runtime.config;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether two trees of plain data would be written alike by a YAML or JSON writer: equal, with
 * every map iterating its keys in the same order. Lets a writer reuse the text it wrote for the
 * previous, identical tree (a sweep's trials in one JVM write many identical documents).
 */
public final class OrderedEquality {
  private OrderedEquality() {}

  /**
   * True when {@code a} and {@code b} are maps with equal keys in the same order and such values,
   * lists of such elements, or equal leaves of the same plain type ({@code String}, {@code
   * Boolean}, {@code Integer}, {@code Long}, {@code Double}, {@code Float}, or both null). Any other
   * leaf type answers false: its equality need not agree with how it is written.
   */
  public static boolean sameInOrder(Object a, Object b) {
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<? extends Map.Entry<?, ?>> i = x.entrySet().iterator();
      for (Map.Entry<?, ?> e : y.entrySet()) {
        Map.Entry<?, ?> f = i.next();
        if (!sameInOrder(f.getKey(), e.getKey()) || !sameInOrder(f.getValue(), e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int k = 0; k < x.size(); k++) {
        if (!sameInOrder(x.get(k), y.get(k))) {
          return false;
        }
      }
      return true;
    }
    // Integer 1 and Long 1 are not equal (different classes): values of different types are redone.
    return isPlainLeaf(a) && Objects.equals(a, b);
  }

  private static boolean isPlainLeaf(Object value) {
    return value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Double
        || value instanceof Float;
  }
}
