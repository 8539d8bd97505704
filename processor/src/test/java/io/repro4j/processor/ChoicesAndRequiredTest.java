package io.repro4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static io.repro4j.processor.Compilations.trainer;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code @Hyperparam(choices)} and required fields (no initializer): the compile errors, each with
 * its text and line, and what the generated schema declares.
 */
class ChoicesAndRequiredTest {

  @Test
  void choicesOnlyOnStrings() {
    JavaFileObject source =
        trainer(
            "  enum Mode { FAST, EXACT }",
            "  @Hyperparam(choices = {\"1\", \"2\"}) int depth = 1;",
            "  @Hyperparam(choices = \"FAST\") Mode mode = Mode.FAST;",
            "  @Hyperparam(choices = {\"a\"}) List<String> tags = List.of();");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jChoices] @Hyperparam field 'depth' has choices, but its type int is not String:"
                + " choices restrict the text of a String key, so remove them or declare the field as"
                + " String")
        .inFile(source)
        .onLineContaining("int depth");
    assertThat(compilation)
        .hadErrorContaining(
            "field 'mode' has choices, but its type Mode is not String: choices restrict the text of a"
                + " String key (an enum's constants are its choices already)")
        .inFile(source)
        .onLineContaining("Mode mode");
    assertThat(compilation)
        .hadErrorContaining("field 'tags' has choices, but its type List<String> is not String")
        .inFile(source)
        .onLineContaining("tags");
  }

  @Test
  void aChoiceListedTwice() {
    JavaFileObject source = trainer("  @Hyperparam(choices = {\"sgd\", \"adam\", \"sgd\"}) String opt = \"adam\";");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[Repro4jChoices] @Hyperparam field 'opt' lists the choice \"sgd\" twice: remove one of them")
        .inFile(source)
        .onLineContaining("String opt");
  }

  @Test
  void aConstantDefaultMustBeAChoice() {
    JavaFileObject source =
        trainer(
            "  static final String PREFIX = \"rms\";",
            "  @Hyperparam(choices = {\"sgd\", \"adam\"}) String literal = \"adma\";",
            "  @Hyperparam(choices = {\"sgd\", \"adam\"}) String concatenated = PREFIX + \"prop\";",
            "  @Hyperparam(choices = {\"sgd\", \"adam\"}) String none = null;",
            "  @Hyperparam(choices = {\"sgd\", \"adam\"}) String fine = (\"ad\" + \"am\");",
            "  @Hyperparam(choices = {\"sgd\", \"adam\"}) String notConstant = String.valueOf(\"x\");",
            "  @Hyperparam(choices = {\"sgd\", \"adam\"}) String required;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDefaultNotAChoice] @Hyperparam field 'literal' defaults to \"adma\", which is not one"
                + " of its choices (\"sgd\", \"adam\"): a run without config would be rejected, so change"
                + " the initializer or the choices")
        .inFile(source)
        .onLineContaining("String literal");
    assertThat(compilation)
        .hadErrorContaining("field 'concatenated' defaults to \"rmsprop\", which is not one of its choices")
        .inFile(source)
        .onLineContaining("String concatenated");
    assertThat(compilation)
        .hadErrorContaining("field 'none' defaults to null, which is not one of its choices")
        .inFile(source)
        .onLineContaining("String none");
  }

  @Test
  void aFieldWithoutInitializerIsRequiredAndHasNoDefault() {
    Compilation compilation =
        compile(
            trainer(
                "  @Hyperparam(min = 0, max = 1) double lr;",
                "  @Hyperparam(choices = {\"sgd\", \"adam\"}) String opt = \"sgd\";",
                "  @Hyperparam int epochs = 3;"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .contains(
            "new ParamSpec(\"lr\", ParamType.DOUBLE, \"\", 0.0, 1.0, \"T.lr\", true, List.of())");
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .contains(
            "new ParamSpec(\"opt\", ParamType.STRING, \"\", Double.NEGATIVE_INFINITY,"
                + " Double.POSITIVE_INFINITY, \"T.opt\", false, List.of(\"sgd\", \"adam\"))");
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .contains("// lr: no initializer, so required\n");
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .doesNotContain("defaults.put(\"lr\"");
  }

  @Test
  void aRequiredFieldsRangeIsNotCheckedAgainstJavasZero() {
    assertThat(compile(trainer("  @Hyperparam(min = 1) int epochs;"))).succeededWithoutWarnings();
  }
}
