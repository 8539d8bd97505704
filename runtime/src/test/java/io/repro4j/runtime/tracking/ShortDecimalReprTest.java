package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShortDecimalReprTest {
  private final ByteBuffer out = ByteBuffer.allocate(64);
  private final byte[] scratch = new byte[20];

  /** The fast repr, or null when it declines. */
  private String fast(double v) {
    out.clear();
    if (!ShortDecimalRepr.put(out, v, scratch)) {
      assertEquals(0, out.position(), "declined after writing");
      return null;
    }
    return new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
  }

  private void same(double v) {
    String got = fast(v);
    if (got != null) {
      assertEquals(PythonFloat.reprByBigDecimal(v), got, "repr of " + Double.doubleToRawLongBits(v) + "L");
    }
  }

  @Test
  void knownValues() {
    assertEquals("0.1", fast(0.1));
    assertEquals("-0.0125", fast(-0.0125));
    assertEquals("97.5", fast(97.5));
    assertEquals("1e-05", fast(1e-5));
    assertEquals("0.0001", fast(1e-4));
    assertEquals("1e+16", fast(1e16));
    assertEquals("1.5e+20", fast(1.5e20));
    assertEquals("123456789012345.0", fast(123456789012345.0));
    assertEquals("1e-22", fast(1e-22));
    assertEquals(null, fast(0.1 + 0.2)); // 0.30000000000000004: 17 digits, left to PythonFloat
    assertEquals(null, fast(1.0 / 3));
    assertEquals(null, fast(5e-324));
  }

  @Test
  void agreesWithTheExactAlgorithmOnRandomValues() {
    Random random = new Random(20261129);
    int handled = 0;
    for (int i = 0; i < 40_000; i++) {
      double v;
      switch (i % 4) {
        case 0 -> v = Math.round(random.nextDouble() * 1e6) / 1e6; // 6 decimals, like a rate
        case 1 -> v = (random.nextInt(2_000_001) - 1_000_000) * Math.pow(10, random.nextInt(40) - 25);
        case 2 -> v = Double.longBitsToDouble(random.nextLong()); // anything, mostly declined
        default -> v = (float) random.nextGaussian(); // float32 losses widened to double
      }
      if (Double.isFinite(v) && v != 0) {
        same(v);
        handled += fast(v) != null ? 1 : 0;
      }
    }
    assertTrue(handled > 18_000, "fast path taken only " + handled + " times");
  }

  @Test
  void nearPowersOfTenAndTwo() {
    for (int e = -22; e <= 22; e++) {
      double p = Math.pow(10, e);
      for (double v : new double[] {p, Math.nextUp(p), Math.nextDown(p), 2 * p, 5 * p, 9.5 * p}) {
        same(v);
        same(-v);
      }
    }
    for (int e = -70; e <= 70; e++) {
      double p = Math.scalb(1.0, e);
      same(p);
      same(Math.nextUp(p));
      same(Math.nextDown(p));
    }
  }

  private String exact(double v) {
    out.clear();
    if (!ShortDecimalRepr.putExact(out, v, scratch)) {
      assertEquals(0, out.position(), "declined after writing");
      return null;
    }
    return new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII);
  }

  @Test
  void exactPathAgreesOnAnyDigitCount() {
    assertEquals("0.30000000000000004", exact(0.1 + 0.2));
    assertEquals("0.3333333333333333", exact(1.0 / 3));
    assertEquals("0.1", exact(0.1));
    assertEquals(null, exact(5e-324));
    assertEquals(null, exact(1e300));
    Random random = new Random(7);
    int handled = 0;
    for (int i = 0; i < 30_000; i++) {
      double v;
      switch (i % 5) {
        case 0 -> v = 1.0 / (3 + random.nextInt(100_000));
        case 1 -> v = random.nextDouble() * Math.pow(10, random.nextInt(24) - 8);
        case 2 -> v = Math.nextUp(Math.scalb(1.0, random.nextInt(70) - 24)) * (random.nextBoolean() ? 1 : -1);
        case 3 -> v = Math.scalb(1.0, random.nextInt(76) - 24); // powers of two: asymmetric interval
        default -> v = Math.exp(-random.nextDouble() * 15); // a decaying loss
      }
      String got = exact(v);
      if (got != null) {
        handled++;
        assertEquals(PythonFloat.reprByBigDecimal(v), got, "repr of " + Double.doubleToRawLongBits(v) + "L");
      }
    }
    assertTrue(handled > 25_000, "exact path taken only " + handled + " times");
  }
}
