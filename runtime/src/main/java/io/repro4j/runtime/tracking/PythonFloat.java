package io.repro4j.runtime.tracking;

import io.repro4j.runtime.config.PythonNumberSyntax;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Python's {@code repr(float)} in Java, byte for byte: what MLflow writes for a metric value
 * ({@code str(float)}, which equals {@code repr} since Python 3.2).
 *
 * <p>Python prints the <em>shortest</em> decimal string that reads back to the same double and,
 * among strings of that length, the one nearest to the exact binary value (David Gay's mode 0).
 * JDK 17's {@link Double#toString(double)} does not always do that (fixed in JDK 19,
 * JDK-4511638): it prints {@code 2e23} as {@code 1.9999999999999998E23} (Python: {@code 2e+23}),
 * {@code 5e-324} as {@code 4.9E-324} and {@code 1.9400994884341945e+25} as {@code
 * 1.9400994884341944E25}. So the digits are computed here: through {@link ShortDecimalRepr}'s
 * allocation-free paths where they apply, else with {@link BigDecimal} (correct by construction, a
 * few microseconds per value).
 *
 * <p>Layout follows CPython's {@code float_repr_style = 'short'}: with the value written as
 * {@code 0.DIGITS x 10^decpt}, scientific notation is used when {@code decpt <= -4} or {@code
 * decpt > 16} (i.e. decimal exponent {@code < -4} or {@code >= 16}), the exponent has a sign and
 * at least two digits ({@code 1e-05}, {@code 1e+16}, {@code 1.5e+300}); fixed notation always has
 * a fractional part ({@code 1000000000000000.0}); specials are {@code nan}, {@code inf}, {@code
 * -inf}, {@code -0.0}.
 */
public final class PythonFloat {
  private PythonFloat() {}

  /** Python's {@code repr(v)} of the double {@code v}. */
  public static String repr(double v) {
    // A sweep's trials print their final metrics and config floats through here.
    ByteBuffer out = ByteBuffer.allocate(32);
    put(out, v, new byte[24]);
    return new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
  }

  /**
   * Writes {@link #repr}{@code (v)} to {@code out} in ASCII (at most 24 bytes), allocating nothing
   * for usual magnitudes: the metric writer's hot path. {@code scratch} holds at least 20 bytes.
   */
  static void put(ByteBuffer out, double v, byte[] scratch) {
    if (v == Math.rint(v) && Math.abs(v) < 1e16 && (v != 0 || 1 / v > 0)) {
      putIntegral(out, (long) v, scratch); // below 1e16 an integral value's repr is its digits and ".0"
      return;
    }
    if (ShortDecimalRepr.put(out, v, scratch) || ShortDecimalRepr.putExact(out, v, scratch)) {
      return;
    }
    // specials, tiny or huge values, or a tie putExact leaves open: exact, but allocates
    String s = reprByBigDecimal(v);
    for (int k = 0; k < s.length(); k++) {
      out.put((byte) s.charAt(k));
    }
  }

  /** {@code n} (|n| < 10^16) in decimal and {@code ".0"}. */
  private static void putIntegral(ByteBuffer out, long n, byte[] scratch) {
    putLong(out, n, scratch);
    out.put((byte) '.').put((byte) '0');
  }

  /** {@code n} in decimal, ASCII, allocating nothing; {@code scratch} holds at least 19 bytes. */
  static void putLong(ByteBuffer out, long n, byte[] scratch) {
    if (n == Long.MIN_VALUE) { // the one value whose negation overflows
      out.put(LONG_MIN);
      return;
    }
    if (n < 0) {
      out.put((byte) '-');
      n = -n;
    }
    int digits = 0;
    do {
      scratch[digits++] = (byte) ('0' + (n % 10));
      n /= 10;
    } while (n != 0);
    while (digits > 0) {
      out.put(scratch[--digits]);
    }
  }

  private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

  /**
   * {@link #repr} by the general algorithm only (BigDecimal): the fallback of {@link #put} once its
   * fast paths decline, and what the tests check the fast paths against.
   */
  static String reprByBigDecimal(double v) {
    if (Double.isNaN(v)) {
      return "nan"; // Python prints every NaN, whatever its sign bit, as 'nan'
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0.0) {
      return Double.doubleToRawLongBits(v) < 0 ? "-0.0" : "0.0";
    }
    return format(v < 0, shortestDouble(Math.abs(v)));
  }

  /**
   * Python's {@code repr(float(s))} where {@code s} is the shortest decimal that reads back to the
   * float {@code v} as a {@code float}: {@code 0.1f -> "0.1"} (not {@code 0.10000000149011612},
   * the exact value of the float widened to double). This is what a user who wrote {@code 0.1f}
   * expects to see as an MLflow param, and what Python prints for the same YAML value.
   */
  public static String reprFloat(float v) {
    if (Float.isNaN(v)) {
      return "nan";
    }
    if (Float.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0.0f) {
      return Float.floatToRawIntBits(v) < 0 ? "-0.0" : "0.0";
    }
    float a = Math.abs(v);
    BigDecimal exact = new BigDecimal(a);
    BigDecimal best = null;
    // Shortest float digits: at most 9 significant digits are ever needed for a float.
    for (int p = 1; p <= 9 && best == null; p++) {
      best = candidate(exact, p, d -> d.floatValue() == a);
    }
    // <= 9 digits always read back to the same value through double, so the double repr of that
    // decimal is the decimal itself.
    return format(v < 0, best.stripTrailingZeros());
  }

  private interface RoundTrip {
    boolean test(BigDecimal d);
  }

  /** Shortest, then nearest, decimal that reads back to {@code a} (finite, positive). */
  private static BigDecimal shortestDouble(double a) {
    BigDecimal exact = new BigDecimal(a);
    RoundTrip reads = d -> d.doubleValue() == a; // BigDecimal.doubleValue is correctly rounded
    // Double.toString always round-trips, so its digit count bounds the answer; it is usually
    // exactly the shortest, so the loop below typically runs one or two steps. The set of lengths
    // that round-trip is upward closed (pad with a zero), so walking down until failure finds the
    // minimum.
    int n = new BigDecimal(Double.toString(a)).stripTrailingZeros().precision();
    BigDecimal best = candidate(exact, n, reads);
    while (best == null) { // defensive: never seen, 17 digits always suffice
      n++;
      best = candidate(exact, n, reads);
    }
    for (int p = n - 1; p >= 1; p--) {
      BigDecimal shorter = candidate(exact, p, reads);
      if (shorter == null) {
        break;
      }
      best = shorter;
    }
    return best.stripTrailingZeros();
  }

  /**
   * The p-digit decimal nearest to {@code exact} that reads back, or null. Near a power of two
   * the round-trip interval is asymmetric, so when the nearest p-digit decimal fails the one on
   * the other side of {@code exact} can still succeed; any other p-digit decimal is farther away
   * on the same side as one of these two, so checking both is complete.
   */
  private static BigDecimal candidate(BigDecimal exact, int p, RoundTrip reads) {
    BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
    if (reads.test(nearest)) {
      return nearest;
    }
    int side = nearest.compareTo(exact);
    if (side == 0) {
      return null;
    }
    BigDecimal other =
        exact.round(new MathContext(p, side > 0 ? RoundingMode.FLOOR : RoundingMode.CEILING));
    return reads.test(other) ? other : null;
  }

  private static String format(boolean negative, BigDecimal d) {
    String digits = d.unscaledValue().toString();
    int len = digits.length();
    int decpt = len - d.scale(); // value = 0.DIGITS x 10^decpt
    StringBuilder sb = new StringBuilder(len + 8);
    if (negative) {
      sb.append('-');
    }
    if (decpt <= -4 || decpt > 16) {
      sb.append(digits.charAt(0));
      if (len > 1) {
        sb.append('.').append(digits, 1, len);
      }
      int exp = decpt - 1;
      sb.append('e').append(exp < 0 ? '-' : '+');
      int abs = Math.abs(exp);
      if (abs < 10) {
        sb.append('0');
      }
      sb.append(abs);
    } else if (decpt <= 0) {
      sb.append("0.");
      sb.append("0".repeat(-decpt));
      sb.append(digits);
    } else if (decpt < len) {
      sb.append(digits, 0, decpt).append('.').append(digits, decpt, len);
    } else {
      sb.append(digits).append("0".repeat(decpt - len)).append(".0");
    }
    return sb.toString();
  }

  /**
   * Parses a number as Python's {@code float(token)} does for the forms found in metric files:
   * decimal and exponent forms (with optional {@code _} between digits), {@code nan}, {@code inf},
   * {@code infinity} in any case and with a sign, and Java's {@code NaN}/{@code Infinity}/{@code
   * 1.0E-5} spellings.
   *
   * @throws NumberFormatException when Python would raise {@code ValueError}
   */
  public static double parse(String token) {
    String s = token.strip();
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    boolean neg = lower.startsWith("-");
    String body = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
    switch (body) {
      case "nan":
        return Double.NaN;
      case "inf":
      case "infinity":
        return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      default:
        break;
    }
    if (!PythonNumberSyntax.isDecimal(s)) {
      throw new NumberFormatException("could not convert string to float: '" + token + "'");
    }
    return Double.parseDouble(s.replace("_", ""));
  }
}
