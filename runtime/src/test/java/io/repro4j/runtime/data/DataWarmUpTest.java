package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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

  /** {@code DataWarmUpTest true|false}: warms up, compiling MD5 or not, then prints its marker. */
  public static void main(String[] args) {
    DataWarmUp.warmUp(Boolean.parseBoolean(args[0]));
    System.out.println("warmed up");
  }

  private static String jitLog(boolean compileMd5) throws Exception {
    Process process = new ProcessBuilder(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+PrintCompilation",
                "-cp", System.getProperty("java.class.path"), DataWarmUpTest.class.getName(),
                Boolean.toString(compileMd5)))
        .redirectErrorStream(true)
        .start();
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
}
