package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hydra's canonical re-serialisation ({@code value_str}), as pinned in hydra.md section 2. */
class CanonicalValueTest {

  static Stream<Arguments> hydraValueStr() {
    return Stream.of(
        Arguments.of("x=true", "True"),
        Arguments.of("x=FALSE", "False"),
        Arguments.of("x=1e6", "1000000.0"),
        Arguments.of("x=0.001", "0.001"),
        Arguments.of("x=1e-5", "1e-05"),
        Arguments.of("x=-2.5e7", "-25000000.0"),
        Arguments.of("x=inf", "inf"),
        Arguments.of("x=-inf", "-inf"),
        Arguments.of("x=nan", "nan"),
        Arguments.of("x=null", "null"),
        Arguments.of("x=123456789012345678901234567890", "123456789012345678901234567890"),
        Arguments.of("x=${a.b}", "$\\{a.b\\}"),
        Arguments.of("x=http://localhost:8080/api", "http\\://localhost\\:8080/api"),
        Arguments.of("x=hello world", "hello\\ world"),
        Arguments.of("x=a\\,b", "a\\,b"),
        Arguments.of("x=C:\\\\temp", "C\\:\\\\temp"),
        Arguments.of("x='hello world'", "'hello world'"),
        Arguments.of("x=\"it's\"", "\"it's\""),
        Arguments.of("x='it\\'s'", "'it\\'s'"),
        Arguments.of("x='abc\\\\'", "'abc\\\\'"),
        Arguments.of("x='C:\\temp\\new'", "'C:\\temp\\new'"),
        Arguments.of("x=[1, two, 3.0, true, null]", "[1,two,3.0,True,null]"),
        Arguments.of("x={a: 1, b: [x, 'y z']}", "{a:1,b:[x,'y z']}"),
        Arguments.of("x=", ""),
        Arguments.of("x=str(1.0)", "1.0"),
        Arguments.of("x=int('7')", "7"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hydraValueStr")
  void valueStrAsHydraWritesIt(String override, String expected) throws ConfigException {
    ConfigOverride parsed = ConfigOverride.parse(override);
    assertEquals(expected, parsed.canonicalValue());
    // Parsing the canonical text gives the same value back.
    ConfigOverride again = ConfigOverride.parse("x=" + expected);
    assertEquals(
        String.valueOf(GrammarFunctionsTest.unwrap(parsed.value())),
        String.valueOf(GrammarFunctionsTest.unwrap(again.value())));
  }

  @Test
  void keysAsWritten() throws ConfigException {
    assertEquals("++db@backup", ConfigOverride.parse("++db@backup=x").canonicalKey());
    assertEquals("~seed", ConfigOverride.parse("~seed").canonicalKey());
    assertEquals("a.b", ConfigOverride.parse("a.b=1").canonicalKey());
  }

  @Test
  void sweepsAndDeletionsHaveNoSingleValue() throws ConfigException {
    assertThrows(IllegalStateException.class, () -> ConfigOverride.parse("x=1,2").canonicalValue());
    assertThrows(IllegalStateException.class, () -> ConfigOverride.parse("~x").canonicalValue());
  }
}
