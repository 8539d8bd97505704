package io.repro4j.runtime.tracking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

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
  /** The tag a sweep's trial run holds its trial number in (the sweep's {@code TRIAL_TAG}). */
  public static final String TRIAL_TAG = "repro4j.sweep.trial";

  private final FileStore store;
  private final String experimentId;
  private final String parentRunId;
  /** The trial this view creates runs for, or -1 for the sweep's own. */
  private final int trial;
  /**
   * The runs of each trial still running, by trial (a trial's list is touched by its own thread
   * only); shared by the views of one sweep.
   */
  private final Map<Integer, List<RunWriter>> running;
  /**
   * Of each ended trial, its one run as recorded FINISHED, or empty (none, several, or another
   * status): not the writers, whose buffers a thousand trials should not keep.
   */
  private final Map<Integer, Optional<StoredRun>> ended;

  private TrialRuns(FileStore store, String experimentId, String parentRunId, int trial,
      Map<Integer, List<RunWriter>> running, Map<Integer, Optional<StoredRun>> ended) {
    this.store = store;
    this.experimentId = experimentId;
    this.parentRunId = parentRunId;
    this.trial = trial;
    this.running = running;
    this.ended = ended;
  }

  /**
   * Checks once that {@code experimentId} is an active experiment of {@code store} and {@code
   * parentRunId} an active run of the store ({@link FileStore#checkRunTarget}).
   *
   * @throws IllegalArgumentException when either is missing
   * @throws IllegalStateException when the experiment is deleted
   */
  public static TrialRuns of(FileStore store, String experimentId, String parentRunId) throws IOException {
    store.checkRunTarget(experimentId, java.util.Objects.requireNonNull(parentRunId, "parentRunId"));
    return new TrialRuns(store, experimentId, parentRunId, -1, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
  }

  /**
   * The same store, experiment and parent for trial {@code index}: what its runs recorded is kept
   * for {@link #finishedRuns} once {@link #trialEnded} is called.
   */
  public TrialRuns forTrial(int index) {
    return new TrialRuns(store, experimentId, parentRunId, index, running, ended);
  }

  /** Called when this view's trial has ended (its launcher returned): keeps what its run recorded. */
  public void trialEnded() {
    if (trial < 0) {
      return;
    }
    List<RunWriter> writers = running.remove(trial);
    Optional<StoredRun> run = Optional.empty();
    if (writers != null && writers.size() == 1 && writers.get(0).finishedStatus() == RunStatus.FINISHED) {
      run = Optional.of(writers.get(0).asStored(
          Map.of(FileStore.PARENT_RUN_ID_TAG, parentRunId, TRIAL_TAG, Integer.toString(trial))));
    }
    ended.put(trial, run);
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
    RunWriter run = store.createCheckedRun(experimentId, runName, userId, startTimeMs, parentRunId);
    if (trial >= 0) {
      running.computeIfAbsent(trial, t -> new ArrayList<>(1)).add(run);
    }
    return run;
  }

  /**
   * Each of {@code trials}' run as {@link ChildRuns#of} would read it back (the tags {@code
   * mlflow.parentRunId} and {@code repro4j.sweep.trial}, the metric {@code metricKey} if given and
   * logged), when every one of them has ended and created exactly one run here, recorded FINISHED;
   * else empty (read the store then). Only the metric file is read: the sweep's end need not parse
   * a thousand runs it has just written.
   */
  public Optional<Map<Integer, StoredRun>> finishedRuns(List<Integer> trials, String metricKey) throws IOException {
    Map<Integer, StoredRun> runs = new TreeMap<>();
    for (int index : trials) {
      Optional<StoredRun> ran = ended.get(index);
      if (ran == null || ran.isEmpty()) {
        return Optional.empty();
      }
      StoredRun run = ran.get();
      Map<String, List<MetricPoint>> metrics = new TreeMap<>();
      if (metricKey != null) {
        Path file = run.dir().resolve(RunWriter.METRICS).resolve(metricKey);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          metrics.put(metricKey, FileStore.readMetricFile(file));
        }
      }
      runs.put(index, new StoredRun(run.runId(), run.experimentId(), run.runName(), run.status(), run.startTime(),
          run.endTime(), run.userId(), run.artifactUri(), run.dir(), Map.of(), run.tags(), metrics));
    }
    return Optional.of(runs);
  }
}
