package io.repro4j.samples.iris;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training line as a user sees it: the shaded Iris trainer jar in a real pseudo-terminal
 * ({@code script} from util-linux), and with stderr a pipe, where plain lines are logged every
 * {@code REPRO4J_PROGRESS_INTERVAL} seconds instead. The line's delay is set to 0 so that a run of
 * a fraction of a second shows it.
 */
class IrisProgressJarTest {
  private static final Path JAR = Path.of(System.getProperty("iris.jar", "target/iris-trainer.jar")).toAbsolutePath();
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  /** The project root: the trainer's default dataset path is samples/data/iris.csv. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern LINE = Pattern.compile(
      "training  step [0-9]+/5000  [0-9]+%  [0-9.]+ steps/s  (ETA [0-9:-]+  )?loss=[0-9.e-]+ accuracy=[0-9.]+");

  @TempDir Path store;

  private static boolean scriptInstalled() {
    try {
      return new ProcessBuilder("script", "--version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private String command() {
    return JAVA + " -Drepro4j.progress.delay-ms=0 -jar " + JAR + " --tracking-uri " + store + " epochs=5000";
  }

  @Test
  void onATerminalTheLineIsDrawnThenErasedBeforeTheSummary() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR + ": it exists only after mvn package");
    assumeTrue(scriptInstalled(), "no 'script' (util-linux) to make a pseudo-terminal");
    ProcessBuilder builder = new ProcessBuilder("script", "-qec", command(), "/dev/null")
        .directory(ROOT.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true);
    builder.environment().remove("REPRO4J_PROGRESS");
    builder.environment().put("TERM", "xterm");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
    Matcher drawn = Pattern.compile("\r(" + LINE.pattern() + ")").matcher(out);
    assertTrue(drawn.find(), out);
    // The last draw is erased with as many spaces as it has characters (the blanks padding it over
    // a longer earlier line are blank already), then the summary starts on a clean line.
    int summary = out.indexOf("repro4j: run ");
    assertTrue(summary > 0, out);
    assertEquals('\r', out.charAt(summary - 1), out);
    int erase = out.lastIndexOf('\r', summary - 2);
    String lastDrawn = out.substring(out.lastIndexOf('\r', erase - 1) + 1, erase);
    assertTrue(LINE.matcher(lastDrawn.stripTrailing()).matches(), out);
    assertEquals(" ".repeat(lastDrawn.stripTrailing().length()), out.substring(erase + 1, summary - 1), out);
    assertTrue(out.substring(summary).contains(" FINISHED in "), out);
  }

  @Test
  void aSweepOnATerminalShowsTheSweepLineWithTrialLinesAboveItAndNoTrainingLine() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR + ": it exists only after mvn package");
    assumeTrue(scriptInstalled(), "no 'script' (util-linux) to make a pseudo-terminal");
    String command = JAVA + " -Drepro4j.progress.delay-ms=0 -jar " + JAR + " --tracking-uri " + store
        + " -m epochs=3000,4000";
    ProcessBuilder builder = new ProcessBuilder("script", "-qec", command, "/dev/null")
        .directory(ROOT.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true);
    builder.environment().remove("REPRO4J_PROGRESS");
    builder.environment().put("TERM", "xterm");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
    assertTrue(out.contains("\rsweep  trials 0/2  0%  ETA -:--"), out);
    assertTrue(Pattern.compile("\rsweep  trials 1/2  50%  ETA [0-9]+:[0-9]{2}").matcher(out).find(), out);
    // Each trial's line starts on a clean line: the sweep line was erased just before it.
    Matcher finished = Pattern.compile("( +)\r(repro4j: trial #[01] FINISHED)").matcher(out);
    assertTrue(finished.find(), out);
    assertFalse(out.contains("training  step"), "trials' lines go to their logs: " + out);
  }

  @Test
  void notATerminalLogsPlainLinesEveryIntervalOnStderr() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR + ": it exists only after mvn package");
    ProcessBuilder builder = new ProcessBuilder(List.of(command().split(" "))).directory(ROOT.toFile());
    builder.environment().remove("REPRO4J_PROGRESS");
    builder.environment().put("REPRO4J_PROGRESS_INTERVAL", "0.05");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), err);
    assertFalse(err.isEmpty(), "a run of 5000 epochs outlasts 0.05 s: " + out);
    for (String line : err.lines().toList()) {
      assertTrue(LINE.matcher(line).matches(), err);
    }
    assertFalse(err.contains("\r") || out.contains("\r"), err);
    assertFalse(out.contains("training  "), out);
  }

  @Test
  void notATerminalWithTheDefaultIntervalAShortRunLogsNothing() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR + ": it exists only after mvn package");
    ProcessBuilder builder = new ProcessBuilder(
        JAVA.toString(), "-jar", JAR.toString(), "--tracking-uri", store.toString(), "epochs=20")
        .directory(ROOT.toFile());
    builder.environment().remove("REPRO4J_PROGRESS");
    builder.environment().remove("REPRO4J_PROGRESS_INTERVAL");
    Process process = builder.start();
    process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), err);
    assertEquals("", err);
  }
}
