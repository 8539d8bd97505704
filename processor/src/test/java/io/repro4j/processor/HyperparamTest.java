package io.repro4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static io.repro4j.processor.Compilations.source;
import static io.repro4j.processor.Compilations.trainer;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The rules for {@code @Hyperparam} fields, each error asserted with its text and line. */
class HyperparamTest {

  @Test
  void unsupportedTypesSayWhatIsSupported() {
    JavaFileObject source =
        trainer(
            "  @Hyperparam char letter = 'a';",
            "  @Hyperparam short small;",
            "  @Hyperparam int[] sizes;",
            "  @Hyperparam java.util.Set<String> names;",
            "  @Hyperparam List<List<Integer>> grid;",
            "  @SuppressWarnings(\"rawtypes\") @Hyperparam List raw;",
            "  @Hyperparam List<? extends Number> wild;",
            "  @Hyperparam File file;",
            "  @Hyperparam Object anything;",
            "  @Hyperparam List<Character> chars;");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(10);
    String supported =
        "use boolean, int, long, float or double (or their boxes), String, an enum,"
            + " java.nio.file.Path, or a List of one of those";
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jUnsupportedType] @Hyperparam field 'letter' has type char, which a config value"
                + " cannot hold (use String): "
                + supported)
        .inFile(source)
        .onLineContaining("char letter");
    assertThat(compilation)
        .hadErrorContaining("field 'small' has type short, which a config value cannot hold (use int)")
        .inFile(source)
        .onLineContaining("short small");
    assertThat(compilation)
        .hadErrorContaining("field 'sizes' has type int[], which a config value cannot hold (use a List instead of an array)")
        .inFile(source)
        .onLineContaining("int[] sizes");
    assertThat(compilation)
        .hadErrorContaining("field 'names' has type Set<String>, which a config value cannot hold (declare it as a List)")
        .inFile(source)
        .onLineContaining("Set<String> names");
    assertThat(compilation)
        .hadErrorContaining("field 'grid' has type List<List<Integer>>, which a config value cannot hold (lists of lists are not supported)")
        .inFile(source)
        .onLineContaining("grid;");
    assertThat(compilation)
        .hadErrorContaining("field 'raw' has type List, which a config value cannot hold (a raw List: give its element type, e.g. List<Integer>)")
        .inFile(source)
        .onLineContaining("List raw");
    assertThat(compilation)
        .hadErrorContaining("field 'wild' has type List<? extends Number>, which a config value cannot hold (a wildcard")
        .inFile(source)
        .onLineContaining("wild;");
    assertThat(compilation)
        .hadErrorContaining("field 'file' has type File, which a config value cannot hold (use java.nio.file.Path)")
        .inFile(source)
        .onLineContaining("File file");
    assertThat(compilation)
        .hadErrorContaining("field 'anything' has type Object, which a config value cannot hold: use")
        .inFile(source)
        .onLineContaining("Object anything");
    assertThat(compilation)
        .hadErrorContaining("field 'chars' has type List<Character>, which a config value cannot hold (its elements' type Character is not supported)")
        .inFile(source)
        .onLineContaining("chars;");
  }

  @Test
  void privateFieldNeedsSetterAndGetter() {
    JavaFileObject source =
        trainer(
            "  @Hyperparam(min = 0)",
            "  private double lr = 0.1;",
            "  @Hyperparam private boolean verbose;",
            "  @Hyperparam private int onlySetter;",
            "  void setOnlySetter(int value) { onlySetter = value; }",
            "  @Hyperparam private int privateAccessors;",
            "  private int getPrivateAccessors() { return privateAccessors; }",
            "  private void setPrivateAccessors(int value) { privateAccessors = value; }",
            "  @Hyperparam private long wrongSetterType;",
            "  long getWrongSetterType() { return wrongSetterType; }",
            "  void setWrongSetterType(int value) { wrongSetterType = value; }");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jPrivateField] @Hyperparam field 'lr' is private: generated code sets it without"
                + " reflection, so make it package-private (or add a non-private setter setLr(double)"
                + " and getter getLr())")
        .inFile(source)
        .onLineContaining("private double lr");
    assertThat(compilation)
        .hadErrorContaining("(or add a non-private setter setVerbose(boolean) and getter isVerbose())")
        .inFile(source)
        .onLineContaining("private boolean verbose");
    assertThat(compilation)
        .hadErrorContaining("field 'onlySetter' is private")
        .inFile(source)
        .onLineContaining("private int onlySetter");
    assertThat(compilation)
        .hadErrorContaining("field 'privateAccessors' is private")
        .inFile(source)
        .onLineContaining("private int privateAccessors");
    assertThat(compilation)
        .hadErrorContaining("setter setWrongSetterType(long) and getter getWrongSetterType()")
        .inFile(source)
        .onLineContaining("private long wrongSetterType");
  }

  @Test
  void privateFieldWithSetterAndGetterIsBoundThroughThem() {
    Compilation compilation =
        compile(
            trainer(
                "  @Hyperparam private double lr = 0.1;",
                "  public double getLr() { return lr; }",
                "  public void setLr(double lr) { this.lr = lr; }",
                "  @Hyperparam private Boolean verbose = null;",
                "  Boolean isVerbose() { return verbose; }",
                "  void setVerbose(Boolean verbose) { this.verbose = verbose; }"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .contains("trainer.setLr(config.lr());");
    assertThat(compilation)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .contains("defaults.put(\"verbose\", trainer.isVerbose());");
  }

  @Test
  void finalAndStaticFieldsSayWhy() {
    JavaFileObject source =
        trainer(
            "  @Hyperparam final double lr = 0.1;",
            "  @Hyperparam static int epochs = 3;",
            "  @Hyperparam private static final long SEED = 1;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jFinalField] @Hyperparam field 'lr' is final: generated code assigns the configured"
                + " value to it before train() runs, so remove 'final' (its initializer stays the"
                + " default)")
        .inFile(source)
        .onLineContaining("final double lr");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jStaticField] @Hyperparam field 'epochs' is static: a configured value belongs to"
                + " one trainer instance, and generated code sets it per instance, so remove 'static'")
        .inFile(source)
        .onLineContaining("static int epochs");
    assertThat(compilation).hadErrorContaining("field 'SEED' is static").inFile(source).onLineContaining("SEED");
    assertThat(compilation).hadErrorContaining("field 'SEED' is final").inFile(source).onLineContaining("SEED");
    assertThat(compilation).hadErrorContaining("field 'SEED' is private").inFile(source).onLineContaining("SEED");
  }

  @Test
  void defaultOutsideRangeIsEvaluatedFromConstantExpressions() {
    JavaFileObject constants =
        source(
            "q.Limits",
            "package q;",
            "public final class Limits {",
            "  public static final double BIG = 1e6;",
            "  public static final int TEN = 10;",
            "}");
    JavaFileObject source =
        source(
            "p.T",
            "package p;",
            "",
            "import static q.Limits.TEN;",
            "",
            "import io.repro4j.annotations.Experiment;",
            "import io.repro4j.annotations.Hyperparam;",
            "import io.repro4j.runtime.RunContext;",
            "import io.repro4j.runtime.Trainer;",
            "import q.Limits;",
            "",
            "@Experiment",
            "public class T implements Trainer {",
            "  static final long MANY = 10_000L;",
            "  @Hyperparam(min = 1) int epochs = 0;",
            "  @Hyperparam(min = 0) double lr = -1e-3;",
            "  @Hyperparam(max = 100) double underscores = 1_000;",
            "  @Hyperparam(max = 100) long constant = MANY;",
            "  @Hyperparam(max = 100) double qualified = Limits.BIG;",
            "  @Hyperparam(max = 100) double fullyQualified = q.Limits.BIG / 2;",
            "  @Hyperparam(max = 100) int arithmetic = 2 * 60 + (1);",
            "  @Hyperparam(max = 5) int staticImport = TEN;",
            "  @Hyperparam(max = 10) double javaLang = Integer.MAX_VALUE;",
            "  @Hyperparam(max = 1) Double boxed = 5.0;",
            "  @Hyperparam(min = -1, max = 1) long negated = -(-2);",
            // Java's semantics: int division, float precision, casts
            "  @Hyperparam(max = 3) int intDivision = 7 / 2;",
            "  @Hyperparam(max = 0.1) float floatPrecision = 0.1f;",
            "  @Hyperparam(max = 3) int cast = (int) 3.9;",
            "  @Hyperparam(max = 1) double notConstant = Math.max(1, 2);",
            "  @Hyperparam(max = 1) double divisionByZero = 1 / 0;",
            "  @Override public void train(RunContext ctx) {}",
            "}");
    Compilation compilation = compile(constants, source);
    assertThat(compilation).hadErrorCount(11);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDefaultOutOfRange] @Hyperparam field 'epochs' defaults to 0, which is below its"
                + " min = 1: a run without config would be rejected, so change the initializer or the"
                + " bound")
        .inFile(source)
        .onLineContaining("int epochs = 0");
    assertThat(compilation)
        .hadErrorContaining("field 'lr' defaults to -0.001, which is below its min = 0")
        .inFile(source)
        .onLineContaining("double lr");
    assertThat(compilation)
        .hadErrorContaining("field 'underscores' defaults to 1000, which is above its max = 100")
        .inFile(source)
        .onLineContaining("underscores");
    assertThat(compilation)
        .hadErrorContaining("field 'constant' defaults to 10000, which is above its max = 100")
        .inFile(source)
        .onLineContaining("long constant");
    assertThat(compilation)
        .hadErrorContaining("field 'qualified' defaults to 1000000.0, which is above its max = 100")
        .inFile(source)
        .onLineContaining("double qualified");
    assertThat(compilation)
        .hadErrorContaining("field 'fullyQualified' defaults to 500000.0")
        .inFile(source)
        .onLineContaining("fullyQualified");
    assertThat(compilation)
        .hadErrorContaining("field 'arithmetic' defaults to 121, which is above its max = 100")
        .inFile(source)
        .onLineContaining("arithmetic");
    assertThat(compilation)
        .hadErrorContaining("field 'staticImport' defaults to 10, which is above its max = 5")
        .inFile(source)
        .onLineContaining("int staticImport");
    assertThat(compilation)
        .hadErrorContaining("field 'javaLang' defaults to 2147483647, which is above its max = 10")
        .inFile(source)
        .onLineContaining("javaLang");
    assertThat(compilation)
        .hadErrorContaining("field 'boxed' defaults to 5.0, which is above its max = 1")
        .inFile(source)
        .onLineContaining("Double boxed");
    assertThat(compilation)
        .hadErrorContaining("field 'negated' defaults to 2, which is above its max = 1")
        .inFile(source)
        .onLineContaining("negated");
  }

  @Test
  void minAndMaxOnlyOnNumbers() {
    JavaFileObject source =
        trainer(
            "  @Hyperparam(",
            "      min = 0,",
            "      max = 2)",
            "  String name;",
            "  @Hyperparam(max = 1) List<String> tags;",
            "  @Hyperparam(min = 0) List<Double> rates;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jRangeNotNumeric] @Hyperparam field 'name' has min, but its type String is not a"
                + " number: min and max only bound numbers, so remove it")
        .inFile(source)
        .onLineContaining("min = 0,");
    assertThat(compilation)
        .hadErrorContaining("field 'name' has max, but its type String is not a number")
        .inFile(source)
        .onLineContaining("max = 2)");
    assertThat(compilation)
        .hadErrorContaining("field 'tags' has max, but its type List<String> is not a number")
        .inFile(source)
        .onLineContaining("List<String> tags");
  }

  @Test
  void minGreaterThanMaxAndNaNBounds() {
    JavaFileObject source =
        trainer(
            "  @Hyperparam(min = 10,",
            "      max = 1) double lr = 5;",
            "  @Hyperparam(min = Double.NaN) double nan;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jEmptyRange] @Hyperparam field 'lr' has min = 10 greater than max = 1: no value"
                + " can satisfy both, so swap or fix them")
        .inFile(source)
        .onLineContaining("max = 1) double lr");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jNaNBound] @Hyperparam field 'nan' has min = NaN")
        .inFile(source)
        .onLineContaining("Double.NaN");
  }

  @Test
  void duplicateKeysNameTheFirstUse() {
    JavaFileObject source =
        trainer(
            "  @Hyperparam double lr;",
            "  @Hyperparam(name = \"lr\") double learningRate;",
            "  @Dataset(path = \"a.csv\", name = \"lr\") Path data;",
            "  @Hyperparam int train;",
            "  @Dataset(path = \"train.csv\")",
            "  Path train2;",
            "  @Dataset(path = \"b.csv\") Path other;",
            "  @Hyperparam(name = \"other\") int clash;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDuplicateKey] config key 'lr' of T.learningRate is already used by T.lr: YAML"
                + " files and overrides could not tell them apart, so give one of them another key with"
                + " name = \"...\"")
        .inFile(source)
        .onLineContaining("double learningRate");
    assertThat(compilation)
        .hadErrorContaining("config key 'lr' of T.data is already used by T.lr")
        .inFile(source)
        .onLineContaining("Path data");
    assertThat(compilation)
        .hadErrorContaining("config key 'other' of T.clash is already used by T.other")
        .inFile(source)
        .onLineContaining("int clash");
  }

  @Test
  void invalidKeysSayWhichCharacter() {
    JavaFileObject source =
        trainer(
            "  @Hyperparam(name = \"learning.rate\") double a;",
            "  @Hyperparam(name = \"1st\") double b;",
            "  @Hyperparam(name = \"has space\") double c;",
            "  @Hyperparam double größe;",
            "  @Hyperparam(name = \"ok-key_2\") double d;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jInvalidKey] config key 'learning.rate' of T.a is not a valid key: it contains '.',"
                + " which separates the keys of nested configs (for one, make the field's type a record)."
                + " YAML files and overrides"
                + " (key=value) name it, so keys must match [A-Za-z_][A-Za-z0-9_-]*; choose one with"
                + " name = \"...\"")
        .inFile(source)
        .onLineContaining("learning.rate");
    assertThat(compilation)
        .hadErrorContaining("config key '1st' of T.b is not a valid key: it starts with '1'")
        .inFile(source)
        .onLineContaining("1st");
    assertThat(compilation)
        .hadErrorContaining("config key 'has space' of T.c is not a valid key: it contains ' '")
        .inFile(source)
        .onLineContaining("has space");
    assertThat(compilation)
        .hadErrorContaining("config key 'größe' of T.größe is not a valid key: it contains 'ö'")
        .inFile(source)
        .onLineContaining("double größe");
  }

  @Test
  void privateEnumIsInaccessibleToGeneratedCode() {
    JavaFileObject source =
        trainer("  private enum Mode { A, B }", "  @Hyperparam Mode mode = Mode.A;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jInaccessibleType] @Hyperparam field 'mode' has type Mode, which the generated code"
                + " in package p cannot access because T.Mode is private")
        .inFile(source)
        .onLineContaining("Mode mode");
  }

  @Test
  void fieldNamesThatRecordsReserve() {
    JavaFileObject source = trainer("  @Hyperparam(name = \"hash\") int hashCode;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jReservedName] @Hyperparam field 'hashCode' cannot become a component of the"
                + " generated record T_Repro4jConfig")
        .inFile(source)
        .onLineContaining("int hashCode");
  }
}
