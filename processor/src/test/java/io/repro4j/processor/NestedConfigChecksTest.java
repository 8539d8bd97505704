package io.repro4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static io.repro4j.processor.Compilations.source;
import static io.repro4j.processor.Compilations.trainer;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.repro4j.runtime.ExperimentBinding;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.config.Composer;
import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ConfigOverride;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ResolvedConfig;
import io.repro4j.runtime.config.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Choices, required values, interpolated defaults and {@code validate()} where a config is nested
 * (records, config classes) or grouped (a sealed interface's options): the same checks as on the
 * experiment's own fields, reported on the component, field or method they concern.
 */
class NestedConfigChecksTest {

  /** Nested record, config class and group, each with choices and a validate(). */
  static final String[] NESTED = {
    "package p;",
    "",
    "import io.repro4j.annotations.Experiment;",
    "import io.repro4j.annotations.Hyperparam;",
    "import io.repro4j.runtime.RunContext;",
    "import io.repro4j.runtime.Trainer;",
    "",
    "@Experiment",
    "public class Nested implements Trainer {",
    "  /** @param activation what each unit computes */",
    "  record Model(@Hyperparam(min = 1) int width, @Hyperparam(choices = {\"relu\", \"tanh\"}) String activation) {",
    "    void validate() {",
    "      if (width % 2 != 0) {",
    "        throw new IllegalArgumentException(\"width must be even, got \" + width);",
    "      }",
    "    }",
    "  }",
    "",
    "  static class Data {",
    "    @Hyperparam(choices = {\"train\", \"full\"}) String split = \"train\";",
    "    @Hyperparam(min = 1) int batch;",
    "  }",
    "",
    "  sealed interface Optimizer permits Sgd, Adam {}",
    "  record Sgd(@Hyperparam(min = 0) double lr) implements Optimizer {}",
    "  record Adam(@Hyperparam(min = 0) double lr, double beta1) implements Optimizer {",
    "    public void validate() {",
    "      if (beta1 >= 1) {",
    "        throw new IllegalStateException(\"beta1 must be below 1\");",
    "      }",
    "    }",
    "  }",
    "",
    "  @Hyperparam Model model = new Model(64, \"relu\");",
    "  @Hyperparam Data data = new Data();",
    "  @Hyperparam Optimizer optimizer = new Sgd(0.1);",
    "  @Hyperparam String name = \"${optimizer}-${optimizer.lr}\";",
    "",
    "  void validate() {}",
    "",
    "  @Override public void train(RunContext ctx) {}",
    "}",
  };

  @Test
  void generatesTheChecksOfEveryPartThenTheTrainers() {
    Compilation compilation = compile(source("p.Nested", NESTED));
    assertThat(compilation).succeededWithoutWarnings();
    Goldens.assertGenerated(compilation, "NestedConfigChecksTest/nested", "p.Nested_Repro4j");
  }

  @Test
  void theGeneratedCodeValidatesTheChosenOptionAndNamesNestedKeys() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new Repro4jProcessor())
            .withOptions(Compilations.LINT, "-Werror")
            .compile(source("p.Nested", NESTED));
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader =
        new GeneratedCodeTest.GeneratedClassLoader(compilation, NestedConfigChecksTest.class.getClassLoader());
    Class<? extends Trainer> trainerClass = Class.forName("p.Nested", true, loader).asSubclass(Trainer.class);
    ExperimentBinding<? extends Trainer, ?> binding = ExperimentBinding.forClass(trainerClass);

    ParamSpec activation = binding.schema().find("model.activation").orElseThrow();
    assertThat(activation.choices()).containsExactly("relu", "tanh").inOrder();
    assertThat(activation.help()).isEqualTo("what each unit computes");
    assertThat(binding.schema().find("data.batch").orElseThrow().required()).isTrue();
    assertThat(binding.schema().find("data.split").orElseThrow().required()).isFalse();

    Trainer trainer = trainerClass.getDeclaredConstructor().newInstance();
    Map<String, Object> defaults = defaults(binding, trainer);
    assertThat(defaults).doesNotContainKey("data.batch"); // no initializer: required

    ConfigException missing = assertThrows(ConfigException.class, () -> compose(binding, defaults));
    assertThat(missing.problems().get(0).format()).contains("data.batch=...");
    ConfigException notAChoice =
        assertThrows(ConfigException.class, () -> compose(binding, defaults, "data.batch=8", "model.activation=gelu"));
    assertThat(notAChoice.problems().get(0).message())
        .isEqualTo("'model.activation' expects one of relu, tanh, got 'gelu' (did you mean 'relu'?)");

    assertThat(compose(binding, defaults, "data.batch=8").get("name")).isEqualTo("sgd-0.1");
    ResolvedConfig good =
        compose(binding, defaults, "data.batch=8", "optimizer=adam", "optimizer.lr=0.01", "optimizer.beta1=0.9");
    assertThat(good.get("name")).isEqualTo("adam-0.01");
    validate(binding, trainer, good);

    ValidationException odd =
        assertThrows(ValidationException.class, () -> validate(binding, trainer, compose(binding, defaults,
            "data.batch=8", "model.width=7")));
    assertThat(odd.problem(compose(binding, defaults, "data.batch=8", "model.width=7")).format())
        .isEqualTo(
            "Nested.Model.validate(): width must be even, got 7\n"
                + "  model.width = 7 from override 'model.width=7'");

    // Only the chosen option is checked: sgd has no validate(), adam's rejects beta1 = 1.
    ResolvedConfig adam =
        compose(binding, defaults, "data.batch=8", "optimizer=adam", "optimizer.lr=0.01", "optimizer.beta1=1");
    ValidationException beta = assertThrows(ValidationException.class, () -> validate(binding, trainer, adam));
    assertThat(beta.problem(adam).format())
        .isEqualTo(
            "Nested.Adam.validate(): beta1 must be below 1\n"
                + "  optimizer.beta1 = 1.0 from override 'optimizer.beta1=1'");
  }

  @Test
  void choicesAreCheckedOnComponentsAndConfigClassFields() {
    JavaFileObject source =
        trainer(
            "  record Model(@Hyperparam(choices = {\"1\"}) int width, @Hyperparam(choices = {\"a\", \"a\"}) String act) {}",
            "  static class Data {",
            "    @Hyperparam(choices = {\"train\", \"full\"}) String split = \"test\";",
            "  }",
            "  record Head(int units) {}",
            "  sealed interface Optimizer permits Sgd {}",
            "  record Sgd(double lr) implements Optimizer {}",
            "  @Hyperparam Model model = new Model(1, \"a\");",
            "  @Hyperparam Data data = new Data();",
            "  @Hyperparam(choices = \"x\") Head head = new Head(1);",
            "  @Hyperparam(choices = \"sgd\") Optimizer optimizer = new Sgd(0.1);");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation)
        .hadErrorContaining("[Repro4jChoices] @Hyperparam field 'width' has choices, but its type int is not String")
        .inFile(source)
        .onLineContaining("record Model(");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jChoices] @Hyperparam field 'act' lists the choice \"a\" twice")
        .inFile(source)
        .onLineContaining("record Model(");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDefaultNotAChoice] @Hyperparam field 'split' defaults to \"test\", which is not one of its"
                + " choices (\"train\", \"full\")")
        .inFile(source)
        .onLineContaining("String split");
    assertThat(compilation)
        .hadErrorContaining("@Hyperparam field 'head' has choices, but its type Head is not String")
        .inFile(source)
        .onLineContaining("Head head");
    assertThat(compilation)
        .hadErrorContaining(
            "@Hyperparam field 'optimizer' has choices, but its type Optimizer is not String: choices restrict"
                + " the text of a String key (a config group's options are its choices already)")
        .inFile(source)
        .onLineContaining("Optimizer optimizer");
  }

  @Test
  void aPartsValidateIsCheckedLikeTheTrainersAndMustBeVisibleToTheGeneratedCode() {
    JavaFileObject model =
        source(
            "q.Model",
            "package q;",
            "import io.repro4j.annotations.Hyperparam;",
            "public record Model(@Hyperparam int width) {",
            "  void validate() {}",
            "}");
    JavaFileObject source =
        trainer(
            "  record Head(int units) {",
            "    private void validate() {}",
            "  }",
            "  sealed interface Optimizer permits Sgd {}",
            "  record Sgd(double lr) implements Optimizer {",
            "    int validate() { return 0; }",
            "  }",
            "  @Hyperparam q.Model model = new q.Model(1);",
            "  @Hyperparam Head head = new Head(1);",
            "  @Hyperparam Optimizer optimizer = new Sgd(0.1);");
    Compilation compilation = compile(source, model);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jValidate] Model.validate() is not public, but the generated code that calls it after"
                + " binding the config is in package p: make it public")
        .inFile(model)
        .onLineContaining("void validate()");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jValidate] T.Head.validate() is private")
        .inFile(source)
        .onLineContaining("private void validate()");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jValidate] T.Sgd.validate() returns int, which would be ignored")
        .inFile(source)
        .onLineContaining("int validate()");
  }

  @Test
  void anInterpolatedDefaultMayNameAnyOptionsKey() {
    assertThat(compile(source("p.Nested", NESTED))).succeededWithoutWarnings(); // ${optimizer.lr}
    JavaFileObject source =
        trainer(
            "  sealed interface Optimizer permits Sgd {}",
            "  record Sgd(double lr) implements Optimizer {}",
            "  @Hyperparam Optimizer optimizer = new Sgd(0.1);",
            "  @Hyperparam String name = \"run-${optimizer.momentum}\";");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("interpolation key 'optimizer.momentum' not found")
        .inFile(source)
        .onLineContaining("String name");
  }

  @Test
  void aGroupFieldWithoutInitializerIsRequired() {
    Compilation compilation =
        compile(
            trainer(
                "  sealed interface Optimizer permits Sgd {}",
                "  record Sgd(double lr) implements Optimizer {}",
                "  @Hyperparam Optimizer optimizer;"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .contains(
            "new ParamSpec(\"optimizer\", ParamType.group(\"T.Optimizer\", List.of(\"sgd\")), \"\","
                + " Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, \"T.optimizer\", true, List.of())");
  }

  @SuppressWarnings("unchecked")
  private static <T extends Trainer> Map<String, Object> defaults(ExperimentBinding<T, ?> binding, Trainer trainer) {
    return binding.defaults((T) trainer);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Trainer, C extends Record> void validate(
      ExperimentBinding<T, C> binding, Trainer trainer, ResolvedConfig resolved) throws ValidationException {
    C config = binding.config(resolved);
    binding.bind((T) trainer, config);
    binding.validate((T) trainer, config);
  }

  private static ResolvedConfig compose(
      ExperimentBinding<?, ?> binding, Map<String, Object> defaults, String... overrides) throws ConfigException {
    List<ConfigOverride> parsed = new ArrayList<>();
    for (String text : overrides) {
      parsed.add(ConfigOverride.parse(text));
    }
    return new Composer(binding.schema(), binding.configResources(), name -> Optional.empty(), "p.Nested")
        .compose(defaults, Map.of(), parsed);
  }
}
