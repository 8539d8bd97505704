package io.repro4j.runtime.launch;

import io.repro4j.runtime.ExperimentBinding;
import io.repro4j.runtime.RunContext;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.progress.TrainingStatus;
import io.repro4j.runtime.tracking.MetricSpec;
import io.repro4j.runtime.tracking.RunWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@link RunContext} of one run. {@link #step} reads every {@code @Metric} through generated
 * code into a reused array and hands the values to the store's background writer in one batch:
 * no reflection, no I/O and no allocation on the training thread (keys are interned once, here).
 * {@code step} is meant to be called from one thread (it reuses one array); {@link #log} may be
 * called from several threads at once.
 */
final class RunSession<T extends Trainer> implements RunContext {
  private final ExperimentBinding<T, ?> binding;
  private final T trainer;
  private final RunWriter writer;
  private final String[] metricKeys;
  private final int[] keyIndexes;
  private final double[] values;
  private final double[] lastRecorded;
  private final PreemptionSignal preemption;
  private final TrainingStatus status;
  private long lastStep;
  private boolean stepped;

  RunSession(ExperimentBinding<T, ?> binding, T trainer, RunWriter writer, PreemptionSignal preemption) {
    this.preemption = preemption;
    this.binding = binding;
    this.trainer = trainer;
    this.writer = writer;
    List<MetricSpec> metrics = binding.metrics();
    this.metricKeys = new String[metrics.size()];
    for (int i = 0; i < metricKeys.length; i++) {
      metricKeys[i] = metrics.get(i).key();
    }
    this.keyIndexes = new int[metricKeys.length];
    for (int i = 0; i < metricKeys.length; i++) {
      keyIndexes[i] = writer.metricKeyIndex(metricKeys[i]); // validated and interned once
    }
    this.values = new double[metricKeys.length];
    this.lastRecorded = new double[metricKeys.length];
    this.status = new TrainingStatus(metricKeys);
  }

  @Override
  public void step(long step) {
    binding.readMetrics(trainer, values);
    writer.logMetrics(keyIndexes, values, values.length, step, System.currentTimeMillis());
    System.arraycopy(values, 0, lastRecorded, 0, values.length);
    status.publish(step, values);
    lastStep = step;
    stepped = true;
  }

  @Override
  public void expectSteps(long lastStep) {
    status.expectSteps(lastStep);
  }

  /** What the progress line shows of this run. */
  TrainingStatus status() {
    return status;
  }

  @Override
  public void log(String key, double value, long step) {
    writer.logMetric(key, value, step, System.currentTimeMillis());
  }

  @Override
  public Path outputDir() {
    return writer.artifactsDir();
  }

  @Override
  public String runId() {
    return writer.runId();
  }

  @Override
  public boolean preemptionRequested() {
    return preemption != null && preemption.requested();
  }

  /**
   * Records the metrics' values as {@code train} left them: at the last step (0 if it never
   * stepped), skipping a metric whose value is exactly what that step already recorded, so that a
   * finished run has no duplicate points.
   *
   * @return the final values, in metric order
   */
  double[] recordFinalValues() {
    binding.readMetrics(trainer, values);
    long now = System.currentTimeMillis();
    long step = stepped ? lastStep : 0;
    for (int i = 0; i < values.length; i++) {
      boolean unchanged =
          stepped && Double.doubleToLongBits(values[i]) == Double.doubleToLongBits(lastRecorded[i]);
      if (!unchanged) {
        writer.logMetric(metricKeys[i], values[i], step, now);
      }
    }
    return values.clone();
  }

  String[] metricKeys() {
    return metricKeys.clone();
  }
}
