package io.repro4j.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The main thread's CPU time, phase by phase, of a command as {@link Repro4jCli#main} runs it
 * (BENCHMARKS.md, "Start-up of `repro4j hash`: picocli's model built by hand"): warm-up thread
 * started, picocli's class initialised, the first {@code CommandSpec} made, the command line built
 * for the arguments, then executed (output discarded). CPU time of this thread only, so the figures
 * hold up on a loaded machine where wall time does not; {@code -Dwall=true} prints wall time
 * instead. A benchmark, not a test: run it with the jar under test first on the class path, e.g.
 * {@code java -cp cli/target/repro4j.jar:cli/target/test-classes io.repro4j.cli.StartupProbe hash
 * --no-hash-cache FILE}; only API that main's jar has too is used, so a baseline jar works as well.
 */
public final class StartupProbe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean WALL = Boolean.getBoolean("wall");

  private final StringBuilder report = new StringBuilder();
  private final long start = now();
  private long last = start;

  private StartupProbe() {}

  public static void main(String[] args) {
    StartupProbe probe = new StartupProbe();
    String first = args.length == 0 ? null : args[0];
    if (("hash".equals(first) || "lock".equals(first)) && !"false".equals(System.getProperty(HashWarmUp.PROPERTY))) {
      HashWarmUp.start(args); // as Repro4jCli.main
    }
    probe.mark("warm-up started");
    System.setProperty("picocli.converters.excludes", Repro4jCli.UNUSED_CONVERTERS);
    try {
      Class.forName("picocli.CommandLine"); // initialises it
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("picocli is not on the class path", e);
    }
    probe.mark("picocli's class init");
    CommandSpec.create();
    probe.mark("first CommandSpec.create()");
    CommandLine commandLine = Repro4jCli.commandLine(args);
    probe.mark("command line built");
    commandLine.setOut(new PrintWriter(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
    int code = commandLine.execute(args);
    probe.mark("executed"); // no string concatenation before it: its first use costs ~20 ms itself
    probe.report.append("exit code ").append(code).append(", total ").append(millis(probe.last - probe.start)).append(WALL ? " ms wall" : " ms CPU");
    System.out.println(probe.report);
  }

  private void mark(String phase) {
    long now = now();
    report.append(phase).append(' ').append(millis(now - last)).append(", ");
    last = now;
  }

  private static long now() {
    return WALL ? System.nanoTime() : THREADS.getCurrentThreadCpuTime();
  }

  /** Tenths of a millisecond; not String.format, whose first use would be measured too. */
  private static double millis(long nanos) {
    return nanos / 100_000 / 10.0;
  }
}
