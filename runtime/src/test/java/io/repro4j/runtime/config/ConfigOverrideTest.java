package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigOverrideTest {

  private static Object value(String override) throws ConfigException {
    return ConfigOverride.parse(override).value().value();
  }

  /** The single problem of a failed parse, formatted with its caret. */
  private static String error(String override) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigOverride.parse(override));
    assertEquals(1, e.problems().size());
    return e.problems().get(0).format();
  }

  private static Origin.InOverride span(String text, int start, int end) {
    return new Origin.InOverride(text, start, end);
  }

  @Nested
  class Keys {
    @Test
    void simpleKey() throws ConfigException {
      ConfigOverride o = ConfigOverride.parse("lr=0.1");

      assertEquals("lr", o.key());
      assertEquals("lr=0.1", o.text());
      assertEquals(new RawValue(0.1, span("lr=0.1", 3, 6)), o.value());
      assertEquals(span("lr=0.1", 0, 2), o.keyOrigin());
    }

    @Test
    void dottedKeysWithIdsDashesAndIndexes() throws ConfigException {
      assertEquals("optimizer.lr", ConfigOverride.parse("optimizer.lr=1").key());
      assertEquals("model.layers.0.units", ConfigOverride.parse("model.layers.0.units=8").key());
      assertEquals("_x.batch-size", ConfigOverride.parse("_x.batch-size=8").key());
      assertEquals(span("model.layers.10=1", 0, 15), ConfigOverride.parse("model.layers.10=1").keyOrigin());
    }

    @Test
    void missingEqualsPointsAfterTheKey() {
      assertEquals(
          "override 'lr': missing '=' after the key 'lr'; write lr=<value>\n  lr\n    ^",
          error("lr"));
    }

    @Test
    void colonInsteadOfEquals() {
      assertEquals(
          "override 'lr:0.1': expected '=' after the key 'lr', found ':'; write lr=<value>\n"
              + "  lr:0.1\n"
              + "    ^",
          error("lr:0.1"));
    }

    @Test
    void blanksInOrAroundTheKey() {
      assertEquals(
          "override 'lr =0.1': blanks are not allowed in a key or before '='; write lr=<value>\n"
              + "  lr =0.1\n"
              + "    ^",
          error("lr =0.1"));
      assertEquals(
          "override ' lr=0.1': a key must start with a letter or '_', not ' '\n"
              + "   lr=0.1\n"
              + "  ^",
          error(" lr=0.1"));
    }

    @Test
    void badCharactersInTheKey() {
      assertEquals(
          "override 'l$r=1': the character '$' is not allowed in a key; keys are names like lr or"
              + " optimizer.lr\n"
              + "  l$r=1\n"
              + "   ^",
          error("l$r=1"));
      assertEquals(
          "override '0=zero': a key must start with a letter or '_', not '0'\n  0=zero\n  ^",
          error("0=zero"));
    }

    @Test
    void nonAsciiCharactersInTheKey() {
      assertEquals(
          "override 'l\u00e9=1': the character '\u00e9' is not allowed in a key; keys are names"
              + " like lr or optimizer.lr\n"
              + "  l\u00e9=1\n"
              + "   ^",
          error("l\u00e9=1"));
    }

    @Test
    void emptySegments() {
      assertEquals(
          "override 'a..b=1': expected a name or an index after '.', found '.'\n  a..b=1\n    ^",
          error("a..b=1"));
      assertEquals(
          "override 'a.=1': expected a name or an index after '.', found '='\n  a.=1\n    ^",
          error("a.=1"));
      assertEquals(
          "override '.a=1': a key must start with a letter or '_', not '.'\n  .a=1\n  ^",
          error(".a=1"));
      assertEquals(
          "override 'layers.01=1': a list index must not have leading zeros; write 1\n"
              + "  layers.01=1\n"
              + "         ^^",
          error("layers.01=1"));
    }

    @Test
    void missingKeyAndEmptyOverride() {
      assertEquals(
          "override '=1': missing key before '='; write key=value\n  =1\n  ^", error("=1"));
      assertEquals(
          "override '': empty override; write key=value, e.g. lr=0.1\n  \n  ^", error(""));
    }

    @Test
    void prefixesAreNotSupportedYet() {
      assertEquals(
          "override '+seed=1': '+key=value' (add a key) is not supported yet; every key is"
              + " declared by the trainer, so remove the '+'\n"
              + "  +seed=1\n"
              + "  ^",
          error("+seed=1"));
      assertEquals(
          "override '++seed=1': '++key=value' (add or override a key) is not supported yet;"
              + " every key is declared by the trainer, so remove the '++'\n"
              + "  ++seed=1\n"
              + "  ^^",
          error("++seed=1"));
      assertEquals(
          "override '~seed': '~key' (delete a key) is not supported yet; to reset a key to its"
              + " default, leave the override out\n"
              + "  ~seed\n"
              + "  ^",
          error("~seed"));
    }

    @Test
    void packagesAndGroupsAreNotSupportedYet() {
      assertEquals(
          "override 'db@backup=mysql': packages (key@package) are not supported yet; write"
              + " db=<value>\n"
              + "  db@backup=mysql\n"
              + "    ^^^^^^^",
          error("db@backup=mysql"));
      assertEquals(
          "override 'hydra/launcher=basic': config groups (group/option) are not supported yet;"
              + " set keys with dotted names, e.g. optimizer.lr=0.1\n"
              + "  hydra/launcher=basic\n"
              + "  ^^^^^^^^^^^^^^",
          error("hydra/launcher=basic"));
    }
  }

  @Nested
  class Values {
    /** Hydra 1.3.5's typing, as pinned down in hydra.md section 2. */
    static Stream<Arguments> hydraTyping() {
      return Stream.of(
          Arguments.of("x=", ""),
          Arguments.of("x=  ", ""),
          Arguments.of("x=1", 1L),
          Arguments.of("x=1 ", 1L),
          Arguments.of("x=\t1", 1L),
          Arguments.of("x=-1", -1L),
          Arguments.of("x=+1", 1L),
          Arguments.of("x=1_000", 1000L),
          Arguments.of("x=0", 0L),
          Arguments.of("x=007", "007"),
          Arguments.of("x=123456789012345678901234567890", new BigInteger("123456789012345678901234567890")),
          Arguments.of("x=1.5", 1.5),
          Arguments.of("x=1.", 1.0),
          Arguments.of("x=.5", 0.5),
          Arguments.of("x=-.5", -0.5),
          Arguments.of("x=1e-3", 0.001),
          Arguments.of("x=1E5", 100000.0),
          Arguments.of("x=1.e5", 100000.0),
          Arguments.of("x=1_0.5_0", 10.5),
          Arguments.of("x=1e400", Double.POSITIVE_INFINITY),
          Arguments.of("x=inf", Double.POSITIVE_INFINITY),
          Arguments.of("x=-INF", Double.NEGATIVE_INFINITY),
          Arguments.of("x=+Inf", Double.POSITIVE_INFINITY),
          Arguments.of("x=nan", Double.NaN),
          Arguments.of("x=NaN", Double.NaN),
          Arguments.of("x=true", true),
          Arguments.of("x=TrUe", true),
          Arguments.of("x=FALSE", false),
          Arguments.of("x=null", null),
          Arguments.of("x=NULL", null),
          Arguments.of("x=yes", "yes"),
          Arguments.of("x=info", "info"),
          Arguments.of("x=Infinity", "Infinity"),
          Arguments.of("x=1.2.3", "1.2.3"),
          Arguments.of("x=0x1F", "0x1F"),
          Arguments.of("x=1e", "1e"),
          Arguments.of("x=1 2", "1 2"),
          Arguments.of("x=hello world", "hello world"),
          Arguments.of("x=  hello  world  ", "hello  world"),
          Arguments.of("x=-", "-"),
          Arguments.of("x=a-b_c", "a-b_c"),
          Arguments.of("x=/data/iris.csv", "/data/iris.csv"),
          Arguments.of("x=http://localhost:8080/api", "http://localhost:8080/api"),
          Arguments.of("x=C:\\temp\\new", "C:\\temp\\new"),
          Arguments.of("x=a : b", "a : b"),
          Arguments.of("x=${model.lr}", "${model.lr}"),
          Arguments.of("x=v${a}_${oc.env:USER,me}", "v${a}_${oc.env:USER,me}"),
          Arguments.of("x=50%", "50%"),
          Arguments.of("x=a@b?c|d*e", "a@b?c|d*e"),
          // Escapes in unquoted values.
          Arguments.of("x=a\\,b", "a,b"),
          Arguments.of("x=\\,", ","),
          Arguments.of("x=a\\ b", "a b"),
          Arguments.of("x=a\\\tb", "a\tb"),
          Arguments.of("x=\\\\x", "\\x"),
          Arguments.of("x=f\\(1\\)", "f(1)"),
          Arguments.of("x=\\[a\\]\\{b\\}", "[a]{b}"),
          Arguments.of("x=a\\:b\\=c", "a:b=c"),
          Arguments.of("x=a\\tb", "a\\tb"),
          // Quoted strings.
          Arguments.of("x='hello world'", "hello world"),
          Arguments.of("x=\"1\"", "1"),
          Arguments.of("x='true'", "true"),
          Arguments.of("x=''", ""),
          Arguments.of("x='it\\'s'", "it's"),
          Arguments.of("x=\"say \\\"hi\\\"\"", "say \"hi\""),
          Arguments.of("x=\"it's\"", "it's"),
          Arguments.of("x='C:\\temp\\new'", "C:\\temp\\new"),
          Arguments.of("x='abc\\\\'", "abc\\"),
          Arguments.of("x='a\\\\\\'b'", "a\\'b"),
          Arguments.of("x='a,b [c] = ${d.${e}}'", "a,b [c] = ${d.${e}}"),
          Arguments.of("x= 'a' ", "a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hydraTyping")
    void valuesAreTypedAsHydraTypesThem(String override, Object expected) throws ConfigException {
      Object actual = value(override);
      assertEquals(expected, actual);
      if (expected != null) {
        assertInstanceOf(expected.getClass(), actual);
      }
    }

    @Test
    void valueOriginSpansTheValueWithoutBlanks() throws ConfigException {
      assertEquals(span("x=  a b  ", 4, 7), ConfigOverride.parse("x=  a b  ").value().origin());
      assertEquals(span("x='a'", 2, 5), ConfigOverride.parse("x='a'").value().origin());
      assertEquals(span("x=", 2, 2), ConfigOverride.parse("x=").value().origin());
    }

    @Test
    void listsWithElementOrigins() throws ConfigException {
      String text = "sizes=[1, 2, [a,b]]";
      RawValue list = ConfigOverride.parse(text).value();

      assertEquals(span(text, 6, 19), list.origin());
      assertEquals(
          List.of(
              new RawValue(1L, span(text, 7, 8)),
              new RawValue(2L, span(text, 10, 11)),
              new RawValue(
                  List.of(new RawValue("a", span(text, 14, 15)), new RawValue("b", span(text, 16, 17))),
                  span(text, 13, 18))),
          list.value());
    }

    @Test
    void blanksAroundListPunctuationAreAbsorbed() throws ConfigException {
      RawValue list = ConfigOverride.parse("x=[ 1 , 'two' ,three four , null ]").value();

      assertEquals(
          List.of(1L, "two", "three four", java.util.Optional.empty()),
          ((List<?>) list.value())
              .stream()
                  .map(e -> ((RawValue) e).value() == null ? java.util.Optional.empty() : ((RawValue) e).value())
                  .toList());
    }

    @Test
    void emptyList() throws ConfigException {
      assertEquals(List.of(), value("x=[]"));
      assertEquals(List.of(), value("x=[ ]"));
    }
  }

  @Nested
  class ValueErrors {
    @Test
    void unterminatedQuotePointsAtTheOpeningQuote() {
      assertEquals(
          "override 'name='iris': unterminated quoted string: add the closing ' at the end\n"
              + "  name='iris\n"
              + "       ^",
          error("name='iris"));
      assertEquals(
          "override 'x=\"a\\\"': unterminated quoted string: add the closing \" at the end\n"
              + "  x=\"a\\\"\n"
              + "    ^",
          error("x=\"a\\\""));
    }

    @Test
    void unterminatedListPointsAtTheEnd() {
      assertEquals(
          "override 'x=[1,2': unterminated list: add ']' at the end\n  x=[1,2\n        ^",
          error("x=[1,2"));
    }

    @Test
    void missingListElements() {
      assertEquals(
          "override 'x=[1,]': expected a value before ']'\n  x=[1,]\n       ^", error("x=[1,]"));
      assertEquals(
          "override 'x=[,1]': expected a value before ','\n  x=[,1]\n     ^", error("x=[,1]"));
    }

    @Test
    void strayClosingBracket() {
      assertEquals(
          "override 'x=a]': unexpected ']' after the value; escape it as \\] or quote the value\n"
              + "  x=a]\n"
              + "     ^",
          error("x=a]"));
    }

    @Test
    void parenthesisAfterAValue() {
      assertEquals(
          "override 'x=1(2)': unexpected '(' in an unquoted value; escape it as \\( or quote the"
              + " value\n"
              + "  x=1(2)\n"
              + "     ^",
          error("x=1(2)"));
    }

    @Test
    void unescapedEquals() {
      assertEquals(
          "override 'x=a=b': '=' in a value must be escaped as \\= or the value quoted\n"
              + "  x=a=b\n"
              + "     ^",
          error("x=a=b"));
    }

    @Test
    void quotesMustEncloseTheWholeValue() {
      assertEquals(
          "override 'x=it's': this ' starts a quoted string that never ends; quote the whole"
              + " value instead, e.g. x=\"it's\"\n"
              + "  x=it's\n"
              + "      ^",
          error("x=it's"));
      assertEquals(
          "override 'x=a'b'': a quoted string must be the whole value; put everything inside the"
              + " quotes\n"
              + "  x=a'b'\n"
              + "    ^^^^",
          error("x=a'b'"));
      assertEquals(
          "override 'x='a'b': a quoted string must be the whole value; put everything inside the"
              + " quotes\n"
              + "  x='a'b\n"
              + "    ^^^^",
          error("x='a'b"));
    }

    @Test
    void charactersOutsideTheGrammarMustBeQuoted() {
      assertEquals(
          "override 'tag=#1': the character '#' is not allowed in an unquoted value; quote the"
              + " value, e.g. tag='#1'\n"
              + "  tag=#1\n"
              + "      ^",
          error("tag=#1"));
      assertEquals(
          "override 'path=~/data': the character '~' is not allowed in an unquoted value; quote"
              + " the value, e.g. path='~/data'\n"
              + "  path=~/data\n"
              + "       ^",
          error("path=~/data"));
    }

    @Test
    void nestedInterpolationMustBeQuoted() {
      assertEquals(
          "override 'x=${a.${b}}': unexpected '}'; a nested interpolation must be quoted, e.g."
              + " x='${a.${b}}', and a literal '}' escaped as \\}\n"
              + "  x=${a.${b}}\n"
              + "            ^",
          error("x=${a.${b}}"));
      assertEquals(
          "override 'x=${a': unterminated interpolation: add the closing '}'\n"
              + "  x=${a\n"
              + "    ^^^",
          error("x=${a"));
    }
  }

  @Nested
  class NotSupportedYet {
    @Test
    void sweepsNeedMultirun() {
      assertEquals(
          "override 'lr=0.1,0.01': '0.1,0.01' is a sweep; sweeps need --multirun, which is not"
              + " supported yet; give one value per run\n"
              + "  lr=0.1,0.01\n"
              + "     ^^^^^^^^",
          error("lr=0.1,0.01"));
      assertEquals(
          "override 'db=a , b': 'a , b' is a sweep; sweeps need --multirun, which is not supported"
              + " yet; give one value per run\n"
              + "  db=a , b\n"
              + "     ^^^^^",
          error("db=a , b"));
    }

    @Test
    void functions() {
      assertEquals(
          "override 'x=range(1,3)': functions like range(...) are not supported yet; write a"
              + " plain value\n"
              + "  x=range(1,3)\n"
              + "    ^^^^^^^^^^",
          error("x=range(1,3)"));
      assertEquals(
          "override 'x=choice (a, int(1)) ': functions like choice(...) are not supported yet;"
              + " write a plain value\n"
              + "  x=choice (a, int(1)) \n"
              + "    ^^^^^^^^^^^^^^^^^^",
          error("x=choice (a, int(1)) "));
    }

    @Test
    void dicts() {
      assertEquals(
          "override 'optimizer={lr: 0.1}': dict values like {a: 1} are not supported yet; set"
              + " each key on its own, e.g. optimizer.lr=0.1\n"
              + "  optimizer={lr: 0.1}\n"
              + "            ^^^^^^^^^",
          error("optimizer={lr: 0.1}"));
    }
  }
}
