package io.repro4j.runtime;

import java.nio.file.Path;

/** What a trainer sees of its run. Methods are cheap and never do I/O on the calling thread. */
public interface RunContext {
  /**
   * Records the current value of every {@code @Metric} at {@code step}. No I/O, no allocation; call
   * it from one thread (the training loop). Blocks, never drops, while the writer falls behind.
   */
  void step(long step);

  /**
   * Records one value of a metric that is not a field, e.g. {@code ctx.log("val/loss", l, epoch)}.
   * Safe from several threads at once: no point is lost, and each thread's points keep its order.
   */
  void log(String key, double value, long step);

  /**
   * The directory where the trainer writes its own files (models, plots). Everything in it is an
   * artifact of the run. Repro4j's own files live in its {@code repro4j/} sub-directory.
   */
  Path outputDir();

  /** The run's id (32 hex digits, as MLflow's). */
  String runId();
}
