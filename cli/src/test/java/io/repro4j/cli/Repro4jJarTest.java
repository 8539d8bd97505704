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

  /** stdout, stderr and exit code of {@code java OPTIONS -jar repro4j.jar ARGS}. */
  private static List<Object> runJar(Path jar, List<String> options, List<String> args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(options);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).start();
    java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return process.getErrorStream().readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    byte[] out = process.getInputStream().readAllBytes();
    assertEquals(true, process.waitFor(60, TimeUnit.SECONDS));
    return List.of(new String(out, StandardCharsets.ISO_8859_1), new String(err.get(), StandardCharsets.ISO_8859_1),
        process.exitValue());
  }

  /**
   * {@code hash} with plain arguments runs without picocli (HashCommand.Arguments.plain); with
   * {@code --} before the paths the same command goes through picocli. Both write the same bytes
   * and exit alike, for a non-ASCII name, a missing path, and a stream encoding this JVM lacks.
   */
  @Test
  void hashWithPlainArgumentsWritesWhatPicocliWrites(@TempDir Path tmp) throws Exception {
    Path jar = Path.of(System.getProperty("repro4j.jar", "target/repro4j.jar"));
    assumeTrue(Files.isRegularFile(jar), "no " + jar + ": it exists only after mvn package");
    Path file = Files.writeString(tmp.resolve("donn\u00e9es-\u00fc.csv"), "a,b\r\n1,2\r\n");
    String missing = tmp.resolve("missing.csv").toString();
    for (List<String> options : List.of(List.<String>of(), List.of("-Dsun.stdout.encoding=x-bogus", "-Dsun.stderr.encoding=x-bogus"))) {
      List<Object> plain = runJar(jar, options, List.of("hash", "--no-hash-cache", file.toString(), missing));
      List<Object> picocli = runJar(jar, options, List.of("hash", "--no-hash-cache", "--", file.toString(), missing));
      assertEquals(picocli, plain, options.toString());
      assertEquals(2, plain.get(2), plain.toString());
      assertEquals(true, ((String) plain.get(0)).startsWith("b202f333fba4fd38d4b8e5e693077aab  "), plain.toString());
      assertEquals(true, ((String) plain.get(1)).contains("missing.csv: no such file or directory"), plain.toString());
    }
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
