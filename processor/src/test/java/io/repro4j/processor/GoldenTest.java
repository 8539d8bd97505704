package io.repro4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static io.repro4j.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated sources, compared with golden files under src/test/resources/golden/GoldenTest. */
class GoldenTest {

  /** A trainer with every supported hyperparameter type, every dataset field type and metric form. */
  static final String[] ALL_TYPES = {
    "package p;",
    "",
    "import io.repro4j.annotations.Dataset;",
    "import io.repro4j.annotations.Experiment;",
    "import io.repro4j.annotations.Hyperparam;",
    "import io.repro4j.annotations.Metric;",
    "import io.repro4j.runtime.RunContext;",
    "import io.repro4j.runtime.Trainer;",
    "import java.io.File;",
    "import java.nio.file.Path;",
    "import java.util.List;",
    "",
    "@Experiment(name = \"all-types\", config = {\"base.yaml\", \"local.yaml\"})",
    "public class AllTypes implements Trainer {",
    "  enum Mode { FAST, EXACT }",
    "",
    "  /** Whether to log each step.   Shown in {@code --help}. */",
    "  @Hyperparam boolean verbose = true;",
    "  /** Depth of the <em>tree</em>. */",
    "  @Hyperparam(min = 1, max = 10) int depth = 3;",
    "  @Hyperparam long seed = 42;",
    "  @Hyperparam(min = 0) float dropout = 0.5f;",
    "  @Hyperparam(min = 0, max = 1, help = \"The learning rate.\") double lr = 1e-3;",
    "  @Hyperparam Boolean shuffle = null;",
    "  @Hyperparam(min = 1) Integer workers = 4;",
    "  @Hyperparam Long budget = null;",
    "  @Hyperparam Float momentum = 0.9f;",
    "  @Hyperparam(name = \"weight-decay\") Double weightDecay = null;",
    "  @Hyperparam String optimizer = \"sgd\";",
    "  @Hyperparam Mode mode = Mode.FAST;",
    "  @Hyperparam Path outputs = Path.of(\"out\");",
    "  @Hyperparam(min = 1) List<Integer> layers = List.of(64, 32);",
    "  @Hyperparam List<Mode> schedule = null;",
    "  @Hyperparam List<String> tags = null;",
    "  /** A private field with a setter and a getter. */",
    "  @Hyperparam private double momentumDecay = 0.5;",
    "  @Hyperparam private boolean warmup = false;",
    "",
    "  /** Training rows. */",
    "  @Dataset(path = \"data/train.csv\", md5 = \"d69a16ea6136ccb02a7c37c66375ebba\") Path train;",
    "  @Dataset(path = \"data/test.csv\") File test;",
    "  @Dataset(path = \"data/extra.csv\", name = \"extra\") String extraFile;",
    "",
    "  @Metric(goal = Metric.Goal.MINIMIZE) double loss;",
    "  @Metric long steps;",
    "  @Metric Double maybe;",
    "  @Metric(name = \"val/acc\", goal = Metric.Goal.MAXIMIZE) double accuracy() { return 0.5; }",
    "  @Metric Integer count() { return null; }",
    "",
    "  double getMomentumDecay() { return momentumDecay; }",
    "  void setMomentumDecay(double momentumDecay) { this.momentumDecay = momentumDecay; }",
    "  public boolean isWarmup() { return warmup; }",
    "  public void setWarmup(boolean warmup) { this.warmup = warmup; }",
    "",
    "  @Override public void train(RunContext ctx) {}",
    "}",
  };

  /** The sample's IrisTrainer, as in samples/: the code the README shows. */
  static final String[] IRIS = {
    "package io.repro4j.samples.iris;",
    "",
    "import io.repro4j.annotations.Dataset;",
    "import io.repro4j.annotations.Experiment;",
    "import io.repro4j.annotations.Hyperparam;",
    "import io.repro4j.annotations.Metric;",
    "import io.repro4j.runtime.RunContext;",
    "import io.repro4j.runtime.Trainer;",
    "import java.nio.file.Path;",
    "",
    "@Experiment(name = \"iris-softmax\", config = \"iris.yaml\")",
    "public class IrisTrainer implements Trainer {",
    "  /** How the weights are updated: sgd or adam (a config group). */",
    "  @Hyperparam",
    "  Optimizer optimizer = new Sgd(0.05, 0.0);",
    "",
    "  /** Passes over the training set. */",
    "  @Hyperparam(min = 1, max = 100_000)",
    "  int epochs = 100;",
    "",
    "  /** L2 penalty on the weights (not the biases). */",
    "  @Hyperparam(min = 0)",
    "  double l2 = 0.0;",
    "",
    "  /** Examples per gradient step. */",
    "  @Hyperparam(min = 1, max = 1024)",
    "  int batchSize = 16;",
    "",
    "  /** Seed of the train/test split and the batch order. */",
    "  @Hyperparam",
    "  long seed = 1;",
    "",
    "  /** Share of the rows held out for testing. */",
    "  @Hyperparam(min = 0.05, max = 0.95)",
    "  double testFraction = 0.2;",
    "",
    "  /** The Iris table as scikit-learn ships it (header line: rows, features, class names). */",
    "  @Dataset(path = \"samples/data/iris.csv\", md5 = \"d69a16ea6136ccb02a7c37c66375ebba\")",
    "  Path iris;",
    "",
    "  /** Mean cross-entropy on the training set, plus the L2 penalty. */",
    "  @Metric(goal = Metric.Goal.MINIMIZE)",
    "  double loss;",
    "",
    "  /** Share of the held-out rows classified correctly. */",
    "  @Metric(name = \"accuracy\", goal = Metric.Goal.MAXIMIZE)",
    "  double testAccuracy;",
    "",
    "  @Override",
    "  public void train(RunContext ctx) {}",
    "}",
  };

  /** The sample's sources and YAML files: {@link #IRIS} and its optimizer config group. */
  static Compilation compileIris(Path resources) throws IOException {
    Path samples = Path.of(System.getProperty("basedir", "."), "../samples/src/main");
    Path conf = resources.resolve("conf/optimizer");
    Files.createDirectories(conf);
    Files.copy(samples.resolve("resources/iris.yaml"), resources.resolve("iris.yaml"));
    for (String option : List.of("sgd", "adam")) {
      Files.copy(samples.resolve("resources/conf/optimizer/" + option + ".yaml"), conf.resolve(option + ".yaml"));
    }
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(source("io.repro4j.samples.iris.IrisTrainer", IRIS));
    for (String type : List.of("Optimizer", "Sgd", "Adam")) {
      Path file = samples.resolve("java/io/repro4j/samples/iris/" + type + ".java");
      sources.add(JavaFileObjects.forSourceString("io.repro4j.samples.iris." + type, Files.readString(file)));
    }
    return compile(List.of("-Arepro4j.resources=" + resources), sources.toArray(JavaFileObject[]::new));
  }

  @Test
  void iris(@TempDir Path resources) throws IOException {
    Compilation compilation = compileIris(resources);
    assertThat(compilation).succeededWithoutWarnings();
    Goldens.assertGenerated(compilation, "GoldenTest/iris", "io.repro4j.samples.iris.IrisTrainer_Repro4jConfig");
    Goldens.assertGenerated(compilation, "GoldenTest/iris", "io.repro4j.samples.iris.IrisTrainer_Repro4j");
  }

  /** A nested trainer without config, datasets or metrics: names and empty lists. */
  @Test
  void nestedWithoutExtras() {
    Compilation compilation =
        compile(
            source(
                "p.Outer",
                "package p;",
                "import io.repro4j.annotations.Experiment;",
                "import io.repro4j.annotations.Hyperparam;",
                "import io.repro4j.runtime.RunContext;",
                "import io.repro4j.runtime.Trainer;",
                "public class Outer {",
                "  @Experiment",
                "  public static class Inner implements Trainer {",
                "    @Hyperparam(help = \"Steps   to run, *not* seconds: {@code */} is safe.\") int steps = 10;",
                "    @Override public void train(RunContext ctx) {}",
                "  }",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
    Goldens.assertGenerated(compilation, "GoldenTest/nestedWithoutExtras", "p.Outer_Inner_Repro4jConfig");
    Goldens.assertGenerated(compilation, "GoldenTest/nestedWithoutExtras", "p.Outer_Inner_Repro4j");
  }

  /** A required field, a String with choices, and a validate() method: the forms only they need. */
  @Test
  void requiredChoicesAndValidate() {
    Compilation compilation =
        compile(
            source(
                "p.Checked",
                "package p;",
                "import io.repro4j.annotations.Experiment;",
                "import io.repro4j.annotations.Hyperparam;",
                "import io.repro4j.runtime.RunContext;",
                "import io.repro4j.runtime.Trainer;",
                "@Experiment",
                "public class Checked implements Trainer {",
                "  /** Seed of everything; no initializer, so every run must set it. */",
                "  @Hyperparam long seed;",
                "  @Hyperparam(min = 1, max = 512) int batchSize;",
                "  @Hyperparam(choices = {\"sgd\", \"adam\"}) String optimizer = \"sgd\";",
                "  @Hyperparam int epochs = 10;",
                "  void validate() {",
                "    if (batchSize > 128 && optimizer.equals(\"sgd\")) {",
                "      throw new IllegalArgumentException(\"batchSize > 128 needs optimizer=adam\");",
                "    }",
                "  }",
                "  @Override public void train(RunContext ctx) {}",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
    Goldens.assertGenerated(compilation, "GoldenTest/requiredChoicesAndValidate", "p.Checked_Repro4j");
  }

  @Test
  void allTypes(@TempDir Path resources) throws IOException {
    Files.writeString(resources.resolve("base.yaml"), "lr: 0.01\nweight-decay: 0.0001\n");
    Files.writeString(resources.resolve("local.yaml"), "depth: 5\nschedule: [FAST, EXACT]\n");
    Compilation compilation =
        compile(List.of("-Arepro4j.resources=" + resources), source("p.AllTypes", ALL_TYPES));
    assertThat(compilation).succeededWithoutWarnings();
    Goldens.assertGenerated(compilation, "GoldenTest/allTypes", "p.AllTypes_Repro4jConfig");
    Goldens.assertGenerated(compilation, "GoldenTest/allTypes", "p.AllTypes_Repro4j");
  }
}
