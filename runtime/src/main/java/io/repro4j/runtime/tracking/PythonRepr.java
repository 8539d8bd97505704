package io.repro4j.runtime.tracking;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code str()} of a config value, so that a param logged by Repro4j reads exactly as the
 * same value logged from Python ({@code mlflow.log_param} stores {@code str(value)}).
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>Java value</th><th>written</th></tr>
 *   <tr><td>{@code null}</td><td>{@code None}</td></tr>
 *   <tr><td>{@code Boolean}</td><td>{@code True} / {@code False}</td></tr>
 *   <tr><td>{@code Integer}, {@code Long}, {@code Short}, {@code Byte}, {@code BigInteger}</td>
 *       <td>decimal</td></tr>
 *   <tr><td>{@code Double}</td><td>{@link PythonFloat#repr(double)}</td></tr>
 *   <tr><td>{@code Float}</td><td>{@link PythonFloat#reprFloat(float)}: the shortest digits that
 *       identify the float, read as a Python float ({@code 0.1f -> 0.1}, not the widened
 *       {@code 0.10000000149011612}); decided so because the user wrote {@code 0.1} in YAML or
 *       code, and Python/Hydra would log {@code 0.1} for it</td></tr>
 *   <tr><td>{@code String}, {@code Character}, {@code Path}, enum constant (its name)</td>
 *       <td>as is</td></tr>
 *   <tr><td>{@code List} (any {@code Collection}, {@code Object[]})</td>
 *       <td>Python list repr: {@code [1, 2.5, 'a', None, True]}</td></tr>
 *   <tr><td>{@code Map}</td><td>Python dict repr: {@code {'a': 1}}</td></tr>
 * </table>
 *
 * <p>Strings inside lists and dicts use Python's {@code repr(str)}: single quotes unless the text
 * contains {@code '} and no {@code "}; backslash, the quote, {@code \t \n \r} escaped; other
 * non-printable characters as {@code \xNN}, {@code \\uNNNN} or {@code \UNNNNNNNN}. "Printable"
 * follows Python's {@code str.isprintable} via Java's Unicode tables (Java 17 knows Unicode 13,
 * Python 3.11 Unicode 14: only characters added in Unicode 14 can differ).
 */
public final class PythonRepr {
  private PythonRepr() {}

  /** Python's {@code str(configValue)}. */
  public static String str(Object configValue) {
    if (configValue instanceof String s) {
      return s;
    }
    if (configValue instanceof Character c) {
      return c.toString();
    }
    if (configValue instanceof Path p) {
      return p.toString();
    }
    if (configValue instanceof Enum<?> e) {
      return e.name();
    }
    StringBuilder sb = new StringBuilder();
    appendRepr(sb, configValue);
    return sb.toString();
  }

  /** Python's {@code repr(s)} of a string. */
  public static String reprString(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    appendStringRepr(sb, s);
    return sb.toString();
  }

  private static void appendRepr(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("None");
    } else if (v instanceof Boolean b) {
      sb.append(b ? "True" : "False");
    } else if (v instanceof Double d) {
      sb.append(PythonFloat.repr(d));
    } else if (v instanceof Float f) {
      sb.append(PythonFloat.reprFloat(f));
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte
        || v instanceof java.math.BigInteger) {
      sb.append(v);
    } else if (v instanceof String s) {
      appendStringRepr(sb, s);
    } else if (v instanceof Character c) {
      appendStringRepr(sb, c.toString());
    } else if (v instanceof Path p) {
      appendStringRepr(sb, p.toString()); // a YAML path is a str to Python
    } else if (v instanceof Enum<?> e) {
      appendStringRepr(sb, e.name()); // config code passes enum constants as their names
    } else if (v instanceof Collection<?> c) {
      appendItems(sb, c.iterator());
    } else if (v instanceof Object[] a) {
      appendItems(sb, java.util.Arrays.asList(a).iterator());
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        appendRepr(sb, e.getKey());
        sb.append(": ");
        appendRepr(sb, e.getValue());
      }
      sb.append('}');
    } else {
      sb.append(v); // BigDecimal and anything else: its own text
    }
  }

  private static void appendItems(StringBuilder sb, Iterator<?> it) {
    sb.append('[');
    boolean first = true;
    while (it.hasNext()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      appendRepr(sb, it.next());
    }
    sb.append(']');
  }

  // CPython unicode_repr, code point by code point.
  private static void appendStringRepr(StringBuilder sb, String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    sb.append(quote);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote || cp == '\\') {
        sb.append('\\').appendCodePoint(cp);
      } else if (cp == '\t') {
        sb.append("\\t");
      } else if (cp == '\n') {
        sb.append("\\n");
      } else if (cp == '\r') {
        sb.append("\\r");
      } else if (cp < ' ' || cp == 0x7f) {
        hex(sb, "\\x", cp, 2);
      } else if (cp < 0x7f) {
        sb.append((char) cp);
      } else if (isPrintable(cp)) {
        sb.appendCodePoint(cp);
      } else if (cp <= 0xff) {
        hex(sb, "\\x", cp, 2);
      } else if (cp <= 0xffff) {
        hex(sb, "\\u", cp, 4);
      } else {
        hex(sb, "\\U", cp, 8);
      }
    }
    sb.append(quote);
  }

  private static void hex(StringBuilder sb, String prefix, int cp, int width) {
    String h = Integer.toHexString(cp);
    sb.append(prefix).append("0".repeat(width - h.length())).append(h);
  }

  /** Python's {@code str.isprintable()} for one code point (space is printable). */
  static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }
}
