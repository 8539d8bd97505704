package io.repro4j.cli;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;

/**
 * Measures {@code repro4j runs --filter} over a store of N runs (not a test; see BENCHMARKS.md).
 *
 * <pre>
 * java -cp cli/target/test-classes:cli/target/repro4j.jar io.repro4j.cli.SearchBench /tmp/bench-mlruns 10000
 * </pre>
 *
 * Creates the store when the directory does not exist yet: one experiment, runs with 3 params, 3
 * metrics of 10 points each and the default tags, like a small sweep. Then searches once without
 * the search index (deleted first) and 5 times with it, in this JVM, printing wall and CPU time.
 */
public final class SearchBench {
  static final String FILTER = "metrics.accuracy > 0.9 and params.lr = '0.01'";

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "/tmp/bench-mlruns");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    if (!Files.exists(root)) {
      long t0 = System.nanoTime();
      FileStore store = FileStore.open(root);
      String exp = store.experimentId("sweep");
      Random random = new Random(42);
      String[] lrs = {"0.1", "0.01", "0.001"};
      for (int i = 0; i < runs; i++) {
        long start = 1_790_000_000_000L + i * 1000L;
        try (RunWriter w = store.createRun(exp, "trial-" + i, "bench", start)) {
          w.logParam("lr", lrs[i % 3]);
          w.logParam("batch", Integer.toString(16 << (i % 4)));
          w.logParam("seed", Integer.toString(i));
          for (int step = 0; step < 10; step++) {
            w.logMetric("accuracy", random.nextDouble(), step, start + step);
            w.logMetric("loss", random.nextDouble(), step, start + step);
            w.logMetric("val/loss", random.nextDouble(), step, start + step);
          }
          w.finish(RunStatus.FINISHED, start + 500);
        }
      }
      System.out.printf("created %d runs in %.1f s%n", runs, (System.nanoTime() - t0) / 1e9);
    }
    // Run 0 without an index (deleted first: the search reads every run and writes it), then
    // 5 runs served from it. CPU = this process's user + sys time (all threads, JIT included).
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    for (int i = 0; i <= 5; i++) {
      if (i == 0) {
        try (var exps = Files.newDirectoryStream(root)) {
          for (Path exp : exps) {
            Files.deleteIfExists(exp.resolve(".repro4j-runs-index"));
          }
        }
      }
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      var cli = Repro4jCli.commandLine(Map.of(), Path.of(""), ZoneOffset.UTC);
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      int code = cli.execute("runs", "--tracking-uri", root.toString(), "--filter", FILTER, "--max", "50000", "--csv");
      long ns = System.nanoTime() - t0;
      System.out.printf(
          "run %d%s: exit %d, %d matching runs, %.3f s wall, %.3f s CPU, load %s%n",
          i, i == 0 ? " (no index: reads every run, writes the index)" : "", code,
          out.toString().split("\r\n").length - 1, ns / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9,
          Files.readString(Path.of("/proc/loadavg")).trim());
    }
  }
}
