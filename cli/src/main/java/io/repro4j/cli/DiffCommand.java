package io.repro4j.cli;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.MetricPoint;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code repro4j diff RUN RUN}: two runs side by side, section by section; rows that differ start
 * with {@code *}, a value one run lacks reads {@code (none)}.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      // one string per paragraph: picocli wraps each to the width
      "Compares two runs side by side, differences marked.",
      "Sections: params, final metrics, dataset hashes (tags repro4j.dataset.*), code version"
          + " (tags mlflow.source.git.*) and environment (artifacts/repro4j/environment.json).",
      "Rows that differ start with '*'; a value one run lacks reads (none). Exit code 0 either way."
    })
final class DiffCommand extends StoreCommand {
  static final String NONE = "(none)";

  @Parameters(index = "0", paramLabel = "RUN", description = "The first run: id, unique id prefix or unique name.")
  String first;

  @Parameters(index = "1", paramLabel = "RUN", description = "The second run.")
  String second;

  private int differences;

  @Override
  int execute(PrintWriter out) throws IOException {
    FileStore store = openStore();
    StoredRun a = RunResolver.resolve(store, first);
    StoredRun b = RunResolver.resolve(store, second);
    Map<String, String> experiments = experimentNames(store);
    TextTable t = new TextTable();
    t.row(" ", "", "A: " + Show.shortId(a.runId()) + " " + Show.orDash(a.runName()), "B: " + Show.shortId(b.runId()) + " " + Show.orDash(b.runName()));

    section(t, "run", info(a, experiments), info(b, experiments));
    section(t, "params", a.params(), b.params());
    section(t, "metrics (final)", finalMetrics(a), finalMetrics(b));
    section(t, "datasets (tags repro4j.dataset.*)", tagsWith(a, "repro4j.dataset."), tagsWith(b, "repro4j.dataset."));
    section(t, "code (tags mlflow.source.git.*)", tagsWith(a, "mlflow.source.git."), tagsWith(b, "mlflow.source.git."));
    section(t, "environment (artifacts/" + RunDetails.ENVIRONMENT + ")", RunDetails.environment(a), RunDetails.environment(b));
    t.print(out);
    out.println();
    out.println(differences == 0 ? "No differences." : differences + (differences == 1 ? " difference." : " differences."));
    return 0;
  }

  private Map<String, String> info(StoredRun r, Map<String, String> experiments) {
    Map<String, String> m = new TreeMap<>();
    m.put("experiment", Show.orDash(experiments.get(r.experimentId())));
    m.put("status", r.status().name());
    m.put("start", Show.time(r.startTime(), zone()));
    m.put("duration", Show.duration(r));
    return m;
  }

  private static Map<String, String> finalMetrics(StoredRun r) {
    Map<String, String> m = new TreeMap<>();
    for (String k : r.metrics().keySet()) {
      MetricPoint p = r.latest(k);
      if (p != null) {
        m.put(k, Show.number(p.value()));
      }
    }
    return m;
  }

  private static Map<String, String> tagsWith(StoredRun r, String prefix) {
    Map<String, String> m = new TreeMap<>();
    r.tags().forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            m.put(k.substring(prefix.length()), v);
          }
        });
    return m;
  }

  private void section(TextTable t, String title, Map<String, String> a, Map<String, String> b) {
    t.title(title);
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    if (keys.isEmpty()) {
      t.row(" ", NONE);
      return;
    }
    // In the "run" section start times always differ; they are context, not a difference.
    Function<String, Boolean> counted = k -> !(title.equals("run") && (k.equals("start") || k.equals("duration")));
    for (String k : keys) {
      String va = a.get(k);
      String vb = b.get(k);
      boolean differ = !Objects.equals(va, vb) && counted.apply(k);
      if (differ) {
        differences++;
      }
      t.row(differ ? "*" : " ", k, va == null ? NONE : oneLine(va), vb == null ? NONE : oneLine(vb));
    }
  }

  private static String oneLine(String s) {
    return s.replace("\n", "\\n");
  }
}
