package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.repro4j.runtime.data.Md5;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repro4j hash}'s progress line as a user sees it: the real jar in a real pseudo-terminal
 * ({@code script} from util-linux), and the same command with stderr a pipe. The line's delay is
 * set to 0 ({@code -Drepro4j.progress.delay-ms=0}) so that a hash of a fraction of a second shows it.
 */
class HashProgressJarTest {
  private static final Path JAR = Path.of(System.getProperty("repro4j.jar", "target/repro4j.jar"));
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @TempDir static Path dir;
  private static Path data;
  private static String md5;

  @BeforeAll
  static void sparseFile() throws Exception {
    data = dir.resolve("data.bin");
    try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
      file.setLength(128L << 20); // sparse: no disk, but every byte is hashed
    }
    md5 = Md5.ofFile(data);
  }

  private static boolean scriptInstalled() {
    try {
      return new ProcessBuilder("script", "--version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  /** Runs {@code repro4j hash data.bin} in a pseudo-terminal; everything it wrote there. */
  private static String inTerminal(Map<String, String> env) throws Exception {
    String command = JAVA + " -Drepro4j.progress.delay-ms=0 -jar " + JAR + " hash " + data;
    ProcessBuilder builder = new ProcessBuilder("script", "-qec", command, "/dev/null")
        .redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true);
    builder.environment().remove("REPRO4J_PROGRESS");
    builder.environment().put("TERM", "xterm");
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
    return out;
  }

  @Test
  void onATerminalTheLineIsDrawnThenErasedBeforeTheResult() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR + ": it exists only after mvn package");
    assumeTrue(scriptInstalled(), "no 'script' (util-linux) to make a pseudo-terminal");
    String out = inTerminal(Map.of());
    // (A draw before the file was counted shows no total yet.)
    assertTrue(Pattern.compile("\rhashing  [0-9.]+ [KMG]?i?B / 128 MiB  [0-9]+%  [0-9.]+ [KMG]?i?B/s  .*0/1 files")
        .matcher(out).find(), out);
    // The last draw is erased with as many spaces, then the result follows on a clean line.
    int result = out.indexOf(md5);
    assertEquals('\r', out.charAt(result - 1), out);
    int erase = out.lastIndexOf('\r', result - 2);
    String lastDrawn = out.substring(out.lastIndexOf('\r', erase - 1) + 1, erase).stripTrailing();
    assertTrue(lastDrawn.startsWith("hashing  "), out);
    assertEquals(" ".repeat(lastDrawn.length()), out.substring(erase + 1, result - 1), out);
    assertTrue(out.endsWith(md5 + "  " + data + "\r\n"), out);
  }

  @Test
  void aDumbTerminalOrNeverDrawsNothing() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR + ": it exists only after mvn package");
    assumeTrue(scriptInstalled(), "no 'script' (util-linux) to make a pseudo-terminal");
    assertEquals(md5 + "  " + data + "\r\n", inTerminal(Map.of("TERM", "dumb")));
    assertEquals(md5 + "  " + data + "\r\n", inTerminal(Map.of("REPRO4J_PROGRESS", "never")));
  }

  @Test
  void notATerminalDrawsNothing() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), "no " + JAR + ": it exists only after mvn package");
    List<String> command = new ArrayList<>(List.of(
        JAVA.toString(), "-Drepro4j.progress.delay-ms=0", "-jar", JAR.toString(), "hash", data.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("REPRO4J_PROGRESS");
    builder.environment().put("TERM", "xterm");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), err);
    assertEquals(md5 + "  " + data + "\n", out);
    assertEquals("", err);
    assertFalse(out.contains("\r"));
  }
}
