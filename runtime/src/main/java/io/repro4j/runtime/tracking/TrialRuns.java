package io.repro4j.runtime.tracking;

import java.io.IOException;

/**
 * Where the trials of a sweep in this JVM create their runs: one store, one experiment, one parent
 * run, checked once for all trials. {@link FileStore#createRun(String, String, String, long,
 * String)} reads the experiment's and the parent's {@code meta.yaml} back for every run it creates;
 * a trial of the sweep that just created (or reopened) that parent need not, and a thousand trials
 * should not parse the same two files a thousand times.
 *
 * <p>The one thing this gives up: an experiment deleted (or a parent run deleted) while the sweep
 * runs still receives the sweep's later trials, as the sweep's parent run itself does.
 */
public final class TrialRuns {
  private final FileStore store;
  private final String experimentId;
  private final String parentRunId;

  private TrialRuns(FileStore store, String experimentId, String parentRunId) {
    this.store = store;
    this.experimentId = experimentId;
    this.parentRunId = parentRunId;
  }

  /**
   * Checks once that {@code experimentId} is an active experiment of {@code store} and {@code
   * parentRunId} an active run of it.
   *
   * @throws IllegalArgumentException when either is not
   */
  public static TrialRuns of(FileStore store, String experimentId, String parentRunId) throws IOException {
    FileStore.checkExperimentId(experimentId);
    FileStore.checkRunId(parentRunId);
    StoredExperiment experiment = store.readExperiment(store.root().resolve(experimentId), experimentId)
        .orElseThrow(() -> new IllegalArgumentException(
            "No experiment with id '" + experimentId + "' in " + store.root() + "; the sweep's trials need it"));
    if (!experiment.active()) {
      throw new IllegalStateException(
          "Could not create runs under non-active experiment with ID " + experimentId + " ('" + experiment.name() + "')");
    }
    if (!store.isActiveRun(parentRunId)) {
      throw new IllegalArgumentException(
          "Parent run '" + parentRunId + "' is not an active run of the store " + store.root());
    }
    return new TrialRuns(store, experimentId, parentRunId);
  }

  /** The store the trials record in. */
  public FileStore store() {
    return store;
  }

  /** The experiment every trial's run belongs to. */
  public String experimentId() {
    return experimentId;
  }

  /** The sweep's parent run, every trial's {@code mlflow.parentRunId}. */
  public String parentRunId() {
    return parentRunId;
  }

  /**
   * Creates a trial's run, as {@link FileStore#createRun(String, String, String, long, String)}
   * with this experiment and parent, without reading them back.
   */
  public RunWriter createRun(String runName, String userId, long startTimeMs) throws IOException {
    return store.createCheckedRun(experimentId, runName, userId, startTimeMs, parentRunId);
  }
}
