package io.repro4j.runtime.config;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Types YAML scalars as OmegaConf 2.2 does: PyYAML's YAML 1.1 resolver (without timestamps, which
 * OmegaConf removes) plus OmegaConf's float fix, so that {@code 1e-3} is a float. SnakeYAML's own
 * resolver differs ({@code 1e-3} stays a string there), hence this class.
 */
final class YamlScalars {
  private YamlScalars() {}

  /** Thrown when a scalar matches a type's pattern but cannot be read as that type. */
  static final class BadScalar extends Exception {
    private static final long serialVersionUID = 1L;

    BadScalar(String message) {
      super(message, null, false, false);
    }
  }

  private static final Pattern BOOL =
      Pattern.compile("yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
  private static final Pattern INT =
      Pattern.compile(
          "[-+]?0b[0-1_]+"
              + "|[-+]?0[0-7_]+"
              + "|[-+]?(?:0|[1-9][0-9_]*)"
              + "|[-+]?0x[0-9a-fA-F_]+"
              + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
  // OmegaConf's pattern; it contains PyYAML's own float pattern, so one is enough.
  private static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
              + "|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
              + "|\\.[0-9_]+(?:[eE][-+][0-9]+)?"
              + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
              + "|[-+]?\\.(?:inf|Inf|INF)"
              + "|\\.(?:nan|NaN|NAN)");
  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  private static final Set<String> TRUE_WORDS = Set.of("yes", "true", "on");
  private static final Set<String> FALSE_WORDS = Set.of("no", "false", "off");

  /** A plain (unquoted, untagged) scalar: null, Boolean, Long/BigInteger, Double or String. */
  static Object plain(String text) throws BadScalar {
    if (BOOL.matcher(text).matches()) {
      return TRUE_WORDS.contains(text.toLowerCase(Locale.ROOT));
    }
    if (INT.matcher(text).matches()) {
      return integer(text);
    }
    if (FLOAT.matcher(text).matches()) {
      return floating(text);
    }
    if (NULL.matcher(text).matches()) {
      return null;
    }
    return text;
  }

  /** Whether a plain scalar reads as null ({@code ~}, {@code null}, empty). */
  static boolean isNull(String text) {
    return NULL.matcher(text).matches();
  }

  /** A scalar with an explicit core tag, read as PyYAML's constructor for that tag would. */
  static Object tagged(String tag, String text) throws BadScalar {
    switch (tag) {
      case "str":
        return text;
      case "null":
        return null;
      case "bool":
        String word = text.toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(word)) {
          return true;
        }
        if (FALSE_WORDS.contains(word)) {
          return false;
        }
        throw new BadScalar("'" + text + "' is not a boolean (!!bool takes true/false/yes/no/on/off)");
      case "int":
        if (!INT.matcher(text).matches()) {
          throw new BadScalar("'" + text + "' is not an integer, as its tag !!int says");
        }
        return integer(text);
      case "float":
        if (FLOAT.matcher(text).matches() || INT.matcher(text).matches()) {
          return floating(text);
        }
        Double parsed = PyNumbers.parseFloat(text);
        if (parsed == null) {
          throw new BadScalar("'" + text + "' is not a number, as its tag !!float says");
        }
        return parsed;
      default:
        throw new IllegalArgumentException(tag);
    }
  }

  /** PyYAML's construct_yaml_int: {@code _} ignored, 0b binary, 0x hex, 0 octal, a:b base 60. */
  private static Object integer(String text) throws BadScalar {
    String value = text.replace("_", "");
    boolean negative = value.startsWith("-");
    if (negative || value.startsWith("+")) {
      value = value.substring(1);
    }
    BigInteger result;
    try {
      if (value.equals("0")) {
        result = BigInteger.ZERO;
      } else if (value.startsWith("0b")) {
        result = new BigInteger(value.substring(2), 2);
      } else if (value.startsWith("0x")) {
        result = new BigInteger(value.substring(2), 16);
      } else if (value.startsWith("0")) {
        result = new BigInteger(value, 8);
      } else if (value.contains(":")) {
        result = BigInteger.ZERO;
        for (String part : value.split(":")) {
          result = result.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
        }
      } else {
        result = new BigInteger(value);
      }
    } catch (NumberFormatException e) {
      throw new BadScalar("'" + text + "' looks like an integer but has no digits; quote it");
    }
    return PyNumbers.integer(negative ? result.negate() : result);
  }

  /** PyYAML's construct_yaml_float: {@code _} ignored, .inf/.nan, a:b.c base 60. */
  private static Double floating(String text) throws BadScalar {
    String value = text.replace("_", "").toLowerCase(Locale.ROOT);
    double sign = 1;
    if (value.startsWith("-") || value.startsWith("+")) {
      sign = value.startsWith("-") ? -1 : 1;
      value = value.substring(1);
    }
    if (value.equals(".inf")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (value.equals(".nan")) {
      return Double.NaN;
    }
    try {
      if (value.contains(":")) {
        double result = 0;
        for (String part : value.split(":")) {
          result = result * 60 + Double.parseDouble(part);
        }
        return sign * result;
      }
      return sign * Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new BadScalar("'" + text + "' looks like a number but is not one; quote it");
    }
  }
}
