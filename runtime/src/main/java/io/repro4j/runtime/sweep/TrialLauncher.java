package io.repro4j.runtime.sweep;

import java.util.List;

/**
 * Runs the trials of a sweep once every one of them is known to be valid: {@link LocalLauncher}
 * in this machine, a SLURM launcher on a cluster. Each trial runs as its trainer's {@code main}
 * would with the trial's overrides, nested under the sweep's parent run: environment variables
 * {@code REPRO4J_PARENT_RUN_ID} = the parent run id and {@code REPRO4J_SWEEP_TRIAL} = the trial's
 * index, which the run records as tags {@code mlflow.parentRunId} and {@code repro4j.sweep.trial}.
 * The sweep reads the trials' results back from the store, so a launcher reports only how each
 * trial's process ended.
 */
public interface TrialLauncher {

  /**
   * Runs {@code trials} and returns when all have ended (or, with fail-fast, when the ones started
   * have ended).
   *
   * @param trials the trials to run, validated, in order
   * @param parentRunId the sweep's parent run
   * @return one outcome per trial that was started, in trial order
   * @throws InterruptedException when the sweep is interrupted while waiting
   */
  List<TrialOutcome> launch(List<Trial> trials, String parentRunId) throws InterruptedException;

  /** A short name for messages: {@code locally (2 at once)}. */
  String describe();
}
