package io.repro4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.launch.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interpolations, {@code ???} and choices in YAML files, checked by javac with the runtime's own
 * checker: a reference to a key that exists nowhere is a compile error at the file's line and
 * column; env variables are not read at compile time. A run reports the same text.
 */
class InterpolationInYamlTest {
  @TempDir Path resources;

  private static JavaFileObject trainer() {
    return ConfigFileTest.trainer("@Experiment(config = \"iris.yaml\")");
  }

  private Compilation compileWith(String... yamlLines) throws IOException {
    Files.writeString(resources.resolve("iris.yaml"), String.join("\n", yamlLines) + "\n");
    return compile(List.of("-Arepro4j.resources=" + resources), trainer());
  }

  @Test
  void referencesToExistingKeysEnvVariablesAndMissingValuesCompile() throws IOException {
    Compilation compilation =
        compileWith(
            "lr: ${oc.env:LR_FROM_NOWHERE,0.1}",
            "epochs: ${seed}",
            "seed: ???",
            "verbose: ${oc.env:VERBOSE}",
            "iris: ${oc.env:DATA,/data}/iris-${epochs}.csv");
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aReferenceToAKeyThatExistsNowhereIsACompileErrorWithFileLineAndColumn() throws IOException {
    JavaFileObject source = trainer();
    Files.writeString(resources.resolve("iris.yaml"), "lr: 0.1\nepochs: ${epoch}\niris: /x/${sed}.csv\n");
    Compilation compilation = compile(List.of("-Arepro4j.resources=" + resources), source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jConfig] iris.yaml:2:9: 'epochs' = '${epoch}': interpolation key 'epoch' not found"
                + " (did you mean 'epochs'?)")
        .inFile(source)
        .onLineContaining("@Experiment");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jConfig] iris.yaml:3:7: 'iris' = '/x/${sed}.csv': interpolation key 'sed' not found"
                + " (did you mean 'seed'?)")
        .inFile(source)
        .onLineContaining("@Experiment");
  }

  @Test
  void unknownResolversAndSyntaxErrorsAreCompileErrors() throws IOException {
    Compilation compilation = compileWith("lr: ${now:%s}", "seed: ${oc.env:SEED");
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jConfig] iris.yaml:1:5: 'lr' = '${now:%s}': unsupported interpolation type 'now' in"
                + " ${now:%s}; supported: oc.env, env");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jConfig] iris.yaml:2:7: 'seed' = '${oc.env:SEED': '${' at character 1 is not closed");
  }

  @Test
  void aYamlValueNotAmongTheChoicesIsACompileErrorWithDidYouMean() throws IOException {
    JavaFileObject source =
        Compilations.source(
            "p.T",
            "package p;",
            "",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.annotations.Hyperparam;",
            "import io.repro4j.runtime.RunContext;",
            "import io.repro4j.runtime.Trainer;",
            "",
            "@Experiment(config = \"t.yaml\")",
            "public class T implements Trainer {",
            "  @Hyperparam(choices = {\"sgd\", \"adam\"}) String optimizer = \"sgd\";",
            "  @Override public void train(RunContext ctx) {}",
            "}");
    Files.writeString(resources.resolve("t.yaml"), "# optimizer\noptimizer: adma\n");
    Compilation compilation = compile(List.of("-Arepro4j.resources=" + resources), source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jConfig] t.yaml:2:12: 'optimizer' expects one of sgd, adam, got 'adma' (did you mean"
                + " 'adam'?)")
        .inFile(source)
        .onLineContaining("@Experiment");
  }

  @Test
  void aConstantStringDefaultIsCheckedAsAnInterpolationToo() {
    JavaFileObject source =
        Compilations.trainer(
            "  static final String PREFIX = \"run-\";",
            "  @Hyperparam int epochs = 3;",
            "  @Hyperparam String name = PREFIX + \"${epoch}\";",
            "  @Hyperparam String home = \"${oc.env:HOME}\";",
            "  @Hyperparam String escaped = \"\\\\${epoch}\";");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jConfig] T.name (default): 'name' = 'run-${epoch}': interpolation key 'epoch' not"
                + " found (did you mean 'epochs'?)")
        .inFile(source)
        .onLineContaining("String name");
  }

  /**
   * The same YAML problems, found by javac and by a run of the compiled trainer whose YAML was edited
   * afterwards (Maven does not recompile for that): the messages are the same text.
   */
  @Test
  void javacAndARunReportTheSameText(@TempDir Path build, @TempDir Path other) throws Exception {
    String bad = "lr: 0.1\nepochs: ${epoch}\nseed: ${oc.env:SEED,1}\nverbose: true\niris: ${nope}/x.csv\n";
    Files.writeString(resources.resolve("iris.yaml"), bad);
    RealJavac.Result failed =
        RealJavac.compile(other, List.of("-Arepro4j.resources=" + resources), trainer());
    assertFalse(failed.success());
    List<String> atCompileTime = new ArrayList<>();
    for (String line : failed.diagnostics().split("\n")) {
      int tag = line.indexOf("[Repro4jConfig] ");
      if (tag >= 0) {
        atCompileTime.add(line.substring(tag + "[Repro4jConfig] ".length()));
      }
    }
    assertEquals(2, atCompileTime.size(), failed.diagnostics());

    Files.writeString(resources.resolve("iris.yaml"), "verbose: true\n");
    RealJavac.Result built = RealJavac.compile(build, List.of("-Arepro4j.resources=" + resources), trainer());
    assertTrue(built.success(), built.diagnostics());
    Files.writeString(built.classes().resolve("iris.yaml"), bad); // edited after the build

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {built.classes().toUri().toURL()}, getClass().getClassLoader())) {
      Trainer trainer =
          (Trainer) Class.forName("p.Iris", true, loader).getDeclaredConstructor().newInstance();
      int exit =
          new Launcher(
                  new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                  new PrintStream(err, true, StandardCharsets.UTF_8),
                  build,
                  Map.of())
              .run(trainer, new String[] {"--tracking-uri", build.resolve("mlruns").toString()});
      assertEquals(2, exit);
    }
    String atRunTime = err.toString(StandardCharsets.UTF_8);
    assertTrue(atRunTime.startsWith("repro4j: 2 config errors (no run was created)\n"), atRunTime);
    for (String message : atCompileTime) {
      assertTrue(atRunTime.contains("\n" + message + "\n"), message + "\nnot in\n" + atRunTime);
    }
    assertFalse(Files.exists(build.resolve("mlruns")));
  }
}
