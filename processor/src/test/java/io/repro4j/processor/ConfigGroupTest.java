package io.repro4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static io.repro4j.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.repro4j.runtime.ExperimentBinding;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.config.Composer;
import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ConfigOverride;
import io.repro4j.runtime.config.ConfigYaml;
import io.repro4j.runtime.config.Origin;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ResolvedConfig;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nested configs (record-typed hyperparameters, recursively) and config groups (sealed interfaces of
 * records): the generated code, the compile errors, and the YAML checks of option files and
 * defaults lists.
 */
class ConfigGroupTest {
  @TempDir Path resources;

  static final String[] GROUPS = {
    "package p;",
    "",
    "import io.repro4j.annotations.Experiment;",
    "import io.repro4j.annotations.Hyperparam;",
    "import io.repro4j.annotations.Option;",
    "import io.repro4j.runtime.RunContext;",
    "import io.repro4j.runtime.Trainer;",
    "import java.util.List;",
    "",
    "@Experiment(name = \"groups\", config = \"groups.yaml\")",
    "public class Groups implements Trainer {",
    "  enum Activation { RELU, TANH }",
    "",
    "  /**",
    "   * The network's shape.",
    "   *",
    "   * @param width units per layer",
    "   * @param depth number of",
    "   *     hidden layers. More is slower.",
    "   * @param head the output layer",
    "   */",
    "  record Model(@Hyperparam(min = 1, max = 4096) int width, @Hyperparam(min = 1) int depth, Head head) {}",
    "",
    "  /** @param activation its non-linearity */",
    "  record Head(",
    "      Activation activation,",
    "      @Hyperparam(name = \"drop-out\", help = \"Share of units dropped.\", min = 0, max = 1) double dropout,",
    "      List<Integer> sizes) {}",
    "",
    "  sealed interface Optimizer permits Sgd, AdamW {}",
    "",
    "  /**",
    "   * @param lr step size",
    "   * @param momentum heavy-ball momentum",
    "   */",
    "  record Sgd(@Hyperparam(min = 0) double lr, double momentum) implements Optimizer {}",
    "",
    "  @Option(\"adamw\")",
    "  record AdamW(@Hyperparam(min = 0) double lr, Betas betas, Double weightDecay) implements Optimizer {}",
    "",
    "  record Betas(double beta1, double beta2) {}",
    "",
    "  /** The model. */",
    "  @Hyperparam Model model = new Model(64, 2, new Head(Activation.RELU, 0.1, List.of(8)));",
    "",
    "  /** How weights are updated. */",
    "  @Hyperparam Optimizer optimizer = new Sgd(0.1, 0.9);",
    "",
    "  @Hyperparam int epochs = 3;",
    "",
    "  @Override public void train(RunContext ctx) {}",
    "}",
  };

  private void writeGroupsYaml() throws IOException {
    write("groups.yaml", "defaults:", "  - optimizer: adamw", "  - _self_", "model:", "  width: 128");
    write("conf/optimizer/adamw.yaml", "lr: 0.001", "betas:", "  beta1: 0.9", "  beta2: 0.999", "weightDecay: 0.01");
    write("conf/optimizer/sgd.yaml", "momentum: 0.5");
  }

  private void write(String name, String... lines) throws IOException {
    Path file = resources.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
  }

  private Compilation compileWithResources(JavaFileObject... sources) {
    return compile(List.of("-Arepro4j.resources=" + resources), sources);
  }

  @Test
  void generatesNestedRecordsAndGroupsWithoutReflection() throws IOException {
    writeGroupsYaml();
    Compilation compilation = compileWithResources(source("p.Groups", GROUPS));
    assertThat(compilation).succeededWithoutWarnings();
    Goldens.assertGenerated(compilation, "ConfigGroupTest/groups", "p.Groups_Repro4jConfig");
    Goldens.assertGenerated(compilation, "ConfigGroupTest/groups", "p.Groups_Repro4j");
  }

  @Test
  void theGeneratedCodeComposesBuildsAndBinds() throws Exception {
    writeGroupsYaml();
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new Repro4jProcessor())
            .withOptions(Compilations.LINT, "-Werror", "-Arepro4j.resources=" + resources)
            .compile(source("p.Groups", GROUPS));
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader =
        new GeneratedCodeTest.GeneratedClassLoader(compilation, ConfigGroupTest.class.getClassLoader());
    Class<? extends Trainer> trainerClass = Class.forName("p.Groups", true, loader).asSubclass(Trainer.class);
    ExperimentBinding<? extends Trainer, ?> binding = ExperimentBinding.forClass(trainerClass);

    assertThat(binding.schema().params().stream().map(ParamSpec::key).toList())
        .containsExactly(
            "model.width", "model.depth", "model.head.activation", "model.head.drop-out", "model.head.sizes",
            "optimizer", "epochs")
        .inOrder();
    assertThat(binding.schema().find("model.depth").orElseThrow().help()).isEqualTo("number of hidden layers.");
    assertThat(binding.schema().find("model.head.drop-out").orElseThrow().element()).isEqualTo("Groups.Head.dropout");
    assertThat(binding.schema().group("optimizer").orElseThrow().optionNames()).containsExactly("sgd", "adamw").inOrder();

    Trainer trainer = trainerClass.getDeclaredConstructor().newInstance();
    Map<String, Object> defaults = defaults(binding, trainer);
    assertThat(defaults)
        .containsExactly(
            "model.width", 64, "model.depth", 2, "model.head.activation", "RELU", "model.head.drop-out", 0.1,
            "model.head.sizes", List.of(8), "optimizer", "sgd", "optimizer.lr", 0.1, "optimizer.momentum", 0.9,
            "epochs", 3)
        .inOrder();

    ResolvedConfig resolved = compose(binding, defaults, "optimizer.betas.beta2=0.99", "model.head.activation=TANH");
    assertThat(ConfigYaml.config(resolved))
        .isEqualTo(
            "defaults:\n- optimizer: adamw\n- _self_\nmodel:\n  width: 128\n  depth: 2\n  head:\n    activation: TANH\n"
                + "    drop-out: 0.1\n    sizes:\n    - 8\noptimizer:\n  lr: 0.001\n  betas:\n    beta1: 0.9\n"
                + "    beta2: 0.99\n  weightDecay: 0.01\nepochs: 3\n");
    bind(binding, trainer, resolved);
    assertThat(field(trainer, "optimizer").toString())
        .isEqualTo("AdamW[lr=0.001, betas=Betas[beta1=0.9, beta2=0.99], weightDecay=0.01]");
    assertThat(field(trainer, "model").toString())
        .isEqualTo("Model[width=128, depth=2, head=Head[activation=TANH, dropout=0.1, sizes=[8]]]");

    ResolvedConfig sgd = compose(binding, defaults, "optimizer=sgd");
    bind(binding, trainer, sgd);
    assertThat(field(trainer, "optimizer").toString()).isEqualTo("Sgd[lr=0.1, momentum=0.5]");
    assertThat(sgd.origin("optimizer.lr")).isEqualTo(new Origin.Default("Groups.Sgd.lr"));
  }

  @SuppressWarnings("unchecked")
  private static <T extends Trainer> Map<String, Object> defaults(ExperimentBinding<T, ?> binding, Trainer trainer) {
    return binding.defaults((T) trainer);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Trainer, C extends Record> void bind(
      ExperimentBinding<T, C> binding, Trainer trainer, ResolvedConfig resolved) {
    binding.bind((T) trainer, binding.config(resolved));
  }

  private ResolvedConfig compose(ExperimentBinding<?, ?> binding, Map<String, Object> defaults, String... overrides)
      throws ConfigException {
    List<ConfigOverride> parsed = new ArrayList<>();
    for (String text : overrides) {
      parsed.add(ConfigOverride.parse(text));
    }
    Composer composer =
        new Composer(
            binding.schema(),
            binding.configResources(),
            name -> {
              Path file = resources.resolve(name);
              return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
            },
            "p.Groups");
    return composer.compose(defaults, new LinkedHashMap<>(), parsed);
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }

  @Test
  void componentsAreCheckedLikeFieldsAndReportedOnThemselves() {
    JavaFileObject source =
        source(
            "p.T",
            "package p;",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.annotations.Hyperparam;",
            "import io.repro4j.runtime.RunContext;",
            "import io.repro4j.runtime.Trainer;",
            "@Experiment",
            "public class T implements Trainer {",
            "  record Model(",
            "      char letter,",
            "      @Hyperparam(min = 1) String name,",
            "      @Hyperparam(min = 2, max = 1) int width,",
            "      @Hyperparam(name = \"width\") int other,",
            "      @Hyperparam(name = \"a.b\") int dotted,",
            "      Choice choice,",
            "      Node node) {}",
            "  sealed interface Choice permits A {}",
            "  record A(int x) implements Choice {}",
            "  record Node(int value, Node next) {}",
            "  @Hyperparam Model model;",
            "  @Hyperparam int defaults;",
            "  @Override public void train(RunContext ctx) {}",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(8);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jUnsupportedType] component 'letter' of config record T.Model has type char, which a config"
                + " value cannot hold (use String): use boolean,")
        .inFile(source)
        .onLineContaining("char letter");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jRangeNotNumeric] @Hyperparam field 'name' has min, but its type String is not a number")
        .inFile(source)
        .onLineContaining("String name");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jEmptyRange] @Hyperparam field 'width' has min = 2 greater than max = 1")
        .inFile(source)
        .onLineContaining("int width");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jDuplicateKey] config key 'width' of T.Model.other is already used by T.Model.width")
        .inFile(source)
        .onLineContaining("int other");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jInvalidKey] config key 'a.b' of T.Model.dotted is not a valid key: it contains '.'")
        .inFile(source)
        .onLineContaining("int dotted");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jNestedGroup] component 'choice' of config record T.Model has type Choice, a sealed interface:"
                + " config groups can only be @Hyperparam fields of the @Experiment class")
        .inFile(source)
        .onLineContaining("Choice choice");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jRecursiveConfig] config record T.Node contains itself (through T.Model -> T.Node -> T.Node)")
        .inFile(source)
        .onLineContaining("Node next");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jInvalidKey] config key 'defaults' of T.defaults is not a valid key: it is reserved for the"
                + " defaults list of config files, as in Hydra")
        .inFile(source)
        .onLineContaining("int defaults");
  }

  @Test
  void groupOptionsMustBeNamedRecordsTheGeneratedCodeCanReach() {
    JavaFileObject source =
        source(
            "p.T",
            "package p;",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.annotations.Hyperparam;",
            "import io.repro4j.annotations.Option;",
            "import io.repro4j.runtime.RunContext;",
            "import io.repro4j.runtime.Trainer;",
            "@Experiment",
            "public class T implements Trainer {",
            "  sealed interface Optimizer permits Sgd, Plain, Sgd2, Bad {}",
            "  record Sgd(double lr) implements Optimizer {}",
            "  static final class Plain implements Optimizer {}",
            "  @Option(\"sgd\") record Sgd2(double lr) implements Optimizer {}",
            "  @Option(\"1st\") record Bad(double lr) implements Optimizer {}",
            "  private record Hidden(int x) {}",
            "  record Generic<X>(int x) {}",
            "  interface Open {}",
            "  @Hyperparam Optimizer optimizer;",
            "  @Hyperparam Hidden hidden;",
            "  @Hyperparam Generic<String> generic;",
            "  @Hyperparam Open open;",
            "  @Override public void train(RunContext ctx) {}",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(6);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jOptionNotRecord] config group 'optimizer': T.Plain is permitted by T.Optimizer but is not a"
                + " record: each option is a record whose components are its keys, so make Plain a record")
        .inFile(source)
        .onLineContaining("Optimizer optimizer");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDuplicateOption] config group 'optimizer' has two options named 'sgd' (T.Sgd and T.Sgd2)")
        .inFile(source)
        .onLineContaining("@Option(\"sgd\")");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jInvalidOption] option name '1st' of T.Bad is not valid: it starts with '1'. It is written on"
                + " the command line (optimizer=1st) and is a file name (conf/optimizer/1st.yaml)")
        .inFile(source)
        .onLineContaining("@Option(\"1st\")");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jInaccessibleType] config type T.Hidden cannot be used by the generated code in package p"
                + " because T.Hidden is private")
        .inFile(source)
        .onLineContaining("Hidden hidden");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jGenericConfigType] Config record T.Generic is generic")
        .inFile(source)
        .onLineContaining("generic;");
    assertThat(compilation)
        .hadErrorContaining(
            "field 'open' has type Open, which a config value cannot hold (a config group's type must be a sealed"
                + " interface that permits records)")
        .inFile(source)
        .onLineContaining("Open open");
  }

  @Test
  void optionFilesAndDefaultsListsAreCheckedByJavac() throws IOException {
    write(
        "groups.yaml",
        "defaults:",
        "  - optimizer: adam",
        "  - optimiser: sgd",
        "  - _self_",
        "model:",
        "  widht: 3",
        "optimizer:",
        "  weightDecay: 0.1");
    write("conf/optimizer/adamw.yaml", "lr: fast", "betas:", "  beta3: 0.9");
    JavaFileObject source = source("p.Groups", GROUPS);
    Compilation compilation = compileWithResources(source);
    assertThat(compilation).hadErrorCount(6);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jConfig] groups.yaml:2:16: Could not find 'optimizer/adam' (did you mean 'adamw'?); available"
                + " options in 'optimizer': sgd, adamw")
        .inFile(source)
        .onLineContaining("@Experiment");
    assertThat(compilation)
        .hadErrorContaining("groups.yaml:3:5: unknown config group 'optimiser' (did you mean 'optimizer'?)")
        .inFile(source)
        .onLineContaining("@Experiment");
    assertThat(compilation)
        .hadErrorContaining("groups.yaml:6:10: unknown key 'model.widht' (did you mean 'model.width'?)")
        .inFile(source)
        .onLineContaining("@Experiment");
    assertThat(compilation)
        .hadErrorContaining(
            "groups.yaml:8:16: unknown key 'optimizer.weightDecay': option 'sgd' of config group 'optimizer' has"
                + " optimizer.lr, optimizer.momentum; 'optimizer.weightDecay' belongs to option 'adamw'")
        .inFile(source)
        .onLineContaining("@Experiment");
    assertThat(compilation)
        .hadErrorContaining("conf/optimizer/adamw.yaml:1:5: 'optimizer.lr' expects double, got 'fast'")
        .inFile(source)
        .onLineContaining("Optimizer optimizer");
    assertThat(compilation)
        .hadErrorContaining(
            "conf/optimizer/adamw.yaml:3:10: unknown key 'betas.beta3' (did you mean 'betas.beta1'?) (option 'adamw'"
                + " of config group 'optimizer')")
        .inFile(source)
        .onLineContaining("Optimizer optimizer");
  }

  static final String[] CLASSES = {
    "package p;",
    "",
    "import io.repro4j.annotations.Experiment;",
    "import io.repro4j.annotations.Hyperparam;",
    "import io.repro4j.runtime.RunContext;",
    "import io.repro4j.runtime.Trainer;",
    "",
    "@Experiment(name = \"classes\")",
    "public class Classes implements Trainer {",
    "  static class Data {",
    "    /** Rows per batch. */",
    "    @Hyperparam(min = 1) int batch = 32;",
    "    @Hyperparam(name = \"shuffle-seed\") long seed = 7;",
    "    @Hyperparam private double fraction = 0.5;",
    "    @Hyperparam Window window = new Window(3, 1);",
    "    int notAKey = 4;",
    "",
    "    double getFraction() { return fraction; }",
    "    void setFraction(double fraction) { this.fraction = fraction; }",
    "  }",
    "",
    "  record Window(int size, int stride) {}",
    "",
    "  /** How rows are read. */",
    "  @Hyperparam Data data = new Data();",
    "",
    "  @Override public void train(RunContext ctx) {}",
    "}",
  };

  @Test
  void aClassWithHyperparamFieldsIsANestedConfigSetFieldByField() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new Repro4jProcessor())
            .withOptions(Compilations.LINT, "-Werror")
            .compile(source("p.Classes", CLASSES));
    assertThat(compilation).succeededWithoutWarnings();
    Goldens.assertGenerated(compilation, "ConfigGroupTest/classes", "p.Classes_Repro4jConfig");
    Goldens.assertGenerated(compilation, "ConfigGroupTest/classes", "p.Classes_Repro4j");

    ClassLoader loader =
        new GeneratedCodeTest.GeneratedClassLoader(compilation, ConfigGroupTest.class.getClassLoader());
    Class<? extends Trainer> trainerClass = Class.forName("p.Classes", true, loader).asSubclass(Trainer.class);
    ExperimentBinding<? extends Trainer, ?> binding = ExperimentBinding.forClass(trainerClass);
    Trainer trainer = trainerClass.getDeclaredConstructor().newInstance();
    Map<String, Object> defaults = defaults(binding, trainer);
    assertThat(defaults)
        .containsExactly(
            "data.batch", 32, "data.shuffle-seed", 7L, "data.fraction", 0.5, "data.window.size", 3,
            "data.window.stride", 1)
        .inOrder();
    assertThat(binding.schema().find("data.batch").orElseThrow().help()).isEqualTo("Rows per batch.");

    Object before = field(trainer, "data");
    ResolvedConfig resolved = compose(binding, defaults, "data.window.size=5", "data.shuffle-seed=9", "data.fraction=0.25");
    bind(binding, trainer, resolved);
    Object data = field(trainer, "data");
    assertThat(data).isNotSameInstanceAs(before);
    assertThat(field(data, "seed")).isEqualTo(9L);
    assertThat(field(data, "fraction")).isEqualTo(0.25);
    assertThat(field(data, "window").toString()).isEqualTo("Window[size=5, stride=1]");
    assertThat(field(data, "notAKey")).isEqualTo(4);
  }

  @Test
  void configClassFieldsFollowTheFieldRules() {
    JavaFileObject source =
        source(
            "p.T",
            "package p;",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.annotations.Hyperparam;",
            "import io.repro4j.runtime.RunContext;",
            "import io.repro4j.runtime.Trainer;",
            "@Experiment",
            "public class T implements Trainer {",
            "  static class Data {",
            "    @Hyperparam final int frozen = 1;",
            "    @Hyperparam private int hidden;",
            "    @Hyperparam(max = 10) int big = 20;",
            "  }",
            "  static class NoDefault {",
            "    @Hyperparam int x;",
            "    NoDefault(int x) { this.x = x; }",
            "  }",
            "  class Inner {",
            "    @Hyperparam int y;",
            "  }",
            "  static class Unused {",
            "    @Hyperparam int z;",
            "  }",
            "  @Hyperparam Data data;",
            "  @Hyperparam NoDefault noDefault;",
            "  @Hyperparam Inner inner;",
            "  @Override public void train(RunContext ctx) {}",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(6);
    assertThat(compilation).hadErrorContaining("[Repro4jFinalField] @Hyperparam field 'frozen' is final")
        .inFile(source).onLineContaining("int frozen");
    assertThat(compilation).hadErrorContaining("[Repro4jPrivateField] @Hyperparam field 'hidden' is private")
        .inFile(source).onLineContaining("int hidden");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jDefaultOutOfRange] @Hyperparam field 'big' defaults to 20, which is above its max = 10")
        .inFile(source).onLineContaining("int big");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jConfigClass] config class T.NoDefault cannot be created by the generated code: it has no"
                + " no-argument constructor. It creates it with 'new NoDefault()'")
        .inFile(source).onLineContaining("NoDefault noDefault");
    assertThat(compilation)
        .hadErrorContaining("config class T.Inner cannot be created by the generated code: it is an inner class")
        .inFile(source).onLineContaining("Inner inner");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jNotInExperiment] @Hyperparam on field 'z', but T.Unused is not annotated @Experiment:"
            + " only the members of an @Experiment class are read, so annotate Unused with @Experiment or move the"
            + " member into one (or, to make it a nested config, give an experiment a @Hyperparam field of its type)")
        .inFile(source).onLineContaining("int z");
  }
}
