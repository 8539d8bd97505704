package io.repro4j.cli;

import io.repro4j.runtime.tracking.DatasetInput;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.MetricPoint;
import io.repro4j.runtime.tracking.RunInputs;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code repro4j show RUN}: everything recorded about one run. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Shows a run: info, params, latest metrics, tags, datasets and artifacts.")
final class ShowCommand extends StoreCommand {
  @Parameters(paramLabel = "RUN", description = "Run id, a unique prefix of one, or a unique run name.")
  String run;

  @Option(
      names = "--json",
      description = "One JSON object: the fields of runs --json, and datasets [{name, digest, context}] and artifacts [{path, bytes}].")
  boolean json;

  @Override
  int execute(PrintWriter out) throws IOException {
    FileStore store = openStore();
    StoredRun r = RunResolver.resolve(store, run);
    Map<String, String> experiments = experimentNames(store);
    if (json) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      RunsCommand.runJson(r, experiments, o);
      ArrayNode datasets = o.putArray("datasets");
      for (DatasetInput d : RunInputs.datasets(r)) {
        datasets.addObject().put("name", d.name()).put("digest", d.digest()).put("context", d.context());
      }
      ArrayNode artifacts = o.putArray("artifacts");
      RunDetails.artifacts(r).forEach((path, bytes) -> artifacts.addObject().put("path", path).put("bytes", bytes));
      out.println(Json.INDENTED.writeValueAsString(o));
      return 0;
    }
    TextTable t = new TextTable();
    t.row("run", r.runId());
    t.row("name", Show.orDash(r.runName()));
    t.row("experiment", Show.orDash(experiments.get(r.experimentId())) + " (" + r.experimentId() + ")");
    t.row("status", r.status().name());
    t.row("user", Show.orDash(r.userId()));
    t.row("start", Show.time(r.startTime(), zone()));
    t.row("end", Show.time(r.endTime(), zone()));
    t.row("duration", Show.duration(r));
    t.row("artifact uri", Show.orDash(r.artifactUri()));
    t.row("directory", r.dir().toString());
    t.print(out);

    section(out, "params", r.params().isEmpty());
    TextTable params = new TextTable();
    r.params().forEach((k, v) -> params.row("", k, v));
    params.print(out);

    section(out, "metrics (latest value, its step, number of points)", r.metrics().isEmpty());
    TextTable metrics = new TextTable();
    for (Map.Entry<String, List<MetricPoint>> e : r.metrics().entrySet()) {
      MetricPoint p = r.latest(e.getKey());
      if (p != null) {
        metrics.row("", e.getKey(), Show.number(p.value()), "step " + p.step(), e.getValue().size() + (e.getValue().size() == 1 ? " point" : " points"));
      }
    }
    metrics.print(out);

    section(out, "tags", r.tags().isEmpty());
    TextTable tags = new TextTable();
    r.tags().forEach((k, v) -> tags.row("", k, v.replace("\n", "\\n")));
    tags.print(out);

    List<DatasetInput> datasets = RunInputs.datasets(r);
    section(out, "datasets (name, digest, context)", datasets.isEmpty());
    TextTable ds = new TextTable();
    datasets.forEach(d -> ds.row("", Show.orDash(d.name()), Show.orDash(d.digest()), Show.orDash(d.context())));
    ds.print(out);

    Map<String, Long> artifacts = RunDetails.artifacts(r);
    section(out, "artifacts (path, bytes)", artifacts.isEmpty());
    TextTable files = new TextTable();
    artifacts.forEach((k, v) -> files.row("", k, Long.toString(v)));
    files.print(out);
    return 0;
  }

  private static void section(PrintWriter out, String title, boolean empty) {
    out.println();
    out.println(title + (empty ? ": none" : ""));
  }
}
