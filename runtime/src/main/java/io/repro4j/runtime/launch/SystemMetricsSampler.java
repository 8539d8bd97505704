package io.repro4j.runtime.launch;

import io.repro4j.runtime.tracking.RunWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the machine and this JVM every few seconds while a run trains ({@code --system-metrics})
 * and logs the figures as {@code system/*} metrics, on its own daemon thread so that the training
 * thread never pays for it. Step {@code n} is the {@code n}-th sample from 0, as in MLflow.
 *
 * <p>Where MLflow has a system metric for the same figure, its name and meaning are used ({@code
 * cpu_utilization_percentage}, {@code system_memory_usage_megabytes}, {@code
 * system_memory_usage_percentage}: machine-wide; {@code process_cpu_percentage}, {@code
 * process_threads}: MLflow's process monitor); the JVM's heap and GC figures have names of ours.
 * Megabytes are 10^6 bytes and values are rounded to one decimal, as MLflow's.
 */
final class SystemMetricsSampler implements AutoCloseable {
  static final long DEFAULT_INTERVAL_MS = 5_000;

  static final String CPU = "system/cpu_utilization_percentage";
  static final String MEMORY_MB = "system/system_memory_usage_megabytes";
  static final String MEMORY_PERCENT = "system/system_memory_usage_percentage";
  static final String PROCESS_CPU = "system/process_cpu_percentage";
  static final String HEAP_USED_MB = "system/heap_used_megabytes";
  static final String HEAP_COMMITTED_MB = "system/heap_committed_megabytes";
  static final String GC_TIME_MS = "system/gc_time_ms";
  static final String GC_COUNT = "system/gc_count";
  static final String THREADS = "system/process_threads";

  /** Every key a sample logs (on a JVM that has {@code com.sun.management}, i.e. HotSpot and OpenJ9). */
  static final List<String> KEYS = List.of(
      CPU, MEMORY_MB, MEMORY_PERCENT, PROCESS_CPU, HEAP_USED_MB, HEAP_COMMITTED_MB, GC_TIME_MS, GC_COUNT, THREADS);

  /** A sample at close over a shorter window than this would say little: it is skipped. */
  private static final long MIN_FINAL_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final RunWriter run;
  private final ScheduledExecutorService executor;
  private final com.sun.management.OperatingSystemMXBean os; // null on a JVM without it
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final int processors = Runtime.getRuntime().availableProcessors();

  // Touched by the sampling thread only (and the constructor, before it starts).
  private long step;
  private long lastNanos;
  private long lastProcessCpuNanos;
  private long lastGcTimeMs;
  private long lastGcCount;
  private boolean stopped;

  private SystemMetricsSampler(RunWriter run, long intervalMs) {
    this.run = run;
    java.lang.management.OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
    this.os = bean instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
    lastNanos = System.nanoTime();
    lastProcessCpuNanos = os == null ? -1 : os.getProcessCpuTime();
    lastGcTimeMs = gcTimeMs();
    lastGcCount = gcCount();
    if (os != null) {
      os.getCpuLoad(); // the first call only starts the machine's measuring window
    }
    executor = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "repro4j-system-metrics");
      thread.setDaemon(true); // never keeps a JVM alive whose trainer is done
      return thread;
    });
    executor.scheduleAtFixedRate(this::sample, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  /** Starts sampling into {@code run} every {@code intervalMs}, the first sample one interval from now. */
  static SystemMetricsSampler start(RunWriter run, long intervalMs) {
    if (intervalMs <= 0) {
      throw new IllegalArgumentException("the sampling interval must be above 0 ms, got " + intervalMs);
    }
    return new SystemMetricsSampler(run, intervalMs);
  }

  /**
   * Takes a last sample (covering the time since the previous one) and stops, waiting for the
   * sampling thread: call it before the run is finished, so that every point is in the run.
   */
  @Override
  public void close() {
    executor.execute(this::finalSample);
    executor.shutdown(); // cancels the periodic task; the final one still runs
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void finalSample() {
    if (System.nanoTime() - lastNanos >= MIN_FINAL_WINDOW_NANOS) {
      sample();
    }
  }

  private void sample() {
    if (stopped) {
      return;
    }
    long now = System.currentTimeMillis();
    long nanos = System.nanoTime();
    long window = Math.max(1, nanos - lastNanos);
    try {
      if (os != null) {
        double machineLoad = os.getCpuLoad(); // negative while the OS has no figure yet
        if (machineLoad >= 0) {
          log(CPU, oneDecimal(machineLoad * 100), now);
        }
        long total = os.getTotalMemorySize();
        long used = total - os.getFreeMemorySize();
        log(MEMORY_MB, oneDecimal(used / 1e6), now);
        if (total > 0) {
          log(MEMORY_PERCENT, oneDecimal(100.0 * used / total), now);
        }
        long processCpuNanos = os.getProcessCpuTime();
        if (processCpuNanos >= 0 && lastProcessCpuNanos >= 0) {
          // As psutil's Process.cpu_percent (MLflow's figure): 100 is one core busy, 400 four.
          double cores = (double) (processCpuNanos - lastProcessCpuNanos) / window;
          log(PROCESS_CPU, oneDecimal(Math.min(100.0 * processors, Math.max(0, cores * 100))), now);
        }
        lastProcessCpuNanos = processCpuNanos;
      }
      MemoryUsage heap = memory.getHeapMemoryUsage();
      log(HEAP_USED_MB, oneDecimal(heap.getUsed() / 1e6), now);
      log(HEAP_COMMITTED_MB, oneDecimal(heap.getCommitted() / 1e6), now);
      long gcTime = gcTimeMs();
      long gcCount = gcCount();
      log(GC_TIME_MS, gcTime - lastGcTimeMs, now);
      log(GC_COUNT, gcCount - lastGcCount, now);
      lastGcTimeMs = gcTime;
      lastGcCount = gcCount;
      log(THREADS, threads.getThreadCount(), now);
    } catch (RuntimeException e) {
      // The run is closed (the JVM is being killed) or its metrics cannot be written: the launcher
      // reports the latter when it finishes the run. Sampling ends here either way.
      stopped = true;
      return;
    }
    lastNanos = nanos;
    step++;
  }

  private void log(String key, double value, long timestampMs) {
    run.logMetric(key, value, step, timestampMs);
  }

  /** Milliseconds spent in every collector since the JVM started (a collector without the figure counts 0). */
  private long gcTimeMs() {
    long sum = 0;
    for (GarbageCollectorMXBean collector : collectors) {
      sum += Math.max(0, collector.getCollectionTime());
    }
    return sum;
  }

  private long gcCount() {
    long sum = 0;
    for (GarbageCollectorMXBean collector : collectors) {
      sum += Math.max(0, collector.getCollectionCount());
    }
    return sum;
  }

  private static double oneDecimal(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
