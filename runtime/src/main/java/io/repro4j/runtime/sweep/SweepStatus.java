package io.repro4j.runtime.sweep;

import io.repro4j.runtime.tracking.ChildRuns;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.MetricPoint;
import io.repro4j.runtime.tracking.PythonFloat;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.runtime.tracking.TrialRuns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a sweep stands, read back from the store: its parent run, its {@link SweepFile}, and for
 * each trial the child run that counts (a FINISHED one if there is any, else the latest), with the
 * goal metric's last value. What the end of a sweep and {@code repro4j sweep status} print.
 *
 * @param parent the sweep's parent run
 * @param file what the sweep was started with
 * @param rows one per trial, in trial order
 */
public record SweepStatus(StoredRun parent, SweepFile file, List<Row> rows) {

  /**
   * One trial: its run (null if it never started) and the goal metric's last value (or NaN). The
   * run holds its {@code meta.yaml} fields, the tags {@code mlflow.parentRunId} and {@code
   * repro4j.sweep.trial} and the goal metric only (read it with {@link FileStore#run} for the rest).
   */
  public record Row(Trial trial, StoredRun run, double metric) {
    /** The run's status, or {@code NOT STARTED}. */
    public String status() {
      return run == null ? "NOT STARTED" : run.status().name();
    }

    public boolean finished() {
      return run != null && run.status() == RunStatus.FINISHED;
    }
  }

  /**
   * Reads the sweep whose parent run is {@code sweepId}.
   *
   * @throws IllegalArgumentException when there is no such run, or it is not a sweep
   */
  public static SweepStatus read(FileStore store, String sweepId) throws IOException {
    StoredRun parent = store.run(sweepId).orElseThrow(() -> new IllegalArgumentException(
        "no run '" + sweepId + "' in the store " + store.root() + "; give the sweep id a sweep printed when it"
            + " started (its parent run), with the same --tracking-uri"));
    SweepFile file;
    try {
      file = SweepFile.read(parent.dir());
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Map<Integer, StoredRun> counted = new HashMap<>();
    // Only what the table needs of each trial's run: its trial number and the goal metric.
    List<String> metrics = file.goal() == null ? List.of() : List.of(file.goal().metric());
    List<StoredRun> children = new ArrayList<>(ChildRuns.of(store, parent.experimentId(), sweepId,
        List.of(FileStore.PARENT_RUN_ID_TAG, Sweeper.TRIAL_TAG), metrics));
    // FileStore.runs' order (newest first, then id), so that ties between runs resolve as before.
    children.sort(FileStore.RUN_ORDER);
    for (StoredRun run : children) {
      Integer index = trialIndex(run);
      if (index == null) {
        continue;
      }
      counted.merge(index, run, SweepStatus::counts);
    }
    List<Row> rows = new ArrayList<>();
    for (Trial trial : file.trials()) {
      StoredRun run = counted.get(trial.index());
      rows.add(new Row(trial, run, metric(run, file.goal())));
    }
    return new SweepStatus(parent, file, rows);
  }

  /**
   * The sweep whose trials all ran in this JVM and each created one run there, FINISHED: the rows
   * from what the sweep holds in memory ({@link TrialRuns#finishedRuns}), the same table as
   * {@link #read} gives, without listing and parsing every run of the experiment or the sweep file.
   * Empty when some trial did not end that way (then {@link #read} the store).
   */
  static Optional<SweepStatus> ofTrialsRunHere(FileStore store, String sweepId, SweepFile file, TrialRuns runs)
      throws IOException {
    List<Integer> indexes = file.trials().stream().map(Trial::index).toList();
    Optional<Map<Integer, StoredRun>> counted =
        runs.finishedRuns(indexes, file.goal() == null ? null : file.goal().metric());
    if (counted.isEmpty()) {
      return Optional.empty();
    }
    StoredRun parent = store.run(sweepId).orElse(null);
    if (parent == null) {
      return Optional.empty();
    }
    List<Row> rows = new ArrayList<>();
    for (Trial trial : file.trials()) {
      StoredRun run = counted.get().get(trial.index());
      rows.add(new Row(trial, run, metric(run, file.goal())));
    }
    return Optional.of(new SweepStatus(parent, file, rows));
  }

  private static Integer trialIndex(StoredRun run) {
    try {
      return Integer.valueOf(run.tags().getOrDefault(Sweeper.TRIAL_TAG, ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Of two runs of one trial, the one that counts: FINISHED first, then the latest started. */
  private static StoredRun counts(StoredRun a, StoredRun b) {
    boolean af = a.status() == RunStatus.FINISHED;
    boolean bf = b.status() == RunStatus.FINISHED;
    if (af != bf) {
      return af ? a : b;
    }
    return a.startTime() >= b.startTime() ? a : b;
  }

  private static double metric(StoredRun run, SweepGoal goal) {
    if (run == null || goal == null) {
      return Double.NaN;
    }
    MetricPoint point = run.latest(goal.metric());
    return point == null ? Double.NaN : point.value();
  }

  /** The finished trial with the best goal metric, if there is a goal and such a trial. */
  public Optional<Row> best() {
    SweepGoal goal = file.goal();
    if (goal == null) {
      return Optional.empty();
    }
    return rows.stream().filter(r -> r.finished() && !Double.isNaN(r.metric())).min(byGoal());
  }

  /** Finished trials by the goal (best first), then the others by trial number. */
  public List<Row> ranked() {
    List<Row> ranked = new ArrayList<>(rows);
    ranked.sort(byGoal());
    return ranked;
  }

  private Comparator<Row> byGoal() {
    SweepGoal goal = file.goal();
    return (a, b) -> {
      boolean ra = a.finished() && !Double.isNaN(a.metric());
      boolean rb = b.finished() && !Double.isNaN(b.metric());
      if (goal != null && ra && rb) {
        int c = goal.maximize() ? Double.compare(b.metric(), a.metric()) : Double.compare(a.metric(), b.metric());
        if (c != 0) {
          return c;
        }
      } else if (goal != null && ra != rb) {
        return ra ? -1 : 1;
      }
      return Integer.compare(a.trial().index(), b.trial().index());
    };
  }

  /** How many trials have each status. */
  public Map<String, Integer> counts() {
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    for (Row row : rows) {
      counts.merge(row.status(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * The table: trial number, status, goal metric, run id, overrides; best first. Columns padded
   * to the widest cell, two spaces apart.
   */
  public String table() {
    List<String[]> cells = new ArrayList<>();
    String metricHeader = file.goal() == null ? "metric"
        : file.goal().metric() + (file.goal().maximize() ? " (max)" : " (min)");
    cells.add(new String[] {"trial", "status", metricHeader, "run", "overrides"});
    for (Row row : ranked()) {
      cells.add(new String[] {
        "#" + row.trial().index(),
        row.status(),
        Double.isNaN(row.metric()) ? "-" : PythonFloat.repr(row.metric()),
        row.run() == null ? "-" : row.run().runId(),
        row.trial().describe()
      });
    }
    int[] width = new int[5];
    for (String[] r : cells) {
      for (int c = 0; c < r.length; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : cells) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < r.length; c++) {
        line.append(c == 0 ? "" : "  ").append(r[c]);
        if (c < r.length - 1) {
          line.append(" ".repeat(width[c] - r[c].length()));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
