package io.repro4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.MetricPoint;
import io.repro4j.runtime.tracking.StoredExperiment;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.runtime.tracking.search.OrderBy;
import io.repro4j.runtime.tracking.search.RunSearch;
import io.repro4j.runtime.tracking.search.SearchFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code repro4j runs}: lists runs, filtered and ordered with MLflow's search syntax. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the runs of a tracking store, newest first, as MLflow's search_runs does.",
      "Filter and order in MLflow's search syntax, e.g.",
      "  repro4j runs --filter \"metrics.accuracy > 0.9 and params.lr = '0.01'\"",
      "               --order-by 'metrics.accuracy DESC'",
      "The table shows the params and final metrics whose values differ between the runs listed."
    })
final class RunsCommand extends StoreCommand {
  @Option(
      names = "--experiment",
      paramLabel = "NAME",
      description = "Only runs of this experiment (name or id); repeat for several. Default: every active experiment.")
  List<String> experiments = new ArrayList<>();

  @Option(names = "--filter", paramLabel = "FILTER", description = "MLflow search filter, e.g. \"metrics.acc > 0.9 and params.lr = '0.01'\".")
  String filter;

  @Option(
      names = "--order-by",
      paramLabel = "KEY",
      description = "Order key, e.g. 'metrics.acc DESC' or attributes.start_time; repeat for ties. Default: start time, newest first.")
  List<String> orderBy = new ArrayList<>();

  @Option(names = "--max", paramLabel = "N", defaultValue = "1000", description = "At most N runs (default ${DEFAULT-VALUE}, as MLflow).")
  int max;

  @ArgGroup(exclusive = true)
  Format format = new Format();

  static final class Format {
    @Option(names = "--json", description = "One JSON array of runs (times in ms since the epoch).")
    boolean json;

    @Option(names = "--csv", description = "RFC 4180 CSV, one row per run, every param and metric a column.")
    boolean csv;
  }

  @Override
  int execute(PrintWriter out) throws IOException {
    if (max < 1) {
      throw new UsageError("--max must be at least 1, got " + max);
    }
    SearchFilter parsedFilter = SearchFilter.parse(filter);
    List<OrderBy> order = new ArrayList<>();
    for (String o : orderBy) {
      order.add(OrderBy.parse(o));
    }
    FileStore store = openStore();
    List<StoredExperiment> all = store.experiments();
    List<String> ids = experimentIds(store, all, experiments);
    // One more than asked, to say when runs were left out.
    List<StoredRun> runs = RunSearch.search(store, ids, parsedFilter, order, max == Integer.MAX_VALUE ? max : max + 1);
    boolean more = runs.size() > max;
    if (more) {
      runs = runs.subList(0, max);
    }
    Map<String, String> names = experimentNames(all);
    if (format.json) {
      json(out, runs, names);
    } else if (format.csv) {
      csv(out, runs, names);
    } else {
      table(out, runs, names, runs.stream().map(StoredRun::experimentId).distinct().count() > 1, store);
    }
    if (more) {
      spec.commandLine().getErr().println("(more runs match; showing the first " + max + ", raise --max to see more)");
      spec.commandLine().getErr().flush();
    }
    return 0;
  }

  /** The ids of the experiments named (by name or id) in {@code experiments}; every active one when empty. */
  static List<String> experimentIds(FileStore store, List<StoredExperiment> all, List<String> experiments) {
    List<String> ids = new ArrayList<>();
    if (experiments.isEmpty()) {
      for (StoredExperiment e : all) {
        if (e.active()) {
          ids.add(e.id());
        }
      }
      return ids;
    }
    for (String wanted : experiments) {
      StoredExperiment found = null;
      for (StoredExperiment e : all) {
        if (e.name().equals(wanted)) {
          found = e;
          break;
        }
      }
      if (found == null) {
        for (StoredExperiment e : all) {
          if (e.id().equals(wanted)) {
            found = e;
          }
        }
      }
      if (found == null) {
        List<String> known = all.stream().map(StoredExperiment::name).sorted().toList();
        throw new UsageError(
            "No experiment named '" + wanted + "' in " + store.root() + "; the experiments are: "
                + (known.isEmpty() ? "(none)" : String.join(", ", known)));
      }
      if (!ids.contains(found.id())) {
        ids.add(found.id());
      }
    }
    return ids;
  }

  private static Double latest(StoredRun run, String key) {
    MetricPoint p = run.latest(key);
    return p == null ? null : p.value();
  }

  private static <T> TreeSet<String> keys(List<StoredRun> runs, Function<StoredRun, Map<String, T>> of) {
    TreeSet<String> keys = new TreeSet<>();
    runs.forEach(r -> keys.addAll(of.apply(r).keySet()));
    return keys;
  }

  /** Keys whose value (or absence) is not the same in every run; with one run, every key. */
  private static List<String> differing(List<StoredRun> runs, Set<String> keys, java.util.function.BiFunction<StoredRun, String, Object> value) {
    if (runs.size() <= 1) {
      return List.copyOf(keys);
    }
    List<String> result = new ArrayList<>();
    for (String k : keys) {
      Set<Object> seen = new HashSet<>();
      for (StoredRun r : runs) {
        seen.add(Objects.requireNonNullElse(value.apply(r, k), "\0absent"));
      }
      if (seen.size() > 1) {
        result.add(k);
      }
    }
    return result;
  }

  private void table(PrintWriter out, List<StoredRun> runs, Map<String, String> names, boolean showExperiment, FileStore store) {
    if (runs.isEmpty()) {
      out.println(
          "No runs" + (filter == null || filter.isBlank() ? "" : " match the filter") + " in " + store.root() + ".");
      return;
    }
    List<String> params = differing(runs, keys(runs, StoredRun::params), (r, k) -> r.params().get(k));
    List<String> metrics = differing(runs, keys(runs, StoredRun::metrics), (r, k) -> latest(r, k));
    TextTable t = new TextTable();
    List<String> header = new ArrayList<>(List.of("RUN"));
    if (showExperiment) {
      header.add("EXPERIMENT");
    }
    header.addAll(List.of("NAME", "STATUS", "START", "DURATION"));
    params.forEach(k -> header.add("params." + k));
    metrics.forEach(k -> header.add("metrics." + k));
    t.row(header);
    for (StoredRun r : runs) {
      List<String> row = new ArrayList<>(List.of(Show.shortId(r.runId())));
      if (showExperiment) {
        row.add(Show.orDash(names.get(r.experimentId())));
      }
      row.addAll(List.of(Show.orDash(r.runName()), r.status().name(), Show.time(r.startTime(), zone()), Show.duration(r)));
      params.forEach(k -> row.add(Show.orDash(r.params().get(k))));
      metrics.forEach(
          k -> {
            Double v = latest(r, k);
            row.add(v == null ? "-" : Show.number(v));
          });
      t.row(row);
    }
    t.print(out);
  }

  private static void json(PrintWriter out, List<StoredRun> runs, Map<String, String> names) throws IOException {
    ArrayNode array = JsonNodeFactory.instance.arrayNode(); // not a constant: only --json loads Jackson
    for (StoredRun r : runs) {
      runJson(r, names, array.addObject());
    }
    out.println(Json.INDENTED.writeValueAsString(array));
  }

  /** A run as JSON: the stable field names of {@code runs --json}, metrics as their latest value. */
  static void runJson(StoredRun r, Map<String, String> names, ObjectNode o) {
    o.put("run_id", r.runId());
    o.put("run_name", r.runName());
    o.put("experiment_id", r.experimentId());
    o.put("experiment_name", names.get(r.experimentId()));
    o.put("status", r.status().name());
    o.put("user_id", r.userId());
    o.put("start_time", r.startTime());
    if (r.endTime() == null) {
      o.putNull("end_time");
    } else {
      o.put("end_time", r.endTime().longValue());
    }
    o.put("artifact_uri", r.artifactUri());
    ObjectNode params = o.putObject("params");
    r.params().forEach(params::put);
    ObjectNode metrics = o.putObject("metrics");
    for (String k : r.metrics().keySet()) {
      Double v = latest(r, k);
      if (v != null) {
        putNumber(metrics, k, v);
      }
    }
    ObjectNode tags = o.putObject("tags");
    r.tags().forEach(tags::put);
  }

  /** JSON has no NaN or infinities: those are written as the strings "NaN", "Infinity", "-Infinity". */
  static void putNumber(ObjectNode o, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      o.put(key, Double.toString(v));
    } else {
      o.put(key, v);
    }
  }

  private static void csv(PrintWriter out, List<StoredRun> runs, Map<String, String> names) {
    List<String> params = List.copyOf(keys(runs, StoredRun::params));
    List<String> metrics = List.copyOf(keys(runs, StoredRun::metrics));
    List<String> header =
        new ArrayList<>(
            List.of("run_id", "run_name", "experiment_id", "experiment_name", "status", "user_id", "start_time", "end_time"));
    params.forEach(k -> header.add("params." + k));
    metrics.forEach(k -> header.add("metrics." + k));
    Csv.row(out, header);
    for (StoredRun r : runs) {
      List<String> row =
          new ArrayList<>(
              java.util.Arrays.asList(
                  r.runId(), r.runName(), r.experimentId(), names.get(r.experimentId()), r.status().name(), r.userId(),
                  Long.toString(r.startTime()), r.endTime() == null ? "" : r.endTime().toString()));
      params.forEach(k -> row.add(r.params().get(k)));
      metrics.forEach(
          k -> {
            Double v = latest(r, k);
            row.add(v == null ? "" : Show.number(v));
          });
      Csv.row(out, row);
    }
  }
}
