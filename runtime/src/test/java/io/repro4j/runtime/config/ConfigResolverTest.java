package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigResolverTest {
  private static final ParamType OPTIMIZER = ParamType.enumType("Optimizer", List.of("ADAM", "SGD"));

  private final ConfigSchema schema =
      ConfigSchema.of(
          new ParamSpec("lr", ParamType.DOUBLE, "learning rate", 0, 10, "IrisTrainer.lr"),
          new ParamSpec("epochs", ParamType.INT, "", 1, 1000, "IrisTrainer.epochs"),
          ParamSpec.of("optimizer", OPTIMIZER, "", "IrisTrainer.optimizer"),
          new ParamSpec(
              "sizes", ParamType.listOf(ParamType.BOXED_INT), "", 1, 512, "IrisTrainer.sizes"),
          ParamSpec.of("data.train", ParamType.PATH, "", "IrisTrainer.train"));

  private Map<String, Object> defaults() {
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("lr", 0.1);
    defaults.put("epochs", 10);
    defaults.put("optimizer", "ADAM");
    defaults.put("sizes", List.of(16, 16));
    defaults.put("data.train", Path.of("data/train.csv"));
    return defaults;
  }

  private static Map<String, RawValue> yaml(String name, String text) throws ConfigException {
    return YamlConfigReader.read(name, text);
  }

  private static List<ConfigOverride> overrides(String... texts) throws ConfigException {
    List<ConfigOverride> parsed = new ArrayList<>();
    for (String text : texts) {
      parsed.add(ConfigOverride.parse(text));
    }
    return parsed;
  }

  private ResolvedConfig resolve(
      Map<String, Object> defaults, List<Map<String, RawValue>> files, List<ConfigOverride> overrides)
      throws ConfigException {
    return ConfigResolver.resolve(schema, defaults, Map.of(), files, overrides);
  }

  @Test
  void defaultsAloneResolveWithDefaultOrigins() throws ConfigException {
    ResolvedConfig config = resolve(defaults(), List.of(), List.of());

    assertEquals(
        List.of("lr", "epochs", "optimizer", "sizes", "data.train"),
        List.copyOf(config.values().keySet()));
    assertEquals(0.1, config.getDouble("lr"));
    assertEquals(10, config.getInt("epochs"));
    assertEquals("ADAM", config.getString("optimizer"));
    assertEquals(Path.of("data/train.csv"), config.getPath("data.train"));
    assertEquals(new Origin.Default("IrisTrainer.lr"), config.origin("lr"));
  }

  @Test
  void explicitDefaultOriginsAreUsed() throws ConfigException {
    Origin dataset = new Origin.Default("@Dataset(path) of IrisTrainer.train");

    ResolvedConfig config =
        ConfigResolver.resolve(
            schema, defaults(), Map.of("data.train", dataset), List.of(), List.of());

    assertEquals(dataset, config.origin("data.train"));
  }

  @Test
  void filesOverrideDefaultsInOrderAndOverridesComeLast() throws ConfigException {
    Map<String, RawValue> base = yaml("base.yaml", "lr: 0.5\nepochs: 20\nsizes: [32, 64, 128]\n");
    Map<String, RawValue> fast = yaml("fast.yaml", "epochs: 5\noptimizer: SGD\n");

    ResolvedConfig config =
        resolve(defaults(), List.of(base, fast), overrides("lr=0.01", "sizes=[8]", "lr=0.02"));

    assertEquals(0.02, config.getDouble("lr"));
    assertEquals(Origin.InOverride.class, config.origin("lr").getClass());
    assertEquals("lr=0.02", ((Origin.InOverride) config.origin("lr")).text());
    assertEquals(5, config.getInt("epochs"));
    assertEquals(new Origin.InFile("fast.yaml", 1, 9), config.origin("epochs"));
    assertEquals("SGD", config.getString("optimizer"));
    // Lists are replaced, not merged.
    assertEquals(List.of(8), config.getList("sizes"));
    assertEquals(new Origin.InOverride("sizes=[8]", 6, 9), config.origin("sizes"));
    assertEquals(new Origin.Default("IrisTrainer.train"), config.origin("data.train"));
  }

  @Test
  void everyProblemOfEverySourceIsReportedAtOnce() throws ConfigException {
    Map<String, Object> defaults = defaults();
    defaults.put("lr", 20.0);
    Map<String, RawValue> base = yaml("base.yaml", "lr: 0.5\nepocsh: 20\nsizes: [32, 0, 1024]\n");
    Map<String, RawValue> fast = yaml("fast.yaml", "optimizer: adam\ndata:\n  train: 7\n");

    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                resolve(
                    defaults,
                    List.of(base, fast),
                    overrides("lrr=0.1", "epochs=1.5", "lr=0.01", "sizes=[1, x]")));

    List<String> formatted = e.problems().stream().map(ConfigProblem::format).toList();
    assertEquals(
        List.of(
            "IrisTrainer.lr (default): 'lr' = 20.0 is out of range [0.0, 10.0]; change the initial"
                + " value or the declared range",
            "base.yaml:2:9: unknown key 'epocsh' (did you mean 'epochs'?)",
            "base.yaml:3:13: 'sizes[1]' = 0 is out of range [1, 512]",
            "base.yaml:3:16: 'sizes[2]' = 1024 is out of range [1, 512]",
            "fast.yaml:1:12: 'optimizer' expects Optimizer (one of ADAM, SGD), got 'adam' (did you"
                + " mean 'ADAM'?)",
            "fast.yaml:3:10: 'data.train' expects Path, got 7 (an int)",
            "override 'lrr=0.1': unknown key 'lrr' (did you mean 'lr'?)\n  lrr=0.1\n  ^^^",
            "override 'epochs=1.5': 'epochs' expects int, got 1.5 (a float)\n"
                + "  epochs=1.5\n"
                + "         ^^^",
            "override 'sizes=[1, x]': 'sizes[1]' expects Integer, got 'x' (a string)\n"
                + "  sizes=[1, x]\n"
                + "            ^"),
        formatted);
    assertTrue(e.getMessage().startsWith("9 config errors\nIrisTrainer.lr (default): "));
  }

  @Test
  void aLaterSourceDoesNotHideAnEarlierProblem() throws ConfigException {
    Map<String, RawValue> base = yaml("base.yaml", "epochs: many\n");

    ConfigException e =
        assertThrows(
            ConfigException.class, () -> resolve(defaults(), List.of(base), overrides("epochs=3")));

    assertEquals(
        List.of("base.yaml:1:9: 'epochs' expects int, got 'many' (a string)"),
        e.problems().stream().map(ConfigProblem::format).toList());
  }

  @Test
  void defaultListsAreRangeCheckedElementwise() {
    Map<String, Object> defaults = defaults();
    defaults.put("sizes", List.of(16, 0));

    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(defaults, List.of(), List.of()));

    assertEquals(
        List.of(
            new ConfigProblem(
                new Origin.Default("IrisTrainer.sizes"),
                "sizes[1]",
                "'sizes[1]' = 0 is out of range [1, 512]; change the initial value or the declared"
                    + " range")),
        e.problems());
  }

  @Test
  void nullDefaultsAreValuesOfNullableKeys() throws ConfigException {
    Map<String, Object> defaults = defaults();
    defaults.put("optimizer", null);

    ResolvedConfig config = resolve(defaults, List.of(), List.of());

    assertEquals(null, config.get("optimizer"));
    assertTrue(config.values().containsKey("optimizer"));
  }

  @Test
  void aKeyWithoutAnyValueIsReported() throws ConfigException {
    Map<String, Object> defaults = defaults();
    defaults.remove("data.train");

    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(defaults, List.of(), List.of()));
    assertEquals(
        List.of(
            "IrisTrainer: 1 required value is missing; set it on the command line (KEY=VALUE):\n"
                + "  data.train=...  Path"),
        e.problems().stream().map(ConfigProblem::format).toList());

    ResolvedConfig config =
        resolve(defaults, List.of(), overrides("data.train=/tmp/train.csv"));
    assertEquals(Path.of("/tmp/train.csv"), config.getPath("data.train"));
  }

  @Test
  void defaultsOfTheWrongJavaTypeAreABugInTheGeneratedCode() {
    Map<String, Object> defaults = defaults();
    defaults.put("epochs", 10L);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> resolve(defaults, List.of(), List.of()));
    assertEquals(
        "default of 'epochs' (IrisTrainer.epochs) is 10, but int needs an Integer", e.getMessage());
  }

  @Test
  void resolvedValuesAreInSchemaOrderWhateverTheSourceOrder() throws ConfigException {
    Map<String, RawValue> file = new LinkedHashMap<>(yaml("a.yaml", "sizes: []\nlr: 1\n"));

    ResolvedConfig config = resolve(defaults(), List.of(file), List.of());

    assertEquals(
        List.of("lr", "epochs", "optimizer", "sizes", "data.train"),
        List.copyOf(config.values().keySet()));
    assertEquals(1.0, config.getDouble("lr"));
    assertEquals(List.of(), config.getList("sizes"));
  }
}
