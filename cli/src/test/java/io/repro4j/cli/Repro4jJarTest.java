package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void theJarSearchesAStore(@TempDir Path tmp) throws Exception {
    Path jar = Path.of(System.getProperty("repro4j.jar", "target/repro4j.jar"));
    assumeTrue(Files.isRegularFile(jar), "no " + jar + ": it exists only after mvn package");
    io.repro4j.runtime.tracking.FileStore store = io.repro4j.runtime.tracking.FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("iris");
    String id;
    try (io.repro4j.runtime.tracking.RunWriter w = store.createRun(exp, "only", "alice", 1_790_000_000_000L)) {
      w.logParam("lr", "0.01");
      w.logMetric("accuracy", 0.95, 0, 1_790_000_000_001L);
      w.finish(io.repro4j.runtime.tracking.RunStatus.FINISHED, 1_790_000_001_000L);
      id = w.runId();
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process ok =
        new ProcessBuilder(
                List.of(java.toString(), "-jar", jar.toString(), "runs", "--tracking-uri", tmp.resolve("mlruns").toString(),
                    "--filter", "metrics.accuracy > 0.9 and params.lr = '0.01'", "--csv"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, ok.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, ok.exitValue(), out);
    assertEquals(2, out.split("\r\n").length, out);
    assertEquals(true, out.split("\r\n")[1].startsWith(id + ",only,"), out);
    Process bad =
        new ProcessBuilder(
                List.of(java.toString(), "-jar", jar.toString(), "runs", "--tracking-uri", tmp.resolve("mlruns").toString(),
                    "--filter", "metrics.accuracy > high"))
            .redirectErrorStream(true)
            .start();
    String err = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, bad.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, bad.exitValue(), err);
    assertEquals(
        "repro4j runs: Expected numeric value type for metric. Found 'high'\n  metrics.accuracy > high\n"
            + "                     ^\n",
        err);
  }

  /** The README's launcher script, reached through a symbolic link as from a user's ~/bin. */
  @Test
  void theLauncherScriptRunsTheJarThroughASymlink(@TempDir Path tmp) throws Exception {
    Path jar = Path.of(System.getProperty("repro4j.jar", "target/repro4j.jar")).toAbsolutePath();
    assumeTrue(Files.isRegularFile(jar), "no " + jar + ": it exists only after mvn package");
    Path script = Path.of("..", "bin", "repro4j").toAbsolutePath().normalize();
    Path link = Files.createSymbolicLink(tmp.resolve("repro4j"), script);
    ProcessBuilder versionCommand =
        new ProcessBuilder(List.of(link.toString(), "--version")).directory(tmp.toFile()).redirectErrorStream(true);
    versionCommand.environment().put("REPRO4J_CDS", "off"); // LauncherJarTest tests the archive
    Process version = versionCommand.start();
    String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, version.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, version.exitValue(), out);
    assertEquals(true, out.startsWith("repro4j "), out);

    ProcessBuilder missing = new ProcessBuilder(List.of(link.toString(), "runs")).redirectErrorStream(true);
    missing.environment().put("REPRO4J_JAR", tmp.resolve("nowhere.jar").toString());
    Process noJar = missing.start();
    String err = new String(noJar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, noJar.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, noJar.exitValue(), err);
    assertEquals(true, err.contains("nowhere.jar not found: build it first with 'mvn -B -ntp -q -DskipTests package'"), err);
    Files.delete(link); // JUnit would warn about a link to outside its temp dir
  }
}
