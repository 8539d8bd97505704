package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code @Hyperparam(choices)}: a String key takes only its listed values, checked in every source. */
class ChoicesTest {
  private static final ParamSpec OPTIMIZER =
      new ParamSpec(
          "optimizer",
          ParamType.STRING,
          "",
          Double.NEGATIVE_INFINITY,
          Double.POSITIVE_INFINITY,
          "T.optimizer",
          false,
          List.of("sgd", "adam", "rmsprop"));
  private static final ConfigSchema SCHEMA =
      ConfigSchema.of(OPTIMIZER, ParamSpec.of("other", ParamType.STRING, "", "T.other"));

  private static List<String> errors(Object defaultValue, String yaml, String... overrides) {
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("optimizer", defaultValue);
    defaults.put("other", "x");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigResolver.resolve(
                    SCHEMA,
                    defaults,
                    Map.of(),
                    List.of(YamlConfigReader.read("t.yaml", yaml)),
                    overrides.length == 0 ? List.of() : List.of(ConfigOverride.parse(overrides[0]))));
    return e.problems().stream().map(ConfigProblem::format).toList();
  }

  @Test
  void aValueNotAmongTheChoicesIsAnErrorWithDidYouMean() {
    assertEquals(
        List.of(
            "t.yaml:1:12: 'optimizer' expects one of sgd, adam, rmsprop, got 'adma' (did you mean 'adam'?)",
            "override 'optimizer=momentum': 'optimizer' expects one of sgd, adam, rmsprop, got 'momentum'\n"
                + "  optimizer=momentum\n"
                + "            ^^^^^^^^"),
        errors("sgd", "optimizer: adma\n", "optimizer=momentum"));
  }

  @Test
  void theCheckerReportsTheSameForAFileAsJavacWould() throws ConfigException {
    assertEquals(
        List.of("t.yaml:1:12: 'optimizer' expects one of sgd, adam, rmsprop, got 'adma' (did you mean 'adam'?)"),
        ConfigChecker.check(SCHEMA, YamlConfigReader.read("t.yaml", "optimizer: adma\nother: y\n")).stream()
            .map(ConfigProblem::format)
            .toList());
  }

  @Test
  void nullIsNotAChoiceButOtherKeysStayNullable() {
    assertEquals(
        List.of("t.yaml:1:12: 'optimizer' expects one of sgd, adam, rmsprop, got null"),
        errors("sgd", "optimizer: null\nother: null\n"));
  }

  @Test
  void aDefaultIsCheckedToo() {
    assertEquals(
        List.of(
            "T.optimizer (default): 'optimizer' expects one of sgd, adam, rmsprop, got 'lbfgs'; change the"
                + " initial value or the choices"),
        errors("lbfgs", "{}\n"));
    assertEquals(
        List.of(
            "T.optimizer (default): 'optimizer' expects one of sgd, adam, rmsprop, got null; give the field"
                + " an initial value, or set it in a config file or on the command line (optimizer=...)"),
        errors(null, "{}\n"));
  }

  @Test
  void aValidChoiceFromAnyPlaceWins() throws ConfigException {
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("optimizer", null); // overridden, so no problem
    defaults.put("other", "x");
    ResolvedConfig config =
        ConfigResolver.resolve(
            SCHEMA,
            defaults,
            Map.of(),
            List.of(YamlConfigReader.read("t.yaml", "other: adam\noptimizer: ${other}\n")),
            List.of());
    assertEquals("adam", config.get("optimizer"));
  }
}
