package io.repro4j.benchmarks;

import io.repro4j.runtime.launch.Launcher;
import io.repro4j.runtime.sweep.SweepStatus;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The overhead per trial of the in-process local launcher: a {@code --multirun} of {@link
 * TrivialTrainer} over {@code x=range(0,N)} (default 1,000 trials), {@code --jobs J} (default 1),
 * into a fresh store on the given directory's file system, timed end to end (expansion, validation
 * of every trial, the parent run, every trial's run record, the final table). The trainer itself
 * does nothing, so the time per trial is the overhead. Run a few times; the first includes JIT
 * warm-up. With {@code configured} as the fifth argument the sweep is of {@link ConfiguredTrainer}
 * instead ({@code optimizer=bench-sgd,bench-adam} and {@code x=range(0,N/2)}): every trial's config is
 * composed from a config file and a config group's option files.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.repro4j.benchmarks.SweepOverheadMain [DIR] [N] [J] [REPEATS] [configured]</pre>
 */
public final class SweepOverheadMain {
  private SweepOverheadMain() {}

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  public static void main(String[] args) throws IOException {
    Path base = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"));
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int jobs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    boolean configured = args.length > 4 && args[4].equals("configured");
    if (configured) {
      trials -= trials % 2; // two optimizers times x=range(0,N/2): the per-trial figures divide by what ran
    }
    for (int r = 1; r <= repeats; r++) {
      Path dir = Files.createTempDirectory(base, "repro4j-sweep-bench");
      Path store = dir.resolve("mlruns");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      Launcher launcher = new Launcher(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, dir, Map.of());
      int code = configured
          ? launcher.run(new ConfiguredTrainer(), new String[] {
            "--tracking-uri", store.toString(), "-m", "--jobs", Integer.toString(jobs),
            "optimizer=bench-sgd,bench-adam", "x=range(0," + trials / 2 + ")"})
          : launcher.run(new TrivialTrainer(), new String[] {
            "--tracking-uri", store.toString(), "-m", "--jobs", Integer.toString(jobs),
            "x=range(0," + trials + ")"});
      long nanos = System.nanoTime() - start;
      long cpu = processCpuNanos() - cpuStart;
      quiet.close();
      if (code != 0) {
        System.err.print(out.toString(StandardCharsets.UTF_8));
        throw new IllegalStateException("the sweep exited with " + code);
      }
      FileStore fileStore = FileStore.open(store);
      String sweepId = fileStore.runs(fileStore.experimentId(configured ? "bench-sweep-configured" : "bench-sweep")).stream()
          .filter(run -> run.tags().containsKey("repro4j.sweep.strategy")).map(StoredRun::runId)
          .findFirst().orElseThrow();
      long finished = SweepStatus.read(fileStore, sweepId).rows().stream().filter(SweepStatus.Row::finished).count();
      System.out.printf(Locale.ROOT,
          "run %d: %d trials (%d FINISHED), --jobs %d: %.2f s wall, %.2f ms per trial; CPU (all threads) %.2f ms per"
              + " trial; load average %s%n",
          r, trials, finished, jobs, nanos / 1e9, nanos / 1e6 / trials, cpu / 1e6 / trials, loadAverage());
    }
  }
}
