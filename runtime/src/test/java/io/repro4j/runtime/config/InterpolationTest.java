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

/**
 * Interpolation as OmegaConf 2.2 does it, resolved after defaults, files and overrides are merged,
 * then converted to each key's type. Every error names the value that holds the interpolation.
 */
class InterpolationTest {
  private static final ConfigSchema SCHEMA =
      ConfigSchema.of(
          new ParamSpec("lr", ParamType.DOUBLE, "", 0, 10, "T.lr"),
          new ParamSpec("epochs", ParamType.INT, "", 1, 1000, "T.epochs"),
          ParamSpec.of("name", ParamType.STRING, "", "T.name"),
          ParamSpec.of("flag", ParamType.BOOLEAN, "", "T.flag"),
          ParamSpec.of("model.depth", ParamType.INT, "", "T.depth"),
          ParamSpec.of("model.width", ParamType.INT, "", "T.width"),
          ParamSpec.of("model.label", ParamType.STRING, "", "T.label"),
          ParamSpec.of("sizes", ParamType.listOf(ParamType.BOXED_INT), "", "T.sizes"),
          ParamSpec.of("data", ParamType.PATH, "", "T.data"));

  private static Map<String, Object> defaults() {
    Map<String, Object> defaults = new HashMap<>();
    defaults.put("lr", 0.1);
    defaults.put("epochs", 10);
    defaults.put("name", "run");
    defaults.put("flag", true);
    defaults.put("model.depth", 3);
    defaults.put("model.width", 64);
    defaults.put("model.label", "m");
    defaults.put("sizes", List.of(16, 32));
    defaults.put("data", Path.of("data.csv"));
    return defaults;
  }

  private static ResolvedConfig resolve(String yaml, String... overrides) throws ConfigException {
    return resolve(defaults(), Map.of(), yaml, overrides);
  }

  private static ResolvedConfig resolve(
      Map<String, Object> defaults, Map<String, String> environment, String yaml, String... overrides)
      throws ConfigException {
    List<ConfigOverride> parsed = new ArrayList<>();
    for (String text : overrides) {
      parsed.add(ConfigOverride.parse(text));
    }
    return ConfigResolver.resolve(
        SCHEMA,
        defaults,
        Map.of(),
        List.of(YamlConfigReader.read("t.yaml", yaml)),
        parsed,
        new ConfigResolver.Options(environment, List.of("t.yaml"), false));
  }

  private static List<String> errors(String yaml, String... overrides) {
    return errors(Map.of(), yaml, overrides);
  }

  private static List<String> errors(Map<String, String> environment, String yaml, String... overrides) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> resolve(defaults(), environment, yaml, overrides));
    return e.problems().stream().map(ConfigProblem::format).toList();
  }

  @Test
  void aWholeValueInterpolationKeepsTheTargetsTypeThenTakesItsKeysType() throws ConfigException {
    ResolvedConfig config = resolve("epochs: 5\nmodel.depth: ${epochs}\nlr: ${epochs}\nname: ${epochs}\n");
    assertEquals(5, config.get("model.depth"));
    assertEquals(5.0, config.get("lr")); // an int target, a double key
    assertEquals("5", config.get("name"));
  }

  @Test
  void concatenationGivesAString() throws ConfigException {
    ResolvedConfig config = resolve("name: v${epochs}-lr${lr}-${flag}\nmodel.label: ${name}/x\n");
    assertEquals("v10-lr0.1-true", config.get("name"));
    assertEquals("v10-lr0.1-true/x", config.get("model.label"));
  }

  @Test
  void aStringThatLooksLikeANumberConvertsAfterResolving() throws ConfigException {
    ResolvedConfig config = resolve("name: '5'\nepochs: ${name}\nmodel.depth: 1${name}\n");
    assertEquals(5, config.get("epochs"));
    assertEquals(15, config.get("model.depth"));
  }

  @Test
  void resolutionHappensAfterMergingSoTheWinningTargetValueCounts() throws ConfigException {
    ResolvedConfig config = resolve("model.depth: ${epochs}\nepochs: 20\n", "epochs=30");
    assertEquals(30, config.get("model.depth"));
    assertEquals(new Origin.InFile("t.yaml", 1, 14), config.origin("model.depth"));
  }

  @Test
  void relativeKeysCountOneDotPerLevelUpFromTheContainingNode() throws ConfigException {
    ResolvedConfig config =
        resolve("model:\n  width: ${.depth}\n  label: d${..epochs}\nname: ${.epochs}\n");
    assertEquals(3, config.get("model.width")); // sibling
    assertEquals("d10", config.get("model.label")); // one level up
    assertEquals("10", config.get("name")); // at the top, '.' is the top level
  }

  @Test
  void aRelativeKeyAboveTheTopIsAnError() {
    assertEquals(
        List.of(
            "t.yaml:1:7: 'name' = '${..epochs}': the relative key '..epochs' in ${..epochs} goes above"
                + " the top of the config: '.' is the node that holds this value (the top level) and each"
                + " further dot goes one level up"),
        errors("name: ${..epochs}\n"));
  }

  @Test
  void environmentVariablesWithAndWithoutDefaults() throws ConfigException {
    Map<String, String> env = Map.of("RUN_NAME", "night", "EPOCHS", "42");
    ResolvedConfig config =
        resolve(
            defaults(),
            env,
            "name: ${oc.env:RUN_NAME}\nepochs: ${oc.env:EPOCHS}\nmodel.label: ${oc.env:NOPE,fallback value}\n"
                + "model.depth: ${env:NOPE,1_000}\ndata: ${oc.env:DATA,/scratch}/iris.csv\n");
    assertEquals("night", config.get("name"));
    assertEquals(42, config.get("epochs")); // a string, converted to the key's type
    assertEquals("fallback value", config.get("model.label"));
    assertEquals(1000, config.get("model.depth"));
    assertEquals(Path.of("/scratch/iris.csv"), config.get("data"));
  }

  @Test
  void resolverArgumentsFollowOmegaConfsGrammar() throws ConfigException {
    ResolvedConfig config =
        resolve(
            "name: ${oc.env:NOPE,'a, b'}\nmodel.label: ${oc.env:NOPE, x\\,y }\n"
                + "data: ${oc.env:NOPE,${name}/c}\nflag: ${oc.env:NOPE,TRUE}\nlr: ${oc.env:NOPE,1e-3}\n");
    assertEquals("a, b", config.get("name"));
    assertEquals("x,y", config.get("model.label"));
    assertEquals(Path.of("a, b/c"), config.get("data"));
    assertEquals(true, config.get("flag")); // the default as text: "true"
    assertEquals(0.001, config.get("lr"));
  }

  @Test
  void anEnvironmentDefaultMayBeNull() throws ConfigException {
    ResolvedConfig config = resolve(defaults(), Map.of(), "name: ${oc.env:NOPE,null}\n");
    assertEquals(null, config.get("name"));
  }

  @Test
  void aMissingEnvironmentVariableWithoutDefaultUsesOmegaConfsMessage() {
    assertEquals(
        List.of(
            "override 'name=${oc.env:RUN_NAME}': 'name' = '${oc.env:RUN_NAME}': Environment variable"
                + " 'RUN_NAME' not found; set it, or give a default: ${oc.env:RUN_NAME,default}\n"
                + "  name=${oc.env:RUN_NAME}\n"
                + "       ^^^^^^^^^^^^^^^^^^"),
        errors("{}\n", "name=${oc.env:RUN_NAME}"));
  }

  @Test
  void escapedInterpolationsAreText() throws ConfigException {
    ResolvedConfig config =
        resolve("name: \\${epochs} costs $5\nmodel.label: 'C:\\\\${name}'\n");
    assertEquals("${epochs} costs $5", config.get("name"));
    // Two backslashes before ${ are one backslash, then the interpolation.
    assertEquals("C:\\${epochs} costs $5", config.get("model.label"));
    // Backslashes elsewhere stay as written, as in OmegaConf.
    assertEquals("a\\\\b10", resolve("name: a\\\\b${epochs}\n").get("name"));
  }

  @Test
  void nestedInterpolationsBuildTheKey() throws ConfigException {
    ResolvedConfig config = resolve("name: depth\nepochs: ${model.${name}}\nmodel.label: ${model.${name}}x\n");
    assertEquals(3, config.get("epochs"));
    assertEquals("3x", config.get("model.label"));
  }

  @Test
  void listElementsMayBeInterpolatedAndReferredToByIndex() throws ConfigException {
    ResolvedConfig config = resolve("sizes: [8, '${model.width}']\nepochs: ${sizes.1}\nmodel.depth: ${sizes[0]}\n");
    assertEquals(List.of(8, 64), config.get("sizes"));
    assertEquals(64, config.get("epochs"));
    assertEquals(8, config.get("model.depth"));
  }

  @Test
  void aWholeListCanBeInterpolated() throws ConfigException {
    ResolvedConfig config = resolve("name: s${sizes}\n");
    assertEquals("s[16, 32]", config.get("name"));
  }

  @Test
  void aMissingKeyIsNamedWithDidYouMeanAndTheValuesOrigin() {
    assertEquals(
        List.of("t.yaml:2:7: 'name' = 'run-${epoch}': interpolation key 'epoch' not found (did you mean 'epochs'?)"),
        errors("lr: 0.5\nname: run-${epoch}\n"));
  }

  @Test
  void aKeyThatOnlyGroupsOthersHasNoValue() {
    assertEquals(
        List.of(
            "t.yaml:1:7: 'name' = '${model}': 'model' only groups the keys model.depth, model.width,"
                + " model.label, so it has no value of its own; interpolate one of those"),
        errors("name: ${model}\n"));
  }

  @Test
  void aCycleIsReportedOnceWithTheWholeChain() {
    assertEquals(
        List.of(
            "t.yaml:1:9: 'epochs' = '${model.depth}': Recursive interpolation detected: epochs ->"
                + " model.depth -> model.width -> epochs; one of these keys needs a value of its own"),
        errors("epochs: ${model.depth}\nmodel.depth: ${model.width}\nmodel.width: ${epochs}\nlr: ${epochs}\n"));
    assertEquals(
        List.of("t.yaml:1:7: 'name' = 'x${name}': Recursive interpolation detected: name -> name; one of"
            + " these keys needs a value of its own"),
        errors("name: x${name}\n"));
  }

  @Test
  void theResolvedValueIsTypeAndRangeChecked() {
    assertEquals(
        List.of( // in schema order
            "t.yaml:3:5: 'lr' = 64.0 is out of range [0.0, 10.0] (resolved from '${model.width}')",
            "t.yaml:2:9: 'epochs' expects int, got 'run' (a string) (resolved from '${name}')"),
        errors("name: run\nepochs: ${name}\nlr: ${model.width}\n"));
  }

  @Test
  void everyProblemIsReportedAtOnceAndAValueThatFailedIsNotReportedAgainThroughItsReferences() {
    List<String> errors =
        errors(
            "epochs: abc\nmodel.depth: ${epochs}\nname: ${nope}\nmodel.label: ${foo:1}\nlr: ${oc.env:NOPE}\n",
            "model.width=${sizes.5}");
    assertEquals(5, errors.size(), String.join("\n", errors));
    assertEquals("t.yaml:1:9: 'epochs' expects int, got 'abc' (a string)", errors.get(0));
    assertTrue(errors.get(1).startsWith("t.yaml:3:7: 'name' = '${nope}': interpolation key 'nope' not found"), errors.get(1));
    assertEquals(
        "t.yaml:4:14: 'model.label' = '${foo:1}': unsupported interpolation type 'foo' in ${foo:1};"
            + " supported: oc.env, env (${oc.env:VAR} or ${oc.env:VAR,default})",
        errors.get(2));
    assertTrue(errors.get(3).contains("Environment variable 'NOPE' not found"), errors.get(3));
    assertTrue(
        errors.get(4).startsWith(
            "override 'model.width=${sizes.5}': 'model.width' = '${sizes.5}': 'sizes.5': index 5 is out"
                + " of range; 'sizes' has 2 elements"),
        errors.get(4));
  }

  @Test
  void anInterpolationInASourceThatLosesIsStillChecked() {
    assertEquals(
        List.of("t.yaml:1:7: 'name' = '${nmae}': interpolation key 'nmae' not found (did you mean 'name'?)"),
        errors("name: ${nmae}\n", "name=fine"));
  }

  @Test
  void syntaxErrorsSayHowToFixThem() {
    assertEquals(
        List.of(
            "t.yaml:1:7: 'name' = 'cost ${USD': '${' at character 6 is not closed with '}'; to write"
                + " '${' as text, escape it: \\${"),
        errors("name: cost ${USD\n"));
  }

  @Test
  void aStringDefaultMayHoldAnInterpolation() throws ConfigException {
    Map<String, Object> defaults = defaults();
    defaults.put("name", "run-${epochs}");
    defaults.put("data", Path.of("${oc.env:DATA,/data}/train.csv"));
    ResolvedConfig config = resolve(defaults, Map.of(), "epochs: 7\n");
    assertEquals("run-7", config.get("name"));
    assertEquals(Path.of("/data/train.csv"), config.get("data"));
    assertEquals(new Origin.Default("T.name"), config.origin("name"));
  }

  @Test
  void theComposedConfigKeepsInterpolationsAsWritten() throws ConfigException {
    ResolvedConfig config = resolve("name: run-${lr}\nsizes: [1, '${epochs}']\n", "epochs=5");
    Map<String, Object> composed = new LinkedHashMap<>(config.composed());
    assertEquals("run-${lr}", composed.get("name"));
    assertEquals(List.of(1L, "${epochs}"), composed.get("sizes"));
    assertEquals(5, composed.get("epochs"));
    assertEquals("run-0.1", config.get("name"));
    String yaml = ConfigYaml.composed(config);
    assertTrue(yaml.contains("name: run-${lr}\n"), yaml);
    assertTrue(yaml.contains("sizes:\n- 1\n- ${epochs}\n"), yaml);
    assertTrue(ConfigYaml.config(config).contains("name: run-0.1\n"), ConfigYaml.config(config));
  }
}
