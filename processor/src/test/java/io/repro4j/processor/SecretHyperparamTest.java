package io.repro4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static io.repro4j.processor.Compilations.trainer;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** {@code @Hyperparam(secret = true)}: carried into the generated schema; only on values. */
class SecretHyperparamTest {

  @Test
  void aSecretValueIsDeclaredSecretInTheSchemaOthersKeepTheirShortForms() {
    Compilation compilation =
        compile(
            trainer(
                "  record Db(String url, @Hyperparam(secret = true) String password) {}",
                "  @Hyperparam(secret = true) String token = \"\";",
                "  @Hyperparam(secret = true, choices = {\"a\", \"b\"}) String key;",
                "  @Hyperparam Db db = new Db(\"jdbc:x\", \"\");",
                "  @Hyperparam int epochs = 3;"));
    assertThat(compilation).succeededWithoutWarnings();
    String[] expected = {
      "new ParamSpec(\"token\", ParamType.STRING, \"\", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,"
          + " \"T.token\", false, List.of(), true)",
      "new ParamSpec(\"key\", ParamType.STRING, \"\", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,"
          + " \"T.key\", true, List.of(\"a\", \"b\"), true)",
      "new ParamSpec(\"db.password\", ParamType.STRING, \"\", Double.NEGATIVE_INFINITY,"
          + " Double.POSITIVE_INFINITY, \"T.Db.password\", false, List.of(), true)",
      "ParamSpec.of(\"db.url\", ParamType.STRING, \"\", \"T.Db.url\")",
      "ParamSpec.of(\"epochs\", ParamType.INT, \"\", \"T.epochs\")",
    };
    for (String spec : expected) {
      assertThat(compilation).generatedSourceFile("p.T_Repro4j").contentsAsUtf8String().contains(spec);
    }
  }

  @Test
  void secretOnANestedConfigOrAGroupIsAnErrorOnThatField() {
    JavaFileObject source =
        trainer(
            "  record Db(String url) {}",
            "  record Outer(@Hyperparam(secret = true) Db inner) {}",
            "  sealed interface Optimizer permits Sgd {}",
            "  record Sgd(double lr) implements Optimizer {}",
            "  @Hyperparam(secret = true) Db db = new Db(\"x\");",
            "  @Hyperparam(secret = true) Optimizer optimizer = new Sgd(0.1);",
            "  @Hyperparam Outer outer = new Outer(new Db(\"y\"));");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jSecret] @Hyperparam field 'db' is secret, but its type Db is a nested config or a config"
                + " group, not a value: mark the secret components or fields inside it with"
                + " @Hyperparam(secret = true)")
        .inFile(source)
        .onLineContaining("Db db =");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jSecret] @Hyperparam field 'optimizer' is secret, but its type Optimizer")
        .inFile(source)
        .onLineContaining("Optimizer optimizer =");
    assertThat(compilation)
        .hadErrorContaining("[Repro4jSecret] @Hyperparam field 'inner' is secret, but its type Db")
        .inFile(source)
        .onLineContaining("record Outer(");
  }
}
