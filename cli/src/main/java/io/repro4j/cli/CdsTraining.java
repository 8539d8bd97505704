package io.repro4j.cli;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs the short commands once each on a tiny store and directory, in this JVM, so that {@code
 * -XX:DumpLoadedClassList} records the classes a real command loads. {@code bin/repro4j} builds its
 * Class Data Sharing archive from that list (README, "The launcher"); nothing here is part of a
 * user's command. Prints nothing: every command's output goes to a discarding writer.
 */
public final class CdsTraining {
  private CdsTraining() {}

  /**
   * {@code CdsTraining DIR}: DIR must be an empty or missing scratch directory; it is left behind
   * for the caller to delete.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: CdsTraining SCRATCH_DIR");
      System.exit(2);
    }
    Path scratch = Files.createDirectories(Path.of(args[0]));
    Path store = scratch.resolve("mlruns");
    String first = writeRun(store, "alpha", "0.01", 0.95, RunStatus.FINISHED);
    String second = writeRun(store, "beta", "0.1", 0.5, RunStatus.FAILED);
    Path data = Files.createDirectories(scratch.resolve("data/part"));
    Files.writeString(data.resolve("a.csv"), "x,y\r\n1,2\r\n");
    Files.write(data.resolve("b.bin"), new byte[] {0, 1, 2, 3});
    String dir = scratch.resolve("data").toString();
    String file = data.resolve("a.csv").toString();
    String cache = scratch.resolve("hash-cache").toString();
    String uri = "--tracking-uri=" + store;

    List<List<String>> commands =
        List.of(
            List.of("--version"),
            List.of("--help"),
            List.of("runs", "--help"),
            List.of("override", "x=1,2", "y=int(a)", "+z=[1,2]"),
            List.of("runs", uri),
            List.of("runs", uri, "--filter", "metrics.accuracy > 0.9 and params.lr = '0.01'", "--csv"),
            List.of("runs", uri, "--filter", "attributes.status != 'RUNNING'", "--order-by", "metrics.accuracy DESC", "--json"),
            List.of("runs", uri, "--filter", "metrics.accuracy > high"), // a usage error, as users make them
            List.of("show", uri, first),
            List.of("show", uri, second, "--json"),
            List.of("diff", uri, first, second),
            List.of("metrics", uri, first, "accuracy"),
            List.of("metrics", uri, first, "accuracy", "--json"),
            List.of("doctor", uri),
            List.of("hash", "--no-hash-cache", file, dir),
            List.of("hash", "--hash-cache", cache, "--json", dir),
            List.of("hash", "--hash-cache", cache, dir), // the recheck: every file known unchanged
            List.of("hash", "--hash-cache", cache, "--mode", "md5-dos2unix", dir),
            List.of("lock", "--class-path", scratch.toString(), "com.example.Missing")); // a usage error
    PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    // What Repro4jCli.main does first for hash and lock, so its classes are in the archive too.
    try {
      HashWarmUp.start(new String[] {"hash", dir}).join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.setProperty("picocli.converters.excludes", Repro4jCli.UNUSED_CONVERTERS); // as main does
    for (List<String> command : commands) {
      CommandLine commandLine = Repro4jCli.commandLine(Map.of(), scratch, ZoneOffset.UTC);
      commandLine.setOut(discard);
      commandLine.setErr(discard);
      commandLine.execute(command.toArray(new String[0]));
    }
  }

  private static String writeRun(Path root, String name, String lr, double accuracy, RunStatus status)
      throws IOException {
    FileStore store = FileStore.open(root);
    long start = 1_790_000_000_000L;
    try (RunWriter run = store.createRun(store.experimentId("training"), name, "repro4j", start)) {
      run.logParam("lr", lr);
      for (int step = 0; step < 3; step++) {
        run.logMetric("accuracy", accuracy * (step + 1) / 3, step, start + step);
      }
      run.setTag("repro4j.dataset.iris.md5", "0123456789abcdef0123456789abcdef");
      run.finish(status, start + 1_000);
      return run.runId();
    }
  }
}
