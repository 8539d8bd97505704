package io.repro4j.runtime;

/**
 * A training class. Annotate it with {@code @Experiment}, its fields with {@code @Hyperparam},
 * {@code @Dataset} and {@code @Metric}, and start it with {@link Repro4j#run}.
 */
@FunctionalInterface
public interface Trainer {
  /**
   * Trains. When this is called the fields are bound to the resolved config and every dataset has
   * been checked. Call {@link RunContext#step} to record the metrics at a step; they are recorded
   * once more when this returns. An exception marks the run FAILED and keeps its stack trace.
   */
  void train(RunContext ctx) throws Exception;
}
