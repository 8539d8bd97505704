package io.repro4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static io.repro4j.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The YAML files of {@code @Experiment(config)}, found and checked by javac with the runtime's own
 * reader and checker. Each problem is an error on that file's entry in {@code config = ...}, with
 * the file's line and column in its text.
 */
class ConfigFileTest {
  @TempDir Path resources;

  /** An Iris-like trainer whose {@code @Experiment} line is {@code experimentLine}. */
  static JavaFileObject trainer(String experimentLine) {
    List<String> lines = new ArrayList<>(Compilations.HEADER);
    lines.addAll(
        List.of(
            experimentLine,
            "public class Iris implements Trainer {",
            "  @Hyperparam(min = 0, max = 10) double lr = 0.05;",
            "  @Hyperparam(min = 1) int epochs = 100;",
            "  @Hyperparam long seed = 1;",
            "  @Hyperparam boolean verbose;",
            "  @Dataset(path = \"samples/data/iris.csv\") Path iris;",
            "  @Override public void train(RunContext ctx) {}",
            "}"));
    return source("p.Iris", lines.toArray(String[]::new));
  }

  private Compilation compileWithResources(JavaFileObject source) {
    return compile(List.of("-Arepro4j.resources=" + resources), source);
  }

  private void write(String name, String... lines) throws IOException {
    Files.writeString(resources.resolve(name), String.join("\n", lines) + "\n");
  }

  @Test
  void missingResourceSaysWhereItLooked() {
    JavaFileObject source = trainer("@Experiment(config = {\"base.yaml\",\n    \"missing.yaml\"})");
    Compilation compilation = compile(List.of("-Arepro4j.resources=" + resources), source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jConfigNotFound] config resource 'missing.yaml' not found: looked in ")
        .inFile(source)
        .onLineContaining("\"missing.yaml\"");
    assertThat(compilation)
        .hadErrorContaining(resources.resolve("missing.yaml").toString())
        .inFile(source)
        .onLineContaining("\"missing.yaml\"");
    assertThat(compilation)
        .hadErrorContaining(
            ". Put it in src/main/resources (Maven copies it to the class output before compiling) or"
                + " name its directory with -Arepro4j.resources=DIR")
        .inFile(source)
        .onLineContaining("\"missing.yaml\"");
    assertThat(compilation)
        .hadErrorContaining("config resource 'base.yaml' not found")
        .inFile(source)
        .onLineContaining("\"base.yaml\"");
  }

  @Test
  void withoutTheOptionTheMessageSaysNoneWasGiven() {
    JavaFileObject source = trainer("@Experiment(config = \"iris.yaml\")");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("no -Arepro4j.resources directories (none given)")
        .inFile(source)
        .onLineContaining("iris.yaml");
  }

  @Test
  void resourcesAreSearchedInEveryDirectoryOfTheOption(@TempDir Path other) throws IOException {
    Files.writeString(other.resolve("iris.yaml"), "lr: 0.1\n");
    JavaFileObject source = trainer("@Experiment(config = \"iris.yaml\")");
    Compilation compilation =
        compile(List.of("-Arepro4j.resources=" + resources + File.pathSeparator + other), source);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void resourceInTheClassOutputIsFoundFirst(@TempDir Path out) throws IOException {
    Files.createDirectories(out.resolve("classes"));
    Files.writeString(out.resolve("classes/iris.yaml"), "lrr: 0.1\n");
    write("iris.yaml", "lr: 0.1");
    RealJavac.Result result =
        RealJavac.compile(
            out, List.of("-Arepro4j.resources=" + resources), trainer("@Experiment(config = \"iris.yaml\")"));
    assertTrue(
        result.diagnostics().contains("[Repro4jConfig] iris.yaml:1:6: unknown key 'lrr' (did you mean 'lr'?)"),
        result.diagnostics());
  }

  @Test
  void validFilesCompileAndAllKeysIncludingDatasetsAreKnown() throws IOException {
    write("iris.yaml", "# comment", "lr: 0.1", "epochs: 200", "seed: 42", "verbose: true", "iris: /scratch/iris.csv");
    Compilation compilation = compileWithResources(trainer("@Experiment(config = \"iris.yaml\")"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void unknownKeyWithDidYouMean() throws IOException {
    write("iris.yaml", "# Hyperparameters", "epochs: 200", "lrr: 0.1");
    JavaFileObject source = trainer("@Experiment(name = \"iris\", config = \"iris.yaml\")");
    Compilation compilation = compileWithResources(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[Repro4jConfig] iris.yaml:3:6: unknown key 'lrr' (did you mean 'lr'?)")
        .inFile(source)
        .onLineContaining("@Experiment");
  }

  @Test
  void wrongType() throws IOException {
    write("iris.yaml", "lr: 0.1", "epochs: ten");
    JavaFileObject source = trainer("@Experiment(config = \"iris.yaml\")");
    Compilation compilation = compileWithResources(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[Repro4jConfig] iris.yaml:2:9: 'epochs' expects int, got 'ten' (a string)")
        .inFile(source)
        .onLineContaining("@Experiment");
  }

  @Test
  void outOfRange() throws IOException {
    write("iris.yaml", "lr: 20", "epochs: 0");
    JavaFileObject source = trainer("@Experiment(config = \"iris.yaml\")");
    Compilation compilation = compileWithResources(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[Repro4jConfig] iris.yaml:1:5: 'lr' = 20.0 is out of range [0.0, 10.0]")
        .inFile(source)
        .onLineContaining("@Experiment");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jConfig] iris.yaml:2:9: 'epochs' = 0 is out of range: it must be at least 1")
        .inFile(source)
        .onLineContaining("@Experiment");
  }

  @Test
  void syntaxError() throws IOException {
    write("iris.yaml", "lr: 0.1", "epochs: [1, 2", "seed: 3");
    JavaFileObject source = trainer("@Experiment(config = \"iris.yaml\")");
    Compilation compilation = compileWithResources(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jConfig] iris.yaml:3:5: invalid YAML: expected ',' or ']', but got")
        .inFile(source)
        .onLineContaining("@Experiment");
  }

  @Test
  void everyProblemOfEveryFileIsReportedOnThatFile() throws IOException {
    write("base.yaml", "lrr: 0.1", "epochs: ten");
    write("local.yaml", "seeed: 3");
    JavaFileObject source = trainer("@Experiment(config = {\"base.yaml\",\n    \"local.yaml\"})");
    Compilation compilation = compileWithResources(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining("base.yaml:1:6: unknown key 'lrr' (did you mean 'lr'?)")
        .inFile(source)
        .onLineContaining("\"base.yaml\"");
    assertThat(compilation)
        .hadErrorContaining("base.yaml:2:9: 'epochs' expects int, got 'ten' (a string)")
        .inFile(source)
        .onLineContaining("\"base.yaml\"");
    assertThat(compilation)
        .hadErrorContaining("local.yaml:1:8: unknown key 'seeed' (did you mean 'seed'?)")
        .inFile(source)
        .onLineContaining("\"local.yaml\"");
  }

  @Test
  void filesAreCheckedAlongsideOtherErrorsOfTheClass() throws IOException {
    write("iris.yaml", "lr: 0.1", "rate: 2");
    JavaFileObject source =
        source(
            "p.Private",
            "package p;",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.annotations.Hyperparam;",
            "@Experiment(config = \"iris.yaml\")",
            "public class Private implements io.repro4j.runtime.Trainer {",
            "  @Hyperparam private double lr;",
            "  @Hyperparam final double rate = 1;",
            "  @Override public void train(io.repro4j.runtime.RunContext ctx) {}",
            "}");
    Compilation compilation = compileWithResources(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("[Repro4jPrivateField]").inFile(source).onLineContaining("double lr");
    assertThat(compilation).hadErrorContaining("[Repro4jFinalField]").inFile(source).onLineContaining("double rate");
    // Both keys are known, so the file itself is fine; now break it.
    write("iris.yaml", "lrr: 0.1");
    compilation = compileWithResources(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining("iris.yaml:1:6: unknown key 'lrr' (did you mean 'lr'?)")
        .inFile(source)
        .onLineContaining("@Experiment");
  }

  @Test
  void filesAreNotCheckedAgainstAnIncompleteSchema() throws IOException {
    write("iris.yaml", "letter: x");
    JavaFileObject source =
        source(
            "p.Partial",
            "package p;",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.annotations.Hyperparam;",
            "@Experiment(config = \"iris.yaml\")",
            "public class Partial implements io.repro4j.runtime.Trainer {",
            "  @Hyperparam char letter;",
            "  @Override public void train(io.repro4j.runtime.RunContext ctx) {}",
            "}");
    Compilation compilation = compileWithResources(source);
    // Only the field's error: 'letter' is not "unknown", it is broken.
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[Repro4jUnsupportedType]").inFile(source).onLineContaining("char letter");
  }
}
