package io.repro4j.cli;

import io.repro4j.runtime.sweep.SweepStatus;
import io.repro4j.runtime.sweep.slurm.ArrayStatus;
import io.repro4j.runtime.sweep.slurm.SlurmArray;
import io.repro4j.runtime.sweep.slurm.SlurmException;
import io.repro4j.runtime.sweep.slurm.SlurmLauncher;
import io.repro4j.runtime.sweep.slurm.TaskState;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.PythonFloat;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code repro4j sweep status SWEEP}: the trials of a sweep with their status, best first. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "repro4j sweep status SWEEP: the trials of a sweep (a trainer's --multirun) with their status and goal"
          + " metric, best first, and the best trial so far. Trials that never started are listed too."
          + " For a sweep on SLURM (--launcher slurm), also its job array's state: every task not yet"
          + " finished or not successful, with SLURM's reason, exit code, requeues and log."
    })
final class SweepCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "ACTION", description = "status")
  String action;

  @Parameters(index = "1", paramLabel = "SWEEP",
      description = "The sweep's id (its parent run, printed when the sweep started), a unique prefix of it, or its run name.")
  String sweep;

  @Override
  int execute(PrintWriter out) throws IOException {
    if (!"status".equals(action)) {
      throw new UsageError("unknown action '" + action + "'; the sweep actions are: status (repro4j sweep status SWEEP)");
    }
    FileStore store = openStore();
    StoredRun parent = RunResolver.resolve(store, sweep);
    SweepStatus status;
    try {
      status = SweepStatus.read(store, parent.runId());
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    TextTable head = new TextTable();
    head.row("sweep", parent.runId() + " (" + Show.orDash(parent.runName()) + ")");
    head.row("experiment", status.file().experiment() + " (" + status.file().trainer() + ")");
    head.row("status", parent.status().name());
    head.row("strategy", status.file().strategy()
        + ("random".equals(status.file().strategy()) ? ", seed " + status.file().seed() : ""));
    head.row("goal", status.file().goal() == null ? "-"
        : (status.file().goal().maximize() ? "maximize " : "minimize ") + status.file().goal().metric());
    head.row("trials", status.rows().size() + ": " + String.join(", ",
        status.counts().entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()));
    head.print(out);
    out.println();
    out.print(status.table());
    out.println();
    status.best().ifPresentOrElse(
        best -> out.println("best so far: trial #" + best.trial().index() + " (run " + best.run().runId() + "): "
            + status.file().goal().metric() + "=" + PythonFloat.repr(best.metric()) + " : " + best.trial().describe()),
        () -> out.println("best so far: none" + (status.file().goal() == null ? " (the sweep has no goal metric)"
            : " (no trial has finished)")));
    return slurmStatus(out, parent);
  }

  /** For a sweep on SLURM: its array's tasks as SLURM sees them now; 0, or 1 when SLURM cannot be asked. */
  private static int slurmStatus(PrintWriter out, StoredRun parent) throws IOException {
    Optional<Path> sweepDir = SlurmLauncher.latestSweepDir(parent.dir().resolve("artifacts"));
    if (sweepDir.isEmpty()) {
      return 0;
    }
    SlurmArray array = SlurmArray.attach(sweepDir.get());
    ArrayStatus status;
    try {
      status = array.status();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking SLURM", e);
    } catch (SlurmException e) {
      out.println();
      out.println("SLURM array " + array.jobId() + ": " + e.getMessage());
      return 1;
    }
    out.println();
    out.println(status.summary() + (status.finished() ? "" : " (cancel with: scancel " + array.jobId() + ")"));
    for (TaskState task : status.tasks()) {
      if (task.succeeded()) {
        continue;
      }
      out.println("  #" + task.index() + "  " + task.state()
          + (task.exitCode() == null ? "" : "  exit " + task.exitCode())
          + (task.restarts() == 0 ? "" : "  requeued " + task.restarts() + "x")
          + (task.reason().isEmpty() ? "" : "  " + task.reason())
          + (task.finished() ? "  log " + array.stderr(task.index()) : ""));
    }
    return 0;
  }
}
