package io.repro4j.samples.iris;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.samples.RunHarness;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the real sample with the real processor, as Maven does, but with a typo in its YAML:
 * javac must stop with an error that names the file, the line and the key.
 */
class YamlCheckedByJavacTest {
  private static final Path SOURCES = RunHarness.REPO_ROOT.resolve("samples/src/main/java");
  private static final Path YAML = RunHarness.REPO_ROOT.resolve("samples/src/main/resources/iris.yaml");

  @TempDir Path temp;

  @Test
  void theSampleCompilesWithItsOwnYaml() throws Exception {
    Path resources = Files.createDirectories(temp.resolve("resources"));
    Files.copy(YAML, resources.resolve("iris.yaml"));
    List<Diagnostic<? extends JavaFileObject>> errors = compile(resources);
    assertEquals(List.of(), errors);
  }

  @Test
  void aTypoInAYamlKeyIsACompileErrorNamingFileLineAndKey() throws Exception {
    Path resources = Files.createDirectories(temp.resolve("resources"));
    String yaml = Files.readString(YAML, StandardCharsets.UTF_8);
    assertTrue(yaml.contains("\nepochs: "), yaml);
    Files.writeString(resources.resolve("iris.yaml"), yaml.replace("\nepochs: ", "\nepohcs: "));
    int line = lineOf(yaml, "epochs: ");

    List<Diagnostic<? extends JavaFileObject>> errors = compile(resources);
    String messages = errors.stream().map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.joining("\n"));
    assertEquals(1, errors.size(), messages);
    String message = errors.get(0).getMessage(Locale.ROOT);
    assertTrue(message.contains("iris.yaml:" + line + ":"), message);
    assertTrue(message.contains("unknown key 'epohcs'"), message);
    assertTrue(message.contains("did you mean 'epochs'"), message);
    assertTrue(errors.get(0).getSource().getName().endsWith("IrisTrainer.java"), errors.get(0).getSource().getName());
  }

  @Test
  void aValueOutOfRangeInTheYamlIsACompileError() throws Exception {
    Path resources = Files.createDirectories(temp.resolve("resources"));
    String yaml = Files.readString(YAML, StandardCharsets.UTF_8);
    Files.writeString(resources.resolve("iris.yaml"), yaml.replace("\nl2: 0.0001\n", "\nl2: -1\n"));
    List<Diagnostic<? extends JavaFileObject>> errors = compile(resources);
    assertEquals(1, errors.size());
    String message = errors.get(0).getMessage(Locale.ROOT);
    assertTrue(message.contains("iris.yaml:" + lineOf(yaml, "l2: ") + ":"), message);
    assertTrue(message.contains("out of range"), message);
    assertFalse(message.contains("epochs"), message);
  }

  @Test
  void aTypoInAnOptionFileIsACompileErrorOnTheGroupsField() throws Exception {
    Path resources = Files.createDirectories(temp.resolve("resources"));
    Files.copy(YAML, resources.resolve("iris.yaml"));
    Path conf = Files.createDirectories(resources.resolve("conf/optimizer"));
    Path adam = YAML.resolveSibling("conf/optimizer/adam.yaml");
    String text = Files.readString(adam, StandardCharsets.UTF_8);
    assertTrue(text.contains("\nbeta2: "), text);
    Files.writeString(conf.resolve("adam.yaml"), text.replace("\nbeta2: ", "\nbeta_2: "));
    Files.copy(YAML.resolveSibling("conf/optimizer/sgd.yaml"), conf.resolve("sgd.yaml"));

    List<Diagnostic<? extends JavaFileObject>> errors = compile(resources);
    assertEquals(1, errors.size(), errors.toString());
    String message = errors.get(0).getMessage(Locale.ROOT);
    assertTrue(message.contains("conf/optimizer/adam.yaml:" + lineOf(text, "beta2: ") + ":"), message);
    assertTrue(message.contains("unknown key 'beta_2' (did you mean 'beta2'?) (option 'adam' of config group 'optimizer')"),
        message);
    String source = Files.readString(SOURCES.resolve("io/repro4j/samples/iris/IrisTrainer.java"));
    assertEquals(lineOf(source, "  Optimizer optimizer"), errors.get(0).getLineNumber());
  }

  @Test
  void anUnknownOptionInTheDefaultsListIsACompileError() throws Exception {
    Path resources = Files.createDirectories(temp.resolve("resources"));
    String yaml = Files.readString(YAML, StandardCharsets.UTF_8);
    Files.writeString(resources.resolve("iris.yaml"), yaml.replace("- optimizer: sgd", "- optimizer: sdg"));
    List<Diagnostic<? extends JavaFileObject>> errors = compile(resources);
    assertEquals(1, errors.size(), errors.toString());
    String message = errors.get(0).getMessage(Locale.ROOT);
    assertTrue(message.contains("iris.yaml:" + lineOf(yaml, "  - optimizer: ") + ":16: Could not find 'optimizer/sdg'"
        + " (did you mean 'sgd'?); available options in 'optimizer': sgd, adam"), message);
  }

  private static int lineOf(String text, String start) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(start)) {
        return i + 1;
      }
    }
    throw new AssertionError(start + " not in " + text);
  }

  private List<Diagnostic<? extends JavaFileObject>> compile(Path resources) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path classes = Files.createDirectories(temp.resolve("classes"));
    String classpath = System.getProperty("java.class.path");
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units =
          files.getJavaFileObjects(SOURCES.resolve("io/repro4j/samples/iris/IrisTrainer.java"));
      List<String> options = List.of(
          "--release", "17",
          "-classpath", classpath,
          "-processorpath", classpath,
          "-sourcepath", SOURCES.toString(),
          "-d", classes.toString(),
          "-Arepro4j.resources=" + resources);
      StringWriter out = new StringWriter();
      javac.getTask(out, files, diagnostics, options, null, units).call();
    }
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .toList();
  }
}
