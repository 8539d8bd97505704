package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link DataWarmUp} in a fresh JVM (this test's {@link #main}), whose JIT log shows whether C2
 * compiled MD5's block loop: the point of the warm-up is that it has before the first file.
 */
class DataWarmUpTest {
  /** A C2 (tier 4) compilation of MD5's compress or its multi-block loop, in -XX:+PrintCompilation. */
  private static final Pattern MD5_BY_C2 = Pattern.compile(
      "(?m)^.*\\s4\\s+sun\\.security\\.provider\\.(MD5::implCompress|DigestBase::implCompressMultiBlock0)\\b.*$");

  /**
   * The multi-buffer lanes' loops compiled by C2 (tier 4), whole or on-stack ({@code %}): the four
   * rounds, and compress, which calls them.
   */
  private static final Pattern LANES_BY_C2 = Pattern.compile(
      "(?m)^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*4\\s+io\\.repro4j\\.runtime\\.data\\.Md5Lanes::(f|g|h|i|compress)\\s");

  /**
   * {@code DataWarmUpTest true|false|lanes}: warms up, compiling MD5 or not, or the lanes, then
   * prints its marker.
   */
  public static void main(String[] args) {
    if (args[0].equals("lanes")) {
      DataWarmUp.warmUpLanes();
      try {
        Thread.sleep(1000); // as a command goes on: compilations the warm-up queued can finish
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      DataWarmUp.warmUp(Boolean.parseBoolean(args[0]));
    }
    System.out.println("warmed up");
  }

  private static String jitLog(boolean compileMd5) throws Exception {
    return jitLog(Boolean.toString(compileMd5));
  }

  private static String jitLog(String what, String... jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+PrintCompilation");
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), DataWarmUpTest.class.getName(), what));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
    assertTrue(out.contains("warmed up"), out);
    return out;
  }

  @Test
  void compilingMd5GetsItsBlockLoopCompiledByC2() throws Exception {
    String log = jitLog(true);
    assertTrue(MD5_BY_C2.matcher(log).find(), "no C2 compilation of MD5 in:\n" + log);
  }

  @Test
  void withoutCompilingOnlyTheProviderIsLookedUp() throws Exception {
    String log = jitLog(false);
    assertFalse(MD5_BY_C2.matcher(log).find(), log);
  }

  @Test
  void theLanesWarmUpGetsTheirLoopsCompiledByC2UnderTheLaunchersThresholds() throws Exception {
    // bin/repro4j's options for hash and lock (LauncherJarTest pins them)
    String log = jitLog("lanes", "-XX:CompileThresholdScaling=2", "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=CompileThresholdScaling,io.repro4j.runtime.data.Md5Lanes::*,0.1",
        "-XX:CompileCommand=dontinline,io.repro4j.runtime.data.Md5Lanes::f",
        "-XX:CompileCommand=dontinline,io.repro4j.runtime.data.Md5Lanes::g",
        "-XX:CompileCommand=dontinline,io.repro4j.runtime.data.Md5Lanes::h",
        "-XX:CompileCommand=dontinline,io.repro4j.runtime.data.Md5Lanes::i");
    Set<String> compiled = new HashSet<>();
    Matcher matcher = LANES_BY_C2.matcher(log);
    while (matcher.find()) {
      compiled.add(matcher.group(1));
    }
    assertEquals(Set.of("f", "g", "h", "i", "compress"), compiled, log);
  }
}
