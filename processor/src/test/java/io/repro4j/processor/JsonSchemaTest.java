package io.repro4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static io.repro4j.processor.Compilations.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON Schema written next to the classes: its shape, and a real validator (draft 2020-12)
 * accepting the YAML files javac accepts and rejecting typos, wrong types, out-of-range values and
 * keys of an option the defaults list did not choose.
 */
class JsonSchemaTest {
  @TempDir Path resources;

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private Compilation compileGroups() throws IOException {
    Files.writeString(resources.resolve("groups.yaml"), "defaults:\n  - optimizer: sgd\n  - _self_\n");
    Compilation compilation =
        compile(List.of("-Arepro4j.resources=" + resources), source("p.Groups", ConfigGroupTest.GROUPS));
    assertThat(compilation).succeededWithoutWarnings();
    return compilation;
  }

  private static String resource(Compilation compilation, String name) {
    JavaFileObject file =
        compilation
            .generatedFile(StandardLocation.CLASS_OUTPUT, name)
            .orElseThrow(() -> new AssertionError("not written: " + name));
    return Goldens.contents(file);
  }

  private static List<String> errors(String schema, String yaml) {
    Schema compiled = REGISTRY.getSchema(schema, InputFormat.JSON);
    return compiled.validate(yaml, InputFormat.YAML).stream().map(Error::toString).toList();
  }

  @Test
  void describesEveryKeyNestedWithTypesRangesDefaultsAndHelp() throws IOException {
    Compilation compilation = compileGroups();
    JsonNode schema = new ObjectMapper().readTree(resource(compilation, "META-INF/repro4j/groups.schema.json"));

    assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
    JsonNode properties = schema.get("properties");
    assertThat(ImmutableNames.of(properties)).containsExactly("defaults", "model", "optimizer", "epochs").inOrder();
    JsonNode width = properties.at("/model/properties/width");
    assertThat(width.get("type").toString()).isEqualTo("[\"integer\",\"string\"]"); // or ${...}, ???
    assertThat(width.get("minimum").asInt()).isEqualTo(1);
    assertThat(width.get("maximum").asInt()).isEqualTo(4096);
    assertThat(width.get("description").asText()).isEqualTo("units per layer");
    assertThat(properties.at("/model/description").asText()).isEqualTo("The model.");
    assertThat(properties.at("/model/properties/head/properties/drop-out/maximum").asInt()).isEqualTo(1);
    assertThat(properties.at("/model/properties/head/properties/activation/anyOf/0/enum").toString())
        .isEqualTo("[\"RELU\",\"TANH\",null]");
    assertThat(properties.at("/model/properties/head/properties/sizes/type").toString())
        .isEqualTo("[\"array\",\"null\",\"string\"]");
    assertThat(properties.at("/epochs/default").asInt()).isEqualTo(3);
    assertThat(properties.at("/defaults/items/anyOf/1/properties/optimizer/enum").toString())
        .isEqualTo("[\"sgd\",\"adamw\"]");
    assertThat(schema.at("/$defs/optimizer.adamw/properties/betas/properties/beta2/type").toString())
        .isEqualTo("[\"number\",\"string\"]");
    assertThat(schema.at("/allOf/0/then/properties/optimizer/$ref").asText()).isEqualTo("#/$defs/optimizer.sgd");

    JsonNode option = new ObjectMapper().readTree(resource(compilation, "META-INF/repro4j/groups/optimizer/adamw.schema.json"));
    assertThat(ImmutableNames.of(option.get("properties"))).containsExactly("lr", "betas", "weightDecay").inOrder();
  }

  @Test
  void aRealValidatorAcceptsGoodYamlAndRejectsMistakes() throws IOException {
    Compilation compilation = compileGroups();
    String schema = resource(compilation, "META-INF/repro4j/groups.schema.json");

    assertThat(
            errors(
                schema,
                "defaults:\n  - optimizer: adamw\n  - _self_\nmodel:\n  width: 128\n  head:\n    drop-out: 0.5\n"
                    + "optimizer:\n  betas:\n    beta1: 0.8\nepochs: 7\n"))
        .isEmpty();
    assertThat(errors(schema, "model:\n  widht: 3\n")).hasSize(1);
    assertThat(errors(schema, "model:\n  width: 0\n").get(0)).contains("minimum");
    assertThat(errors(schema, "epochs: many\n")).hasSize(1);
    assertThat(errors(schema, "defaults:\n  - optimizer: adam\n")).isNotEmpty();
    assertThat(errors(schema, "defaults:\n  - optimizer: sgd\noptimizer:\n  betas:\n    beta1: 0.8\n")).isNotEmpty();
    assertThat(errors(schema, "optimizer:\n  betas:\n    beta1: 0.8\n")).isEmpty();

    // Interpolations and ??? are resolved when the config is loaded, whatever the key's type.
    assertThat(errors(schema, "model:\n  width: ${epochs}\n  head:\n    activation: ???\n    sizes: ${oc.env:S}\n"))
        .isEmpty();
    assertThat(errors(schema, "epochs: '5'\n")).hasSize(1);

    String adamw = resource(compilation, "META-INF/repro4j/groups/optimizer/adamw.schema.json");
    assertThat(errors(adamw, "lr: 0.001\nbetas:\n  beta1: 0.9\nweightDecay: null\n")).isEmpty();
    assertThat(errors(adamw, "lr: -1\n").get(0)).contains("minimum");
  }

  @Test
  void theSamplesYamlValidatesAgainstItsSchema() throws IOException {
    Path samples = Path.of(System.getProperty("basedir", "."), "../samples/src/main/resources");
    Compilation compilation = GoldenTest.compileIris(resources);
    assertThat(compilation).succeededWithoutWarnings();
    String schema = resource(compilation, "META-INF/repro4j/iris-softmax.schema.json");
    assertThat(errors(schema, Files.readString(samples.resolve("iris.yaml")))).isEmpty();
    for (String option : List.of("sgd", "adam")) {
      String optionSchema = resource(compilation, "META-INF/repro4j/iris-softmax/optimizer/" + option + ".schema.json");
      assertThat(errors(optionSchema, Files.readString(samples.resolve("conf/optimizer/" + option + ".yaml")))).isEmpty();
    }
  }

  @Test
  void aStringKeyWithChoicesTakesOneOfThem() throws IOException {
    Compilation compilation =
        compile(
            source(
                "p.T",
                "package p;",
                "import io.repro4j.annotations.Experiment;",
                "import io.repro4j.annotations.Hyperparam;",
                "import io.repro4j.runtime.RunContext;",
                "import io.repro4j.runtime.Trainer;",
                "@Experiment",
                "public class T implements Trainer {",
                "  record Model(@Hyperparam(choices = {\"relu\", \"tanh\"}) String activation) {}",
                "  @Hyperparam(choices = {\"sgd\", \"adam\"}) String optimizer = \"sgd\";",
                "  @Hyperparam Model model = new Model(\"relu\");",
                "  @Override public void train(RunContext ctx) {}",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
    String schema = resource(compilation, "META-INF/repro4j/T.schema.json");
    assertThat(errors(schema, "optimizer: adam\nmodel:\n  activation: tanh\n")).isEmpty();
    assertThat(errors(schema, "optimizer: ${x}\n")).isEmpty();
    assertThat(errors(schema, "optimizer: adamw\n")).isNotEmpty();
    assertThat(errors(schema, "model:\n  activation: gelu\n")).isNotEmpty();
  }

  @Test
  void experimentNamesBecomeSafeFileNames() throws IOException {
    Compilation compilation =
        compile(
            source(
                "p.T",
                "package p;",
                "import io.repro4j.annotations.Experiment;",
                "import io.repro4j.annotations.Hyperparam;",
                "import io.repro4j.runtime.RunContext;",
                "import io.repro4j.runtime.Trainer;",
                "@Experiment(name = \"../team a/ëxp\")",
                "public class T implements Trainer {",
                "  @Hyperparam(min = 0.5) float rate = 0.1f;",
                "  @Override public void train(RunContext ctx) {}",
                "}"));
    assertThat(compilation).hadErrorCount(1); // the default is out of range: nothing is generated

    compilation =
        compile(
            source(
                "p.T",
                "package p;",
                "import io.repro4j.annotations.Experiment;",
                "import io.repro4j.annotations.Hyperparam;",
                "import io.repro4j.runtime.RunContext;",
                "import io.repro4j.runtime.Trainer;",
                "@Experiment(name = \"../team a/ëxp\")",
                "public class T implements Trainer {",
                "  @Hyperparam(min = 0.05) float rate = 0.1f;",
                "  @Override public void train(RunContext ctx) {}",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
    JsonNode schema = new ObjectMapper().readTree(resource(compilation, "META-INF/repro4j/_._team_a__xp.schema.json"));
    assertThat(schema.get("title").asText()).isEqualTo("../team a/ëxp");
    assertThat(schema.at("/properties/rate/default").toString()).isEqualTo("0.1");
    assertThat(schema.at("/properties/rate/minimum").toString()).isEqualTo("0.05");
  }

  /** The field names of a JSON object, in order. */
  private static final class ImmutableNames {
    static List<String> of(JsonNode object) {
      List<String> names = new java.util.ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      return names;
    }
  }
}
