package io.repro4j.runtime.config;

import io.repro4j.runtime.tracking.PythonFloat;
import java.math.BigInteger;
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
   * ({@code 1e-05}, {@code 1e+16}); {@code inf}, {@code -inf}, {@code nan}. Delegates to {@link
   * PythonFloat#repr}, the digits the metric writer puts in MLflow's files byte for byte.
   */
  static String repr(double value) {
    return PythonFloat.repr(value);
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
