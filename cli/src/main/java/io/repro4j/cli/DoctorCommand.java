package io.repro4j.cli;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.StoreDoctor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repro4j doctor [--tracking-uri URI] [--fix]}: finds runs left RUNNING by a dead process
 * and damaged files in a file store; {@code --fix} repairs what it can. Exit code 0 when the store
 * is healthy (or was repaired), 1 when problems remain, 2 for a usage error or an unreadable
 * store.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a tracking store: runs left RUNNING by a dead process (their lease's process is gone,"
          + " or its heartbeat stopped), unreadable meta.yaml, metric lines MLflow would reject,"
          + " missing run folders.",
      "With --fix: marks dead runs KILLED (end_time = last heartbeat), cuts off a half-written last"
          + " metric line, creates missing folders.",
      "Exit code 0 when healthy or repaired, 1 when problems remain."
    })
final class DoctorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--tracking-uri",
      paramLabel = "URI",
      description = "The store (a folder or file: URI); else $MLFLOW_TRACKING_URI, else ./mlruns.")
  String trackingUri;

  @Option(names = "--fix", description = "Repair what can be repaired without guessing.")
  boolean fix;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String uri = trackingUri;
    if (uri == null) {
      uri = System.getenv("MLFLOW_TRACKING_URI");
    }
    if (uri == null || uri.isBlank()) {
      uri = "./mlruns";
    }
    StoreDoctor.Report report;
    try {
      Path root = FileStore.rootFromUri(uri);
      report = StoreDoctor.examine(root, fix, System.currentTimeMillis());
    } catch (IOException | IllegalArgumentException e) {
      err.println("repro4j doctor: " + e.getMessage());
      return 2;
    }
    for (String note : report.notes()) {
      out.println("note: " + note);
    }
    int fixed = 0;
    for (StoreDoctor.Finding f : report.findings()) {
      out.println((f.fixed() ? "fixed: " : "problem: ") + f.path() + " " + f.problem());
      fixed += f.fixed() ? 1 : 0;
    }
    int left = report.findings().size() - fixed;
    out.println(
        report.runs() + " runs checked: "
            + (report.findings().isEmpty()
                ? "healthy"
                : fixed + " fixed, " + left + " problem" + (left == 1 ? "" : "s") + " left"
                    + (left > 0 && !fix ? " (run with --fix to repair what can be repaired)" : "")));
    return report.healthy() ? 0 : 1;
  }
}
