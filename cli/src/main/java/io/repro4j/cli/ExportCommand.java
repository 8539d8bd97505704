package io.repro4j.cli;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.MlflowRestClient;
import io.repro4j.runtime.tracking.RetryPolicy;
import io.repro4j.runtime.tracking.RunPusher;
import io.repro4j.runtime.tracking.StoredExperiment;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.runtime.tracking.search.RunSearch;
import io.repro4j.runtime.tracking.search.SearchFilter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code repro4j export --to URI}: pushes runs of the local file store to an MLflow tracking
 * server. Repeating it sends only what the server lacks (see {@link RunPusher}).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      // one string per paragraph: picocli wraps each to the width
      "Pushes runs of the local store to an MLflow tracking server over its REST API:"
          + " params, tags, every metric point, dataset inputs, artifact files (once a run has ended,"
          + " through the server's artifact proxy) and the status and end time.",
      "Experiments are matched by name (created when missing); a run exported again, or grown"
          + " since, gets only what is new. Select runs as `repro4j runs` does, e.g.",
      "  repro4j export --to http://127.0.0.1:5000 --filter \"status = 'FINISHED'\"",
      "Exit code 1 when a run could not be exported (the others still are)."
    })
final class ExportCommand extends StoreCommand {
  @Option(names = "--to", required = true, paramLabel = "URI",
      description = "The MLflow tracking server, e.g. http://127.0.0.1:5000 (credentials from MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD).")
  String to;

  @Option(names = "--experiment", paramLabel = "NAME",
      description = "Only runs of this experiment (name or id); repeat for several. Default: every active experiment.")
  List<String> experiments = new ArrayList<>();

  @Option(names = "--filter", paramLabel = "FILTER", description = "MLflow search filter, e.g. \"metrics.acc > 0.9\".")
  String filter;

  @Parameters(paramLabel = "RUN", arity = "0..*", description = "Run ids (or unique prefixes, or run names) to export instead.")
  List<String> runRefs = new ArrayList<>();

  @Override
  int execute(PrintWriter out) throws IOException {
    MlflowRestClient client;
    try {
      client = new MlflowRestClient(to, parent.environment, RetryPolicy.fromEnvironment(parent.environment),
          MlflowRestClient.Backoff.SLEEP);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    if (!runRefs.isEmpty() && (!experiments.isEmpty() || filter != null)) {
      throw new UsageError("Give run ids, or --experiment/--filter, not both");
    }
    FileStore store = openStore();
    List<StoredExperiment> all = store.experiments();
    List<StoredRun> runs = new ArrayList<>();
    if (runRefs.isEmpty()) {
      List<String> ids = RunsCommand.experimentIds(store, all, experiments);
      runs.addAll(RunSearch.search(store, ids, SearchFilter.parse(filter), List.of(), Integer.MAX_VALUE));
    } else {
      for (String ref : runRefs) {
        runs.add(RunResolver.resolve(store, ref));
      }
    }
    // Oldest first, parents before their trials: the server lists them in the order they came.
    runs.sort(Comparator.comparingLong(StoredRun::startTime).thenComparing(StoredRun::runId));
    Map<String, String> names = experimentNames(all);
    PrintWriter err = spec.commandLine().getErr();
    RunPusher pusher = new RunPusher(client);
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    List<String> failed = new ArrayList<>();
    Map<String, String> remoteIds = new LinkedHashMap<>();
    for (StoredRun run : runs) {
      RunPusher.Pushed pushed;
      try {
        pushed = pusher.push(run.dir());
      } catch (MlflowRestClient.Failure e) {
        failed.add(run.runId());
        err.println("repro4j export: run " + run.runId() + ": " + e.getMessage());
        err.flush();
        if (e.retryable()) {
          err.println("repro4j export: stopped: " + client.server() + " is unreachable; run the same command again later"
              + " (what was sent is kept, nothing is sent twice)");
          err.flush();
          break;
        }
        continue;
      } catch (IOException | RuntimeException e) { // an unreadable run: report it, export the others
        failed.add(run.runId());
        err.println("repro4j export: run " + run.runId() + ": " + e.getMessage());
        err.flush();
        continue;
      }
      remoteIds.put(run.runId(), pushed.remoteRunId());
      String what;
      if (pushed.created()) {
        created++;
        what = "created";
      } else if (pushed.changedAnything()) {
        updated++;
        what = "updated";
      } else {
        unchanged++;
        what = "up to date";
      }
      out.println(Show.shortId(run.runId()) + "  " + names.getOrDefault(run.experimentId(), run.experimentId()) + "/"
          + Show.orDash(run.runName()) + "  -> " + pushed.remoteRunId() + "  " + what + detail(pushed));
      if (pushed.artifactsLeft() != null) {
        err.println("repro4j export: run " + run.runId() + ": " + pushed.artifactsLeft());
        err.flush();
      }
    }
    out.println("exported to " + client.server() + ": " + created + " created, " + updated + " updated, " + unchanged
        + " up to date" + (failed.isEmpty() ? "" : ", " + failed.size() + " failed"));
    return failed.isEmpty() ? 0 : 1;
  }

  private static String detail(RunPusher.Pushed p) {
    if (!p.changedAnything()) {
      return "";
    }
    return " (" + p.params() + " params, " + p.tags() + " tags, " + p.metricPoints() + " metric points"
        + (p.inputs() == 0 ? "" : ", " + p.inputs() + " dataset inputs")
        + (p.artifacts() == 0 ? "" : ", " + p.artifacts() + " artifact files")
        + (p.status() == null ? "" : ", status " + p.status()) + ")";
  }
}
