package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class YamlConfigReaderTest {

  private static Map<String, RawValue> read(String text) throws ConfigException {
    return YamlConfigReader.read("iris.yaml", text);
  }

  private static Object value(String yamlValue) throws ConfigException {
    return read("x: " + yamlValue + "\n").get("x").value();
  }

  private static List<String> errors(String text) {
    ConfigException e = assertThrows(ConfigException.class, () -> read(text));
    List<String> formatted = new ArrayList<>();
    for (ConfigProblem problem : e.problems()) {
      formatted.add(problem.format());
    }
    return formatted;
  }

  private static Origin.InFile at(int line, int column) {
    return new Origin.InFile("iris.yaml", line, column);
  }

  @Nested
  class Structure {
    @Test
    void nestedMappingsBecomeDottedKeysInDocumentOrder() throws ConfigException {
      Map<String, RawValue> values =
          read("epochs: 10\noptimizer:\n  lr: 0.1\n  betas:\n    b1: 0.9\nseed: 7\n");

      assertEquals(List.of("epochs", "optimizer.lr", "optimizer.betas.b1", "seed"), List.copyOf(values.keySet()));
      assertEquals(new RawValue(10L, at(1, 9)), values.get("epochs"));
      assertEquals(new RawValue(0.1, at(3, 7)), values.get("optimizer.lr"));
      assertEquals(new RawValue(0.9, at(5, 9)), values.get("optimizer.betas.b1"));
    }

    @Test
    void flowMappingsFlattenToo() throws ConfigException {
      Map<String, RawValue> values = read("optimizer: {lr: 1, momentum: 0.5}\n");

      assertEquals(new RawValue(1L, at(1, 17)), values.get("optimizer.lr"));
      assertEquals(new RawValue(0.5, at(1, 30)), values.get("optimizer.momentum"));
    }

    @Test
    void dottedKeysMayBeWrittenDirectly() throws ConfigException {
      assertEquals(2L, read("optimizer.lr: 2\n").get("optimizer.lr").value());
    }

    @Test
    void sameKeyNestedAndDottedIsAnError() {
      assertEquals(
          List.of("iris.yaml:3:15: 'optimizer.lr' is set twice (first at line 2); remove one of them"),
          errors("optimizer:\n  lr: 1\noptimizer.lr: 2\n"));
    }

    @Test
    void listsKeepAnOriginPerElement() throws ConfigException {
      RawValue sizes = read("sizes:\n  - 16\n  - 32\n").get("sizes");

      assertEquals(at(2, 3), sizes.origin());
      assertEquals(List.of(new RawValue(16L, at(2, 5)), new RawValue(32L, at(3, 5))), sizes.value());
    }

    @Test
    void nestedListsAreListsOfLists() throws ConfigException {
      RawValue grid = read("grid: [[1, 2], [a]]\n").get("grid");

      assertEquals(
          List.of(
              new RawValue(List.of(new RawValue(1L, at(1, 9)), new RawValue(2L, at(1, 12))), at(1, 8)),
              new RawValue(List.of(new RawValue("a", at(1, 17))), at(1, 16))),
          grid.value());
    }

    @Test
    void listsOfMappingsAreRefusedAtEachMapping() {
      assertEquals(
          List.of(
              "iris.yaml:2:5: lists of mappings are not supported; use a list of plain values, or"
                  + " separate keys",
              "iris.yaml:3:5: lists of mappings are not supported; use a list of plain values, or"
                  + " separate keys"),
          errors("layers:\n  - {units: 10}\n  - units: 20\n"));
    }

    @Test
    void emptyMappingIsKeptAsAnEmptyMapValue() throws ConfigException {
      RawValue opt = read("opt: {}\n").get("opt");

      assertEquals(new RawValue(Map.of(), at(1, 6)), opt);
    }

    @Test
    void emptyValueIsNull() throws ConfigException {
      Map<String, RawValue> values = read("a:\nb: 1\n");

      assertEquals(new RawValue(null, at(1, 3)), values.get("a"));
    }

    @Test
    void emptyDocumentsAreEmptyConfigs() throws ConfigException {
      assertEquals(Map.of(), read(""));
      assertEquals(Map.of(), read("# nothing yet\n"));
      assertEquals(Map.of(), read("---\n"));
      assertEquals(Map.of(), read("~\n"));
    }

    @Test
    void theTopLevelMustBeAMapping() {
      assertEquals(
          List.of(
              "iris.yaml:1:1: a config file must be a mapping of keys to values (lines like 'lr:"
                  + " 0.1'), not a list"),
          errors("- 1\n- 2\n"));
      assertEquals(
          List.of(
              "iris.yaml:1:1: a config file must be a mapping of keys to values (lines like 'lr:"
                  + " 0.1'), not a single value"),
          errors("just text\n"));
    }

    @Test
    void aSecondDocumentIsAnError() {
      assertEquals(
          List.of(
              "iris.yaml:2:1: a config file must hold one YAML document, but a second one starts"
                  + " here; remove the '---' line and what follows, or move it to its own file"),
          errors("a: 1\n---\nb: 2\n"));
    }

    @Test
    void aLeadingDocumentMarkerIsFine() throws ConfigException {
      assertEquals(1L, read("---\na: 1\n...\n").get("a").value());
    }

    @Test
    void duplicateKeysAreRefusedWithBothLines() {
      assertEquals(
          List.of("iris.yaml:3:1: duplicate key 'lr' (first set at line 1); remove one of them"),
          errors("lr: 0.1\nepochs: 3\nlr: 0.2\n"));
      assertEquals(
          List.of("iris.yaml:1:9: duplicate key 'a' (first set at line 1); remove one of them"),
          errors("{a: 1,  a: 2}"));
    }

    @Test
    void keysMustBeScalars() {
      assertEquals(
          List.of("iris.yaml:1:3: keys must be plain names, not lists or mappings"),
          errors("? [a, b]\n: 1\n"));
    }

    @Test
    void mergeKeysApplyShallowlyAndExplicitKeysWin() throws ConfigException {
      Map<String, RawValue> values =
          read(
              "base: &base\n  lr: 0.1\n  opt: {m: 0.9, n: 1}\n"
                  + "run:\n  <<: *base\n  lr: 0.5\n  opt: {m: 0.1}\n");

      assertEquals(
          List.of("base.lr", "base.opt.m", "base.opt.n", "run.lr", "run.opt.m"),
          List.copyOf(values.keySet()));
      assertEquals(new RawValue(0.5, at(6, 7)), values.get("run.lr"));
      assertEquals(new RawValue(0.1, at(7, 12)), values.get("run.opt.m"));
    }

    @Test
    void mergeKeysTakeAListWhereEarlierMappingsWin() throws ConfigException {
      Map<String, RawValue> values =
          read("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n");

      assertEquals(1L, values.get("c.x").value());
      assertEquals(1L, values.get("c.y").value());
      assertEquals(2L, values.get("c.z").value());
      assertEquals(at(1, 17), values.get("c.y").origin()); // where the winning value is written
    }

    @Test
    void aliasesOfScalarsAndListsResolve() throws ConfigException {
      Map<String, RawValue> values = read("a: &n 5\nb: *n\nl: &l [1]\nm: *l\n");

      assertEquals(new RawValue(5L, at(1, 4)), values.get("b"));
      assertEquals(values.get("l"), values.get("m"));
    }

    @Test
    void recursiveAliasesAreRefused() {
      assertEquals(
          List.of(
              "iris.yaml:1:4: the anchor '&x' is used inside itself (a recursive alias); remove"
                  + " that alias"),
          errors("a: &x [1, *x]\n"));
      assertEquals(
          List.of(
              "iris.yaml:1:4: the anchor '&m' is used inside itself (a recursive alias); remove"
                  + " that alias"),
          errors("a: &m\n  b: *m\n"));
    }
  }

  @Nested
  class Typing {
    static Stream<Arguments> omegaConfTyping() {
      return Stream.of(
          // OmegaConf's float fix: exponents without a dot are floats (PyYAML/SnakeYAML: strings).
          Arguments.of("1e-3", 0.001),
          Arguments.of("1E5", 100000.0),
          Arguments.of("-2e+2", -200.0),
          Arguments.of("1e400", Double.POSITIVE_INFINITY),
          Arguments.of("1.5", 1.5),
          Arguments.of("1.", 1.0),
          Arguments.of(".5", 0.5),
          Arguments.of("1_000.5", 1000.5),
          Arguments.of(".inf", Double.POSITIVE_INFINITY),
          Arguments.of("-.inf", Double.NEGATIVE_INFINITY),
          Arguments.of("+.INF", Double.POSITIVE_INFINITY),
          Arguments.of(".nan", Double.NaN),
          Arguments.of(".NaN", Double.NaN),
          Arguments.of("1:30.5", 90.5),
          // YAML 1.1 integers.
          Arguments.of("42", 42L),
          Arguments.of("-7", -7L),
          Arguments.of("+7", 7L),
          Arguments.of("1_000", 1000L),
          Arguments.of("0x10", 16L),
          Arguments.of("0b101", 5L),
          Arguments.of("010", 8L),
          Arguments.of("1:30", 90L),
          Arguments.of("9223372036854775807", Long.MAX_VALUE),
          Arguments.of("9223372036854775808", new BigInteger("9223372036854775808")),
          Arguments.of("-123456789012345678901234567890", new BigInteger("-123456789012345678901234567890")),
          // YAML 1.1 booleans (only these spellings).
          Arguments.of("yes", true),
          Arguments.of("No", false),
          Arguments.of("ON", true),
          Arguments.of("off", false),
          Arguments.of("True", true),
          Arguments.of("FALSE", false),
          // Null.
          Arguments.of("~", null),
          Arguments.of("null", null),
          Arguments.of("NULL", null),
          // Strings: everything else, and everything quoted.
          Arguments.of("tRUE", "tRUE"),
          Arguments.of("y", "y"),
          Arguments.of("-.5", "-.5"),
          Arguments.of("08", "08"),
          Arguments.of("1.2.3", "1.2.3"),
          Arguments.of("2024-01-31", "2024-01-31"),
          Arguments.of("inf", "inf"),
          Arguments.of("hello world", "hello world"),
          Arguments.of("${model.lr}", "${model.lr}"),
          Arguments.of("'1'", "1"),
          Arguments.of("\"yes\"", "yes"),
          Arguments.of("'~'", "~"),
          // Explicit core tags.
          Arguments.of("!!str 1", "1"),
          Arguments.of("!!str yes", "yes"),
          Arguments.of("!!int '12'", 12L),
          Arguments.of("!!float 1", 1.0),
          Arguments.of("!!bool 'on'", true),
          Arguments.of("!!null ''", null),
          Arguments.of("! 12", 12L));
    }

    @ParameterizedTest(name = "x: {0}")
    @MethodSource("omegaConfTyping")
    void scalarsAreTypedAsOmegaConfTypesThem(String yaml, Object expected) throws ConfigException {
      Object actual = value(yaml);
      assertEquals(expected, actual);
      if (expected != null) {
        assertInstanceOf(expected.getClass(), actual);
      }
    }

    @Test
    void blockScalarsAreStrings() throws ConfigException {
      assertEquals("12\n", value("|\n  12\n"));
    }

    @Test
    void taggedValuesThatDoNotFitTheirTagAreErrors() {
      assertEquals(
          List.of("iris.yaml:1:4: 'abc' is not an integer, as its tag !!int says"),
          errors("x: !!int abc\n"));
      assertEquals(
          List.of(
              "iris.yaml:1:4: 'maybe' is not a boolean (!!bool takes true/false/yes/no/on/off)"),
          errors("x: !!bool maybe\n"));
      assertEquals(
          List.of("iris.yaml:1:4: the tag '!!map' does not fit a value; remove it"),
          errors("x: !!map abc\n"));
    }
  }

  @Nested
  class Safety {
    @Test
    void pythonAndLocalTagsAreRefusedAtTheirNodes() {
      assertEquals(
          List.of(
              "iris.yaml:1:7: tags are not allowed: remove '!!python/object/apply:os.system'"
                  + " (config files hold plain values; only YAML's !!str, !!int, !!float, !!bool,"
                  + " !!null, !!seq and !!map may be used)",
              "iris.yaml:2:7: tags are not allowed: remove '!foo' (config files hold plain"
                  + " values; only YAML's !!str, !!int, !!float, !!bool, !!null, !!seq and !!map"
                  + " may be used)",
              "iris.yaml:3:6: tags are not allowed: remove '!!set' (config files hold plain"
                  + " values; only YAML's !!str, !!int, !!float, !!bool, !!null, !!seq and !!map"
                  + " may be used)"),
          errors(
              "evil: !!python/object/apply:os.system [rm -rf /]\n"
                  + "odd:  !foo bar\n"
                  + "set: !!set {a, b}\n"));
    }

    @Test
    void tagsOnKeysAndListElementsAreRefusedToo() {
      List<String> errors = errors("!!python/name:os.system : 1\nl: [1, !!binary aGk=]\n");

      assertEquals(2, errors.size());
      assertTrue(errors.get(0).startsWith("iris.yaml:1:1: tags are not allowed: remove '!!python/name:os.system'"), errors.get(0));
      assertTrue(errors.get(1).startsWith("iris.yaml:2:8: tags are not allowed: remove '!!binary'"), errors.get(1));
    }

    @Test
    void billionLaughsIsStoppedByTheAliasLimit() {
      StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
      String previous = "a";
      for (String name : List.of("b", "c", "d", "e", "f", "g", "h", "i")) {
        yaml.append(name).append(": &").append(name).append(" [");
        yaml.append(String.join(", ", java.util.Collections.nCopies(9, "*" + previous)));
        yaml.append("]\n");
        previous = name;
      }

      List<String> errors = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> errors(yaml.toString()));

      // The 51st alias is the 6th one on line 7 ("g: &g [*f, *f, ...").
      assertEquals(
          List.of(
              "iris.yaml:7:28: more than 50 aliases refer to lists or mappings, the limit that"
                  + " stops 'billion laughs' documents; write the values out instead"),
          errors);
    }

    @Test
    void aDoublingAliasBombUnderTheAliasLimitIsStoppedByTheExpansionLimit() {
      // 30 levels, 2 aliases each: 60 aliases would be refused, so use 24 (48 aliases): 2^24 leaves.
      StringBuilder yaml = new StringBuilder("l0: &l0 [x, x]\n");
      for (int i = 1; i <= 24; i++) {
        yaml.append("l").append(i).append(": &l").append(i)
            .append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
      }

      List<String> errors = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> errors(yaml.toString()));

      assertEquals(1, errors.size());
      assertTrue(
          errors.get(0).matches("iris\\.yaml:\\d+:\\d+: aliases expand to more than 100000 values"
              + " \\(an alias bomb\\?\\); write the values out instead of aliasing aliases"),
          errors.get(0));
    }

    @Test
    void deepNestingIsRefused() {
      String lists = "a: " + "[".repeat(60) + "]".repeat(60) + "\n";
      StringBuilder maps = new StringBuilder();
      for (int i = 0; i < 60; i++) {
        maps.append("  ".repeat(i)).append("k").append(i).append(":\n");
      }
      maps.append("  ".repeat(60)).append("v: 1\n");

      assertEquals(
          List.of(
              "iris.yaml:1:54: the document nests deeper than 50 levels; flatten it (dotted keys"
                  + " like 'a.b.c: 1' work too)"),
          errors(lists));
      assertEquals(1, errors(maps.toString()).size());
      assertTrue(errors(maps.toString()).get(0).contains("nests deeper than 50 levels"));
    }

    @Test
    void nestingJustUnderTheLimitIsFine() throws ConfigException {
      assertEquals(1, read("a: " + "[".repeat(40) + "]".repeat(40) + "\n").size());
    }

    @Test
    void filesOverAMillionCharactersAreRefused() {
      String big = "a: '" + "x".repeat(1_000_000) + "'\n";

      assertEquals(
          List.of(
              "iris.yaml:1:1000001: the file is longer than 1000000 characters, the limit for a"
                  + " config file; split it or shorten it"),
          errors(big));
    }
  }

  @Nested
  class SyntaxErrors {
    @Test
    void syntaxErrorsPointAtTheProblemWithoutJavaNames() {
      assertEquals(
          List.of(
              "iris.yaml:2:10: invalid YAML: mapping values are not allowed here; check the"
                  + " indentation, or quote a value that contains ': '"),
          errors("lr: 0.1\nepochs: a: b\n"));
    }

    @Test
    void unclosedQuoteNamesWhereItStarted() {
      assertEquals(
          List.of(
              "iris.yaml:2:1: invalid YAML: found unexpected end of stream (while scanning a"
                  + " quoted scalar that started at line 1, column 7); close the open quote or"
                  + " bracket"),
          errors("name: 'iris\n"));
    }

    @Test
    void tabsForIndentationSaySo() {
      List<String> errors = errors("a:\n\tb: 1\n");

      assertEquals(
          List.of(
              "iris.yaml:2:1: invalid YAML: found a tab, which YAML does not allow for"
                  + " indentation; indent with spaces"),
          errors);
    }

    @Test
    void undefinedAliasSaysHowToFixIt() {
      assertEquals(
          List.of(
              "iris.yaml:1:4: invalid YAML: found undefined alias nope; define the anchor (&name)"
                  + " before the alias (*name) uses it"),
          errors("a: *nope\n"));
    }

    @Test
    void forbiddenCharactersArePositioned() {
      assertEquals(
          List.of("iris.yaml:2:4: the character U+0007 is not allowed in YAML; remove it"),
          errors("a: 1\nb: \u0007\n"));
    }
  }
}
