package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shaded {@code cli/target/repro4j.jar} as a user runs it, in a new JVM. Maven runs this in
 * the package phase, right after the jar is built.
 */
class Repro4jJarTest {
  @Test
  void theJarRunsTheOverrideCommand() throws Exception {
    Path jar = Path.of(System.getProperty("repro4j.jar", "target/repro4j.jar"));
    assumeTrue(Files.isRegularFile(jar), "no " + jar + ": it exists only after mvn package");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(List.of(java.toString(), "-jar", jar.toString(), "override", "x=1,2", "x=int(a)"))
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue(), out);
    String[] lines = out.split("\n");
    assertEquals(
        "{\"input\":\"x=1,2\",\"ok\":true,\"type\":\"change\",\"key\":\"x\",\"value\":null,\"sweep\":\"SIMPLE_CHOICE\",\"expansion\":[1,2]}",
        lines[0]);
    assertEquals(
        "{\"input\":\"x=int(a)\",\"ok\":false,\"error\":\"override 'x=int(a)': ValueError while evaluating"
            + " 'int(a)': invalid literal for int() with base 10: 'a'\\n  x=int(a)\\n    ^^^^^^\"}",
        lines[1]);
  }
}
