package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
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

  /** The first line of the message, Hydra's words. */
  private static String detail(String override) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigOverride.parse(override));
    return e.problems().get(0).message().lines().findFirst().orElseThrow();
  }

  private static String firstLine(String formatted) {
    return formatted.lines().findFirst().orElseThrow();
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
    void keysWithDollarsAndLeadingIndexes() throws ConfigException {
      assertEquals("a.$b", ConfigOverride.parse("a.$b=1").key());
      assertEquals("$x", ConfigOverride.parse("$x=1").key());
      assertEquals("0.a", ConfigOverride.parse("0.a=1").key());
      assertEquals("l$r", ConfigOverride.parse("l$r=1").key());
    }

    @Test
    void prefixesGiveTheOverrideType() throws ConfigException {
      ConfigOverride add = ConfigOverride.parse("+seed=1");
      assertEquals(ConfigOverride.Type.ADD, add.type());
      assertEquals("seed", add.key());
      assertEquals(span("+seed=1", 1, 5), add.keyOrigin());
      assertEquals(1L, add.value().value());

      ConfigOverride forceAdd = ConfigOverride.parse("++seed=1");
      assertEquals(ConfigOverride.Type.FORCE_ADD, forceAdd.type());
      assertEquals(span("++seed=1", 2, 6), forceAdd.keyOrigin());

      ConfigOverride delete = ConfigOverride.parse("~seed");
      assertEquals(ConfigOverride.Type.DELETE, delete.type());
      assertFalse(delete.hasValue());
      assertNull(delete.value());
      assertTrue(delete.sweep().isEmpty());

      ConfigOverride deleteIf = ConfigOverride.parse("~seed=3");
      assertEquals(ConfigOverride.Type.DELETE, deleteIf.type());
      assertEquals(3L, deleteIf.value().value());
      assertEquals("", ConfigOverride.parse("~seed=").value().value());
      assertEquals(ConfigOverride.Type.CHANGE, ConfigOverride.parse("seed=1").type());
      assertEquals("force-add", ConfigOverride.Type.FORCE_ADD.label());
    }

    @Test
    void emptyKeysParseAsHydraParsesThem() throws ConfigException {
      ConfigOverride change = ConfigOverride.parse("=1");
      assertEquals("", change.key());
      assertEquals(1L, change.value().value());
      ConfigOverride delete = ConfigOverride.parse("~");
      assertEquals(ConfigOverride.Type.DELETE, delete.type());
      assertEquals("", delete.key());
    }

    @Test
    void groupPathsAndPackages() throws ConfigException {
      ConfigOverride group = ConfigOverride.parse("hydra/launcher=basic");
      assertEquals("hydra/launcher", group.key());
      assertTrue(group.isGroupPath());
      assertTrue(group.packageName().isEmpty());

      ConfigOverride pkg = ConfigOverride.parse("+db@backup=mysql");
      assertEquals(ConfigOverride.Type.ADD, pkg.type());
      assertEquals("db", pkg.key());
      assertEquals(Optional.of("backup"), pkg.packageName());
      assertEquals("+db@backup", pkg.canonicalKey());

      assertEquals(Optional.of(""), ConfigOverride.parse("db@=mysql").packageName());
      assertEquals(Optional.of("pkg"), ConfigOverride.parse("@pkg=x").packageName());
      ConfigOverride both = ConfigOverride.parse("db/mysql@a.b=x");
      assertEquals("db/mysql", both.key());
      assertEquals(Optional.of("a.b"), both.packageName());
    }

    @Test
    void missingEqualsPointsAfterTheKey() {
      assertEquals(
          "override 'lr': missing EQUAL at '<EOF>'\n"
              + "missing '=' after the key 'lr'; write lr=<value>\n"
              + "  lr\n"
              + "    ^",
          error("lr"));
    }

    @Test
    void colonInsteadOfEquals() {
      assertEquals(
          "override 'lr:0.1': missing EQUAL at ':'\n"
              + "expected '=' after the key 'lr', found ':'; write lr=<value>\n"
              + "  lr:0.1\n"
              + "    ^",
          error("lr:0.1"));
    }

    @Test
    void blanksInOrAroundTheKeyAreLexerErrors() {
      assertEquals(
          "override 'lr =0.1': LexerNoViableAltException: lr =0.1\n"
              + "blanks are not allowed in a key or before '='; write lr=0.1\n"
              + "  lr =0.1\n"
              + "    ^",
          error("lr =0.1"));
      assertEquals(
          "override ' lr=0.1': LexerNoViableAltException:  lr=0.1\n"
              + "blanks are not allowed in a key or before '='; write lr=0.1\n"
              + "   lr=0.1\n"
              + "  ^",
          error(" lr=0.1"));
    }

    @Test
    void badCharactersInTheKey() {
      assertEquals(
          "override 'l\u00e9=1': LexerNoViableAltException: l\u00e9=1\n"
              + "the character '\u00e9' is not allowed here in a key; a key is a name (lr), a dotted"
              + " path (optimizer.lr, layers.0.units) or a group path (db/mysql)\n"
              + "  l\u00e9=1\n"
              + "   ^",
          error("l\u00e9=1"));
      assertEquals(
          "override '0=zero': LexerNoViableAltException: 0=zero\n"
              + "the character '0' is not allowed here in a key; a key is a name (lr), a dotted"
              + " path (optimizer.lr, layers.0.units) or a group path (db/mysql)\n"
              + "  0=zero\n"
              + "  ^",
          error("0=zero"));
    }

    @Test
    void emptySegments() {
      String hint = "a '.' in a key must join two names or indexes, as in optimizer.lr or layers.0.units";
      assertEquals(
          "override 'a..b=1': LexerNoViableAltException: a..b=1\n" + hint + "\n  a..b=1\n   ^",
          error("a..b=1"));
      assertEquals(
          "override 'a.=1': LexerNoViableAltException: a.=1\n" + hint + "\n  a.=1\n   ^",
          error("a.=1"));
      assertEquals(
          "override '.a=1': LexerNoViableAltException: .a=1\n" + hint + "\n  .a=1\n  ^",
          error(".a=1"));
    }

    @Test
    void emptyOverride() {
      assertEquals(
          "override '': mismatched input '<EOF>' expecting {EQUAL, '~', '+', '@', KEY_SPECIAL,"
              + " DOT_PATH, ID}\n"
              + "an override is key=value, e.g. lr=0.1\n"
              + "  \n"
              + "  ^",
          error(""));
    }

    @Test
    void aGroupPathNeedsNamesBetweenSlashes() {
      assertEquals(
          "override 'a/=1': missing ID at '='\n"
              + "a group path needs a name after each '/', as in db/mysql\n"
              + "  a/=1\n"
              + "    ^",
          error("a/=1"));
      assertEquals(
          "no viable alternative at input '~'", firstLine(error("~~x")).substring("override '~~x': ".length()));
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
          Arguments.of("x= 'a'", "a"),
          Arguments.of("x=${a}", "${a}"),
          Arguments.of("x=a\\\\b", "a\\b"),
          Arguments.of("x=1__0", "1__0"),
          Arguments.of("x=00.5", "00.5"));
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
          "override 'name='iris': LexerNoViableAltException: name='iris\n"
              + "unterminated quoted string: add the closing ' at the end\n"
              + "  name='iris\n"
              + "       ^",
          error("name='iris"));
    }

    @Test
    void unterminatedContainersPointAtTheEnd() {
      assertEquals(
          "override 'x=[1,2': no viable alternative at input '[1,2'\n"
              + "unterminated list: add ']' at the end\n"
              + "  x=[1,2\n"
              + "        ^",
          error("x=[1,2"));
      assertEquals(
          "override 'x={a:1': no viable alternative at input '{a:1'\n"
              + "unterminated dict: add '}' at the end\n"
              + "  x={a:1\n"
              + "        ^",
          error("x={a:1"));
      assertEquals(
          "override 'x=int(1,2': no viable alternative at input 'int(1,2'\n"
              + "unterminated function call: add ')' at the end\n"
              + "  x=int(1,2\n"
              + "           ^",
          error("x=int(1,2"));
    }

    @Test
    void missingListElements() {
      assertEquals(
          "override 'x=[1,]': no viable alternative at input '[1,]'\n"
              + "a value is missing before ']'\n"
              + "  x=[1,]\n"
              + "       ^",
          error("x=[1,]"));
      assertEquals(
          "override 'x=[,1]': no viable alternative at input '[,'\n"
              + "a value is missing before ','\n"
              + "  x=[,1]\n"
              + "     ^",
          error("x=[,1]"));
      assertEquals(
          "override 'x=a,': mismatched input '<EOF>' expecting {':', BRACKET_OPEN, BRACE_OPEN,"
              + " FLOAT, INT, BOOL, NULL, UNQUOTED_CHAR, ID, ESC, WS, QUOTED_VALUE, INTERPOLATION}\n"
              + "a value is missing after the last ','\n"
              + "  x=a,\n"
              + "      ^",
          error("x=a,"));
    }

    @Test
    void strayClosingBracket() {
      assertEquals(
          "override 'x=a]': extraneous input ']' expecting <EOF>\n"
              + "unexpected ']'; escape it as \\] or quote the value\n"
              + "  x=a]\n"
              + "     ^",
          error("x=a]"));
    }

    @Test
    void parenthesisAfterAValue() {
      assertEquals(
          "override 'x=1(2)': mismatched input '(' expecting <EOF>\n"
              + "unexpected '('; escape it as \\( or quote the value\n"
              + "  x=1(2)\n"
              + "     ^",
          error("x=1(2)"));
    }

    @Test
    void unescapedEquals() {
      assertEquals(
          "override 'x=a=b': mismatched input '=' expecting <EOF>\n"
              + "'=' in a value must be escaped as \\= or the value quoted\n"
              + "  x=a=b\n"
              + "     ^",
          error("x=a=b"));
    }

    @Test
    void quotesMustEncloseTheWholeValue() {
      assertEquals(
          "override 'x=it's': LexerNoViableAltException: x=it's\n"
              + "this ' starts a quoted string that never ends; quote the whole value instead, e.g."
              + " x=\"it's\"\n"
              + "  x=it's\n"
              + "      ^",
          error("x=it's"));
      String wholeValue =
          "a quoted string must be the whole value (or a whole list element); put everything inside"
              + " the quotes";
      assertEquals(
          "override 'x=a'b'': extraneous input ''b'' expecting <EOF>\n" + wholeValue + "\n"
              + "  x=a'b'\n"
              + "     ^^^",
          error("x=a'b'"));
      assertEquals(
          "override 'x='a'b': extraneous input 'b' expecting <EOF>\n" + wholeValue + "\n"
              + "  x='a'b\n"
              + "       ^",
          error("x='a'b"));
      assertEquals(
          "override 'x=a,[1 'a']': extraneous input ''a'' expecting {COMMA, BRACKET_CLOSE}\n"
              + wholeValue + "\n"
              + "  x=a,[1 'a']\n"
              + "         ^^^",
          error("x=a,[1 'a']"));
    }

    @Test
    void blanksAfterAQuotedValueOrAListAreErrorsAsInHydra() {
      String hint =
          "remove the blanks at the end: after a quoted string, a list, a dict or a call they are"
              + " not part of the value";
      assertEquals(
          "override 'x='a' ': extraneous input ' ' expecting <EOF>\n" + hint + "\n  x='a' \n       ^",
          error("x='a' "));
      assertEquals(
          "override 'x=[1] ': extraneous input ' ' expecting <EOF>\n" + hint + "\n  x=[1] \n       ^",
          error("x=[1] "));
    }

    @Test
    void charactersOutsideTheGrammarMustBeQuoted() {
      assertEquals(
          "override 'tag=#1': LexerNoViableAltException: tag=#1\n"
              + "the character '#' is not allowed in an unquoted value; quote the value, e.g."
              + " tag='#1'\n"
              + "  tag=#1\n"
              + "      ^",
          error("tag=#1"));
      assertEquals(
          "override 'path=~/data': LexerNoViableAltException: path=~/data\n"
              + "the character '~' is not allowed in an unquoted value; quote the value, e.g."
              + " path='~/data'\n"
              + "  path=~/data\n"
              + "       ^",
          error("path=~/data"));
    }

    @Test
    void interpolations() {
      assertEquals(
          "override 'x=${a.${b}}': extraneous input '}' expecting <EOF>\n"
              + "a nested interpolation must be quoted, e.g. x='${a.${b}}', and a literal '}'"
              + " escaped as \\}\n"
              + "  x=${a.${b}}\n"
              + "            ^",
          error("x=${a.${b}}"));
      assertEquals(
          "override 'x=${a': mismatched input '{' expecting <EOF>\n"
              + "unterminated interpolation: close it with '}', as in ${model.lr}, or escape the"
              + " brace as \\{\n"
              + "  x=${a\n"
              + "     ^",
          error("x=${a"));
    }

    @Test
    void functionArguments() {
      assertEquals(
          "override 'x=range(start=1,2)': positional argument follows keyword argument\n"
              + "name this argument too, or move it before the named ones\n"
              + "  x=range(start=1,2)\n"
              + "                  ^",
          error("x=range(start=1,2)"));
      assertEquals(
          "override 'x=f(a b=1)': no viable alternative at input 'f(a b='\n"
              + "'=' in a value must be escaped as \\= or the value quoted\n"
              + "  x=f(a b=1)\n"
              + "         ^",
          error("x=f(a b=1)"));
    }

    @Test
    void unknownFunctionsListTheAvailableOnesAndSuggestTheClosest() {
      assertEquals(
          "override 'x=rang(1,3)': HydraException while evaluating 'rang(1,3)': Unknown function"
              + " 'rang'\n"
              + "Available: bool,choice,float,glob,int,interval,range,shuffle,sort,str,tag\n"
              + "did you mean 'range'?\n"
              + "  x=rang(1,3)\n"
              + "    ^^^^^^^^^",
          error("x=rang(1,3)"));
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() throws ConfigException {
      assertEquals(
          List.of(List.of(List.of(1L))), GrammarFunctionsTest.unwrap(ConfigOverride.parse("x=[[[1]]]").value()));
      String deep = "x=" + "[".repeat(5000) + "]".repeat(5000);
      assertEquals(
          "the value is nested too deeply (lists, dicts and calls more than 100 levels deep)",
          detail(deep));
      assertEquals(
          "the value is nested too deeply (lists, dicts and calls more than 100 levels deep)",
          detail("x=a," + "int(".repeat(500) + "1" + ")".repeat(500)));
    }

    @Test
    void sweepsCannotBeNested() {
      assertEquals(
          "override 'x=[choice(1,2)]': nesting sweeps is not supported: a sweep cannot be an"
              + " element of a list\n"
              + "a sweep must be the whole value, e.g. x=choice(1,2) or x=[1,2],[3,4]\n"
              + "  x=[choice(1,2)]\n"
              + "     ^^^^^^^^^^^",
          error("x=[choice(1,2)]"));
      assertEquals(
          "nesting sweeps is not supported: a sweep cannot be an element of a sweep",
          detail("x=1,choice(2,3)"));
      assertEquals(
          "ValueError while evaluating 'choice(1,choice(2,3))': nesting choices is not supported",
          detail("x=choice(1,choice(2,3))"));
    }
  }

  /** The complete messages Hydra 1.3.5 printed, from hydra.md section 2 ("all ran"). */
  @Nested
  class HydraMessages {
    private static final String SEE =
        "\nSee https://hydra.cc/docs/1.2/advanced/override_grammar/basic for details";

    private String hydra(String override) {
      return ConfigOverride.hydraError(override).orElseThrow();
    }

    @Test
    void lexerErrorsHaveACaretUnderTheBadCharacter() {
      assertEquals(
          "LexerNoViableAltException: x =1\n" + " ".repeat(28) + "^" + SEE, hydra("x =1"));
      assertEquals(
          "LexerNoViableAltException:  x=1\n" + " ".repeat(27) + "^" + SEE, hydra(" x=1"));
      for (String input : List.of("a b=1", "a..b=1", ".a=1", "0=zero", "x=${oc.decode:'{a:1}'}")) {
        assertTrue(hydra(input).startsWith("LexerNoViableAltException: " + input + "\n"), input);
      }
      assertEquals(
          "LexerNoViableAltException: x=${oc.decode:'{a:1}'}\n" + " ".repeat(47) + "^" + SEE,
          hydra("x=${oc.decode:'{a:1}'}"));
    }

    @Test
    void antlrErrorsWithAnException() {
      assertEquals(
          "no viable alternative at input '[1,'" + SEE, hydra("x=[1,"));
      assertEquals(
          "mismatched input '<EOF>' expecting {EQUAL, '~', '+', '@', KEY_SPECIAL, DOT_PATH, ID}" + SEE,
          hydra(""));
    }

    @Test
    void otherErrorsHaveAHeader() {
      assertEquals(
          "Error parsing override 'db@pkg1:pkg2=mysql'\nmissing EQUAL at ':'" + SEE,
          hydra("db@pkg1:pkg2=mysql"));
      assertEquals(
          "Error parsing override 'x='it''s''\nextraneous input ''s'' expecting <EOF>" + SEE,
          hydra("x='it''s'"));
      assertEquals(
          "Error parsing override 'x=int(abc)'\nValueError while evaluating 'int(abc)': invalid"
              + " literal for int() with base 10: 'abc'" + SEE,
          hydra("x=int(abc)"));
      assertEquals(
          "Error parsing override 'x=unknown_fn(1)'\nHydraException while evaluating"
              + " 'unknown_fn(1)': Unknown function 'unknown_fn'\nAvailable:"
              + " bool,choice,float,glob,int,interval,range,shuffle,sort,str,tag\n" + SEE,
          hydra("x=unknown_fn(1)"));
      assertEquals(
          "Error parsing override 'x=range(a,b)'\nTypeError while evaluating 'range(a,b)': mismatch"
              + " type argument start: str is incompatible with Union[int, float]" + SEE,
          hydra("x=range(a,b)"));
      assertEquals(
          "Error parsing override 'x=choice(choice(1,2))'\nValueError while evaluating"
              + " 'choice(choice(1,2))': nesting choices is not supported" + SEE,
          hydra("x=choice(choice(1,2))"));
      assertEquals(
          "Error parsing override 'x=tag(sweep=interval(0,1))'\nValueError while evaluating"
              + " 'tag(sweep=interval(0,1))': Not enough arguments to tag, must take at least a"
              + " sweep" + SEE,
          hydra("x=tag(sweep=interval(0,1))"));
      assertTrue(
          hydra("x=sort(1,a)")
              .contains("TypeError while evaluating 'sort(1,a)': '<' not supported between"
                  + " instances of 'str' and 'int'"));
    }

    @Test
    void whatHydraAcceptsParses() {
      for (String input :
          List.of("=1", "~", "x=range (1,3)", "x='${a.${b}}'", "x=range(1,2,0)", "x=a , b")) {
        assertEquals(Optional.empty(), ConfigOverride.hydraError(input), input);
      }
      assertTrue(ConfigOverride.hydraError("x=${a.${b}}").isPresent());
    }
  }
}
