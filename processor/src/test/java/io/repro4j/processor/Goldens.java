package io.repro4j.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/**
 * Golden files of generated sources, Dagger-style: one directory per test,
 * {@code src/test/resources/golden/<TestClass>/<test>/<qualified.Name>.java}. Run with
 * {@code -Drepro4j.bless=true} (or {@code processor/bless-goldens.sh}) to rewrite them from the
 * current output, then review the diff.
 */
final class Goldens {
  private Goldens() {}

  static final boolean BLESS = Boolean.getBoolean("repro4j.bless");

  static Path root() {
    return Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/golden");
  }

  /**
   * Asserts that {@code compilation} generated {@code qualifiedName} equal to its golden file: the
   * same Java (as compile-testing compares trees) and the same text (so Javadoc and formatting are
   * reviewed too).
   */
  static void assertGenerated(Compilation compilation, String test, String qualifiedName) {
    JavaFileObject generated =
        compilation
            .generatedSourceFile(qualifiedName)
            .orElseThrow(() -> new AssertionError("no generated source " + qualifiedName));
    String actual = contents(generated);
    Path golden = root().resolve(test).resolve(qualifiedName + ".java");
    try {
      if (BLESS) {
        Files.createDirectories(golden.getParent());
        Files.writeString(golden, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(golden)) {
        throw new AssertionError(
            "no golden file " + golden.toAbsolutePath() + ": run processor/bless-goldens.sh to write it");
      }
      String expected = Files.readString(golden, StandardCharsets.UTF_8);
      assertThat(compilation)
          .generatedSourceFile(qualifiedName)
          .hasSourceEquivalentTo(JavaFileObjects.forSourceString(qualifiedName, expected));
      assertWithMessage("text of %s (bless with processor/bless-goldens.sh if intended)", golden)
          .that(actual)
          .isEqualTo(expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String contents(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
