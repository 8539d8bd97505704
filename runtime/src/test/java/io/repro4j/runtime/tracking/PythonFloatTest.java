package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PythonFloatTest {

  // Expected values produced by CPython 3.11 repr().
  private static final Object[][] TABLE = {
    {0.1, "0.1"},
    {0.3, "0.3"},
    {0.1 + 0.2, "0.30000000000000004"},
    {0.6000000000000001, "0.6000000000000001"},
    {1e-05, "1e-05"},
    {-1e-05, "-1e-05"},
    {2.5e-05, "2.5e-05"},
    {1e-07, "1e-07"},
    {0.0001, "0.0001"},
    {0.001, "0.001"},
    {1.2345678901234567e+19, "1.2345678901234567e+19"},
    {1e16, "1e+16"},
    {1.5e16, "1.5e+16"},
    {1e15, "1000000000000000.0"},
    {9999999999999998.0, "9999999999999998.0"},
    {9007199254740993.0, "9007199254740992.0"},
    {123456789012345678.0, "1.2345678901234568e+17"},
    {1.0, "1.0"},
    {100.0, "100.0"},
    {-1.5, "-1.5"},
    {0.5, "0.5"},
    {4.35, "4.35"},
    {123.456, "123.456"},
    {12345678.9, "12345678.9"},
    {1.0 / 3, "0.3333333333333333"},
    {2.0 / 3, "0.6666666666666666"},
    {Math.PI, "3.141592653589793"},
    {Math.E, "2.718281828459045"},
    {0.0, "0.0"},
    {-0.0, "-0.0"},
    {Double.NaN, "nan"},
    {-Double.NaN, "nan"},
    {Double.POSITIVE_INFINITY, "inf"},
    {Double.NEGATIVE_INFINITY, "-inf"},
    {5e-324, "5e-324"},
    {1e-323, "1e-323"},
    {2.2250738585072014e-308, "2.2250738585072014e-308"},
    {1.5e-300, "1.5e-300"},
    {1.7976931348623157e+308, "1.7976931348623157e+308"},
    {1e100, "1e+100"},
    {1e21, "1e+21"},
    {1e22, "1e+22"},
    {1e23, "1e+23"},
    {123e-20, "1.23e-18"},
    // JDK 17's Double.toString is not shortest / not nearest for these:
    {2e23, "2e+23"},
    {1.9400994884341945e+25, "1.9400994884341945e+25"},
    {7.3879e20, "7.3879e+20"},
    {4.8726570057e+288, "4.8726570057e+288"},
    {2.82879384806159e17, "2.82879384806159e+17"},
  };

  @Test
  void matchesPythonReprTable() {
    for (Object[] row : TABLE) {
      assertEquals(row[1], PythonFloat.repr((Double) row[0]), "repr of " + row[0]);
    }
  }

  @Test
  void reprFloatUsesShortestFloatDigits() {
    assertEquals("0.1", PythonFloat.reprFloat(0.1f));
    assertEquals("1e-05", PythonFloat.reprFloat(1e-5f));
    assertEquals("3.4028235e+38", PythonFloat.reprFloat(Float.MAX_VALUE));
    assertEquals("1e-45", PythonFloat.reprFloat(Float.MIN_VALUE));
    assertEquals("16777216.0", PythonFloat.reprFloat(16777216f));
    assertEquals("-0.0", PythonFloat.reprFloat(-0.0f));
    assertEquals("nan", PythonFloat.reprFloat(Float.NaN));
    assertEquals("-inf", PythonFloat.reprFloat(Float.NEGATIVE_INFINITY));
    assertEquals("0.3", PythonFloat.reprFloat(0.3f));
    // every float's repr reads back to that float
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 5_000; i++) {
      float f = Float.intBitsToFloat(r.nextInt());
      if (Float.isFinite(f)) {
        assertEquals(f, Float.parseFloat(PythonFloat.reprFloat(f)), "reprFloat " + f);
      }
    }
  }

  @Test
  void roundTripsAndIsNeverLongerThanJava() {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      double d = Double.longBitsToDouble(r.nextLong());
      if (!Double.isFinite(d)) {
        continue;
      }
      String s = PythonFloat.repr(d);
      assertEquals(d, PythonFloat.parse(s), s);
      assertEquals(d, Double.parseDouble(s), s);
      int ours = significantDigits(s);
      int java = significantDigits(Double.toString(d));
      assertTrue(ours <= java, s + " longer than " + Double.toString(d));
    }
  }

  private static int significantDigits(String s) {
    String mant = s.toLowerCase().split("e")[0].replace("-", "").replace(".", "");
    mant = mant.replaceFirst("^0+", "").replaceFirst("0+$", "");
    return Math.max(1, mant.length());
  }

  @Test
  void parsesPythonAndJavaSpellings() {
    assertEquals(1e-5, PythonFloat.parse("1e-05"));
    assertEquals(1e-5, PythonFloat.parse("1.0E-5"));
    assertTrue(Double.isNaN(PythonFloat.parse("nan")));
    assertTrue(Double.isNaN(PythonFloat.parse("NaN")));
    assertTrue(Double.isNaN(PythonFloat.parse("-nan")));
    assertEquals(Double.POSITIVE_INFINITY, PythonFloat.parse("inf"));
    assertEquals(Double.POSITIVE_INFINITY, PythonFloat.parse("Infinity"));
    assertEquals(Double.NEGATIVE_INFINITY, PythonFloat.parse("-inf"));
    assertEquals(Double.NEGATIVE_INFINITY, PythonFloat.parse("-Infinity"));
    assertEquals(1000.5, PythonFloat.parse("1_000.5"));
    assertEquals(0.5, PythonFloat.parse(".5"));
    assertEquals(1.0, PythonFloat.parse("1."));
    assertEquals(3.0, PythonFloat.parse(" 3 "));
    for (String bad : List.of("", "1.0d", "0x1p3", "1__0", "abc", "1e", "1,5", "_1")) {
      assertThrows(NumberFormatException.class, () -> PythonFloat.parse(bad), bad);
    }
  }

  /** Cross-check with CPython on thousands of doubles of several shapes. */
  @Test
  void agreesWithPythonOnRandomDoubles() throws Exception {
    assumeTrue(Python.available("struct"), "python3 not available");
    SplittableRandom r = new SplittableRandom(2026);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      values.add(Double.longBitsToDouble(r.nextLong())); // every exponent, NaN/inf included
      values.add(r.nextDouble()); // [0, 1)
      values.add(r.nextDouble() * Math.pow(10, r.nextInt(-30, 30)));
      values.add(Math.round(r.nextDouble() * 1e6) / Math.pow(10, r.nextInt(0, 8))); // "nice"
      values.add((double) r.nextLong(-(1L << 60), 1L << 60));
    }
    for (int e = -330; e <= 310; e++) {
      values.add(Double.parseDouble("1e" + e));
      values.add(Double.parseDouble("2e" + e));
    }
    values.add(Double.MIN_VALUE);
    values.add(Double.MAX_VALUE);
    values.add(Double.MIN_NORMAL);
    StringBuilder in = new StringBuilder();
    for (double d : values) {
      in.append(Long.toUnsignedString(Double.doubleToRawLongBits(d))).append('\n');
    }
    String out =
        Python.run(
            "import sys, struct\n"
                + "for line in sys.stdin:\n"
                + "    print(repr(struct.unpack('<d', struct.pack('<Q', int(line)))[0]))\n",
            in.toString());
    String[] expected = out.split("\n");
    assertEquals(values.size(), expected.length);
    int mismatches = 0;
    StringBuilder report = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      String ours = PythonFloat.repr(values.get(i));
      if (!ours.equals(expected[i])) {
        if (mismatches++ < 10) {
          report.append(values.get(i)).append(": ours ").append(ours).append(", python ")
              .append(expected[i]).append('\n');
        }
      }
    }
    assertEquals(0, mismatches, report.toString());
  }

  /**
   * The longest texts each path of {@link PythonFloat#put} writes fit the metric writer's room: 24
   * bytes of line, 20 of scratch (its digit buffer), with nothing allocated for the first three.
   */
  @Test
  void theLongestReprsFitTheWritersRoom() {
    double[] longest = {
      -9999999999999998.0, // the integral path: sign, 16 digits, ".0"
      -0.00012345678901234567, // fixed notation, 17 significant digits
      -Math.nextUp(0x1p-24), // the exact path's smallest values
      -2.2250738585072014e-308, // BigDecimal: 17 digits and a three-digit exponent
      -Double.MIN_VALUE, Long.MIN_VALUE, -Double.MAX_VALUE, Double.NaN, Double.NEGATIVE_INFINITY, -0.0
    };
    for (double v : longest) {
      java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(24);
      PythonFloat.put(out, v, new byte[20]);
      assertEquals(PythonFloat.reprByBigDecimal(v),
          new String(out.array(), 0, out.position(), java.nio.charset.StandardCharsets.US_ASCII), Double.toString(v));
    }
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(20);
    PythonFloat.putLong(out, Long.MIN_VALUE, new byte[19]);
    assertEquals("-9223372036854775808", new String(out.array(), 0, out.position(), java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void theFastPathsPrintWhatTheGeneralAlgorithmPrints() {
    // Integral values, short decimals, random bit patterns and the edges of the fast paths' ranges.
    SplittableRandom random = new SplittableRandom(6);
    List<Double> values = new ArrayList<>(List.of(
        1e16, Math.nextDown(1e16), 9007199254740993.0, 0x1p-24, Math.nextDown(0x1p-24), 0x1p52,
        Math.nextDown(0x1p52), 1e22, 1e23, 5e-324, Double.MAX_VALUE, Double.MIN_NORMAL, 2e23));
    for (int i = 0; i < 5_000; i++) {
      values.add((double) random.nextLong(-10_000_000_000L, 10_000_000_000L));
      values.add(random.nextLong(1, 1_000_000) / Math.pow(10, random.nextInt(0, 12)));
      values.add(Double.longBitsToDouble(random.nextLong()));
      values.add(random.nextDouble() * Math.pow(10, random.nextInt(-30, 30)));
    }
    StringBuilder report = new StringBuilder();
    int mismatches = 0;
    for (double v : values) {
      for (double signed : new double[] {v, -v}) {
        String fast = PythonFloat.repr(signed);
        String general = PythonFloat.reprByBigDecimal(signed);
        if (!fast.equals(general) && mismatches++ < 10) {
          report.append(Double.doubleToRawLongBits(signed)).append(": ").append(fast).append(" != ")
              .append(general).append('\n');
        }
      }
    }
    assertEquals(0, mismatches, report.toString());
  }
}
