package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metric ring starts small and grows to its bound while producers keep logging. */
class MetricRingGrowthTest {
  @TempDir Path tmp;

  private MetricAppender appender(int initial, int bound) throws IOException {
    return new MetricAppender(Files.createDirectories(tmp.resolve("metrics")), "repro4j-metrics-test", initial, bound,
        1000, null, 0);
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void aRunThatLogsLittleKeepsItsSmallRing() throws IOException {
    MetricAppender metrics = appender(MetricAppender.INITIAL_CAPACITY, MetricAppender.DEFAULT_CAPACITY);
    int loss = metrics.intern("loss");
    for (int i = 0; i < 10; i++) {
      metrics.submit(loss, i, i, 1);
    }
    metrics.stop();
    assertEquals(MetricAppender.INITIAL_CAPACITY, metrics.currentCapacity());
    assertEquals(MetricAppender.DEFAULT_CAPACITY, metrics.capacity());
    assertEquals(10, lines(tmp.resolve("metrics/loss")).size());
  }

  @Test
  void severalThreadsGrowingTheRingLoseNothingAndKeepTheirOrder() throws Exception {
    int threads = 4;
    int perThread = 100_000;
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    MetricAppender metrics;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      metrics = appender(2, 4096);
      int shared = metrics.intern("shared");
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        int own = metrics.intern("own/t" + t);
        Thread worker = new Thread(() -> {
          try {
            start.await();
            int[] keys = {own, shared};
            double[] values = new double[2];
            for (int i = 0; i < perThread; i++) {
              values[0] = i;
              values[1] = id;
              if (i % 3 == 0) {
                metrics.submit(shared, id, i, 7); // single points and batches, across growths
                metrics.submit(own, i, i, 7);
              } else {
                metrics.submitBatch(keys, values, 2, i, 7);
              }
            }
          } catch (Throwable e) { // NOPMD: reported by the assertion below
            errors.add(e);
          }
        });
        worker.start();
        workers.add(worker);
      }
      for (Thread worker : workers) {
        worker.join();
      }
      assertEquals(List.of(), errors);
      metrics.stop();
    } finally {
      System.setErr(original);
    }
    assertTrue(metrics.currentCapacity() > 8, "grew at least twice (2 -> 8 -> 32): " + metrics.currentCapacity());
    long[] nextStep = new long[threads];
    List<String> shared = lines(tmp.resolve("metrics/shared"));
    assertEquals(threads * perThread, shared.size());
    for (String line : shared) {
      String[] f = line.split(" ");
      int id = (int) Double.parseDouble(f[1]);
      assertEquals(nextStep[id]++, Long.parseLong(f[2]), "order of thread " + id + ": " + line);
    }
    for (int t = 0; t < threads; t++) {
      List<String> own = lines(tmp.resolve("metrics/own/t" + t));
      assertEquals(perThread, own.size());
      for (int i = 0; i < perThread; i++) {
        assertEquals("7 " + i + ".0 " + i, own.get(i));
      }
    }
  }

  @Test
  void waitingWhileTheRingGrowsIsNotFallingBehind() throws IOException {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    MetricAppender metrics;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      metrics = appender(2, 1 << 16);
      int loss = metrics.intern("loss");
      for (int i = 0; i < 5_000; i++) { // fills the ring at 2, 8, 32, ... slots, never at its bound
        metrics.submit(loss, i, i, 1);
      }
      metrics.stop();
    } finally {
      System.setErr(original);
    }
    assertTrue(metrics.currentCapacity() > 8, "grew: " + metrics.currentCapacity());
    assertEquals(5_000, lines(tmp.resolve("metrics/loss")).size());
    String err = captured.toString(StandardCharsets.UTF_8);
    assertFalse(err.contains("falls behind"), "only a full ring at its bound is falling behind: " + err);
  }

  @Test
  void onceGrownTheTrainingThreadAllocatesNothingPerPoint() throws Exception {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    long me = Thread.currentThread().getId();
    MetricAppender metrics = appender(2, 1 << 12);
    int[] keys = {metrics.intern("loss"), metrics.intern("acc")};
    double[] values = new double[2];
    for (int i = 0; i < 200_000; i++) { // warm-up: JIT, and the ring grows (on the writer thread)
      values[0] = i;
      metrics.submitBatch(keys, values, 2, i, 1);
    }
    long before = threads.getThreadAllocatedBytes(me);
    for (int i = 200_000; i < 400_000; i++) {
      values[0] = i;
      metrics.submitBatch(keys, values, 2, i, 1);
      metrics.submit(keys[1], i, i, 1);
    }
    long allocated = threads.getThreadAllocatedBytes(me) - before;
    assertTrue(allocated < 4096, "the training thread allocated " + allocated + " bytes");
    metrics.stop();
    assertEquals(400_000, lines(tmp.resolve("metrics/loss")).size());
    assertEquals(600_000, lines(tmp.resolve("metrics/acc")).size());
  }
}
