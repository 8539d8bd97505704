package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.sweep.SweepFile;
import io.repro4j.runtime.sweep.SweepGoal;
import io.repro4j.runtime.sweep.Trial;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code repro4j sweep status} over a sweep written to a real store as a sweep writes it. */
class SweepCommandTest {
  @TempDir Path tmp;

  record Result(int exitCode, String out, String err) {}

  Result run(String... args) {
    CommandLine commandLine = Repro4jCli.commandLine(Map.of(), tmp, ZoneOffset.UTC);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void statusListsEveryTrialBestFirstWithTheBestSoFar() throws IOException {
    Path root = tmp.resolve("mlruns");
    FileStore store = FileStore.open(root);
    String experiment = store.experimentId("iris");
    List<Trial> trials = List.of(new Trial(0, List.of("lr=0.1")), new Trial(1, List.of("lr=0.01")),
        new Trial(2, List.of("lr=0.001")), new Trial(3, List.of("lr=0.0001")));
    String sweepId;
    try (RunWriter parent = store.createRun(experiment, "sweep-a", "ada", 1_000)) {
      sweepId = parent.runId();
      parent.setTag("repro4j.sweep.strategy", "grid");
      parent.writeArtifact(SweepFile.ARTIFACT, new SweepFile("iris", "x.Iris", "grid", 0,
          new SweepGoal("accuracy", true), List.of("lr=0.1,0.01,0.001,0.0001"), trials).toJson());
      parent.finish(RunStatus.FAILED, 9_000);
    }
    child(store, experiment, sweepId, 0, 0.8, RunStatus.FINISHED);
    child(store, experiment, sweepId, 1, 0.9, RunStatus.FINISHED);
    child(store, experiment, sweepId, 2, 0.95, RunStatus.FAILED);

    Result result = run("sweep", "status", sweepId.substring(0, 8), "--tracking-uri", root.toString());
    assertEquals(0, result.exitCode(), result.err());
    String out = result.out();
    assertTrue(out.contains("status      FAILED"), out);
    assertTrue(out.contains("goal        maximize accuracy"), out);
    assertTrue(out.contains("trials      4: 2 FINISHED, 1 FAILED, 1 NOT STARTED"), out);
    List<String> lines = out.lines().filter(l -> l.startsWith("#")).toList();
    assertEquals(4, lines.size(), out);
    assertTrue(out.contains("trial  status       accuracy (max)  run"), out);
    assertTrue(lines.get(0).matches("#1 +FINISHED +0\\.9 +[0-9a-f]{32}  lr=0\\.01"), lines.toString());
    assertTrue(lines.get(1).matches("#0 +FINISHED +0\\.8 +[0-9a-f]{32}  lr=0\\.1"), lines.toString());
    assertTrue(lines.get(2).matches("#2 +FAILED +0\\.95 +[0-9a-f]{32}  lr=0\\.001"), lines.toString());
    assertTrue(lines.get(3).matches("#3 +NOT STARTED +- +- +lr=0\\.0001"), lines.toString());
    assertTrue(out.contains("best so far: trial #1 (run "), out);
    assertTrue(out.contains("accuracy=0.9 : lr=0.01"), out);
  }

  @Test
  void aRunThatIsNotASweepOrAnUnknownActionIsAUsageError() throws IOException {
    Path root = tmp.resolve("mlruns");
    FileStore store = FileStore.open(root);
    String runId;
    try (RunWriter run = store.createRun(store.experimentId("iris"), "plain", "ada", 1_000)) {
      runId = run.runId();
      run.finish(RunStatus.FINISHED, 2_000);
    }
    Result notASweep = run("sweep", "status", runId, "--tracking-uri", root.toString());
    assertEquals(2, notASweep.exitCode());
    assertTrue(notASweep.err().contains("is not a sweep (it has no repro4j/sweep.json artifact)"), notASweep.err());
    Result unknown = run("sweep", "stop", runId, "--tracking-uri", root.toString());
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("the sweep actions are: status"), unknown.err());
  }

  private static void child(FileStore store, String experiment, String parent, int trial, double accuracy,
      RunStatus status) throws IOException {
    try (RunWriter run = store.createRun(experiment, "t" + trial, "ada", 2_000 + trial, parent)) {
      run.setTag("repro4j.sweep.trial", Integer.toString(trial));
      run.logMetric("accuracy", accuracy, 0, 3_000);
      run.finish(status, 4_000);
    }
  }
}
