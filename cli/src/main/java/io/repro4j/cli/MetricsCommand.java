package io.repro4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.MetricPoint;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code repro4j metrics RUN KEY}: a metric's history, in the order it was logged. */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = "Prints the history of one metric of a run (step, timestamp, value), in logging order.")
final class MetricsCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "RUN", description = "Run id, a unique prefix of one, or a unique run name.")
  String run;

  @Parameters(index = "1", paramLabel = "KEY", description = "Metric key, e.g. accuracy or train/loss.")
  String key;

  @ArgGroup(exclusive = true)
  Format format = new Format();

  /** The output formats, described for points rather than runs. */
  static final class Format {
    @Option(names = "--json", description = "One JSON array of points: {step, timestamp (ms since the epoch), value}.")
    boolean json;

    @Option(names = "--csv", description = "RFC 4180 CSV: step, timestamp (ms since the epoch), value.")
    boolean csv;
  }

  @Override
  int execute(PrintWriter out) throws IOException {
    FileStore store = openStore();
    StoredRun r = RunResolver.resolve(store, run);
    List<MetricPoint> points = r.metrics().get(key);
    if (points == null) {
      throw new UsageError(
          "Run " + Show.shortId(r.runId()) + " (" + r.runName() + ") has no metric '" + key + "'; its metrics: "
              + (r.metrics().isEmpty() ? "(none)" : String.join(", ", r.metrics().keySet())));
    }
    if (format.json) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (MetricPoint p : points) {
        ObjectNode o = array.addObject();
        o.put("step", p.step());
        o.put("timestamp", p.timestamp());
        RunsCommand.putNumber(o, "value", p.value());
      }
      out.println(Json.INDENTED.writeValueAsString(array));
    } else if (format.csv) {
      Csv.row(out, List.of("step", "timestamp", "value"));
      for (MetricPoint p : points) {
        Csv.row(out, List.of(Long.toString(p.step()), Long.toString(p.timestamp()), Show.number(p.value())));
      }
    } else {
      TextTable t = new TextTable();
      t.row("STEP", "TIMESTAMP", "VALUE");
      for (MetricPoint p : points) {
        t.row(Long.toString(p.step()), Show.timeMs(p.timestamp(), zone()), Show.number(p.value()));
      }
      t.print(out);
    }
    return 0;
  }
}
