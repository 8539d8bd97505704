package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hydra's override semantics in the resolver: {@code +}, {@code ++}, {@code ~}, dicts, sweeps. */
class OverrideApplicationTest {
  private final ConfigSchema schema =
      ConfigSchema.of(
          new ParamSpec("lr", ParamType.DOUBLE, "", 0, 10, "T.lr"),
          new ParamSpec("epochs", ParamType.INT, "", 1, 1000, "T.epochs"),
          ParamSpec.of("seed", ParamType.BOXED_LONG, "", "T.seed"),
          ParamSpec.of("sizes", ParamType.listOf(ParamType.BOXED_INT), "", "T.sizes"),
          ParamSpec.of("data.train", ParamType.PATH, "", "T.train"),
          ParamSpec.of("data.test", ParamType.PATH, "", "T.test"));

  private Map<String, Object> defaults() {
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("lr", 0.1);
    defaults.put("epochs", 10);
    defaults.put("seed", null);
    defaults.put("sizes", List.of(16));
    defaults.put("data.train", Path.of("train.csv"));
    defaults.put("data.test", Path.of("test.csv"));
    return defaults;
  }

  private ResolvedConfig resolve(String yaml, String... overrides) throws ConfigException {
    List<ConfigOverride> parsed = new ArrayList<>();
    for (String text : overrides) {
      parsed.add(ConfigOverride.parse(text));
    }
    List<Map<String, RawValue>> files =
        yaml.isEmpty() ? List.of() : List.of(YamlConfigReader.read("t.yaml", yaml));
    return ConfigResolver.resolve(schema, defaults(), Map.of(), files, parsed);
  }

  private List<String> problems(String yaml, String... overrides) {
    ConfigException e = assertThrows(ConfigException.class, () -> resolve(yaml, overrides));
    return e.problems().stream().map(ConfigProblem::format).toList();
  }

  @Test
  void plusOnAKeyWithAValueFailsWithHydrasMessage() {
    assertEquals(
        List.of(
            "override '+epochs=5': Could not append to config. An item is already at 'epochs'.\n"
                + "Either remove + prefix: 'epochs=5'\n"
                + "Or add a second + to add or override 'epochs': '++epochs=5'\n"
                + "  +epochs=5\n"
                + "   ^^^^^^"),
        problems("", "+epochs=5"));
  }

  @Test
  void plusSetsAKeyThatHasNoValueYet() throws ConfigException {
    assertEquals(7L, resolve("", "+seed=7").get("seed"));
    // Hydra adds where the current value is null; after that the key has one.
    assertEquals(1, problems("", "+seed=7", "+seed=8").size());
  }

  @Test
  void plusOfAnUnknownKeyIsAnUnknownKey() {
    assertEquals(
        List.of(
            "override '+sed=1': unknown key 'sed' (did you mean 'seed'?); '+' cannot add keys, as"
                + " an experiment's keys are its fields\n"
                + "  +sed=1\n"
                + "   ^^^"),
        problems("", "+sed=1"));
  }

  @Test
  void plusPlusAddsOrChanges() throws ConfigException {
    ResolvedConfig config = resolve("epochs: 20\n", "++epochs=5", "++seed=3");
    assertEquals(5, config.getInt("epochs"));
    assertEquals(3L, config.get("seed"));
    assertEquals(
        List.of("override '++epohcs=5': unknown key 'epohcs' (did you mean 'epochs'?)\n  ++epohcs=5\n    ^^^^^^"),
        problems("", "++epohcs=5"));
  }

  @Test
  void tildeResetsTheKeyToItsFieldDefault() throws ConfigException {
    ResolvedConfig config = resolve("lr: 0.5\nepochs: 20\n", "lr=0.3", "~lr", "~epochs");
    assertEquals(0.1, config.getDouble("lr"));
    assertEquals(new Origin.Default("T.lr"), config.origin("lr"));
    assertEquals(10, config.getInt("epochs"));
    // An override after the reset applies again.
    assertEquals(0.7, resolve("lr: 0.5\n", "~lr", "lr=0.7").getDouble("lr"));
  }

  @Test
  void tildeOfAGroupResetsEveryKeyBelowIt() throws ConfigException {
    ResolvedConfig config = resolve("data:\n  train: a.csv\n  test: b.csv\n", "~data");
    assertEquals(Path.of("train.csv"), config.getPath("data.train"));
    assertEquals(Path.of("test.csv"), config.getPath("data.test"));
  }

  @Test
  void tildeWithAValueResetsOnlyWhenTheValueMatches() throws ConfigException {
    assertEquals(0.1, resolve("lr: 0.5\n", "~lr=0.5").getDouble("lr"));
    assertEquals(0.1, resolve("lr: 0.5\n", "~lr='0.5'").getDouble("lr"));
    assertEquals(List.of(16), resolve("sizes: [1, 2]\n", "~sizes=[1,2]").getList("sizes"));
    assertEquals(
        List.of(
            "override '~lr=0.4': Could not delete from config. The value of 'lr' is 0.5 and not"
                + " 0.4.\n"
                + "  ~lr=0.4\n"
                + "      ^^^"),
        problems("lr: 0.5\n", "~lr=0.4"));
    assertEquals(
        List.of(
            "override '~epochs=abc': Could not delete from config. The value of 'epochs' is 10 and"
                + " not abc.\n"
                + "  ~epochs=abc\n"
                + "          ^^^"),
        problems("", "~epochs=abc"));
  }

  @Test
  void tildeOfAnUnknownKeyFailsWithHydrasMessage() {
    assertEquals(
        List.of(
            "override '~lrr': Could not delete from config. 'lrr' does not exist. (did you mean"
                + " 'lr'?)\n"
                + "  ~lrr\n"
                + "   ^^^"),
        problems("", "~lrr"));
    assertEquals(
        List.of("override '~nope': Could not delete from config. 'nope' does not exist.\n  ~nope\n   ^^^^"),
        problems("", "~nope"));
  }

  @Test
  void simpleSweepsAreAmbiguousWithoutMultirun() {
    assertEquals(
        List.of(
            "override 'lr=0.1,0.01': Ambiguous value for argument 'lr=0.1,0.01'\n"
                + "1. To use it as a list, use key=[value1,value2]\n"
                + "2. To use it as string, quote the value: key=\\'value1,value2\\'\n"
                + "3. To sweep over it, add --multirun to your command line\n"
                + "  lr=0.1,0.01\n"
                + "     ^^^^^^^^"),
        problems("", "lr=0.1,0.01"));
    // int(1,2) is a simple choice sweep too.
    assertEquals(1, problems("", "epochs=int(1,2)").size());
    assertEquals(
        "Ambiguous value for argument 'epochs=int(1,2)'",
        problems("", "epochs=int(1,2)").get(0).lines().findFirst().orElseThrow().substring(28));
  }

  @Test
  void otherSweepsRequireMultirun() {
    assertEquals(
        List.of(
            "override 'epochs=range(1,3)': Sweep parameters 'epochs=range(1,3)' requires --multirun\n"
                + "  epochs=range(1,3)\n"
                + "         ^^^^^^^^^^"),
        problems("", "epochs=range(1,3)"));
    for (String sweep : List.of("lr=choice(0.1,0.2)", "lr=interval(0,1)", "lr=tag(log,interval(0,1))", "lr=glob(*)")) {
      assertEquals(
          "override '" + sweep + "': Sweep parameters '" + sweep + "' requires --multirun",
          problems("", sweep).get(0).lines().findFirst().orElseThrow());
    }
  }

  @Test
  void dictsMergeIntoTheKeysBelowAGroup() throws ConfigException {
    ResolvedConfig config = resolve("data:\n  test: b.csv\n", "data={train: a.csv}");
    assertEquals(Path.of("a.csv"), config.getPath("data.train"));
    assertEquals(Path.of("b.csv"), config.getPath("data.test"));
    assertEquals(
        new Origin.InOverride("data={train: a.csv}", 13, 18), config.origin("data.train"));
  }

  @Test
  void aDictForAPlainKeyIsATypeError() {
    assertEquals(
        List.of(
            "override 'lr={a: 1}': 'lr' expects double, got a mapping; give a value, e.g. lr: 0.1\n"
                + "  lr={a: 1}\n"
                + "     ^^^^^^"),
        problems("", "lr={a: 1}"));
    assertEquals(
        List.of(
            "override 'data={tset: x}': unknown key 'data.tset' (did you mean 'data.test'?)\n"
                + "  data={tset: x}\n"
                + "              ^"),
        problems("", "data={tset: x}"));
  }

  @Test
  void groupPathsAndPackagesAreRefused() {
    assertEquals(
        List.of(
            "override 'hydra/launcher=basic': group paths (a/b=x) and packages (key@package=x) are"
                + " not supported; this experiment has no config groups; set a key by its dotted name, e.g."
                + " data.train=...\n"
                + "  hydra/launcher=basic\n"
                + "  ^^^^^^^^^^^^^^"),
        problems("", "hydra/launcher=basic"));
    assertEquals(
        "  lr@pkg=1\n  ^^^^^^",
        problems("", "lr@pkg=1").get(0).lines().skip(1).reduce((a, b) -> a + "\n" + b).orElseThrow());
  }

  @Test
  void aGroupsChoiceIsComposersNotTheResolvers() {
    // Composer takes optimizer=adam out of the overrides; the resolver alone refuses it rather than
    // set the key without the option's keys.
    ConfigSchema withGroup = ComposerTest.SCHEMA.select(Map.of("optimizer", "sgd"));
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("epochs", 10);
    defaults.put("model.width", 64);
    defaults.put("optimizer", "sgd");
    defaults.put("optimizer.lr", 0.1);
    defaults.put("optimizer.momentum", 0.9);
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigResolver.resolve(
                    withGroup, defaults, Map.of(), List.of(), List.of(ConfigOverride.parse("optimizer=adam"))));
    assertEquals(
        List.of(
            "override 'optimizer=adam': 'optimizer' is a config group: its option is chosen while the config is"
                + " composed (Composer), not by the resolver\n"
                + "  optimizer=adam\n"
                + "  ^^^^^^^^^"),
        e.problems().stream().map(ConfigProblem::format).toList());
  }

  @Test
  void everyOverrideProblemIsReportedAtOnce() {
    assertEquals(4, problems("", "+epochs=5", "~nope", "lr=1,2", "seed=x").size());
  }

  @Test
  void nullsWhereAllowed() throws ConfigException {
    assertNull(resolve("", "seed=7", "seed=null").get("seed"));
  }
}
