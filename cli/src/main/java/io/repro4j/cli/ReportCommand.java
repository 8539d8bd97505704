package io.repro4j.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repro4j.cli.report.ReportModel;
import io.repro4j.cli.report.ReportPage;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.StoredExperiment;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.runtime.tracking.search.OrderBy;
import io.repro4j.runtime.tracking.search.RunSearch;
import io.repro4j.runtime.tracking.search.SearchFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code repro4j report}: one self-contained HTML file about a set of runs. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      // one string per paragraph: picocli wraps it to the width
      "Writes one self-contained HTML file (scripts and styles inlined, opens offline) about runs:"
          + " a sortable runs table, metric curves, a two-run diff, a sweep's parallel coordinates and"
          + " each run's provenance. Runs: the RUNs named, else the children of --sweep, else every run"
          + " matching --experiment and --filter (MLflow's search syntax), newest first."
    })
final class ReportCommand extends StoreCommand {
  @Parameters(arity = "0..*", paramLabel = "RUN", description = "Runs to report: id, unique id prefix or unique name.")
  List<String> runs = new ArrayList<>();

  @Option(names = "--experiment", paramLabel = "NAME", description = "Only runs of this experiment (name or id); repeat for several.")
  List<String> experiments = new ArrayList<>();

  @Option(
      names = "--sweep",
      paramLabel = "RUN",
      description = "A sweep: the runs whose tag mlflow.parentRunId names RUN, with a parallel-coordinates view.")
  String sweep;

  @Option(names = "--filter", paramLabel = "FILTER", description = "MLflow search filter, e.g. \"metrics.acc > 0.9\".")
  String filter;

  @Option(names = "--order-by", paramLabel = "KEY", description = "Order key, e.g. 'metrics.acc DESC'; repeat for ties.")
  List<String> orderBy = new ArrayList<>();

  @Option(names = "--max", paramLabel = "N", defaultValue = "1000", description = "At most N runs (default ${DEFAULT-VALUE}).")
  int max;

  @Option(names = "--title", paramLabel = "TEXT", defaultValue = "report", description = "The page title (default ${DEFAULT-VALUE}).")
  String title;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "report.html", description = "Where to write (default ${DEFAULT-VALUE}).")
  Path output;

  @Override
  int execute(PrintWriter out) throws IOException {
    if (max < 1) {
      throw new UsageError("--max must be at least 1, got " + max);
    }
    if (sweep != null && !runs.isEmpty()) {
      throw new UsageError("Give either RUNs or --sweep RUN, not both");
    }
    SearchFilter parsedFilter = SearchFilter.parse(filter);
    List<OrderBy> order = new ArrayList<>();
    for (String o : orderBy) {
      order.add(OrderBy.parse(o));
    }
    FileStore store = openStore();
    List<StoredExperiment> all = store.experiments();
    Map<String, String> names = experimentNames(all);
    StoredRun sweepParent = null;
    List<StoredRun> selected;
    if (!runs.isEmpty()) {
      Map<String, StoredRun> byId = new LinkedHashMap<>();
      for (String ref : runs) {
        StoredRun r = RunResolver.resolve(store, ref);
        if (parsedFilter.matches(r)) {
          byId.put(r.runId(), r);
        }
      }
      selected = new ArrayList<>(byId.values());
      if (!order.isEmpty()) {
        selected.sort(OrderBy.comparator(order));
      }
    } else {
      List<String> ids = RunsCommand.experimentIds(store, all, experiments);
      if (sweep != null) {
        sweepParent = RunResolver.resolve(store, sweep);
        List<StoredRun> candidates = RunSearch.search(store, ids, parsedFilter, order, Integer.MAX_VALUE);
        selected = ReportModel.children(candidates, sweepParent.runId());
        if (selected.isEmpty()) {
          throw new UsageError(
              "Run " + sweepParent.runId() + " has no child runs (tag mlflow.parentRunId)"
                  + (filter == null ? "" : " matching the filter") + "; is it the sweep's parent run?");
        }
      } else {
        selected = RunSearch.search(store, ids, parsedFilter, order, max == Integer.MAX_VALUE ? max : max + 1);
      }
    }
    if (selected.isEmpty()) {
      throw new UsageError("No runs" + (filter == null ? "" : " match the filter") + " in " + store.root() + "; nothing to report");
    }
    if (selected.size() > max) {
      spec.commandLine().getErr().println("(more runs match; reporting the first " + max + ", raise --max to include more)");
      selected = selected.subList(0, max);
    }

    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode data = nodes.objectNode();
    ObjectNode config = data.putObject("config");
    config.put("mode", "static");
    config.put("title", title);
    config.put(
        "subtitle",
        selected.size() + (selected.size() == 1 ? " run" : " runs") + " from " + store.root() + ", written "
            + Show.time(Instant.now().toEpochMilli(), zone()));
    if (sweepParent != null) {
      config.set("sweep", ReportModel.summary(sweepParent, names));
    }
    data.set("runs", ReportModel.summaries(selected, names));
    data.set("columns", ReportModel.columns(selected));
    ObjectNode details = data.putObject("details");
    ObjectNode metrics = data.putObject("metrics");
    for (StoredRun r : selected) {
      details.set(r.runId(), ReportModel.details(r, names));
      // A searched run holds each metric's latest point only (RunSearch); the curves need them all.
      metrics.set(r.runId(), ReportModel.histories(store.run(r.runId()).orElse(r)));
    }
    if (sweepParent != null) {
      details.set(sweepParent.runId(), ReportModel.details(sweepParent, names));
    }
    String html = ReportPage.render("repro4j: " + title, data, false);

    Path target = parent.workDir.resolve(output);
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".report-", ".html.tmp");
    try {
      Files.writeString(temp, html, StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    out.println(
        "Wrote " + target + " (" + selected.size() + (selected.size() == 1 ? " run, " : " runs, ")
            + (Files.size(target) + 1023) / 1024 + " KiB); open it in a browser, no network needed.");
    return 0;
  }
}
