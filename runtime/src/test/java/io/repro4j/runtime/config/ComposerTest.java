package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Composition with config groups, defaults lists and nested keys, on an experiment like the Iris
 * sample: {@code lr}, nested {@code model.width}, and group {@code optimizer} with options sgd
 * (lr, momentum) and adam (lr, beta1).
 */
class ComposerTest {
  static final ConfigSchema SCHEMA =
      ConfigSchema.of(
          List.of(
              new ParamSpec("epochs", ParamType.INT, "", 1, 1000, "T.epochs"),
              new ParamSpec("model.width", ParamType.INT, "", 1, 1024, "Model.width"),
              ParamSpec.of("optimizer", ParamType.group("Optimizer", List.of("sgd", "adam")), "", "T.optimizer")),
          List.of(
              new ConfigGroup(
                  "optimizer",
                  List.of(
                      new ConfigGroup.Option(
                          "sgd",
                          List.of(
                              new ParamSpec("optimizer.lr", ParamType.DOUBLE, "", 0, 10, "Sgd.lr"),
                              ParamSpec.of("optimizer.momentum", ParamType.DOUBLE, "", "Sgd.momentum"))),
                      new ConfigGroup.Option(
                          "adam",
                          List.of(
                              new ParamSpec("optimizer.lr", ParamType.DOUBLE, "", 0, 10, "Adam.lr"),
                              ParamSpec.of("optimizer.beta1", ParamType.DOUBLE, "", "Adam.beta1")))))));

  private final Map<String, String> files = new LinkedHashMap<>();

  /** The field initialisers: {@code new Sgd(0.1, 0.9)}. */
  private static Map<String, Object> defaults() {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("epochs", 10);
    defaults.put("model.width", 64);
    defaults.put("optimizer", "sgd");
    defaults.put("optimizer.lr", 0.1);
    defaults.put("optimizer.momentum", 0.9);
    return defaults;
  }

  private Composer composer(String... configResources) {
    return new Composer(SCHEMA, List.of(configResources), name -> Optional.ofNullable(files.get(name)), "p.T");
  }

  private ResolvedConfig compose(List<String> resources, String... overrides) throws ConfigException {
    return compose(defaults(), resources, overrides);
  }

  private ResolvedConfig compose(Map<String, Object> defaults, List<String> resources, String... overrides)
      throws ConfigException {
    List<ConfigOverride> parsed = new ArrayList<>();
    for (String text : overrides) {
      parsed.add(ConfigOverride.parse(text));
    }
    return composer(resources.toArray(String[]::new)).compose(defaults, Map.of(), parsed);
  }

  private static String formatted(ConfigException e) {
    return e.problems().stream().map(ConfigProblem::format).collect(Collectors.joining("\n"));
  }

  @Test
  void theFieldsOptionAndValuesAreTheDefault() throws ConfigException {
    ResolvedConfig config = compose(List.of());
    assertEquals(
        List.of("epochs", "model.width", "optimizer", "optimizer.lr", "optimizer.momentum"),
        List.copyOf(config.values().keySet()));
    assertEquals("sgd", config.get("optimizer"));
    assertEquals(0.9, config.get("optimizer.momentum"));
    assertEquals(new Origin.Default("Sgd.momentum"), config.origin("optimizer.momentum"));
  }

  @Test
  void selfLastMeansThePrimaryFileBeatsTheOptionFileAndOverridesBeatBoth() throws ConfigException {
    files.put("iris.yaml", "defaults:\n  - optimizer: adam\nepochs: 5\noptimizer:\n  lr: 0.5\n");
    files.put("conf/optimizer/adam.yaml", "lr: 0.01\nbeta1: 0.8\n");

    ResolvedConfig config = compose(List.of("iris.yaml"));
    assertEquals("adam", config.get("optimizer"));
    assertEquals(0.5, config.get("optimizer.lr"), "the primary file is merged after the option (no _self_)");
    assertEquals(0.8, config.get("optimizer.beta1"));
    assertEquals(new Origin.InFile("conf/optimizer/adam.yaml", 2, 8), config.origin("optimizer.beta1"));
    assertEquals(new Origin.InFile("iris.yaml", 2, 16), config.origin("optimizer"));
    assertEquals(false, config.values().containsKey("optimizer.momentum"), "sgd's keys are gone");

    ResolvedConfig overridden = compose(List.of("iris.yaml"), "optimizer.lr=0.02");
    assertEquals(0.02, overridden.get("optimizer.lr"));
  }

  @Test
  void selfFirstMeansTheOptionFileBeatsThePrimaryFile() throws ConfigException {
    files.put("iris.yaml", "defaults:\n  - _self_\n  - optimizer: adam\noptimizer:\n  lr: 0.5\n  beta1: 0.7\n");
    files.put("conf/optimizer/adam.yaml", "lr: 0.01\n");

    ResolvedConfig config = compose(List.of("iris.yaml"));
    assertEquals(0.01, config.get("optimizer.lr"));
    assertEquals(0.7, config.get("optimizer.beta1"), "keys the option file leaves out stay the file's");
  }

  @Test
  void theCommandLineChoosesAnotherOptionAndTheFieldsValuesNoLongerApply() throws ConfigException {
    files.put("conf/optimizer/adam.yaml", "lr: 0.001\nbeta1: 0.9\n");
    ResolvedConfig config = compose(List.of(), "optimizer=adam", "optimizer.beta1=0.95");
    assertEquals("adam", config.get("optimizer"));
    assertEquals(0.001, config.get("optimizer.lr"));
    assertEquals(0.95, config.get("optimizer.beta1"));
    assertEquals(new Origin.InOverride("optimizer=adam", 10, 14), config.origin("optimizer"));

    // The option file of the field's own option applies too, over the initialiser.
    files.put("conf/optimizer/sgd.yaml", "momentum: 0.5\n");
    ResolvedConfig sgd = compose(List.of());
    assertEquals(0.5, sgd.get("optimizer.momentum"));
    assertEquals(0.1, sgd.get("optimizer.lr"));
  }

  @Test
  void theCommandLineChoiceReplacesTheDefaultsListChoiceAtItsPosition() throws ConfigException {
    files.put("iris.yaml", "defaults:\n  - _self_\n  - optimizer: adam\noptimizer:\n  lr: 0.5\n");
    files.put("conf/optimizer/sgd.yaml", "lr: 0.3\n");
    ResolvedConfig config = compose(List.of("iris.yaml"), "optimizer=sgd");
    assertEquals("sgd", config.get("optimizer"));
    assertEquals(0.3, config.get("optimizer.lr"), "sgd.yaml sits where the entry was: after _self_");
  }

  @Test
  void aLaterFileOverridesTheChoiceWithOverrideAndMultipleValuesWithoutItAreAnError() throws ConfigException {
    files.put("base.yaml", "defaults:\n  - optimizer: sgd\n  - _self_\n");
    files.put("local.yaml", "defaults:\n  - override optimizer: adam\n");
    files.put("conf/optimizer/adam.yaml", "lr: 0.01\nbeta1: 0.9\n");
    assertEquals("adam", compose(List.of("base.yaml", "local.yaml")).get("optimizer"));

    files.put("local.yaml", "defaults:\n  - optimizer: adam\n");
    ConfigException e = assertThrows(ConfigException.class, () -> compose(List.of("base.yaml", "local.yaml")));
    assertEquals(
        "local.yaml:2:5: Multiple values for optimizer (first at base.yaml:2:5). To override a value use"
            + " 'override optimizer: adam'",
        formatted(e));

    files.put("base.yaml", "defaults:\n  - override optimizer: adam\n");
    e = assertThrows(ConfigException.class, () -> compose(List.of("base.yaml")));
    assertTrue(formatted(e).startsWith("base.yaml:2:5: Could not override 'optimizer'. No match in the defaults list"),
        formatted(e));
  }

  @Test
  void unknownOptionsAndGroupsAreReportedLikeHydraWithTheirPositionAndASuggestion() {
    files.put("iris.yaml", "defaults:\n  - optimizer: adamm\n  - optimiser: sgd\n  - _self_\n  - _self_\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> compose(List.of("iris.yaml"), "optimizer=nosuch", "epochs=3"));
    assertEquals(
        String.join(
            "\n",
            "iris.yaml:2:16: Could not find 'optimizer/adamm' (did you mean 'adam'?); available options in"
                + " 'optimizer': sgd, adam",
            "iris.yaml:3:5: unknown config group 'optimiser' (did you mean 'optimizer'?)",
            "iris.yaml:5:5: _self_ is listed twice in this defaults list (first at line 4); remove one",
            "override 'optimizer=nosuch': Could not find 'optimizer/nosuch'; available options in 'optimizer':"
                + " sgd, adam",
            "  optimizer=nosuch",
            "            ^^^^^^"),
        formatted(e));
  }

  @Test
  void keysOfAnotherOptionSayWhichOptionHasThem() {
    files.put("iris.yaml", "defaults:\n  - optimizer: adam\noptimizer:\n  momentum: 0.9\n");
    files.put("conf/optimizer/adam.yaml", "lrr: 0.01\nbeta1: 0.9\nlr: 0.1\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> compose(List.of("iris.yaml"), "optimizer.momentun=0.5"));
    assertEquals(
        String.join(
            "\n",
            "conf/optimizer/adam.yaml:1:6: unknown key 'lrr' (did you mean 'lr'?) (option 'adam' of config group"
                + " 'optimizer')",
            "iris.yaml:4:13: unknown key 'optimizer.momentum': option 'adam' of config group 'optimizer' has"
                + " optimizer.lr, optimizer.beta1; 'optimizer.momentum' belongs to option 'sgd'",
            "override 'optimizer.momentun=0.5': unknown key 'optimizer.momentun': option 'adam' of config group"
                + " 'optimizer' has optimizer.lr, optimizer.beta1",
            "  optimizer.momentun=0.5",
            "  ^^^^^^^^^^^^^^^^^^"),
        formatted(e));
  }

  @Test
  void anOptionWithoutValuesSaysWhereToSetThem() {
    ConfigException e = assertThrows(ConfigException.class, () -> compose(List.of(), "optimizer=adam", "optimizer.lr=1"));
    assertEquals(
        "T: 1 required value is missing; set it on the command line (KEY=VALUE):\n"
            + "  optimizer.beta1=...  double; or in conf/optimizer/adam.yaml (the file of option 'adam' of config"
            + " group 'optimizer')",
        formatted(e));
  }

  @Test
  void aGroupWithoutAnyChoiceIsAnError() {
    Map<String, Object> defaults = defaults();
    defaults.remove("optimizer"); // the field is null
    ConfigException e = assertThrows(ConfigException.class, () -> compose(defaults, List.of()));
    assertEquals(
        "T: 1 required value is missing; set it on the command line (KEY=VALUE):\n"
            + "  optimizer=...  config group Optimizer, one of sgd, adam; or choose it in a defaults list"
            + " ('- optimizer: sgd') or by the field's initializer",
        formatted(e));
  }

  @Test
  void aGroupsKeyIsNotAValueInAFileAndRangesApplyToOptionKeys() {
    files.put("iris.yaml", "optimizer: adam\nmodel:\n  width: 0\n");
    files.put("conf/optimizer/sgd.yaml", "lr: 20\n");
    ConfigException e = assertThrows(ConfigException.class, () -> compose(List.of("iris.yaml")));
    String text = formatted(e);
    assertTrue(text.contains("iris.yaml:1:12: 'optimizer' is a config group: choose its option in the defaults list"),
        text);
    assertTrue(text.contains("conf/optimizer/sgd.yaml:1:5: 'optimizer.lr' = 20.0 is out of range [0.0, 10.0]"), text);
    assertTrue(text.contains("iris.yaml:3:10: 'model.width' = 0 is out of range [1, 1024]"), text);
  }

  @Test
  void nestedKeysAreSetByDottedOverridesAndNestedYaml() throws ConfigException {
    files.put("iris.yaml", "model:\n  width: 32\n");
    assertEquals(32, compose(List.of("iris.yaml")).get("model.width"));
    assertEquals(8, compose(List.of("iris.yaml"), "model.width=8").get("model.width"));
    ConfigException e = assertThrows(ConfigException.class, () -> compose(List.of("iris.yaml"), "model=8"));
    assertTrue(formatted(e).contains("unknown key 'model'; it only groups the keys model.width"), formatted(e));
  }

  @Test
  void theConfigYamlArtifactComposesToTheSameValues() throws ConfigException {
    files.put("conf/optimizer/adam.yaml", "lr: 0.001\nbeta1: 0.9\n");
    ResolvedConfig config = compose(List.of(), "optimizer=adam", "model.width=12");
    String yaml = ConfigYaml.config(config);
    assertEquals(
        "defaults:\n- optimizer: adam\n- _self_\nepochs: 10\nmodel:\n  width: 12\noptimizer:\n  lr: 0.001\n"
            + "  beta1: 0.9\n",
        yaml);
    files.put("config.yaml", yaml);
    files.put("conf/optimizer/adam.yaml", "lr: 0.5\nbeta1: 0.5\n");
    assertEquals(config.values(), compose(List.of("config.yaml")).values());
  }

  @Test
  void javacChecksEveryOptionFileAndTheDefaultsListsWithoutDefaultsOrOverrides() {
    files.put("exp/iris.yaml", "defaults:\n  - optimizer: adam\noptimizer:\n  momentum: 0.9\n");
    files.put("exp/conf/optimizer/sgd.yaml", "lr: fast\n");
    files.put("exp/conf/optimizer/adam.yaml", "beta2: 0.9\n");
    Composer composer = composer("exp/iris.yaml");
    assertEquals("exp/conf/", composer.configRoot());
    List<String> problems = composer.check(Map.of()).stream().map(ConfigProblem::format).toList();
    assertEquals(
        List.of(
            "exp/iris.yaml:4:13: unknown key 'optimizer.momentum': option 'adam' of config group 'optimizer' has"
                + " optimizer.lr, optimizer.beta1; 'optimizer.momentum' belongs to option 'sgd'",
            "exp/conf/optimizer/sgd.yaml:1:5: 'optimizer.lr' expects double, got 'fast'",
            "exp/conf/optimizer/adam.yaml:1:8: unknown key 'beta2' (did you mean 'beta1'?) (option 'adam' of"
                + " config group 'optimizer')"),
        problems.stream().map(p -> p.replaceAll(" \\(a string\\)|; give .*$", "")).toList());
  }

  @Test
  void withoutAKnownChoiceJavacAcceptsTheKeysOfAnyOption() {
    files.put("iris.yaml", "optimizer:\n  beta1: 0.9\n  momentum: 0.5\n  nope: 1\n");
    List<ConfigProblem> problems = composer("iris.yaml").check(Map.of());
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("optimizer.nope", problems.get(0).key());
    assertEquals(2, composer("iris.yaml").check(Map.of("optimizer", "sgd")).size(),
        "with the field's option known, beta1 is unknown too");
  }

  @Test
  void anUnreadableOptionFileIsReported() {
    Composer composer =
        new Composer(SCHEMA, List.of(), name -> {
          throw new IOException("permission denied");
        }, "p.T");
    ConfigException e =
        assertThrows(ConfigException.class, () -> composer.compose(defaults(), Map.of(), List.of()));
    assertTrue(formatted(e).contains("cannot read conf/optimizer/sgd.yaml: permission denied"), formatted(e));
  }

  @Test
  void malformedDefaultsListsAreReportedWithTheirPosition() {
    files.put(
        "iris.yaml",
        "defaults:\n  - base\n  - optional optimizer: sgd\n  - optimizer@x: sgd\n  - optimizer: [sgd, adam]\n  - [1]\n");
    ConfigException e = assertThrows(ConfigException.class, () -> compose(List.of("iris.yaml")));
    List<String> lines = e.problems().stream().map(p -> p.origin().toString()).toList();
    assertEquals(List.of("iris.yaml:2:5", "iris.yaml:3:5", "iris.yaml:4:5", "iris.yaml:5:16", "iris.yaml:6:5"), lines);
    assertTrue(formatted(e).contains("'- base' would include another config file"), formatted(e));

    files.put("iris.yaml", "defaults: sgd\n");
    e = assertThrows(ConfigException.class, () -> compose(List.of("iris.yaml")));
    assertEquals("iris.yaml:1:11: 'defaults' must be a list, e.g. 'defaults: [optimizer: adam, _self_]'", formatted(e));
  }

  @Test
  void aRunChecksTheFilesOfOptionsItDoesNotUseAsJavacDoes() {
    files.put("conf/optimizer/adam.yaml", "lr: 0.01\nbeta: 0.9\n");
    ConfigException e = assertThrows(ConfigException.class, () -> compose(List.of()));
    assertEquals(
        "conf/optimizer/adam.yaml:2:7: unknown key 'beta' (did you mean 'beta1'?) (option 'adam' of config group"
            + " 'optimizer')",
        formatted(e));
  }

  // Hydra's override types on a group's key, mapped onto a field that always holds one option.

  @Test
  void plusChoosesOnlyWhereNothingChoseAndDoublePlusAlways() throws ConfigException {
    Map<String, Object> noField = defaults();
    noField.remove("optimizer");
    assertEquals("adam", compose(noField, List.of(), "+optimizer=adam", "optimizer.lr=0.1", "optimizer.beta1=0.9")
        .get("optimizer"));
    assertEquals("adam", compose(List.of(), "++optimizer=adam", "optimizer.lr=0.1", "optimizer.beta1=0.9")
        .get("optimizer"));

    ConfigException e = assertThrows(ConfigException.class, () -> compose(List.of(), "+optimizer=adam"));
    assertEquals(
        String.join(
            "\n",
            "override '+optimizer=adam': Multiple values for optimizer: option 'sgd' is chosen already (default"
                + " of T.optimizer).",
            "Either remove + prefix: 'optimizer=adam'",
            "Or add a second + to add or override 'optimizer': '++optimizer=adam'",
            "  +optimizer=adam",
            "   ^^^^^^^^^"),
        formatted(e));
  }

  @Test
  void tildeGoesBackToTheFieldsOptionWhateverTheDefaultsListAndEarlierOverridesChose() throws ConfigException {
    files.put("iris.yaml", "defaults:\n  - optimizer: adam\n");
    files.put("conf/optimizer/adam.yaml", "lr: 0.01\nbeta1: 0.9\n");
    assertEquals("adam", compose(List.of("iris.yaml")).get("optimizer"));
    ResolvedConfig reset = compose(List.of("iris.yaml"), "~optimizer");
    assertEquals("sgd", reset.get("optimizer"));
    assertEquals(0.9, reset.get("optimizer.momentum"), "the field's option brings the field's values");
    assertEquals(new Origin.Default("T.optimizer"), reset.origin("optimizer"));
    assertEquals("sgd", compose(List.of("iris.yaml"), "~optimizer=adam").get("optimizer"));

    ConfigException e =
        assertThrows(ConfigException.class, () -> compose(List.of("iris.yaml"), "~optimizer=sgd"));
    assertEquals(
        "override '~optimizer=sgd': Could not delete from config. The value of 'optimizer' is adam and not sgd.\n"
            + "  ~optimizer=sgd\n"
            + "             ^^^",
        formatted(e));

    Map<String, Object> noField = defaults();
    noField.remove("optimizer");
    e = assertThrows(ConfigException.class, () -> compose(noField, List.of("iris.yaml"), "~optimizer"));
    assertTrue(formatted(e).contains("optimizer=...  config group Optimizer, one of sgd, adam"), formatted(e));
  }

  @Test
  void aGroupTakesOneOptionByNameAsHydraDoes() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> compose(List.of(), "optimizer=null", "optimizer=[sgd,adam]", "optimizer={lr: 0.1}", "optimizer=1"));
    List<String> messages = e.problems().stream().map(ConfigProblem::message).toList();
    assertEquals(
        List.of(
            "Config group override must be a string or a list. Got NoneType: config group 'optimizer' needs an"
                + " option, one of sgd, adam (~optimizer goes back to the field's)",
            "config group 'optimizer' takes one option, as its field holds one: choose one of sgd, adam"
                + " (optimizer=sgd); selecting several is not supported",
            "Config group override must be a string or a list. Got dict: optimizer=OPTION chooses an option of"
                + " config group 'optimizer' (one of sgd, adam); set the option's keys by their dotted names"
                + " (optimizer.KEY=VALUE)",
            "Could not find 'optimizer/1 (an int)'; available options in 'optimizer': sgd, adam"),
        messages);
  }

  @Test
  void sweepsPackagesAndGroupPathsOnAGroupAreRefusedByTheResolverWithTheWayToChoose() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> compose(List.of(), "optimizer=sgd,adam", "optimizer@opt=adam", "optimizer/x=adam"));
    List<String> messages = e.problems().stream().map(ConfigProblem::message).toList();
    assertEquals(3, messages.size(), messages.toString());
    assertTrue(messages.get(0).startsWith("Ambiguous value for argument 'optimizer=sgd,adam'"), messages.get(0));
    String refused =
        "group paths (a/b=x) and packages (key@package=x) are not supported; choose an option of a config group"
            + " with GROUP=OPTION, e.g. optimizer=adam, and set a key by its dotted name, e.g. optimizer.lr=...";
    assertEquals(List.of(refused, refused), messages.subList(1, 3));
  }

  @Test
  void interpolationsSeeTheChosenOptionsKeysAndOptionFilesSeeEveryKey() throws ConfigException {
    files.put("iris.yaml", "defaults:\n  - optimizer: adam\nepochs: ${model.width}\nmodel:\n  width: 8\n");
    files.put("conf/optimizer/adam.yaml", "lr: 0.01\nbeta1: ${optimizer.lr}\n");
    files.put("conf/optimizer/sgd.yaml", "momentum: ${.lr}\nlr: ${epochs}\n");
    ResolvedConfig config = compose(List.of("iris.yaml"));
    assertEquals(8, config.get("epochs"));
    assertEquals(0.01, config.get("optimizer.beta1"));
    assertEquals(Optional.of("${optimizer.lr}"), config.unresolved("optimizer.beta1"));
    assertTrue(ConfigYaml.composed(config).contains("beta1: ${optimizer.lr}"), ConfigYaml.composed(config));

    ResolvedConfig sgd = compose(List.of("iris.yaml"), "optimizer=sgd");
    assertEquals(8.0, sgd.get("optimizer.lr"));
    assertEquals(8.0, sgd.get("optimizer.momentum"));
    assertEquals(List.of(), composer("iris.yaml").check(Map.of()));

    files.put("iris.yaml", "defaults:\n  - optimizer: adam\nepochs: ${optimizer.momentum}\n");
    ConfigException e = assertThrows(ConfigException.class, () -> compose(List.of("iris.yaml")));
    assertTrue(formatted(e).contains("interpolation key 'optimizer.momentum' not found"), formatted(e));
  }

  @Test
  void forDisplayAGroupWithoutAnOptionIsLeftWithoutValue() throws ConfigException {
    Map<String, Object> noField = defaults();
    noField.remove("optimizer");
    ResolvedConfig config =
        composer().compose(noField, Map.of(), List.of(), new ConfigResolver.Options(Map.of(), List.of(), true));
    assertEquals(false, config.values().containsKey("optimizer"));
    assertEquals("defaults:\n- optimizer: ???\n- _self_\nepochs: 10\nmodel:\n  width: 64\n", ConfigYaml.config(config));
  }

  @Test
  void aSweepReadsItsSweepAndSlurmSectionsFromOneReadingOfEachFile() throws ConfigException {
    files.put("base.yaml", "epochs: 5\nsweep:\n  epochs: 1,2\nslurm:\n  time: 10\n");
    files.put("iris.yaml", "sweep:\n  model.width: 8,16\nslurm:\n  time: 20\n  partition: gpu\n");
    Map<String, Integer> reads = new LinkedHashMap<>();
    Composer composer = new Composer(SCHEMA, List.of("base.yaml", "iris.yaml"), name -> {
      reads.merge(name, 1, Integer::sum);
      return Optional.ofNullable(files.get(name));
    }, "p.T");

    SweepSections sections = composer.sweepSections();

    assertEquals(List.of("epochs=1,2", "model.width=8,16"), sections.sweep());
    assertEquals(List.of("time", "time", "partition"), sections.slurm().stream().map(LauncherSetting::key).toList());
    assertEquals(new Origin.InFile("iris.yaml", 5, 14), sections.slurm().get(2).origin());
    assertEquals(Map.of("base.yaml", 1, "iris.yaml", 1), reads);
  }

  @Test
  void aFileASweepCannotReadIsReportedAtItsLine() {
    files.put("iris.yaml", "sweep:\n  epochs: [1\n");
    ConfigException e = assertThrows(ConfigException.class, () -> composer("iris.yaml").sweepSections());
    assertTrue(formatted(e).startsWith("iris.yaml:3:1: invalid YAML: expected ',' or ']'"), formatted(e));
  }
}
