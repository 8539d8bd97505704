package io.repro4j.runtime.config;

/**
 * Python's {@code int()} and {@code float()} grammars for decimal numbers (config values, override
 * numbers, the numbers of MLflow's metric files), checked by a character loop: reading a sweep's
 * thousand runs back ran two regular expressions per metric line, which a fresh JVM compiles at
 * length. Digits are ASCII {@code 0-9}; {@code _} only between digits (PEP 515).
 */
public final class PythonNumberSyntax {
  private PythonNumberSyntax() {}

  /** Whether {@code s} is {@code [+-]?\d(?:_?\d)*}. */
  public static boolean isInt(String s) {
    int i = sign(s, 0);
    int end = digits(s, i);
    return end > i && end == s.length();
  }

  /**
   * Whether {@code s} is {@code [+-]?(?:D(?:\.D?)?|\.D)(?:[eE][+-]?D)?} with {@code D =
   * \d(?:_?\d)*}: a finite decimal as Python's {@code float()} reads it (specials aside).
   */
  public static boolean isDecimal(String s) {
    int i = sign(s, 0);
    int end = digits(s, i);
    if (end > i) {
      i = end;
      if (i < s.length() && s.charAt(i) == '.') {
        i = digits(s, i + 1); // digits after the point are optional
      }
    } else {
      if (i >= s.length() || s.charAt(i) != '.') {
        return false;
      }
      end = digits(s, i + 1);
      if (end == i + 1) {
        return false; // "." alone, or "+.": no digit
      }
      i = end;
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int exponent = sign(s, i + 1);
      end = digits(s, exponent);
      if (end == exponent) {
        return false;
      }
      i = end;
    }
    return i == s.length();
  }

  private static int sign(String s, int i) {
    return i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-') ? i + 1 : i;
  }

  /** The end of {@code \d(?:_?\d)*} from {@code i} (greedy, as the regex), or {@code i} if none. */
  static int digits(String s, int i) {
    if (i >= s.length() || !isDigit(s.charAt(i))) {
      return i;
    }
    int end = i + 1;
    while (end < s.length()) {
      if (isDigit(s.charAt(end))) {
        end++;
      } else if (s.charAt(end) == '_' && end + 1 < s.length() && isDigit(s.charAt(end + 1))) {
        end += 2;
      } else {
        break;
      }
    }
    return end;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
