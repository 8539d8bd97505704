package io.repro4j.runtime.config;

import static io.repro4j.runtime.config.GrammarFunctionsTest.unwrap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sweeps: their kinds, tags, and expansions in Hydra's order. */
class SweepTest {

  private static Sweep sweep(String override) throws ConfigException {
    ConfigOverride parsed = ConfigOverride.parse(override);
    assertNull(parsed.value(), override);
    return parsed.sweep().orElseThrow();
  }

  private static Object expansion(String override) throws ConfigException {
    return unwrap(sweep(override).expansion());
  }

  static Stream<Arguments> expansions() {
    return Stream.of(
        Arguments.of("x=1,2,3", Sweep.Kind.SIMPLE_CHOICE, List.of(1L, 2L, 3L)),
        Arguments.of("x=a , b", Sweep.Kind.SIMPLE_CHOICE, List.of("a", "b")),
        Arguments.of("x='a b',[1,2],{k:v}", Sweep.Kind.SIMPLE_CHOICE,
            List.of("a b", List.of(1L, 2L), java.util.Map.of("k", "v"))),
        Arguments.of("x=choice(a,'b c')", Sweep.Kind.CHOICE, List.of("a", "b c")),
        Arguments.of("x=range(5)", Sweep.Kind.RANGE, List.of(0L, 1L, 2L, 3L, 4L)),
        Arguments.of("x=range(1,10,3)", Sweep.Kind.RANGE, List.of(1L, 4L, 7L)),
        Arguments.of("x=range(5,0,-2)", Sweep.Kind.RANGE, List.of(5L, 3L, 1L)),
        Arguments.of("x=range(start=1,stop=4)", Sweep.Kind.RANGE, List.of(1L, 2L, 3L)),
        Arguments.of("x=range(3,1)", Sweep.Kind.RANGE, List.of()),
        Arguments.of("x=range(true,3)", Sweep.Kind.RANGE, List.of(1L, 2L)),
        // hydra.md: Decimal(float) stepping, 0.7000000000000001 included.
        Arguments.of("x=range(0,1,0.1)", Sweep.Kind.RANGE,
            List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7000000000000001, 0.8, 0.9)),
        Arguments.of("x=range(0,1,0.25)", Sweep.Kind.RANGE, List.of(0.0, 0.25, 0.5, 0.75)),
        Arguments.of("x=range(1,0,-0.5)", Sweep.Kind.RANGE, List.of(1.0, 0.5)),
        Arguments.of("x=sort(3,1,2)", Sweep.Kind.SIMPLE_CHOICE, List.of(1L, 2L, 3L)),
        Arguments.of("x=sort(3,1,2,reverse=true)", Sweep.Kind.SIMPLE_CHOICE, List.of(3L, 2L, 1L)),
        Arguments.of("x=sort(choice(b,a,c))", Sweep.Kind.CHOICE, List.of("a", "b", "c")),
        Arguments.of("x=sort(1,2.5,true,0)", Sweep.Kind.SIMPLE_CHOICE, List.of(0L, 1L, true, 2.5)),
        Arguments.of("x=sort(range(5,0,-1))", Sweep.Kind.RANGE, List.of(1L, 2L, 3L, 4L, 5L)),
        Arguments.of("x=sort(range(1,5),reverse=true)", Sweep.Kind.RANGE, List.of(4L, 3L, 2L, 1L)),
        // Hydra 1.3's _sort_sweep derives the new ends from stop: [3, 1, -1], not [4, 2, 0].
        Arguments.of("x=sort(range(0,5,2),reverse=true)", Sweep.Kind.RANGE, List.of(3L, 1L, -1L)),
        Arguments.of("x=shuffle()", Sweep.Kind.SIMPLE_CHOICE, List.of()),
        Arguments.of("x=tag(a,b,range(2))", Sweep.Kind.RANGE, List.of(0L, 1L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expansions")
  void expansionsInHydrasOrder(String override, Sweep.Kind kind, List<?> expected)
      throws ConfigException {
    assertEquals(kind, sweep(override).kind());
    assertEquals(expected, expansion(override));
  }

  @Test
  void expansionTextIsWhatEachJobGets() throws ConfigException {
    assertEquals(
        List.of("'a b'", "c\\ d", "True", "1e-05", "null", "[1,x]"),
        sweep("x='a b',c d,true,1e-5,null,[1,x]").expansionText());
    // choice(...) unquotes its arguments, as Hydra's Functions.eval does.
    assertEquals(List.of("a\\ b"), sweep("x=choice('a b')").expansionText());
  }

  @Test
  void tagsAreKeptInTheOrderWritten() throws ConfigException {
    assertEquals(List.of("lr", "log"), List.copyOf(sweep("x=tag(lr,log,interval(0,1))").tags()));
    assertEquals(Set.of("a"), sweep("x=tag(a,sweep=choice(1,2))").tags());
    assertEquals(Set.of(), sweep("x=1,2").tags());
  }

  @Test
  void shuffledSweepsAreSeededByTheOverrideText() throws ConfigException {
    Sweep shuffled = sweep("x=shuffle(range(20))");
    assertTrue(shuffled.shuffled());
    assertFalse(sweep("x=range(20)").shuffled());
    List<RawValue> first = shuffled.expansion();
    assertEquals(first, sweep("x=shuffle(range(20))").expansion());
    assertNotEquals(unwrap(sweep("x=range(20)").expansion()), unwrap(first));
    assertEquals(
        unwrap(sweep("x=range(20)").expansion()),
        ((List<?>) unwrap(first)).stream().map(v -> (Long) v).sorted().toList());
    assertEquals(
        unwrap(shuffled.expansion(new Random(7))), unwrap(sweep("x=shuffle(range(20))").expansion(new Random(7))));
    assertTrue(sweep("x=shuffle(1,2,3)").shuffled());
    assertTrue(sweep("x=shuffle(sweep=choice(1,2))").shuffled());
  }

  @Test
  void intervalsHaveNoFiniteExpansion() throws ConfigException {
    Sweep.Interval interval = (Sweep.Interval) sweep("x=interval(0,1)");
    assertEquals(0.0, interval.start());
    assertEquals(1.0, interval.end());
    ConfigException e = assertThrows(ConfigException.class, interval::expansion);
    assertTrue(e.getMessage().contains("BasicSweeper does not support sweep type : INTERVAL_SWEEP"));
  }

  @Test
  void rangesWithStepZeroFailWhenExpanded() throws ConfigException {
    ConfigException ints = assertThrows(ConfigException.class, () -> sweep("x=range(1,2,0)").expansion());
    assertEquals("ValueError: range() arg 3 must not be zero", ints.problems().get(0).message());
    ConfigException floats = assertThrows(ConfigException.class, () -> sweep("x=range(1.5,2,0)").expansion());
    assertEquals(
        "HydraException: Invalid range values (start:1.5, stop:2, step:0)",
        floats.problems().get(0).message());
  }

  @Test
  void hugeRangesAreRefusedInsteadOfExpanded() throws ConfigException {
    ConfigException e = assertThrows(ConfigException.class, () -> sweep("x=range(0,1e12)").expansion());
    assertTrue(e.getMessage().contains("at most 1000000 are expanded"), e.getMessage());
    assertThrows(ConfigException.class, () -> sweep("x=range(0,10000000)").expansion());
  }

  @Test
  void globsFilterTheGroupsOptionsLikeFnmatch() throws ConfigException {
    Sweep.Glob glob = (Sweep.Glob) sweep("x=glob([a*,b?],exclude=ab)");
    assertEquals(List.of("a*", "b?"), glob.include());
    assertEquals(List.of("ab"), glob.exclude());
    assertEquals(
        List.of("a", "abc", "bx"), glob.expansion(List.of("a", "ab", "abc", "bx", "bxy", "c")));
    assertEquals(
        List.of("mysql", "postgres"),
        ((Sweep.Glob) sweep("x=glob(*)")).expansion(List.of("mysql", "postgres")));
    assertEquals(
        List.of("m1"), ((Sweep.Glob) sweep("x=glob('m[0-9]')")).expansion(List.of("m1", "mx")));
    assertThrows(ConfigException.class, glob::expansion);
  }

  @Test
  void sweepOriginsSpanTheSweep() throws ConfigException {
    assertEquals(new Origin.InOverride("x=1,2", 2, 5), sweep("x=1,2").origin());
    assertEquals(new Origin.InOverride("x=range(3)", 2, 10), sweep("x=range(3)").origin());
    assertEquals(
        new Origin.InOverride("x= choice(1, 2)", 3, 15),
        ConfigOverride.parse("x= choice(1, 2)").valueOrigin());
  }
}
