package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Required values: a key without a default (a field without initialiser) or whose winning value is
 * Hydra's {@code ???}. Every key left without a value is listed in one problem.
 */
class RequiredValuesTest {
  private static final ConfigSchema SCHEMA =
      ConfigSchema.of(
          new ParamSpec("lr", ParamType.DOUBLE, "Learning rate.", 0, 10, "T.lr", true, List.of()),
          new ParamSpec("seed", ParamType.LONG, "", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "T.seed", true, List.of()),
          new ParamSpec("optimizer", ParamType.STRING, "", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "T.optimizer", false, List.of("sgd", "adam")),
          ParamSpec.of("name", ParamType.STRING, "", "T.name"),
          ParamSpec.of("epochs", ParamType.INT, "", "T.epochs"));

  private static Map<String, Object> defaults() {
    Map<String, Object> defaults = new HashMap<>(); // lr and seed are required: no default
    defaults.put("optimizer", "sgd");
    defaults.put("name", "run-${seed}");
    defaults.put("epochs", 10);
    return defaults;
  }

  private static ResolvedConfig resolve(boolean allowMissing, String yaml, String... overrides) throws ConfigException {
    List<ConfigOverride> parsed = new ArrayList<>();
    for (String text : overrides) {
      parsed.add(ConfigOverride.parse(text));
    }
    return ConfigResolver.resolve(
        SCHEMA,
        defaults(),
        Map.of(),
        List.of(YamlConfigReader.read("base.yaml", "epochs: 3\n"), YamlConfigReader.read("iris.yaml", yaml)),
        parsed,
        new ConfigResolver.Options(Map.of(), List.of("base.yaml", "iris.yaml"), allowMissing));
  }

  private static List<String> errors(String yaml, String... overrides) {
    ConfigException e = assertThrows(ConfigException.class, () -> resolve(false, yaml, overrides));
    return e.problems().stream().map(ConfigProblem::format).toList();
  }

  @Test
  void everyMissingKeyIsListedInOneProblemWithTypeHelpAndHowToSetIt() {
    assertEquals(
        List.of(
            "T: 3 required values are missing; set them on the command line (KEY=VALUE) or in iris.yaml:\n"
                + "  lr=...         double in [0.0, 10.0]: Learning rate.\n"
                + "  seed=...       long\n"
                + "  optimizer=...  String, one of sgd, adam; '???' at iris.yaml:1:12"),
        errors("optimizer: ???\n"));
  }

  @Test
  void questionMarksOnTheCommandLineMarkAValueAsMissingToo() {
    assertEquals(
        List.of(
            "T: 1 required value is missing; set it on the command line (KEY=VALUE) or in iris.yaml:\n"
                + "  epochs=...  int; '???' at override 'epochs=???'"),
        errors("lr: 0.1\nseed: 1\n", "epochs=???"));
  }

  @Test
  void aLaterSourceFillsAMissingValue() throws ConfigException {
    ResolvedConfig config = resolve(false, "lr: ???\nseed: ???\n", "lr=0.5", "seed=7");
    assertEquals(0.5, config.get("lr"));
    assertEquals(7L, config.get("seed"));
    assertEquals("run-7", config.get("name"));
  }

  @Test
  void aValueThatNeedsAMissingOneIsNotReportedSeparately() {
    // name is run-${seed}: only seed is listed.
    List<String> errors = errors("lr: 1\n");
    assertEquals(1, errors.size());
    assertEquals(
        "T: 1 required value is missing; set it on the command line (KEY=VALUE) or in iris.yaml:\n"
            + "  seed=...  long",
        errors.get(0));
  }

  @Test
  void otherProblemsAreListedBeforeTheMissingValues() {
    List<String> errors = errors("lr: 20\n");
    assertEquals(2, errors.size());
    assertEquals("iris.yaml:1:5: 'lr' = 20.0 is out of range [0.0, 10.0]", errors.get(0));
    assertEquals(
        "T: 1 required value is missing; set it on the command line (KEY=VALUE) or in iris.yaml:\n"
            + "  seed=...  long",
        errors.get(1));
  }

  @Test
  void forHelpMissingKeysAreLeftOut() throws ConfigException {
    ResolvedConfig config = resolve(true, "lr: 0.1\n");
    assertFalse(config.values().containsKey("seed"));
    assertFalse(config.values().containsKey("name")); // needs seed
    assertEquals(0.1, config.get("lr"));
  }
}
