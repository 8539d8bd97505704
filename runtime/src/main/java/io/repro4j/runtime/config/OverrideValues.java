package io.repro4j.runtime.config;

import io.repro4j.runtime.tracking.PythonRepr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values as Hydra's override parser holds them, and what Hydra does with them: Python type names and
 * reprs for messages, dropping the quotes ({@code Override.value()}), and the canonical text
 * ({@code Override._get_value_element_as_str}) that Hydra's basic sweeper hands to each job.
 *
 * <p>Inside the parser a value is a {@link RawValue} holding null, Boolean, Long or BigInteger,
 * Double, String, {@link Quoted}, {@code List<RawValue>}, {@code Map<String, RawValue>} (insertion
 * order) or a {@link Sweep}.
 */
final class OverrideValues {
  private OverrideValues() {}

  /** A quoted string, remembered as quoted so that it prints back with its quotes. */
  record Quoted(String text, char quote) {}

  private static final String ESCAPED_CHARS = "\\()[]{}:=, \t";
  private static final Pattern SINGLE_QUOTE_RUN = Pattern.compile("(\\\\)+'");
  private static final Pattern DOUBLE_QUOTE_RUN = Pattern.compile("(\\\\)+\"");

  /** {@code Override.value()}: quoted strings become plain strings, recursively. */
  static RawValue plain(RawValue raw) {
    Object value = raw.value();
    if (value instanceof Quoted q) {
      return new RawValue(q.text(), raw.origin());
    }
    if (value instanceof List<?> list) {
      List<RawValue> out = new ArrayList<>(list.size());
      for (Object element : list) {
        out.add(plain((RawValue) element));
      }
      return new RawValue(Collections.unmodifiableList(out), raw.origin());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, RawValue> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put((String) e.getKey(), plain((RawValue) e.getValue()));
      }
      return new RawValue(Collections.unmodifiableMap(out), raw.origin());
    }
    return raw;
  }

  /**
   * Hydra's canonical text of a value ({@code _get_value_element_as_str}): Python's {@code str()}
   * of numbers and booleans ({@code True}, {@code 1e-05}, {@code inf}), {@code null}, strings with
   * {@code \ ( ) [ ] { } : = , } blank and tab backslash-escaped, quoted strings with their quotes,
   * lists and dicts without blanks.
   */
  static String canonical(Object value) {
    if (value instanceof RawValue raw) {
      return canonical(raw.value());
    }
    if (value == null) {
      return "null";
    }
    if (value instanceof Quoted q) {
      return withQuotes(q);
    }
    if (value instanceof String s) {
      return escape(s);
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",").append(canonical(list.get(i)));
      }
      return out.append(']').toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(first ? "" : ",").append(escape((String) e.getKey())).append(':');
        out.append(canonical(e.getValue()));
        first = false;
      }
      return out.append('}').toString();
    }
    if (value instanceof Sweep) {
      throw new IllegalArgumentException("a sweep has no canonical value text");
    }
    return pythonStr(value);
  }

  /** Hydra's {@code escape_special_characters}. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (ESCAPED_CHARS.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Hydra's {@code QuotedString.with_quotes}: backslashes before a quote doubled, quotes escaped. */
  static String withQuotes(Quoted q) {
    char qc = q.quote();
    String escapedQuote = "\\" + qc;
    Pattern runs = qc == '\'' ? SINGLE_QUOTE_RUN : DOUBLE_QUOTE_RUN;
    String text = q.text() + qc;
    Matcher match = q.text().contains("\\") ? runs.matcher(text) : null;
    if (match == null || !match.find()) {
      return qc + q.text().replace(String.valueOf(qc), escapedQuote) + qc;
    }
    StringBuilder tokens = new StringBuilder();
    int from = 0;
    do {
      tokens.append(text, from, match.start());
      int backslashes = match.end() - match.start() - 1;
      tokens.append("\\".repeat(backslashes * 2));
      if (match.end() < text.length()) {
        tokens.append(qc);
      }
      from = match.end();
    } while (match.find());
    if (text.length() - from > 1) {
      tokens.append(text, from, text.length() - 1);
    }
    return qc + tokens.toString().replace(String.valueOf(qc), escapedQuote) + qc;
  }

  /** Python's {@code type(value).__name__} as Hydra's messages name it. */
  static String pythonType(Object value) {
    if (value instanceof RawValue raw) {
      return pythonType(raw.value());
    }
    if (value == null) {
      return "NoneType";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    if (value instanceof Long || value instanceof BigInteger) {
      return "int";
    }
    if (value instanceof Double) {
      return "float";
    }
    if (value instanceof String) {
      return "str";
    }
    if (value instanceof Quoted) {
      return "QuotedString";
    }
    if (value instanceof List) {
      return "list";
    }
    if (value instanceof Map) {
      return "dict";
    }
    if (value instanceof Sweep.Choice) {
      return "ChoiceSweep";
    }
    if (value instanceof Sweep.Range) {
      return "RangeSweep";
    }
    if (value instanceof Sweep.Interval) {
      return "IntervalSweep";
    }
    return "Glob";
  }

  /** Python's {@code str(value)}. */
  static String pythonStr(Object value) {
    if (value instanceof RawValue raw) {
      return pythonStr(raw.value());
    }
    if (value instanceof String s) {
      return s;
    }
    return pythonRepr(value);
  }

  /** Python's {@code repr(value)}, including Hydra's dataclasses. */
  static String pythonRepr(Object value) {
    if (value instanceof RawValue raw) {
      return pythonRepr(raw.value());
    }
    if (value == null) {
      return "None";
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (value instanceof Double d) {
      return PyNumbers.repr(d);
    }
    if (value instanceof Long || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof String s) {
      return PythonRepr.reprString(s);
    }
    if (value instanceof Quoted q) {
      return "QuotedString(text=" + PythonRepr.reprString(q.text()) + ", quote=<Quote."
          + (q.quote() == '\'' ? "single: 0" : "double: 1") + ">)";
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(pythonRepr(list.get(i)));
      }
      return out.append(']').toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(first ? "" : ", ").append(PythonRepr.reprString((String) e.getKey()));
        out.append(": ").append(pythonRepr(e.getValue()));
        first = false;
      }
      return out.append('}').toString();
    }
    if (value instanceof Sweep sweep) {
      return sweep.pythonRepr();
    }
    return String.valueOf(value);
  }

  /** Python's repr of a set of strings ({@code set()} when empty). */
  static String pythonSet(Iterable<String> items) {
    StringBuilder out = new StringBuilder();
    for (String item : items) {
      out.append(out.length() == 0 ? "{" : ", ").append(PythonRepr.reprString(item));
    }
    return out.length() == 0 ? "set()" : out.append('}').toString();
  }
}
