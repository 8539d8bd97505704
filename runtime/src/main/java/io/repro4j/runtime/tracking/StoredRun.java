package io.repro4j.runtime.tracking;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run as read back from the file store.
 *
 * @param runId 32 lowercase hex digits, equal to the directory name
 * @param experimentId the experiment it belongs to
 * @param runName {@code run_name} from {@code meta.yaml}, else the {@code mlflow.runName} tag
 * @param status the status ({@link RunStatus#RUNNING} when the file has none, as in MLflow)
 * @param startTime milliseconds since the epoch
 * @param endTime milliseconds since the epoch, or null while running
 * @param userId the user recorded at creation
 * @param artifactUri the absolute artifact URI ({@code file:///.../artifacts})
 * @param dir the run directory
 * @param params param key to value, sorted by key
 * @param tags tag key to value, sorted by key
 * @param metrics metric key to every point in file order, keys sorted
 */
public record StoredRun(
    String runId,
    String experimentId,
    String runName,
    RunStatus status,
    long startTime,
    Long endTime,
    String userId,
    String artifactUri,
    Path dir,
    Map<String, String> params,
    Map<String, String> tags,
    Map<String, List<MetricPoint>> metrics) {

  public StoredRun {
    // The search index's maps are unmodifiable and sorted already, and decoded on first use.
    if (!(params instanceof RunIndexFile.SectionMap)) {
      params = Collections.unmodifiableMap(new TreeMap<>(params));
    }
    if (!(tags instanceof RunIndexFile.SectionMap)) {
      tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    }
    if (!(metrics instanceof RunIndexFile.SectionMap)) {
      TreeMap<String, List<MetricPoint>> m = new TreeMap<>();
      metrics.forEach((k, v) -> m.put(k, List.copyOf(v)));
      metrics = Collections.unmodifiableMap(m);
    }
  }

  /**
   * The value MLflow shows for {@code key}: the point with the largest (step, timestamp, value),
   * or null when the metric was never logged.
   */
  public MetricPoint latest(String key) {
    List<MetricPoint> points = metrics.get(key);
    if (points == null || points.isEmpty()) {
      return null;
    }
    MetricPoint best = points.get(0);
    for (MetricPoint p : points) {
      int c = Long.compare(p.step(), best.step());
      if (c == 0) {
        c = Long.compare(p.timestamp(), best.timestamp());
      }
      if (c == 0) {
        c = Double.compare(p.value(), best.value());
      }
      if (c > 0) {
        best = p;
      }
    }
    return best;
  }

  /**
   * This run with each metric's history cut to its {@link #latest} point (an empty list for a
   * metric without one): what listings, search and tables use.
   */
  public StoredRun latestPointsOnly() {
    Map<String, List<MetricPoint>> latest = new TreeMap<>();
    for (String key : metrics.keySet()) {
      MetricPoint p = latest(key);
      latest.put(key, p == null ? List.of() : List.of(p));
    }
    return new StoredRun(
        runId, experimentId, runName, status, startTime, endTime, userId, artifactUri, dir, params, tags, latest);
  }
}
