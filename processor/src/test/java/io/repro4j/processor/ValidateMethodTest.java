package io.repro4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static io.repro4j.processor.Compilations.source;
import static io.repro4j.processor.Compilations.trainer;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The trainer's {@code validate()}: called by generated code after binding; its shape is checked. */
class ValidateMethodTest {

  @Test
  void everyWrongShapeIsAnErrorOnTheMethod() {
    JavaFileObject source =
        trainer(
            "  @Hyperparam int epochs = 3;",
            "  private void validate() {}",
            "  static void validate(int max) {}",
            "  boolean validate(String a, long b) { return true; }");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jValidate] T.validate() is private: generated code calls it after binding the"
                + " config and before any run is created, without reflection, so make it"
                + " package-private or wider")
        .inFile(source)
        .onLineContaining("private void validate()");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jValidate] T.validate(int max) has parameters: generated code calls validate()"
                + " without arguments after binding the config, so read the configured fields instead"
                + " (or rename the method if it is not a config check)")
        .inFile(source)
        .onLineContaining("static void validate(int max)");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jValidate] T.validate() is static: it checks one trainer's configured fields, and"
                + " generated code calls it on that instance, so remove 'static'")
        .inFile(source)
        .onLineContaining("static void validate(int max)");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jValidate] T.validate(String a, long b) has parameters")
        .inFile(source)
        .onLineContaining("boolean validate(String a, long b)");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jValidate] T.validate() returns boolean")
        .inFile(source)
        .onLineContaining("boolean validate(String a, long b)");
  }

  @Test
  void aNonVoidValidate() {
    JavaFileObject source = trainer("  public boolean validate() { return true; }");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jValidate] T.validate() returns boolean, which would be ignored: make it void and"
                + " throw an exception (an IllegalArgumentException naming the key) to reject a config")
        .inFile(source)
        .onLineContaining("public boolean validate()");
  }

  @Test
  void aGoodValidateIsCalledByGeneratedCodeWhateverItThrows() {
    Compilation compilation =
        compile(
            trainer(
                "  @Hyperparam int epochs = 3;",
                "  void validate() throws java.io.IOException {",
                "    if (epochs > 10) throw new IllegalArgumentException(\"epochs > 10\");",
                "  }"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .contains(
            "  public void validate(T trainer, T_Repro4jConfig config) throws ValidationException {\n"
                + "    try {\n"
                + "      trainer.validate();\n"
                + "    } catch (Exception | AssertionError e) {\n"
                + "      throw new ValidationException(\"T.validate()\", e);\n"
                + "    }\n"
                + "  }\n");
  }

  @Test
  void withoutValidateNothingIsGenerated() {
    Compilation compilation = compile(trainer("  @Hyperparam int epochs = 3;", "  void check() {}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.T_Repro4j").contentsAsUtf8String().doesNotContain("validate");
  }

  @Test
  void anInheritedValidateInTheSamePackageIsCalled() {
    JavaFileObject base =
        source(
            "p.Base",
            "package p;",
            "",
            "abstract class Base implements io.repro4j.runtime.Trainer {",
            "  void validate() {}",
            "}");
    JavaFileObject source =
        source(
            "p.T",
            "package p;",
            "",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.annotations.Hyperparam;",
            "import io.repro4j.runtime.RunContext;",
            "",
            "@Experiment",
            "public class T extends Base {",
            "  @Hyperparam int epochs = 3;",
            "  @Override public void train(RunContext ctx) {}",
            "}");
    Compilation compilation = compile(base, source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .contains("trainer.validate();");
  }
}
