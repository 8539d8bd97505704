package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigYamlTest {
  @Test
  void floatsArePrintedAsPyYamlPrintsThem() {
    // Expected values from PyYAML 6: yaml.safe_dump(x)
    assertEquals("0.1", ConfigYaml.pyYamlFloat(0.1));
    assertEquals("1.0e-05", ConfigYaml.pyYamlFloat(1e-5));
    assertEquals("1.0e+16", ConfigYaml.pyYamlFloat(1e16));
    assertEquals("1.5e+300", ConfigYaml.pyYamlFloat(1.5e300));
    assertEquals("100.0", ConfigYaml.pyYamlFloat(100));
    assertEquals(".inf", ConfigYaml.pyYamlFloat(Double.POSITIVE_INFINITY));
    assertEquals("-.inf", ConfigYaml.pyYamlFloat(Double.NEGATIVE_INFINITY));
    assertEquals(".nan", ConfigYaml.pyYamlFloat(Double.NaN));
  }

  @Test
  void configNestsDottedKeysAndKeepsSchemaOrder() {
    ConfigSchema schema = ConfigSchema.of(
        ParamSpec.of("lr", ParamType.DOUBLE, "", "T.lr"),
        ParamSpec.of("opt.name", ParamType.STRING, "", "T.opt"),
        ParamSpec.of("opt.beta", ParamType.FLOAT, "", "T.beta"),
        ParamSpec.of("sizes", ParamType.listOf(ParamType.BOXED_INT), "", "T.sizes"),
        ParamSpec.of("data", ParamType.PATH, "", "T.data"),
        ParamSpec.of("flag", ParamType.BOXED_BOOLEAN, "", "T.flag"));
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("lr", 1e-3);
    values.put("opt.name", "adam");
    values.put("opt.beta", 0.9f);
    values.put("sizes", List.of(1, 2));
    values.put("data", Path.of("data/x.csv"));
    values.put("flag", null);
    String yaml = ConfigYaml.config(new ResolvedConfig(schema, values, Map.of()));
    assertEquals("lr: 0.001\nopt:\n  name: adam\n  beta: 0.9\nsizes:\n- 1\n- 2\ndata: data/x.csv\nflag: null\n", yaml);
  }

  @Test
  void overridesAreAYamlListOfStrings() {
    assertEquals("- lr=0.1\n- name='a b'\n", ConfigYaml.overrides(List.of("lr=0.1", "name='a b'")));
    assertEquals("[]\n", ConfigYaml.overrides(List.of()));
  }
}
