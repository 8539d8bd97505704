package io.repro4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static io.repro4j.processor.Compilations.source;
import static io.repro4j.processor.Compilations.trainer;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules for the {@code @Experiment} class itself, and for members outside one. */
class ExperimentClassTest {

  @Test
  void classMustImplementTrainer() {
    JavaFileObject source =
        source(
            "p.NotTrainer",
            "package p;",
            "import io.repro4j.annotations.Experiment;",
            "@Experiment",
            "public class NotTrainer {",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jNotATrainer] @Experiment class NotTrainer does not implement"
                + " io.repro4j.runtime.Trainer: Repro4j.run starts a run by calling its"
                + " train(RunContext), so add 'implements Trainer'")
        .inFile(source)
        .onLineContaining("class NotTrainer");
  }

  @Test
  void aTrainerWithoutAnnotatedMembersStillGetsABinding() {
    Compilation compilation = Compilations.compile(trainer());
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4jConfig")
        .contentsAsUtf8String()
        .contains("public record T_Repro4jConfig() {");
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .contains("return new T_Repro4jConfig();");
  }

  @Test
  void runtimeMustBeOnTheClasspath() throws Exception {
    JavaFileObject source =
        source(
            "p.Lonely",
            "package p;",
            "import io.repro4j.annotations.Experiment;",
            "@Experiment",
            "public class Lonely {",
            "}");
    File annotationsOnly =
        new File(io.repro4j.annotations.Experiment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new Repro4jProcessor())
            .withClasspath(List.of(annotationsOnly))
            .compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jNoRuntime] @Experiment class Lonely cannot be bound: io.repro4j.runtime.Trainer is"
                + " not on the classpath, and the generated code needs the runtime, so add"
                + " io.repro4j:repro4j-runtime as a dependency")
        .inFile(source)
        .onLineContaining("class Lonely");
  }

  @Test
  void privateAbstractInnerAndGenericClasses() {
    JavaFileObject source =
        source(
            "p.Outer",
            "package p;",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.runtime.RunContext;",
            "import io.repro4j.runtime.Trainer;",
            "public class Outer {",
            "  @Experiment",
            "  private static class Hidden implements Trainer {",
            "    @Override public void train(RunContext ctx) {}",
            "  }",
            "  @Experiment",
            "  abstract static class Base implements Trainer {}",
            "  @Experiment",
            "  class Inner implements Trainer {",
            "    @Override public void train(RunContext ctx) {}",
            "  }",
            "  @Experiment",
            "  static class Generic<T, U> implements Trainer {",
            "    @Override public void train(RunContext ctx) {}",
            "  }",
            "  private static class Private {",
            "    @Experiment",
            "    static class InPrivate implements Trainer {",
            "      @Override public void train(RunContext ctx) {}",
            "    }",
            "  }",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jPrivateClass] @Experiment class Outer.Hidden is private: the generated"
                + " Outer_Hidden_Repro4j in the same package refers to it, so make it"
                + " package-private or wider")
        .inFile(source)
        .onLineContaining("class Hidden");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jAbstractClass] @Experiment class Outer.Base is abstract: a run trains an instance"
                + " of it, so make it concrete (or annotate a concrete subclass instead)")
        .inFile(source)
        .onLineContaining("class Base");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jInnerClass] @Experiment class Outer.Inner is an inner class: it cannot be"
                + " created without an instance of Outer, which launchers that start runs by class"
                + " name do not have, so declare it static")
        .inFile(source)
        .onLineContaining("class Inner");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jGenericClass] @Experiment class Outer.Generic is generic: generated code binds"
                + " the fields of one concrete class, so remove the type parameters <T, U>")
        .inFile(source)
        .onLineContaining("class Generic");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jPrivateClass] @Experiment class Outer.Private.InPrivate is nested in private"
                + " class Outer.Private")
        .inFile(source)
        .onLineContaining("class InPrivate");
  }

  @Test
  void onlyClassesCanBeExperiments() {
    JavaFileObject source =
        source(
            "p.Kinds",
            "package p;",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.runtime.RunContext;",
            "import io.repro4j.runtime.Trainer;",
            "public class Kinds {",
            "  @Experiment interface AnInterface extends Trainer {}",
            "  @Experiment record ARecord(int x) implements Trainer {",
            "    @Override public void train(RunContext ctx) {}",
            "  }",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jNotAClass] @Experiment on interface Kinds.AnInterface: only a class can be an"
                + " experiment, so move it to a class")
        .inFile(source)
        .onLineContaining("AnInterface");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jNotAClass] @Experiment on record Kinds.ARecord")
        .inFile(source)
        .onLineContaining("ARecord");
  }

  @Test
  void membersOutsideAnExperimentAreErrors() {
    JavaFileObject source =
        source(
            "p.Helper",
            "package p;",
            "import io.repro4j.annotations.Dataset;",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.annotations.Hyperparam;",
            "import io.repro4j.annotations.Metric;",
            "import io.repro4j.runtime.RunContext;",
            "import io.repro4j.runtime.Trainer;",
            "public class Helper {",
            "  @Hyperparam // outside",
            "  double lr;",
            "  @Dataset(path = \"a.csv\") java.nio.file.Path data;",
            "  @Metric double loss() { return 0; }",
            "  @Experiment",
            "  static class Real implements Trainer {",
            "    static class Nested {",
            "      @Hyperparam int hidden;",
            "    }",
            "    @Override public void train(RunContext ctx) {}",
            "  }",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jNotInExperiment] @Hyperparam on field 'lr', but Helper is not annotated"
                + " @Experiment: only the members of an @Experiment class are read, so annotate Helper"
                + " with @Experiment or move the member into one")
        .inFile(source)
        .onLineContaining("@Hyperparam // outside");
    assertThat(compilation)
        .hadErrorContaining("@Dataset on field 'data', but Helper is not annotated @Experiment")
        .inFile(source)
        .onLineContaining("Path data");
    assertThat(compilation)
        .hadErrorContaining("@Metric on method 'loss()', but Helper is not annotated @Experiment")
        .inFile(source)
        .onLineContaining("loss()");
    assertThat(compilation)
        .hadErrorContaining(
            "@Hyperparam on field 'hidden', but Helper.Real.Nested is not annotated @Experiment")
        .inFile(source)
        .onLineContaining("int hidden");
  }

  @Test
  void aFieldIsOneThingOnly() {
    JavaFileObject source =
        trainer(
            "  @Hyperparam @Metric double both;", "  @Hyperparam @Dataset(path = \"a\") Path twice;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jConflictingAnnotations] field 'both' has both @Hyperparam and @Metric: a field is"
                + " a hyperparameter, a dataset or a metric, not two of them, so remove one")
        .inFile(source)
        .onLineContaining("both");
    assertThat(compilation)
        .hadErrorContaining("field 'twice' has both @Hyperparam and @Dataset")
        .inFile(source)
        .onLineContaining("twice");
  }

  @Test
  void experimentNameWithinMlflowLimit() {
    JavaFileObject source =
        source(
            "p.Long",
            "package p;",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.runtime.RunContext;",
            "import io.repro4j.runtime.Trainer;",
            "@Experiment(name = \"" + "n".repeat(501) + "\")",
            "public class Long implements Trainer {",
            "  @Override public void train(RunContext ctx) {}",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jExperimentName] @Experiment name of Long is 501 characters long: MLflow allows at"
                + " most 500, so shorten it")
        .inFile(source)
        .onLineContaining("nnnn");
  }

  @Test
  void everyErrorInAClassIsReported() {
    JavaFileObject broken =
        source(
            "p.Broken",
            "package p;",
            "import io.repro4j.annotations.Dataset;",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.annotations.Hyperparam;",
            "import io.repro4j.annotations.Metric;",
            "import java.nio.file.Path;",
            "@Experiment",
            "abstract class Broken implements io.repro4j.runtime.Trainer {",
            "  @Hyperparam private final char letter = 'x';",
            "  @Hyperparam(min = 5, max = 1) int epochs = 3;",
            "  @Dataset(path = \"a.csv\", md5 = \"ABC\") Path data;",
            "  @Metric String label;",
            "  @Metric(name = \"/bad\") double bad;",
            "}");
    Compilation compilation = compile(broken);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(8);
    assertThat(compilation).hadErrorContaining("[Repro4jAbstractClass]").inFile(broken).onLineContaining("class Broken");
    assertThat(compilation).hadErrorContaining("[Repro4jPrivateField]").inFile(broken).onLineContaining("letter");
    assertThat(compilation).hadErrorContaining("[Repro4jFinalField]").inFile(broken).onLineContaining("letter");
    assertThat(compilation).hadErrorContaining("[Repro4jUnsupportedType]").inFile(broken).onLineContaining("letter");
    assertThat(compilation).hadErrorContaining("[Repro4jEmptyRange]").inFile(broken).onLineContaining("epochs");
    assertThat(compilation).hadErrorContaining("[Repro4jMd5]").inFile(broken).onLineContaining("ABC");
    assertThat(compilation).hadErrorContaining("[Repro4jMetricType]").inFile(broken).onLineContaining("label");
    assertThat(compilation).hadErrorContaining("[Repro4jInvalidMetricName]").inFile(broken).onLineContaining("/bad");
  }

  @Test
  void aBrokenClassDoesNotStopTheOthers(@TempDir Path out) throws IOException {
    JavaFileObject broken =
        source(
            "p.Broken",
            "package p;",
            "import io.repro4j.annotations.Experiment;",
            "@Experiment",
            "abstract class Broken implements io.repro4j.runtime.Trainer {}");
    JavaFileObject fine = trainer("  @Hyperparam double lr = 0.1;");
    RealJavac.Result result = RealJavac.compile(out, List.of(), broken, fine);
    assertFalse(result.success());
    assertTrue(Files.exists(result.sources().resolve("p/T_Repro4j.java")), result.diagnostics());
    assertTrue(Files.exists(result.sources().resolve("p/T_Repro4jConfig.java")), result.diagnostics());
    assertFalse(Files.exists(result.sources().resolve("p/Broken_Repro4j.java")));
    assertFalse(Files.exists(result.sources().resolve("p/Broken_Repro4jConfig.java")));
  }

  @Test
  void typesGeneratedInALaterRoundAreWaitedFor() {
    JavaFileObject source =
        trainer("  @Hyperparam Mode mode = Mode.FAST;", "  @Hyperparam List<Mode> modes;");
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new Repro4jProcessor(), new LateTypes())
            .withOptions(Compilations.LINT)
            .compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .contains("ParamType.enumType(\"Mode\", List.of(\"FAST\", \"SLOW\"))");
  }

  @Test
  void typesThatNeverAppearAreReported() {
    JavaFileObject source = trainer("  @Hyperparam Missing missing;");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jUndefinedType] @Experiment class T refers to a type that does not exist"
                + " (Missing): no code is generated for it until that type compiles")
        .inFile(source)
        .onLineContaining("class T");
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(source).onLineContaining("Missing missing");
  }

  /** Generates {@code p.Mode} in its second round, as another processor might. */
  static final class LateTypes extends AbstractProcessor {
    private int round;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment env) {
      if (++round == 2) {
        write("p.Mode", "package p; public enum Mode { FAST, SLOW }");
      } else if (round == 1) {
        write("p.Unrelated", "package p; final class Unrelated {}");
      }
      return false;
    }

    private void write(String name, String text) {
      try (Writer out = processingEnv.getFiler().createSourceFile(name).openWriter()) {
        out.write(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
