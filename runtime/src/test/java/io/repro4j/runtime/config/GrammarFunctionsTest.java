package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hydra 1.3's override functions: results, and failures in Hydra's words. */
class GrammarFunctionsTest {

  /** The value with RawValue wrappers removed, for comparisons. */
  static Object unwrap(Object value) {
    if (value instanceof RawValue raw) {
      return unwrap(raw.value());
    }
    if (value instanceof List<?> list) {
      return list.stream().map(GrammarFunctionsTest::unwrap).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, unwrap(v)));
      return out;
    }
    return value;
  }

  private static Object value(String override) throws ConfigException {
    return unwrap(ConfigOverride.parse(override).value());
  }

  private static Sweep sweep(String override) throws ConfigException {
    return ConfigOverride.parse(override).sweep().orElseThrow();
  }

  private static List<Object> expansion(String override) throws ConfigException {
    return sweep(override).expansion().stream().map(GrammarFunctionsTest::unwrap).toList();
  }

  /** Hydra's detail line: everything after "override '...': " up to our hint. */
  private static String failure(String override) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigOverride.parse(override));
    return e.problems().get(0).message().lines().findFirst().orElseThrow();
  }

  static Stream<Arguments> casts() {
    return Stream.of(
        Arguments.of("x=int('5')", 5L),
        Arguments.of("x=int(' 1_000 ')", 1000L),
        Arguments.of("x=int(1.9)", 1L),
        Arguments.of("x=int(-1.9)", -1L),
        Arguments.of("x=int(true)", 1L),
        Arguments.of("x=int(1e20)", new BigInteger("100000000000000000000")),
        Arguments.of("x=float(1)", 1.0),
        Arguments.of("x=float('1e-3')", 0.001),
        Arguments.of("x=float('-inf')", Double.NEGATIVE_INFINITY),
        Arguments.of("x=float(false)", 0.0),
        Arguments.of("x=str(true)", "true"),
        Arguments.of("x=str(1e-5)", "1e-05"),
        Arguments.of("x=str(1000000.0)", "1000000.0"),
        Arguments.of("x=str(42)", "42"),
        Arguments.of("x=str('a b')", "a b"),
        Arguments.of("x=bool(1)", true),
        Arguments.of("x=bool(0.0)", false),
        Arguments.of("x=bool(nan)", true),
        Arguments.of("x=bool('TRUE')", true),
        Arguments.of("x=bool(FaLsE)", false),
        Arguments.of("x=bool(null)", false),
        Arguments.of("x=int(value=7)", 7L),
        Arguments.of("x=int([1,'2',3.5])", List.of(1L, 2L, 3L)),
        Arguments.of("x=str({a: 1, b: [true]})", Map.of("a", "1", "b", List.of("true"))),
        Arguments.of("x=sort([b,a,c])", List.of("a", "b", "c")),
        Arguments.of("x=sort(list=[3,1,2],reverse=true)", List.of(3L, 2L, 1L)),
        Arguments.of("x=sort(5)", 5L),
        Arguments.of("x=shuffle(5)", List.of(5L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("casts")
  void castsAndElementFunctions(String override, Object expected) throws ConfigException {
    Object actual = value(override);
    assertEquals(expected, actual);
    if (!(expected instanceof List) && !(expected instanceof Map)) {
      assertInstanceOf(expected.getClass(), actual);
    }
  }

  @Test
  void shuffleOfAListIsAnElementShuffledTheSameWayEveryTime() throws ConfigException {
    Object first = value("x=shuffle([1,2,3,4,5,6,7,8])");
    assertEquals(first, value("x=shuffle([1,2,3,4,5,6,7,8])"));
    List<?> sorted = ((List<?>) first).stream().sorted().toList();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), sorted);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("x=int(abc)", "ValueError while evaluating 'int(abc)': invalid literal for int() with base 10: 'abc'"),
        Arguments.of("x=int('1.5')", "ValueError while evaluating 'int('1.5')': invalid literal for int() with base 10: '1.5'"),
        Arguments.of("x=int(inf)", "OverflowError while evaluating 'int(inf)': cannot convert float infinity to integer"),
        Arguments.of("x=int(nan)", "ValueError while evaluating 'int(nan)': cannot convert float NaN to integer"),
        // Hydra's message ends in ": " (an empty AssertionError); ours drops trailing blanks.
        Arguments.of("x=int(null)", "AssertionError while evaluating 'int(null)':"),
        Arguments.of("x=int()", "TypeError while evaluating 'int()': No positional args or value specified"),
        Arguments.of("x=int(1,value=2)", "TypeError while evaluating 'int(1,value=2)': cannot use both position and named arguments"),
        Arguments.of("x=float(abc)", "ValueError while evaluating 'float(abc)': could not convert string to float: 'abc'"),
        Arguments.of("x=bool(abc)", "ValueError while evaluating 'bool(abc)': Cannot cast 'abc' to bool"),
        Arguments.of("x=str(range(1,2))", "ValueError while evaluating 'str(range(1,2))': Range can only be cast to int or float"),
        Arguments.of("x=bool(range(1,2))", "ValueError while evaluating 'bool(range(1,2))': Range can only be cast to int or float"),
        Arguments.of("x=str(interval(0,1))", "ValueError while evaluating 'str(interval(0,1))': Intervals cannot be cast to str"),
        Arguments.of("x=bool(interval(0,1))", "ValueError while evaluating 'bool(interval(0,1))': Intervals cannot be cast to bool"),
        Arguments.of("x=int(glob(*))", "TypeError while evaluating 'int(glob(*))': mismatch type argument args[0]: Glob is incompatible with Optional[Union[str, int, float, bool, List[Any], Dict[str, Any], QuotedString, Sweep]]"),
        Arguments.of("x=choice()", "ValueError while evaluating 'choice()': empty choice is not legal"),
        Arguments.of("x=choice(null)", "TypeError while evaluating 'choice(null)': mismatch type argument args[0]: NoneType is incompatible with Union[str, int, float, bool, Dict[Any, Any], List[Any], ChoiceSweep]"),
        Arguments.of("x=choice(a,range(1,2))", "TypeError while evaluating 'choice(a,range(1,2))': mismatch type argument args[1]: RangeSweep is incompatible with Union[str, int, float, bool, Dict[Any, Any], List[Any], ChoiceSweep]"),
        Arguments.of("x=choice(choice(1,2))", "ValueError while evaluating 'choice(choice(1,2))': nesting choices is not supported"),
        Arguments.of("x=range()", "TypeError while evaluating 'range()': missing a required argument: 'start'"),
        Arguments.of("x=range(1,2,3,4)", "TypeError while evaluating 'range(1,2,3,4)': too many positional arguments"),
        Arguments.of("x=range(1,foo=2)", "TypeError while evaluating 'range(1,foo=2)': got an unexpected keyword argument 'foo'"),
        Arguments.of("x=range(1,start=2)", "TypeError while evaluating 'range(1,start=2)': multiple values for argument 'start'"),
        Arguments.of("x=range(a,b)", "TypeError while evaluating 'range(a,b)': mismatch type argument start: str is incompatible with Union[int, float]"),
        Arguments.of("x=range(1,x)", "TypeError while evaluating 'range(1,x)': mismatch type argument stop: str is incompatible with Optional[Union[int, float]]"),
        Arguments.of("x=interval(1)", "TypeError while evaluating 'interval(1)': missing a required argument: 'end'"),
        Arguments.of("x=tag(a)", "ValueError while evaluating 'tag(a)': Last argument to tag() must be a choice(), range() or interval(), got NoneType"),
        Arguments.of("x=tag(1,choice(1,2))", "TypeError while evaluating 'tag(1,choice(1,2))': mismatch type argument args[0]: int is incompatible with Union[str, Sweep]"),
        Arguments.of("x=tag(choice(1,2),choice(3,4))", "ValueError while evaluating 'tag(choice(1,2),choice(3,4))': tag arguments type must be string, got ChoiceSweep"),
        Arguments.of("x=tag(sweep=interval(0,1))", "ValueError while evaluating 'tag(sweep=interval(0,1))': Not enough arguments to tag, must take at least a sweep"),
        Arguments.of("x=sort(1,a)", "TypeError while evaluating 'sort(1,a)': '<' not supported between instances of 'str' and 'int'"),
        Arguments.of("x=sort(1,[2])", "TypeError while evaluating 'sort(1,[2])': Invalid arguments: (1, [2])"),
        Arguments.of("x=sort()", "ValueError while evaluating 'sort()': empty sort input"),
        Arguments.of("x=sort(1,2,reverse=1)", "TypeError while evaluating 'sort(1,2,reverse=1)': mismatch type argument reverse: int is incompatible with bool"),
        Arguments.of("x=sort(['b','a'])", "TypeError while evaluating 'sort(['b','a'])': '<' not supported between instances of 'QuotedString' and 'QuotedString'"),
        Arguments.of("x=sort(null)", "TypeError while evaluating 'sort(null)': mismatch type argument args[0]: NoneType is incompatible with Union[str, int, bool, float, List[Any], Dict[str, Any], ChoiceSweep, RangeSweep]"),
        Arguments.of("x=shuffle(interval(0,1))", "TypeError while evaluating 'shuffle(interval(0,1))': mismatch type argument args[0]: IntervalSweep is incompatible with Union[str, int, bool, float, List[Any], Dict[str, Any], ChoiceSweep, RangeSweep]"),
        Arguments.of("x=glob(1)", "TypeError while evaluating 'glob(1)': mismatch type argument include: int is incompatible with Union[List[str], str]"),
        Arguments.of("x=glob(a,exclude=1)", "TypeError while evaluating 'glob(a,exclude=1)': mismatch type argument exclude: int is incompatible with Optional[Union[List[str], str]]"),
        Arguments.of("x=choice(args=1)", "TypeError while evaluating 'choice(args=1)': got an unexpected keyword argument 'args'"),
        Arguments.of("x=int(int(a))", "ValueError while evaluating 'int(a)': invalid literal for int() with base 10: 'a'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failuresInHydrasWords(String override, String expected) {
    assertEquals(expected, failure(override));
  }

  @Test
  void theCaretCoversTheFailingCall() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigOverride.parse("x=[1, int(a)]"));
    assertEquals(new Origin.InOverride("x=[1, int(a)]", 6, 12), e.problems().get(0).origin());
  }

  @Test
  void castsApplyToSweeps() throws ConfigException {
    Sweep.Choice simple = (Sweep.Choice) sweep("x=int(1,'2')");
    assertEquals(Sweep.Kind.SIMPLE_CHOICE, simple.kind());
    assertEquals(List.of(1L, 2L), expansion("x=int(1,'2')"));
    assertEquals(List.of("1", "2.5"), expansion("x=str(choice(1,2.5))"));
    assertEquals(Sweep.Kind.CHOICE, sweep("x=choice(int(1,2))").kind());
    Sweep.Range range = (Sweep.Range) sweep("x=float(range(1,3))");
    assertEquals(List.of(1.0, 2.0), unwrap(range.expansion()));
    Sweep.Interval interval = (Sweep.Interval) sweep("x=int(interval(0.5,2.5))");
    assertEquals(List.of(0L, 2L), Arrays.asList(interval.start(), interval.end()));
    // Hydra's cast_choice and cast_range drop tags and shuffle; cast_interval keeps tags.
    assertEquals(java.util.Set.of(), sweep("x=int(tag(t,choice(1,2)))").tags());
    assertEquals(java.util.Set.of("log"), sweep("x=float(tag(log,interval(1,2)))").tags());
  }
}
