package io.repro4j.runtime.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Python's number rules, which OmegaConf inherits when it converts config values: {@code int(str)},
 * {@code float(str)} and {@code repr(float)}. Java's parsers and {@code Double.toString} differ in
 * small ways (underscores, {@code inf}, {@code 1e-05}) that users would notice.
 */
final class PyNumbers {
  private PyNumbers() {}

  private static final Pattern SPECIAL = Pattern.compile("[+-]?(?i:inf|infinity|nan)");

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /** {@code int(text)}: blanks around, a sign, digits with single {@code _} between; else null. */
  static BigInteger parseInt(String text) {
    String s = text.strip();
    if (!PythonNumberSyntax.isInt(s)) {
      return null;
    }
    return new BigInteger(s.replace("_", ""));
  }

  /** {@code float(text)}: like {@link #parseInt} plus fractions, exponents, inf, nan; else null. */
  static Double parseFloat(String text) {
    String s = text.strip();
    if (SPECIAL.matcher(s).matches()) {
      boolean negative = s.startsWith("-");
      if (s.toLowerCase(Locale.ROOT).endsWith("nan")) {
        return Double.NaN;
      }
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (!PythonNumberSyntax.isDecimal(s)) {
      return null;
    }
    return Double.parseDouble(s.replace("_", ""));
  }

  /** An integer as the raw value type: {@code Long} when it fits, else {@code BigInteger}. */
  static Object integer(BigInteger value) {
    if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
      return value.longValue();
    }
    return value;
  }

  /**
   * Python's {@code repr(float)}: the shortest digits that read back as the same double, in fixed
   * notation for exponents -4 to 15 ({@code 0.001}, {@code 1000000.0}) and scientific otherwise
   * ({@code 1e-05}, {@code 1e+16}); {@code inf}, {@code -inf}, {@code nan}.
   */
  static String repr(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortest(value);
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    StringBuilder out = new StringBuilder(value < 0 ? "-" : "");
    if (exponent >= -4 && exponent < 16) {
      if (exponent >= 0) {
        if (digits.length() <= exponent + 1) {
          out.append(digits).append("0".repeat(exponent + 1 - digits.length())).append(".0");
        } else {
          out.append(digits, 0, exponent + 1).append('.').append(digits.substring(exponent + 1));
        }
      } else {
        out.append("0.").append("0".repeat(-exponent - 1)).append(digits);
      }
    } else {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits.substring(1));
      }
      out.append('e').append(exponent < 0 ? '-' : '+');
      int magnitude = Math.abs(exponent);
      out.append(magnitude < 10 ? "0" : "").append(magnitude);
    }
    return out.toString();
  }

  /** The fewest significant digits that round-trip (Java 17's Double.toString may use more). */
  private static BigDecimal shortest(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; precision < 17; precision++) {
      BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == value) {
        return candidate.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }

  /** Python's {@code abs} of an int or float. */
  static Number abs(Number n) {
    if (n instanceof Double d) {
      return Math.abs(d);
    }
    return (Number) integer(big(n).abs());
  }

  /** Python's {@code -n}. */
  static Number negate(Number n) {
    if (n instanceof Double d) {
      return -d;
    }
    return (Number) integer(big(n).negate());
  }

  /** Python's {@code a + b}: an int if both are ints, else a float. */
  static Number add(Number a, Number b) {
    if (a instanceof Double || b instanceof Double) {
      return a.doubleValue() + b.doubleValue();
    }
    return (Number) integer(big(a).add(big(b)));
  }

  /** Python's {@code a - b}. */
  static Number subtract(Number a, Number b) {
    return add(a, negate(b));
  }

  /** Python's comparison of two numbers (exact across ints and floats). */
  static int compare(Number a, Number b) {
    int c = PySort.compareNumbers(a, b);
    return c == 2 ? 0 : c;
  }

  private static BigInteger big(Number n) {
    return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
  }
}
