package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigCheckerTest {
  private static final Origin.InFile AT = new Origin.InFile("iris.yaml", 3, 5);
  private static final ParamType OPTIMIZER = ParamType.enumType("Optimizer", List.of("ADAM", "SGD"));

  private static RawValue raw(Object value) {
    return new RawValue(value, AT);
  }

  private static Object convert(ParamType type, Object value) throws ConfigException {
    return ConfigChecker.convert(ParamSpec.of("x", type, "", "T.x"), raw(value));
  }

  private static String error(ParamSpec spec, Object value) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigChecker.convert(spec, raw(value)));
    assertEquals(1, e.problems().size());
    assertEquals(AT, e.problems().get(0).origin());
    return e.problems().get(0).message();
  }

  private static String error(ParamType type, Object value) {
    return error(ParamSpec.of("x", type, "", "T.x"), value);
  }

  private static ParamSpec bounded(String key, ParamType type, double min, double max) {
    return new ParamSpec(key, type, "", min, max, "T." + key);
  }

  @Nested
  class UnknownKeys {
    private final ConfigSchema schema =
        ConfigSchema.of(
            ParamSpec.of("lr", ParamType.DOUBLE, "", "T.lr"),
            ParamSpec.of("epochs", ParamType.INT, "", "T.epochs"),
            ParamSpec.of("optimizer.momentum", ParamType.DOUBLE, "", "T.m"),
            ParamSpec.of("optimizer.nesterov", ParamType.BOOLEAN, "", "T.n"));

    @Test
    void closeKeysGetADidYouMean() {
      List<ConfigProblem> problems = ConfigChecker.check(schema, Map.of("lrr", raw(0.1)));

      assertEquals(
          List.of(new ConfigProblem(AT, "lrr", "unknown key 'lrr' (did you mean 'lr'?)")), problems);
    }

    @Test
    void otherwiseTheKnownKeysAreListed() {
      List<ConfigProblem> problems = ConfigChecker.check(schema, Map.of("seed", raw(1L)));

      assertEquals(
          "unknown key 'seed'; known keys: lr, epochs, optimizer.momentum, optimizer.nesterov",
          problems.get(0).message());
    }

    @Test
    void aGroupPrefixNamesTheKeysBelowIt() {
      List<ConfigProblem> problems = ConfigChecker.check(schema, Map.of("optimizer", raw(Map.of())));

      assertEquals(
          "unknown key 'optimizer'; it only groups the keys optimizer.momentum,"
              + " optimizer.nesterov, so set those instead",
          problems.get(0).message());
    }

    @Test
    void anEmptySchemaSaysSo() {
      assertEquals(
          "unknown key 'lr'; this experiment has no config keys",
          ConfigChecker.check(ConfigSchema.of(), Map.of("lr", raw(1L))).get(0).message());
    }

    @Test
    void forAnOverrideTheCaretIsUnderTheKey() throws ConfigException {
      ConfigOverride override = ConfigOverride.parse("lrr=0.1");

      List<ConfigProblem> problems =
          ConfigChecker.check(schema, Map.of(override.key(), override.value()));

      assertEquals(
          "override 'lrr=0.1': unknown key 'lrr' (did you mean 'lr'?)\n  lrr=0.1\n  ^^^",
          problems.get(0).format());
    }

    @Test
    void checkCollectsEveryProblemInOrder() throws ConfigException {
      Map<String, RawValue> values = new LinkedHashMap<>();
      values.put("epochs", raw(1.5));
      values.put("lrr", raw(0.1));
      values.put("lr", raw("fast"));
      values.put("optimizer.nesterov", raw(true));

      List<String> messages =
          ConfigChecker.check(schema, values).stream().map(ConfigProblem::message).toList();

      assertEquals(
          List.of(
              "'epochs' expects int, got 1.5 (a float)",
              "unknown key 'lrr' (did you mean 'lr'?)",
              "'lr' expects double, got 'fast' (a string)"),
          messages);
    }
  }

  @Nested
  class Integers {
    @Test
    void integersAndIntegerStringsConvert() throws ConfigException {
      assertEquals(5, convert(ParamType.INT, 5L));
      assertInstanceOf(Integer.class, convert(ParamType.INT, 5L));
      assertEquals(5, convert(ParamType.INT, "5"));
      assertEquals(-1000, convert(ParamType.INT, " -1_000 "));
      assertEquals(7, convert(ParamType.INT, "007"));
      assertEquals(3_000_000_000L, convert(ParamType.LONG, 3_000_000_000L));
      assertInstanceOf(Long.class, convert(ParamType.BOXED_LONG, 1L));
    }

    @Test
    void floatsAndBooleansAreRefused() {
      assertEquals("'epochs' expects int, got 1.5 (a float)",
          error(ParamSpec.of("epochs", ParamType.INT, "", "T.epochs"), 1.5));
      assertEquals("'x' expects int, got 2.0 (a float)", error(ParamType.INT, 2.0));
      assertEquals("'x' expects int, got '1.5' (a string)", error(ParamType.INT, "1.5"));
      assertEquals("'x' expects int, got true (a boolean)", error(ParamType.INT, true));
      assertEquals("'x' expects long, got 'ten' (a string)", error(ParamType.LONG, "ten"));
    }

    @Test
    void valuesOutsideJavaRangesAreRefused() {
      assertEquals(
          "'x' expects int, got 3000000000, which is outside int's range [-2147483648,"
              + " 2147483647]",
          error(ParamType.INT, 3_000_000_000L));
      assertEquals(
          "'x' expects Long, got 123456789012345678901234567890, which is outside long's range"
              + " [-9223372036854775808, 9223372036854775807]",
          error(ParamType.BOXED_LONG, new BigInteger("123456789012345678901234567890")));
    }
  }

  @Nested
  class Floats {
    @Test
    void integersFloatsAndNumericStringsConvert() throws ConfigException {
      assertEquals(1.0, convert(ParamType.DOUBLE, 1L));
      assertEquals(0.001, convert(ParamType.DOUBLE, "1e-3"));
      assertEquals(Double.POSITIVE_INFINITY, convert(ParamType.DOUBLE, "inf"));
      assertEquals(Double.NEGATIVE_INFINITY, convert(ParamType.DOUBLE, "-Infinity"));
      assertEquals(Double.NaN, convert(ParamType.DOUBLE, "nan"));
      assertEquals(1000.5, convert(ParamType.DOUBLE, "1_000.5"));
      assertEquals(1e30, convert(ParamType.DOUBLE, new BigInteger("1000000000000000000000000000000")));
      assertEquals(0.1f, convert(ParamType.FLOAT, 0.1));
      assertInstanceOf(Float.class, convert(ParamType.BOXED_FLOAT, 2L));
    }

    @Test
    void booleansAndWordsAreRefused() {
      assertEquals("'x' expects double, got true (a boolean)", error(ParamType.DOUBLE, true));
      assertEquals("'x' expects double, got 'fast' (a string)", error(ParamType.DOUBLE, "fast"));
      assertEquals("'x' expects Double, got a list", error(ParamType.BOXED_DOUBLE, List.of()));
    }

    @Test
    void valuesTooLargeForTheTypeAreRefused() {
      assertEquals(
          "'x' expects float, got 1e+39, which is outside float's range (about -3.4e+38 to"
              + " 3.4e+38); use double",
          error(ParamType.FLOAT, 1e39));
      assertEquals(
          "'x' expects double, got 1" + "0".repeat(400)
              + ", which is too large for any floating-point number",
          error(ParamType.DOUBLE, BigInteger.TEN.pow(400)));
    }
  }

  @Nested
  class Booleans {
    static Stream<Arguments> omegaConfBooleans() {
      return Stream.of(
          Arguments.of(true, true),
          Arguments.of(false, false),
          Arguments.of("true", true),
          Arguments.of("False", false),
          Arguments.of("YES", true),
          Arguments.of("no", false),
          Arguments.of("On", true),
          Arguments.of("off", false),
          Arguments.of("y", true),
          Arguments.of("N", false),
          Arguments.of("1", true),
          Arguments.of("0", false),
          Arguments.of("2", true),
          Arguments.of(0L, false),
          Arguments.of(1L, true),
          Arguments.of(-3L, true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("omegaConfBooleans")
    void acceptsWhatOmegaConfsBooleanNodeAccepts(Object raw, boolean expected) throws ConfigException {
      assertEquals(expected, convert(ParamType.BOOLEAN, raw));
    }

    @Test
    void refusesOtherWordsAndFloats() {
      assertEquals("'x' expects boolean, got 'maybe' (a string)", error(ParamType.BOOLEAN, "maybe"));
      assertEquals("'x' expects boolean, got 1.0 (a float)", error(ParamType.BOOLEAN, 1.0));
    }
  }

  @Nested
  class Strings {
    static Stream<Arguments> scalarsAsText() {
      return Stream.of(
          Arguments.of("iris", "iris"),
          Arguments.of(true, "true"),
          Arguments.of(false, "false"),
          Arguments.of(5L, "5"),
          Arguments.of(new BigInteger("123456789012345678901234567890"), "123456789012345678901234567890"),
          Arguments.of(0.001, "0.001"),
          Arguments.of(1e-5, "1e-05"),
          Arguments.of(1e6, "1000000.0"),
          Arguments.of(1e16, "1e+16"),
          Arguments.of(0.1 + 0.2, "0.30000000000000004"),
          Arguments.of(Double.POSITIVE_INFINITY, "inf"),
          Arguments.of(Double.NaN, "nan"));
    }

    @ParameterizedTest(name = "{0} -> \"{1}\"")
    @MethodSource("scalarsAsText")
    void anyScalarBecomesItsText(Object raw, String expected) throws ConfigException {
      assertEquals(expected, convert(ParamType.STRING, raw));
    }

    @Test
    void nullStaysNullAndListsAreRefused() throws ConfigException {
      assertEquals(null, convert(ParamType.STRING, null));
      assertEquals("'x' expects String, got a list", error(ParamType.STRING, List.of()));
    }
  }

  @Nested
  class EnumsAndPaths {
    @Test
    void enumsTakeTheExactConstantName() throws ConfigException {
      assertEquals("SGD", convert(OPTIMIZER, "SGD"));
    }

    @Test
    void aCaseMistakeGetsADidYouMean() {
      assertEquals(
          "'x' expects Optimizer (one of ADAM, SGD), got 'adam' (did you mean 'ADAM'?)",
          error(OPTIMIZER, "adam"));
      assertEquals(
          "'x' expects Optimizer (one of ADAM, SGD), got 'SDG' (did you mean 'SGD'?)",
          error(OPTIMIZER, "SDG"));
    }

    @Test
    void otherValuesListTheConstants() {
      assertEquals(
          "'x' expects Optimizer (one of ADAM, SGD), got 'rmsprop'",
          error(OPTIMIZER, "rmsprop"));
      assertEquals("'x' expects Optimizer (one of ADAM, SGD), got 1 (an int)", error(OPTIMIZER, 1L));
    }

    @Test
    void pathsTakeStrings() throws ConfigException {
      assertEquals(Path.of("data/iris.csv"), convert(ParamType.PATH, "data/iris.csv"));
      assertEquals("'x' expects Path, got 2024 (an int)", error(ParamType.PATH, 2024L));
      assertTrue(error(ParamType.PATH, "a\0b").startsWith("'x' expects Path, but 'a\0b' is not a valid path"));
    }
  }

  @Nested
  class NullsAndMappings {
    @Test
    void nullOnlyWhereNullable() throws ConfigException {
      assertEquals(null, convert(ParamType.BOXED_INT, null));
      assertEquals(null, convert(OPTIMIZER, null));
      assertEquals(
          "'x' expects int, got null; int cannot be null, so give a value",
          error(ParamType.INT, null));
    }

    @Test
    void aMappingIsNeverAValue() {
      assertEquals(
          "'opt' expects double, got a mapping; give a value, e.g. opt: 0.1",
          error(ParamSpec.of("opt", ParamType.DOUBLE, "", "T.opt"), Map.of()));
    }
  }

  @Nested
  class Lists {
    private final ParamSpec sizes =
        bounded("sizes", ParamType.listOf(ParamType.BOXED_INT), 1, 100);

    private RawValue list(Object... elements) {
      return new RawValue(
          Arrays.stream(elements)
              .map(e -> e instanceof RawValue r ? r : new RawValue(e, AT))
              .toList(),
          new Origin.InFile("iris.yaml", 2, 8));
    }

    @Test
    void convertsElementByElement() throws ConfigException {
      Object converted = ConfigChecker.convert(sizes, list(16L, "32", null));

      assertEquals(Arrays.asList(16, 32, null), converted);
      assertThrows(UnsupportedOperationException.class, () -> ((List<?>) converted).add(null));
    }

    @Test
    void elementProblemsPointAtTheElementAndNameItsIndex() {
      Origin.InFile third = new Origin.InFile("iris.yaml", 4, 5);
      RawValue value = list(16L, 0L, new RawValue(2.5, third), 500L);

      List<ConfigProblem> problems = ConfigChecker.check(ConfigSchema.of(sizes), Map.of("sizes", value));

      assertEquals(
          List.of(
              new ConfigProblem(AT, "sizes[1]", "'sizes[1]' = 0 is out of range [1, 100]"),
              new ConfigProblem(third, "sizes[2]", "'sizes[2]' expects Integer, got 2.5 (a float)"),
              new ConfigProblem(AT, "sizes[3]", "'sizes[3]' = 500 is out of range [1, 100]")),
          problems);
      ConfigException e =
          assertThrows(ConfigException.class, () -> ConfigChecker.convert(sizes, value));
      assertEquals(List.of(problems.get(0)), e.problems());
    }

    @Test
    void nestedListsNameEveryIndex() {
      ParamSpec grid =
          ParamSpec.of("grid", ParamType.listOf(ParamType.listOf(ParamType.BOXED_INT)), "", "T.grid");

      assertEquals(
          List.of("'grid[1][0]' expects Integer, got 'a' (a string)"),
          ConfigChecker.check(
                  ConfigSchema.of(grid), Map.of("grid", list(list(1L), list("a"))))
              .stream()
              .map(ConfigProblem::message)
              .toList());
    }

    @Test
    void aScalarIsNotAList() {
      assertEquals("'sizes' expects List<Integer>, got 3 (an int)", error(sizes, 3L));
    }
  }

  @Nested
  class Ranges {
    private final ParamSpec lr = bounded("lr", ParamType.DOUBLE, 0, 10);

    @Test
    void boundsAreInclusive() throws ConfigException {
      assertEquals(0.0, ConfigChecker.convert(lr, raw(0L)));
      assertEquals(10.0, ConfigChecker.convert(lr, raw(10.0)));
    }

    @Test
    void outOfRangeNamesTheRange() {
      assertEquals("'lr' = 20.0 is out of range [0.0, 10.0]", error(lr, 20.0));
      assertEquals("'lr' = -1e-05 is out of range [0.0, 10.0]", error(lr, "-1e-5"));
      assertEquals(
          "'epochs' = 0 is out of range [1, 1000]",
          error(bounded("epochs", ParamType.INT, 1, 1000), 0L));
    }

    @Test
    void nanAndInfinityFailABoundedRange() {
      assertEquals("'lr' = nan is out of range [0.0, 10.0]", error(lr, Double.NaN));
      assertEquals("'lr' = inf is out of range [0.0, 10.0]", error(lr, "inf"));
    }

    @Test
    void nanPassesWhenUnbounded() throws ConfigException {
      assertEquals(Double.NaN, convert(ParamType.DOUBLE, Double.NaN));
    }

    @Test
    void oneSidedRangesSayWhichSide() {
      assertEquals(
          "'lr' = -0.5 is out of range: it must be at least 0.0",
          error(bounded("lr", ParamType.DOUBLE, 0, Double.POSITIVE_INFINITY), -0.5));
      assertEquals(
          "'workers' = 64 is out of range: it must be at most 32",
          error(bounded("workers", ParamType.INT, Double.NEGATIVE_INFINITY, 32), 64L));
    }

    @Test
    void fractionalBoundsOfIntKeysKeepTheirFraction() {
      assertEquals(
          "'k' = 0 is out of range [0.5, 2]", error(bounded("k", ParamType.INT, 0.5, 2), 0L));
    }
  }

  @Test
  void pythonReprOfFloats() {
    assertEquals("0.1", PyNumbers.repr(0.1));
    assertEquals("1.0", PyNumbers.repr(1));
    assertEquals("-0.0", PyNumbers.repr(-0.0));
    assertEquals("0.0001", PyNumbers.repr(1e-4));
    assertEquals("1e-05", PyNumbers.repr(1e-5));
    assertEquals("1.5e-07", PyNumbers.repr(1.5e-7));
    assertEquals("1234567890123456.0", PyNumbers.repr(1234567890123456.0));
    assertEquals("1e+16", PyNumbers.repr(1e16));
    assertEquals("-2.5e+300", PyNumbers.repr(-2.5e300));
    assertEquals("5e-324", PyNumbers.repr(Double.MIN_VALUE));
    assertEquals("1.7976931348623157e+308", PyNumbers.repr(Double.MAX_VALUE));
    assertEquals("8.41e+21", PyNumbers.repr(8.41e21));
  }
}
