package io.repro4j.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Compiles test sources with the processor, as a user's build would. */
final class Compilations {
  private Compilations() {}

  /** The lint flags the samples module compiles with (minus -Werror, so warnings can be asserted). */
  static final String LINT = "-Xlint:all,-processing";

  static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(), sources);
  }

  static Compilation compile(List<String> options, JavaFileObject... sources) {
    List<String> all = new ArrayList<>();
    all.add(LINT);
    all.addAll(options);
    return javac().withProcessors(new Repro4jProcessor()).withOptions(all).compile(sources);
  }

  /** A source file {@code qualifiedName} in package {@code p} made of {@code lines}. */
  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  /**
   * A trainer {@code p.T} with the usual imports, whose class body is {@code members}: the small
   * fixture most error tests need.
   */
  static JavaFileObject trainer(String... members) {
    List<String> lines = new ArrayList<>(HEADER);
    lines.add("@Experiment");
    lines.add("public class T implements Trainer {");
    lines.addAll(List.of(members));
    lines.add("  @Override public void train(RunContext ctx) {}");
    lines.add("}");
    return source("p.T", lines.toArray(String[]::new));
  }

  static final List<String> HEADER =
      List.of(
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
          "");
}
