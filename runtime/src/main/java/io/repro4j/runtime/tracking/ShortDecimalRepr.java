package io.repro4j.runtime.tracking;

import java.nio.ByteBuffer;

/**
 * Python's {@code repr(float)} without allocating, for the metric writer. {@link #put}: values with
 * a short decimal form (at most 15 significant digits: {@code 0.1}, {@code 97.5}), with double
 * arithmetic. {@link #putExact}: any digit count for {@code 2^-24 <= |v| < 2^52} (where losses,
 * accuracies and rates live), with 128-bit integer arithmetic. {@link PythonFloat#put} falls back
 * to {@link PythonFloat#reprByBigDecimal} (exact, allocating) for the rest.
 *
 * <p>{@code put} is exact by Clinger's fast path: an integer {@code m < 2^53} times or divided by {@code 10^k},
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

  // 10^k as unsigned 128-bit (hi, lo), k = 0..22: 2^53 x 10^22 < 2^127, so f x 10^k fits.
  private static final long[] POW10_HI = new long[23];
  private static final long[] POW10_LO = new long[23];

  static {
    java.math.BigInteger ten = java.math.BigInteger.TEN;
    for (int k = 0; k < 23; k++) {
      java.math.BigInteger p = ten.pow(k);
      POW10_LO[k] = p.longValue();
      POW10_HI[k] = p.shiftRight(64).longValue();
    }
  }

  /**
   * Python's repr of {@code v} (finite, nonzero, 2^-24 <= |v| < 2^52) with up to 17 digits, exactly
   * and without allocating: the shortest decimal that reads back, the nearest among those.
   * Integer arithmetic on 128 bits: with {@code |v| = f x 2^-s}, the decimal {@code m x 10^-k}
   * reads back iff {@code m x 2^(s+2) - 4 f 10^k} lies within the rounding interval scaled the same
   * way ({@code +-2 x 10^k}, or {@code 10^k} below a power of two). Returns false (appending
   * nothing) outside that range or on a tie between two nearest candidates.
   */
  static boolean putExact(ByteBuffer out, double v, byte[] scratch) {
    double a = Math.abs(v);
    if (!(a >= 0x1p-24) || !(a < 0x1p52)) {
      return false; // keeps 1 <= s <= 76, so every quantity below fits in 128 bits
    }
    long bits = Double.doubleToRawLongBits(a);
    int exponent = (int) (bits >>> 52) - 1075; // a = f x 2^exponent
    long f = (bits & 0xFFFFFFFFFFFFFL) | (1L << 52);
    int s = -exponent; // > 0 in range
    boolean evenF = (f & 1) == 0;
    boolean powerOfTwo = f == (1L << 52);
    // "Some m reads back at scale k" only turns from false to true as k grows (append a zero),
    // so the shortest scale is found by bisection: about 5 tries instead of up to 23.
    int lo = Math.max(0, (int) -Math.floor(Math.log10(a)) - 1); // at most 1 digit: x < 10
    int hi = 22;
    if (candidate(hi, f, s, evenF, powerOfTwo) == NONE) {
      return false; // needs a scale beyond 10^22
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (candidate(mid, f, s, evenF, powerOfTwo) == NONE) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    long m = candidate(lo, f, s, evenF, powerOfTwo);
    if (m <= 0) {
      return false; // a tie, or out of range
    }
    write(out, v < 0, m, lo, scratch);
    return true;
  }

  private static final long NONE = 0;
  private static final long TIE = -1;
  private static final long TOO_MANY_DIGITS = -2;

  /**
   * The decimal {@code m} such that {@code m x 10^-k} reads back to {@code f x 2^-s}, the nearest
   * to it if two do; {@link #NONE}, {@link #TIE} (two equally near) or {@link #TOO_MANY_DIGITS}.
   */
  private static long candidate(int k, long f, int s, boolean evenF, boolean powerOfTwo) {
    // N = f x 10^k (128-bit), x = N / 2^s = a x 10^k exactly.
    long nLo = f * POW10_LO[k];
    long nHi = Math.multiplyHigh(f, POW10_LO[k]) + ((POW10_LO[k] >> 63) & f) + f * POW10_HI[k];
    long floor; // floor(x) = N >> s
    if (s >= 64) {
      floor = nHi >>> (s - 64);
    } else {
      if ((nHi >>> s) != 0) {
        return TOO_MANY_DIGITS; // x >= 2^64
      }
      floor = (nLo >>> s) | (nHi << (64 - s));
    }
    if (floor >= 100_000_000_000_000_000L) {
      return TOO_MANY_DIGITS; // 18 digits: a double never needs them
    }
    boolean lowOk = floor > 0 && readsBackExact(floor, s, nHi, nLo, k, evenF, powerOfTwo);
    boolean highOk = readsBackExact(floor + 1, s, nHi, nLo, k, evenF, powerOfTwo);
    if (lowOk && highOk) {
      // Nearest to x: compare (2 floor + 1) x 2^s (the midpoint) with 2N.
      int side = midpointSide(2 * floor + 1, s, nHi, nLo);
      return side == 0 ? TIE : side > 0 ? floor : floor + 1;
    }
    return lowOk ? floor : highOk ? floor + 1 : NONE;
  }

  /** Whether m x 10^-k rounds (half to even) to f x 2^-s, given N = f x 10^k. */
  private static boolean readsBackExact(
      long m, int s, long nHi, long nLo, int k, boolean evenF, boolean powerOfTwo) {
    // diff = m x 2^(s+2) - 4N, exact mod 2^128 and small in truth (|m - x| <= 1).
    int by = s + 2; // 3..78
    long xHi = by >= 64 ? m << (by - 64) : m >>> (64 - by);
    long xLo = by >= 64 ? 0 : m << by;
    long bLo = nLo << 2;
    long bHi = (nHi << 2) | (nLo >>> 62);
    long dLo = xLo - bLo;
    long dHi = xHi - bHi - (Long.compareUnsigned(xLo, bLo) < 0 ? 1 : 0);
    long upHi = POW10_HI[k] << 1 | POW10_LO[k] >>> 63; // 2 x 10^k
    long upLo = POW10_LO[k] << 1;
    if (dHi >= 0) {
      int c = compareUnsigned128(dHi, dLo, upHi, upLo);
      return c < 0 || (c == 0 && evenF);
    }
    // below: |diff| against 2 x 10^k, or 10^k when f is a power of two (denser below)
    long negLo = -dLo;
    long negHi = ~dHi + (dLo == 0 ? 1 : 0);
    long dnHi = powerOfTwo ? POW10_HI[k] : upHi;
    long dnLo = powerOfTwo ? POW10_LO[k] : upLo;
    int c = compareUnsigned128(negHi, negLo, dnHi, dnLo);
    return c < 0 || (c == 0 && evenF);
  }

  /** Sign of (t x 2^s) - 2N, s in 1..76: which of floor, floor + 1 is nearer to x. */
  private static int midpointSide(long t, int s, long nHi, long nLo) {
    long xHi = s >= 64 ? t << (s - 64) : t >>> (64 - s);
    long xLo = s >= 64 ? 0 : t << s;
    long bLo = nLo << 1;
    long bHi = (nHi << 1) | (nLo >>> 63);
    long dLo = xLo - bLo;
    long dHi = xHi - bHi - (Long.compareUnsigned(xLo, bLo) < 0 ? 1 : 0);
    if (dHi != 0) {
      return dHi < 0 ? -1 : 1;
    }
    return dLo == 0 ? 0 : 1;
  }

  private static int compareUnsigned128(long aHi, long aLo, long bHi, long bLo) {
    int c = Long.compareUnsigned(aHi, bHi);
    return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
  }

  private static boolean readsBack(long m, int k, double a) {
    if (m <= 0) {
      return false;
    }
    double y = k >= 0 ? m / POW10[k] : m * POW10[-k];
    return y == a;
  }

  /** CPython's 'short' layout of {@code m x 10^-k}, as PythonFloat's BigDecimal {@code format} does it. */
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
