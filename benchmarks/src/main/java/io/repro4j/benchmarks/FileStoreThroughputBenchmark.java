package io.repro4j.benchmarks;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.PythonFloat;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sustained points per second into the file store, end to end (logged, formatted, appended,
 * flushed), against a plain {@link BufferedWriter} per metric file appending the same lines.
 * Scores are points per second.
 *
 * <p>{@code values=short}: values with a short decimal form ({@code 12.345}), which the writer
 * formats without allocating. {@code values=long}: 16-17 significant digits ({@code 1/7}), which
 * need the exact (BigDecimal) Python repr. The baseline uses {@link Double#toString}, which prints
 * the same text for short values in [1e-3, 1e7) (checked in setup) and nearly always the same
 * digits for long ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class FileStoreThroughputBenchmark {
  static final int POINTS = 100_000;
  static final String[] KEYS = {"loss", "accuracy", "lr", "train/grad_norm"};

  @Param({"short", "long"})
  public String values;

  private final double[] vals = new double[POINTS];
  private Path dir;
  private FileStore store;
  private String experiment;
  private RunWriter run;
  private int[] keys;
  private BufferedWriter[] plain;
  private long step;

  @Setup(Level.Trial)
  public void prepare() throws IOException {
    for (int i = 0; i < POINTS; i++) {
      // One IEEE division of exact integers: the double nearest to 12.345, printed "12.345".
      vals[i] = values.equals("short") ? (1 + i % 100_000) / 1000.0 : 1.0 / (3 + i % 900);
      String repr = PythonFloat.repr(vals[i]);
      if (values.equals("short") && (!repr.equals(Double.toString(vals[i])) || repr.length() > 8)) {
        throw new IllegalStateException("not a short value, or baseline text differs: " + repr);
      }
    }
    dir = Files.createTempDirectory("repro4j-bench-store");
    store = FileStore.open(dir.resolve("mlruns"));
    experiment = store.experimentId("bench-throughput");
  }

  @Setup(Level.Iteration)
  public void open() throws IOException {
    run = store.createRun(experiment, null, "bench", System.currentTimeMillis());
    keys = new int[KEYS.length];
    for (int k = 0; k < KEYS.length; k++) {
      keys[k] = run.metricKeyIndex(KEYS[k]);
    }
    Path plainDir = Files.createDirectories(dir.resolve("plain").resolve(run.runId()).resolve("train"));
    plain = new BufferedWriter[KEYS.length];
    for (int k = 0; k < KEYS.length; k++) {
      plain[k] =
          Files.newBufferedWriter(
              plainDir.getParent().resolve(KEYS[k]), StandardCharsets.UTF_8,
              StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    run.finish(RunStatus.FINISHED, System.currentTimeMillis());
    run.close();
    for (BufferedWriter w : plain) {
      w.close();
    }
    // Keep the disk from filling up over many iterations.
    LiveRun.deleteTree(run.runDir());
    LiveRun.deleteTree(dir.resolve("plain"));
  }

  @TearDown(Level.Trial)
  public void cleanUp() {
    LiveRun.deleteTree(dir);
  }

  /** ctx.log-style points: one logMetric per point, then a flush to the files. */
  @Benchmark
  @OperationsPerInvocation(POINTS)
  public void repro4jFileStore() throws IOException {
    long ts = System.currentTimeMillis();
    for (int i = 0; i < POINTS; i++) {
      run.logMetric(KEYS[i & 3], vals[i], step++, ts);
    }
    run.flush();
  }

  /** The same lines through one BufferedWriter per metric file, on the calling thread. */
  @Benchmark
  @OperationsPerInvocation(POINTS)
  public void plainBufferedWriter() throws IOException {
    long ts = System.currentTimeMillis();
    for (int i = 0; i < POINTS; i++) {
      BufferedWriter w = plain[i & 3];
      w.write(Long.toString(ts));
      w.write(' ');
      w.write(Double.toString(vals[i]));
      w.write(' ');
      w.write(Long.toString(step++));
      w.write('\n');
    }
    for (BufferedWriter w : plain) {
      w.flush();
    }
  }
}
