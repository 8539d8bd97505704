package io.repro4j.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repro4j.cli.RunDetails;
import io.repro4j.runtime.tracking.DatasetInput;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.MetricPoint;
import io.repro4j.runtime.tracking.RunInputs;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs as the JSON the report page reads; the same shapes are embedded in a report file and
 * served by {@code repro4j ui}, so one page script draws both.
 */
public final class ReportModel {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Curves keep at most this many points per run and metric, evenly spaced, the last one kept. */
  public static final int MAX_POINTS = 5_000;

  /** Provenance files shown as text, and the most of each that is shown. */
  static final List<String> PROVENANCE_TEXTS =
      List.of("repro4j/config.yaml", "repro4j/overrides.yaml", "repro4j/command.txt", "repro4j/composed.yaml");

  static final int MAX_TEXT_BYTES = 256 * 1024;

  private ReportModel() {}

  /**
   * One row of the runs table: id, name, experiment, status, times, params, final metrics, parent,
   * git commit (and whether the tree was dirty) and dataset hashes.
   */
  public static ObjectNode summary(StoredRun r, Map<String, String> experimentNames) {
    ObjectNode o = NODES.objectNode();
    o.put("id", r.runId());
    o.put("name", r.runName());
    o.put("experimentId", r.experimentId());
    o.put("experiment", experimentNames.get(r.experimentId()));
    o.put("status", r.status().name());
    o.put("start", r.startTime());
    if (r.endTime() == null) {
      o.putNull("end");
    } else {
      o.put("end", r.endTime().longValue());
    }
    ObjectNode params = o.putObject("params");
    r.params().forEach(params::put);
    ObjectNode metrics = o.putObject("metrics");
    for (String k : r.metrics().keySet()) {
      MetricPoint p = r.latest(k);
      if (p != null) {
        putNumber(metrics, k, p.value());
      }
    }
    o.put("parent", r.tags().get(FileStore.PARENT_RUN_ID_TAG));
    ObjectNode git = o.putObject("git");
    git.put("commit", r.tags().get("mlflow.source.git.commit"));
    git.put("branch", r.tags().get("mlflow.source.git.branch"));
    git.put("dirty", "true".equals(r.tags().get("mlflow.source.git.dirty")));
    ObjectNode datasets = o.putObject("datasets");
    r.tags().forEach(
        (k, v) -> {
          if (k.startsWith("repro4j.dataset.") && k.endsWith(".md5")) {
            datasets.put(k.substring("repro4j.dataset.".length(), k.length() - ".md5".length()), v);
          }
        });
    return o;
  }

  /** Summaries of {@code runs}, in order. */
  public static ArrayNode summaries(List<StoredRun> runs, Map<String, String> experimentNames) {
    ArrayNode a = NODES.arrayNode();
    runs.forEach(r -> a.add(summary(r, experimentNames)));
    return a;
  }

  /**
   * Which params and final metrics differ between {@code runs} (shown as columns) and which are the
   * same in every run (folded into one line): {@code {params: {varying: [..], constant: {k: v}},
   * metrics: {..}}}. With one run nothing is folded.
   */
  public static ObjectNode columns(List<StoredRun> runs) {
    ObjectNode o = NODES.objectNode();
    TreeSet<String> paramKeys = new TreeSet<>();
    TreeSet<String> metricKeys = new TreeSet<>();
    for (StoredRun r : runs) {
      paramKeys.addAll(r.params().keySet());
      metricKeys.addAll(r.metrics().keySet());
    }
    ObjectNode params = o.putObject("params");
    ArrayNode varyingParams = params.putArray("varying");
    ObjectNode constantParams = params.putObject("constant");
    for (String k : paramKeys) {
      String same = sameInEvery(runs, r -> r.params().get(k));
      if (same == null) {
        varyingParams.add(k);
      } else {
        constantParams.put(k, same);
      }
    }
    ObjectNode metrics = o.putObject("metrics");
    ArrayNode varyingMetrics = metrics.putArray("varying");
    ObjectNode constantMetrics = metrics.putObject("constant");
    for (String k : metricKeys) {
      String same =
          sameInEvery(
              runs,
              r -> {
                MetricPoint p = r.latest(k);
                return p == null ? null : Double.toString(p.value());
              });
      if (same == null) {
        varyingMetrics.add(k);
      } else {
        putNumber(constantMetrics, k, Double.parseDouble(same));
      }
    }
    return o;
  }

  /** The value every run has for a key, or null when some differ, lack it, or there is one run. */
  private static String sameInEvery(List<StoredRun> runs, java.util.function.Function<StoredRun, String> value) {
    if (runs.size() < 2) {
      return null;
    }
    Set<String> seen = new HashSet<>();
    for (StoredRun r : runs) {
      String v = value.apply(r);
      if (v == null) {
        return null;
      }
      seen.add(v);
      if (seen.size() > 1) {
        return null;
      }
    }
    return seen.iterator().next();
  }

  /**
   * Everything about one run the page shows on its own: the summary, every tag, the flattened
   * environment, the saved config, overrides and command, dataset inputs and the artifact list.
   */
  public static ObjectNode details(StoredRun r, Map<String, String> experimentNames) throws IOException {
    ObjectNode o = summary(r, experimentNames);
    o.put("user", r.userId());
    o.put("artifactUri", r.artifactUri());
    ObjectNode tags = o.putObject("tags");
    r.tags().forEach(tags::put);
    ObjectNode environment = o.putObject("environment");
    try {
      RunDetails.environment(r).forEach(environment::put);
    } catch (IOException e) {
      o.put("environmentError", e.getMessage());
    }
    ObjectNode texts = o.putObject("texts");
    Path artifacts = r.dir().resolve("artifacts");
    for (String name : PROVENANCE_TEXTS) {
      String text = readText(artifacts.resolve(name));
      if (text != null) {
        texts.put(name, text);
      }
    }
    ArrayNode inputs = o.putArray("inputs");
    for (DatasetInput d : RunInputs.datasets(r)) {
      inputs.addObject().put("name", d.name()).put("digest", d.digest()).put("context", d.context());
    }
    ArrayNode files = o.putArray("artifacts");
    RunDetails.artifacts(r).forEach((path, bytes) -> files.addObject().put("path", path).put("bytes", bytes));
    return o;
  }

  /** A regular file (not a link) as UTF-8 text, cut at {@link #MAX_TEXT_BYTES}; null when absent or binary. */
  static String readText(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    byte[] bytes;
    boolean cut;
    try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(MAX_TEXT_BYTES + 1);
    }
    cut = bytes.length > MAX_TEXT_BYTES;
    if (cut) {
      bytes = java.util.Arrays.copyOf(bytes, MAX_TEXT_BYTES);
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(cut ? CodingErrorAction.REPLACE : CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return cut ? text + "\n... (cut at " + MAX_TEXT_BYTES + " bytes)" : text;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Every metric of a run as columns: {@code {key: {step: [..], time: [..], value: [..]}}} in step
   * order (then time); NaN and infinities as null (a gap in the curve); thinned to {@link
   * #MAX_POINTS}.
   */
  public static ObjectNode histories(StoredRun r) {
    ObjectNode o = NODES.objectNode();
    for (Map.Entry<String, List<MetricPoint>> e : r.metrics().entrySet()) {
      List<MetricPoint> points = new ArrayList<>(e.getValue());
      points.sort(
          java.util.Comparator.comparingLong(MetricPoint::step).thenComparingLong(MetricPoint::timestamp));
      points = thin(points);
      ObjectNode series = o.putObject(e.getKey());
      ArrayNode steps = series.putArray("step");
      ArrayNode times = series.putArray("time");
      ArrayNode values = series.putArray("value");
      for (MetricPoint p : points) {
        steps.add(p.step());
        times.add(p.timestamp());
        if (Double.isFinite(p.value())) {
          values.add(p.value());
        } else {
          values.addNull();
        }
      }
      series.put("points", e.getValue().size());
    }
    return o;
  }

  static List<MetricPoint> thin(List<MetricPoint> points) {
    if (points.size() <= MAX_POINTS) {
      return points;
    }
    List<MetricPoint> kept = new ArrayList<>(MAX_POINTS);
    double stride = (points.size() - 1) / (double) (MAX_POINTS - 1);
    for (int i = 0; i < MAX_POINTS; i++) {
      kept.add(points.get((int) Math.round(i * stride)));
    }
    return kept;
  }

  /** JSON has no NaN or infinities: those are written as the strings "NaN", "Infinity", "-Infinity". */
  static void putNumber(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.put(key, Double.toString(v));
    }
  }

  /** Runs whose {@code mlflow.parentRunId} tag names {@code parentId}: a sweep's trials. */
  public static List<StoredRun> children(List<StoredRun> runs, String parentId) {
    List<StoredRun> children = new ArrayList<>();
    for (StoredRun r : runs) {
      if (Objects.equals(parentId, r.tags().get(FileStore.PARENT_RUN_ID_TAG))) {
        children.add(r);
      }
    }
    return children;
  }
}
