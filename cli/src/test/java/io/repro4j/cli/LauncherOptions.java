package io.repro4j.cli;

import java.util.List;

/**
 * The JVM options bin/repro4j passes to {@code hash} and {@code lock}, in one place for the tests:
 * {@link LauncherJarTest} checks that the launcher passes exactly these, {@link HashWarmUpTest}
 * that under them the warm-up gets the multi-buffer lanes and MD5's block loop compiled.
 */
final class LauncherOptions {
  private LauncherOptions() {}

  private static final String LANES = "io.repro4j.runtime.data.Md5Lanes::";

  static final List<String> HASH = List.of(
      "-XX:CompileThresholdScaling=2",
      "-XX:CompileCommand=quiet",
      "-XX:CompileCommand=CompileThresholdScaling," + LANES + "*,0.1",
      "-XX:CompileCommand=dontinline," + LANES + "f",
      "-XX:CompileCommand=dontinline," + LANES + "g",
      "-XX:CompileCommand=dontinline," + LANES + "h",
      "-XX:CompileCommand=dontinline," + LANES + "i",
      "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.DigestBase::implCompressMultiBlock0,0.01",
      "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.MD5::implCompress*,0.01");
}
