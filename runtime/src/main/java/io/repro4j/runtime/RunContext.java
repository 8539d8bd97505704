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
   * Says which step the run will end at, e.g. {@code ctx.expectSteps(epochs)}, so that the
   * progress line in the terminal shows a percentage and an ETA; without it the line shows the
   * step and its rate only. Cheap (one store); may be called again if the plan changes.
   */
  default void expectSteps(long lastStep) {
    // a context without a progress line has nothing to show
  }

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

  /**
   * Whether the scheduler asked this run to stop soon (SLURM's {@code --signal} before the time
   * limit, under the SLURM launcher). A trainer that can resume polls this between steps, saves its
   * state where its next attempt will find it, and throws {@link Preempted}: the run is recorded
   * KILLED and the launcher requeues the trial. A plain read of a flag, no I/O; always false outside
   * the SLURM launcher.
   */
  default boolean preemptionRequested() {
    return false;
  }
}
