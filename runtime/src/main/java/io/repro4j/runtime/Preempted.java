package io.repro4j.runtime;

/**
 * Thrown from {@link Trainer#train} after {@link RunContext#preemptionRequested()} turned true and
 * the trainer saved what it needs to resume. The run is recorded KILLED with the tag
 * {@code repro4j.preempted=true} (MLflow has no "preempted" status) and the process exits with
 * {@link Repro4j#EXIT_PREEMPTED}; under the SLURM launcher the trial is then requeued, up to its
 * bound, and its next attempt is a new run under the same parent.
 */
public class Preempted extends Exception {
  private static final long serialVersionUID = 1L;

  /** @param message what was saved and where, e.g. "checkpoint at epoch 7 in ckpt/trial-3" */
  public Preempted(String message) {
    super(message);
  }
}
