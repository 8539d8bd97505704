package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link ConfigChecker#check} (the check javac runs on YAML files) finds in interpolations on
 * their own: syntax, resolvers, keys that exist nowhere. Env variables are not read; what depends on
 * other values is left to the run.
 */
class InterpolationCheckTest {
  private static final ConfigSchema SCHEMA =
      ConfigSchema.of(
          ParamSpec.of("lr", ParamType.DOUBLE, "", "T.lr"),
          ParamSpec.of("epochs", ParamType.INT, "", "T.epochs"),
          ParamSpec.of("name", ParamType.STRING, "", "T.name"),
          ParamSpec.of("model.depth", ParamType.INT, "", "T.depth"),
          ParamSpec.of("sizes", ParamType.listOf(ParamType.BOXED_INT), "", "T.sizes"));

  private static List<String> check(String yaml) throws ConfigException {
    return ConfigChecker.check(SCHEMA, YamlConfigReader.read("t.yaml", yaml)).stream()
        .map(ConfigProblem::format)
        .toList();
  }

  @Test
  void wellFormedReferencesToExistingKeysPassWhateverTheirType() throws ConfigException {
    assertEquals(
        List.of(),
        check(
            "epochs: ${model.depth}\nlr: ${oc.env:LR,0.1}\nname: run-${lr}-${env:USER}\nmodel:\n"
                + "  depth: ${..epochs}\nsizes: ['${epochs}', 2, '${sizes.0}']\n"));
  }

  @Test
  void missingValuesPass() throws ConfigException {
    assertEquals(List.of(), check("epochs: ???\nname: '???'\n"));
  }

  @Test
  void aKeyThatExistsNowhereIsReportedWithItsPosition() throws ConfigException {
    assertEquals(
        List.of(
            "t.yaml:2:7: 'name' = 'run-${lrr}': interpolation key 'lrr' not found (did you mean 'lr'?)",
            "t.yaml:3:12: 'sizes[1]' = '${model.dpth}': interpolation key 'model.dpth' not found (did you"
                + " mean 'model.depth'?)",
            "t.yaml:3:29: 'sizes[2]' expects Integer, got 'x' (a string)"),
        check("epochs: 3\nname: run-${lrr}\nsizes: [1, '${model.dpth}', x]\n"));
  }

  @Test
  void nestedKeysAreCheckedOnlyWhereTheyDoNotDependOnValues() throws ConfigException {
    assertEquals(
        List.of("t.yaml:1:9: 'epochs' = '${model.${nme}}': interpolation key 'nme' not found (did you mean 'name'?)"),
        check("epochs: ${model.${nme}}\nlr: ${model.${name}}\n"));
  }

  @Test
  void unknownResolversAndWrongArgumentCountsAreReported() throws ConfigException {
    assertEquals(
        List.of(
            "t.yaml:1:7: 'name' = '${now:%H}': unsupported interpolation type 'now' in ${now:%H};"
                + " supported: oc.env, env (${oc.env:VAR} or ${oc.env:VAR,default})",
            "t.yaml:2:5: 'lr' = '${oc.env:A,B,C}': ${oc.env:A,B,C} takes the name of an environment"
                + " variable and an optional default, e.g. ${oc.env:HOME} or"
                + " ${oc.env:DATA_DIR,/tmp/data}; it got 3 arguments"),
        check("name: ${now:%H}\nlr: ${oc.env:A,B,C}\n"));
  }

  @Test
  void syntaxErrors() throws ConfigException {
    assertEquals(
        List.of(
            "t.yaml:1:7: 'name' = '${a b}': unexpected 'b' in '${a b'; a key is made of names separated"
                + " by '.', a resolver is ${name:args}",
            "t.yaml:2:5: 'lr' = '${oc.env:A=1}': '=' is not allowed in an unquoted resolver argument;"
                + " quote the argument ('...') or escape it (\\=)",
            "t.yaml:3:9: 'epochs' = '${a..b}': expected a key after '.' in '${a..', found '.'; characters"
                + " like . cannot appear in keys"),
        check("name: ${a b}\nlr: ${oc.env:A=1}\nepochs: ${a..b}\n"));
  }
}
