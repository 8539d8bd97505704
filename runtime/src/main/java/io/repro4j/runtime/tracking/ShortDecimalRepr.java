package io.repro4j.runtime.tracking;

import java.nio.ByteBuffer;

/**
 * Python's {@code repr(float)} without allocating, for the values that have a short decimal form
 * (at most 15 significant digits: {@code 0.1}, {@code 0.0125}, {@code 97.5}, every integral value
 * below 10^15); the metric writer falls back to {@link PythonFloat#repr} for the others.
 *
 * <p>Exact by Clinger's fast path: an integer {@code m < 2^53} times or divided by {@code 10^k},
 * {@code k <= 22}, is one correctly rounded IEEE operation on two exact doubles, so {@code
 * m / 10^k == v} proves that the decimal {@code m x 10^-k} reads back to {@code v}. The scales are
 * tried from the fewest digits up, so the first that reads back is the shortest; a candidate is
 * used only when its neighbours do not read back (then it is also the nearest, as Python wants).
 */
final class ShortDecimalRepr {
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p; // 10^0..10^22 are exact doubles
      p *= 10;
    }
  }

  private ShortDecimalRepr() {}

  /**
   * Appends Python's repr of {@code v} (finite, nonzero) and returns true, or appends nothing and
   * returns false when {@code v} needs more than 15 digits or an exponent beyond +-22.
   *
   * @param scratch at least 20 bytes, for the digits
   */
  static boolean put(ByteBuffer out, double v, byte[] scratch) {
    double a = Math.abs(v);
    if (!(a > 0) || Double.isInfinite(a)) {
      return false;
    }
    // An estimate: being one off only adds or skips a scale that has no answer.
    int e = (int) Math.floor(Math.log10(a));
    for (int k = -e; k <= 22; k++) {
      if (k < -22) {
        continue;
      }
      double x = k >= 0 ? a * POW10[k] : a / POW10[-k];
      if (x >= 1e15) {
        return false; // the estimate of m is no longer within one of the exact a x 10^k
      }
      long d = Math.round(x);
      long m = 0;
      for (long c = Math.max(1, d - 1); c <= d + 1; c++) {
        if (readsBack(c, k, a)) {
          m = c;
          break;
        }
      }
      if (m == 0) {
        continue;
      }
      if (readsBack(m - 1, k, a) || readsBack(m + 1, k, a)) {
        return false; // several shortest candidates: the nearest needs the exact algorithm
      }
      write(out, v < 0, m, k, scratch);
      return true;
    }
    return false;
  }

  private static boolean readsBack(long m, int k, double a) {
    if (m <= 0) {
      return false;
    }
    double y = k >= 0 ? m / POW10[k] : m * POW10[-k];
    return y == a;
  }

  /** CPython's 'short' layout of {@code m x 10^-k}, as {@link PythonFloat#repr} does it. */
  private static void write(ByteBuffer out, boolean negative, long m, int k, byte[] digits) {
    while (m % 10 == 0) {
      m /= 10;
      k--;
    }
    int n = 0;
    for (long r = m; r != 0; r /= 10) {
      n++;
    }
    for (int i = n - 1; i >= 0; i--) {
      digits[i] = (byte) ('0' + m % 10);
      m /= 10;
    }
    int decpt = n - k; // value = 0.DIGITS x 10^decpt
    if (negative) {
      out.put((byte) '-');
    }
    if (decpt <= -4 || decpt > 16) {
      out.put(digits[0]);
      if (n > 1) {
        out.put((byte) '.').put(digits, 1, n - 1);
      }
      int exp = decpt - 1;
      out.put((byte) 'e').put((byte) (exp < 0 ? '-' : '+'));
      int abs = Math.abs(exp);
      if (abs >= 100) {
        out.put((byte) ('0' + abs / 100));
      }
      out.put((byte) ('0' + abs / 10 % 10)).put((byte) ('0' + abs % 10));
    } else if (decpt <= 0) {
      out.put((byte) '0').put((byte) '.');
      for (int i = 0; i < -decpt; i++) {
        out.put((byte) '0');
      }
      out.put(digits, 0, n);
    } else if (decpt < n) {
      out.put(digits, 0, decpt).put((byte) '.').put(digits, decpt, n - decpt);
    } else {
      out.put(digits, 0, n);
      for (int i = n; i < decpt; i++) {
        out.put((byte) '0');
      }
      out.put((byte) '.').put((byte) '0');
    }
  }
}
