package io.repro4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.compile;
import static io.repro4j.processor.Compilations.trainer;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The rules for {@code @Metric} fields and methods. */
class MetricTest {

  @Test
  void metricsMustBeNumbers() {
    JavaFileObject source =
        trainer(
            "  @Metric boolean converged;",
            "  @Metric char grade;",
            "  @Metric String label;",
            "  @Metric String describe() { return \"\"; }",
            "  @Metric void log() {}",
            "  @Metric byte b;",
            "  @Metric Short s;",
            "  @Metric final double fixed = 1;",
            "  @Metric float f() { return 1; }");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jMetricType] @Metric field 'converged' has type boolean, which is not a number:"
                + " metrics are recorded as doubles, so use byte, short, int, long, float or double"
                + " (or their boxes)")
        .inFile(source)
        .onLineContaining("converged");
    assertThat(compilation)
        .hadErrorContaining("@Metric field 'grade' has type char, which is not a number")
        .inFile(source)
        .onLineContaining("char grade");
    assertThat(compilation)
        .hadErrorContaining("@Metric field 'label' has type String, which is not a number")
        .inFile(source)
        .onLineContaining("String label");
    assertThat(compilation)
        .hadErrorContaining("@Metric method 'describe()' returns String, which is not a number")
        .inFile(source)
        .onLineContaining("describe()");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jMetricType] @Metric method 'log()' returns void: a metric method returns the"
                + " metric's current value, so make it return a number (e.g. double)")
        .inFile(source)
        .onLineContaining("void log()");
  }

  @Test
  void metricMethodsTakeNoParametersAndThrowNoCheckedExceptions() {
    JavaFileObject source =
        trainer(
            "  @Metric double score(int k, String split) { return k; }",
            "  @Metric double read() throws java.io.IOException { return 0; }",
            "  @Metric double unchecked() throws IllegalStateException { return 0; }");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jMetricParameters] @Metric method 'score(int, String)' has parameters: generated"
                + " code calls it with none to read the current value, so remove them")
        .inFile(source)
        .onLineContaining("score(");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jMetricThrows] @Metric method 'read()' declares checked exception IOException:"
                + " metrics are read at every step, where it could not be handled, so catch it inside"
                + " the method")
        .inFile(source)
        .onLineContaining("double read()");
  }

  @Test
  void privateAndStaticMetrics() {
    JavaFileObject source =
        trainer(
            "  @Metric private double loss;",
            "  @Metric private double accuracy() { return 0; }",
            "  @Metric static double total;",
            "  @Metric static double average() { return 0; }");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jPrivateMetric] @Metric field 'loss' is private: generated code reads it without"
                + " reflection, so make it package-private, or annotate a non-private getter method"
                + " with @Metric instead")
        .inFile(source)
        .onLineContaining("double loss");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jPrivateMetric] @Metric method 'accuracy()' is private: generated code calls it"
                + " without reflection, so make it package-private")
        .inFile(source)
        .onLineContaining("accuracy()");
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jStaticMetric] @Metric field 'total' is static: a metric describes one trainer's"
                + " run, so make it an instance field")
        .inFile(source)
        .onLineContaining("total");
    assertThat(compilation)
        .hadErrorContaining("@Metric method 'average()' is static")
        .inFile(source)
        .onLineContaining("average()");
  }

  @Test
  void metricNamesFollowMlflowRules() {
    JavaFileObject source =
        trainer(
            "  @Metric(name = \"/abs\") double a;",
            "  @Metric(name = \"a//b\") double b;",
            "  @Metric(name = \"a/../b\") double c;",
            "  @Metric(name = \"loss!\") double d;",
            "  @Metric(name = \"dir/\") double e;",
            "  @Metric(name = \"" + "x".repeat(251) + "\") double f;",
            "  @Metric(name = \"val/loss: top-1.x\") double fine;",
            "  @Metric(name = \"genauigkeit/größe\") double unicode;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(6);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jInvalidMetricName] metric name '/abs' of T.a is not a valid MLflow key: it starts"
                + " with '/'; choose another with @Metric(name = \"...\")")
        .inFile(source)
        .onLineContaining("/abs");
    String normalized =
        "is not a valid MLflow key: it is not a normalized path (MLflow rejects '//', a trailing '/',"
            + " '.' and '..' segments, and a leading '..')";
    assertThat(compilation)
        .hadErrorContaining("metric name 'a//b' of T.b " + normalized)
        .inFile(source)
        .onLineContaining("a//b");
    assertThat(compilation)
        .hadErrorContaining("metric name 'a/../b' of T.c " + normalized)
        .inFile(source)
        .onLineContaining("a/../b");
    assertThat(compilation)
        .hadErrorContaining(
            "metric name 'loss!' of T.d is not a valid MLflow key: it contains '!', but MLflow keys"
                + " hold only letters, digits, '_', '-', '.', ' ', ':' and '/'")
        .inFile(source)
        .onLineContaining("loss!");
    assertThat(compilation)
        .hadErrorContaining("metric name 'dir/' of T.e " + normalized)
        .inFile(source)
        .onLineContaining("dir/");
    assertThat(compilation)
        .hadErrorContaining("is not a valid MLflow key: it is 251 characters long, more than MLflow's limit of 250")
        .inFile(source)
        .onLineContaining("xxxxx");
  }

  @Test
  void duplicateMetricNamesNameTheFirstUse() {
    JavaFileObject source =
        trainer(
            "  @Metric double loss;",
            "  @Metric(name = \"loss\") double trainLoss() { return 0; }",
            "  @Hyperparam double accuracy;",
            "  @Metric(name = \"accuracy\") double acc;");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Repro4jDuplicateMetric] metric name 'loss' of T.trainLoss() is already used by T.loss:"
                + " MLflow would mix both series under one key, so rename one with"
                + " @Metric(name = \"...\")")
        .inFile(source)
        .onLineContaining("trainLoss()");
  }
}
