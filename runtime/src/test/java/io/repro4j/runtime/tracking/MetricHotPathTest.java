package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training-thread side of metric logging: no allocation, several producers, back pressure. */
class MetricHotPathTest {
  @TempDir Path tmp;

  /** A writer with a small ring, so that producers wrap around it and block many times. */
  private RunWriter smallRingRun(int capacity) throws IOException {
    Path runDir = Files.createDirectories(tmp.resolve("0").resolve("0123456789abcdef0123456789abcdef"));
    return new RunWriter(
        tmp, "0", "0123456789abcdef0123456789abcdef", runDir, "r", "u", 0,
        "file:///unused", capacity, 1000, null);
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void trainingThreadAllocatesNothingPerPoint() throws Exception {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    long me = Thread.currentThread().getId();
    try (RunWriter run = smallRingRun(1024)) {
      int[] keys = {
        run.metricKeyIndex("loss"), run.metricKeyIndex("acc"),
        run.metricKeyIndex("lr"), run.metricKeyIndex("train/grad_norm")
      };
      double[] values = new double[4];
      // Warm up: JIT, the first-full warning, the writer's buffers.
      for (int i = 0; i < 100_000; i++) {
        values[0] = i * 0.001;
        run.logMetrics(keys, values, 4, i, 1000 + i);
        run.logMetric("val/loss", i * 0.25, i, 1000 + i);
      }
      long before = threads.getThreadAllocatedBytes(me);
      for (int i = 100_000; i < 200_000; i++) {
        values[0] = i * 0.001;
        run.logMetrics(keys, values, 4, i, 1000 + i);
        run.logMetric("val/loss", i * 0.25, i, 1000 + i);
      }
      long allocated = threads.getThreadAllocatedBytes(me) - before;
      // 500,000 points went through a ring of 1024: any per-point object would be megabytes.
      assertTrue(allocated < 4096, "the training thread allocated " + allocated + " bytes");
      run.finish(RunStatus.FINISHED, 1);
    }
  }

  @Test
  void severalThreadsLoseNothingAndKeepTheirOwnOrder() throws Exception {
    int threads = 4;
    int perThread = 50_000;
    Path metrics;
    try (RunWriter run = smallRingRun(64)) {
      metrics = run.runDir().resolve("metrics");
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Thread> workers = new ArrayList<>();
      List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread w =
            new Thread(
                () -> {
                  try {
                    start.await();
                    int own = run.metricKeyIndex("own/t" + id);
                    int[] keys = {own};
                    double[] v = new double[1];
                    for (int i = 0; i < perThread; i++) {
                      // The shared key gets id in the value and i in the step.
                      run.logMetric("shared", id, i, 7);
                      v[0] = i;
                      run.logMetrics(keys, v, 1, i, 7);
                    }
                  } catch (Throwable e) { // NOPMD: reported by the assertion below
                    errors.add(e);
                  }
                });
        w.start();
        workers.add(w);
      }
      for (Thread w : workers) {
        w.join();
      }
      assertEquals(List.of(), errors);
      run.finish(RunStatus.FINISHED, 1);
    }
    long[] nextStep = new long[threads];
    List<String> shared = lines(metrics.resolve("shared"));
    assertEquals(threads * perThread, shared.size());
    for (String line : shared) {
      String[] f = line.split(" ");
      int id = (int) Double.parseDouble(f[1]);
      assertEquals(nextStep[id]++, Long.parseLong(f[2]), "order of thread " + id + ": " + line);
    }
    for (int t = 0; t < threads; t++) {
      List<String> own = lines(metrics.resolve("own/t" + t));
      assertEquals(perThread, own.size());
      for (int i = 0; i < perThread; i++) {
        assertEquals("7 " + i + ".0 " + i, own.get(i));
      }
    }
  }

  @Test
  void aFullQueueBlocksAndWarnsOncePerRun() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> points;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try (RunWriter run = smallRingRun(8)) {
        for (int i = 0; i < 20_000; i++) {
          run.logMetric("m", 0.1, i, 5);
        }
        run.finish(RunStatus.FINISHED, 1);
        points = lines(run.runDir().resolve("metrics/m"));
      }
    } finally {
      System.setErr(original);
    }
    assertEquals(20_000, points.size());
    assertEquals("5 0.1 19999", points.get(19_999));
    String err = captured.toString(StandardCharsets.UTF_8);
    int warnings = err.split("falls behind", -1).length - 1;
    assertEquals(1, warnings, err);
    assertTrue(err.contains("WARNING [repro4j] The metric writer (repro4j-metrics-01234567) falls behind"), err);
  }

  @Test
  void formatsValuesAsPythonDoes() throws IOException {
    double[] values = {
      0.0, -0.0, 1.0, -5.0, 1e15, 9999999999999998.0, 1e16, 0.1, 1.0 / 3, Double.NaN,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-5, 2e23, 5e-324, -123456.5
    };
    try (RunWriter run = smallRingRun(16)) {
      for (int i = 0; i < values.length; i++) {
        run.logMetric("v", values[i], i, 1);
      }
      run.finish(RunStatus.FINISHED, 1);
      List<String> got = lines(run.runDir().resolve("metrics/v"));
      for (int i = 0; i < values.length; i++) {
        assertEquals("1 " + PythonFloat.repr(values[i]) + " " + i, got.get(i));
      }
      assertEquals("1 9999999999999998.0 5", got.get(5));
      assertEquals("1 1e+16 6", got.get(6));
      assertEquals("1 -5.0 3", got.get(3));
    }
  }

  @Test
  void indexesAreCheckedAndLoggingAfterCloseFails() throws IOException {
    RunWriter run = smallRingRun(16);
    int loss = run.metricKeyIndex("loss");
    assertEquals(loss, run.metricKeyIndex("loss"));
    assertThrows(IllegalArgumentException.class, () -> run.metricKeyIndex("loss/x"));
    assertThrows(
        IllegalArgumentException.class,
        () -> run.logMetrics(new int[] {loss + 1}, new double[] {1}, 1, 0, 0));
    run.close();
    assertThrows(
        IllegalStateException.class,
        () -> run.logMetrics(new int[] {loss}, new double[] {1}, 1, 0, 0));
  }
}
