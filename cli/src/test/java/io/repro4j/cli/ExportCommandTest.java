package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.MlflowStandIn;
import io.repro4j.runtime.tracking.RetryPolicy;
import io.repro4j.runtime.tracking.RunPusher;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code repro4j export}. The server is {@link MlflowStandIn}, an in-process stand-in that
 * enforces MLflow's documented REST JSON shapes and batch limits; it is not MLflow itself.
 */
class ExportCommandTest {
  private static final long T0 = 1_790_000_000_000L;

  @TempDir Path tmp;
  Path root;
  MlflowStandIn server;
  List<RunWriter> runs = new ArrayList<>(); // iris: a, b (finished), c (running); cifar: d

  record Result(int exitCode, String out, String err) {}

  Result run(Map<String, String> env, String... args) {
    CommandLine commandLine = Repro4jCli.commandLine(env, tmp, ZoneOffset.UTC);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  Result export(String... args) {
    List<String> all = new ArrayList<>(List.of("export", "--tracking-uri=" + root, "--to", server.uri()));
    all.addAll(List.of(args));
    return run(Map.of(RetryPolicy.ATTEMPTS_VARIABLE, "2"), all.toArray(new String[0]));
  }

  @BeforeEach
  void setUp() throws IOException {
    root = tmp.resolve("mlruns");
    server = MlflowStandIn.start();
    FileStore store = FileStore.open(root);
    String iris = store.experimentId("iris");
    String cifar = store.experimentId("cifar");
    runs.add(write(store, iris, "a", T0, 0.9, 1200, true));
    runs.add(write(store, iris, "b", T0 + 1, 0.8, 10, true));
    runs.add(write(store, iris, "c", T0 + 2, 0.7, 10, false));
    runs.add(write(store, cifar, "d", T0 + 3, 0.6, 10, true));
  }

  @AfterEach
  void tearDown() {
    runs.forEach(RunWriter::close);
    server.close();
  }

  private static RunWriter write(FileStore store, String exp, String name, long start, double acc, int points, boolean end)
      throws IOException {
    RunWriter run = store.createRun(exp, name, "alice", start);
    run.logParam("lr", "0.01");
    run.setTag("mlflow.user", "alice");
    for (int i = 0; i < points; i++) {
      run.logMetric("loss", 1.0 / (i + 1), i, start + i);
    }
    run.logMetric("accuracy", acc, points, start + points);
    if (end) {
      run.finish(RunStatus.FINISHED, start + 60_000);
    } else {
      run.flush();
    }
    return run;
  }

  @Test
  void exportsEveryRunAndARepeatCreatesNoDuplicates() {
    Result first = export();

    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().contains("4 created, 0 updated, 0 up to date"), first.out());
    assertEquals(4, server.runs().size());
    assertEquals(Map.of("iris", "1", "cifar", "2").keySet(), server.experiments().keySet());
    MlflowStandIn.Run a = server.runWithTag(RunPusher.LOCAL_RUN_ID_TAG, runs.get(0).runId());
    assertEquals(1201, a.points.size());
    assertEquals("FINISHED", a.status);
    assertEquals("RUNNING", server.runWithTag(RunPusher.LOCAL_RUN_ID_TAG, runs.get(2).runId()).status);
    int points = server.pointCount();
    int requests = server.requests().size();

    Result second = export();

    assertEquals(0, second.exitCode(), second.err());
    assertTrue(second.out().contains("0 created, 0 updated, 4 up to date"), second.out());
    assertEquals(4, server.runs().size());
    assertEquals(points, server.pointCount());
    assertEquals(requests, server.requests().size(), "nothing new, nothing sent");
  }

  @Test
  void aRunThatEndedSinceGetsOnlyItsNewPointsAndStatus() throws IOException {
    export();
    RunWriter c = runs.get(2);
    c.logMetric("loss", 0.01, 99, T0 + 99);
    c.finish(RunStatus.FINISHED, T0 + 100);

    Result again = export();

    assertTrue(again.out().contains("0 created, 1 updated, 3 up to date"), again.out());
    assertTrue(again.out().contains("0 params, 0 tags, 1 metric points, status FINISHED"), again.out());
    MlflowStandIn.Run remote = server.runWithTag(RunPusher.LOCAL_RUN_ID_TAG, c.runId());
    assertEquals(12, remote.points.size());
    assertEquals("FINISHED", remote.status);
  }

  @Test
  void selectsRunsAsRunsDoes() {
    Result byExperiment = export("--experiment", "cifar");
    assertEquals(0, byExperiment.exitCode(), byExperiment.err());
    assertEquals(1, server.runs().size());
    assertEquals(runs.get(3).runId(), server.runs().get(0).tags.get(RunPusher.LOCAL_RUN_ID_TAG));

    Result byFilter = export("--filter", "metrics.accuracy > 0.75 and status = 'FINISHED'");
    assertTrue(byFilter.out().contains("2 created"), byFilter.out());

    Result byId = export(runs.get(2).runId().substring(0, 10));
    assertTrue(byId.out().contains("1 created"), byId.out());
    assertEquals(4, server.runs().size());
  }

  @Test
  void anUnreachableServerFailsWithExitCode1AndTheNextExportFinishesTheJob() throws IOException {
    server.failWith(500, -1);
    Result failing = export();
    assertEquals(1, failing.exitCode());
    assertTrue(failing.err().contains("HTTP 500 INTERNAL_ERROR"), failing.err());
    assertTrue(failing.err().contains("is unreachable; run the same command again later"), failing.err());

    server.stop();
    Result down = export();
    assertEquals(1, down.exitCode());
    assertTrue(down.err().contains("unreachable"), down.err());

    server.restart();
    Result later = export();
    assertEquals(0, later.exitCode(), later.err());
    assertEquals(4, server.runs().size());
    assertEquals(1201 + 11 + 11 + 11, server.pointCount());
  }

  @Test
  void usageErrors() {
    Result badUri = run(Map.of(), "export", "--tracking-uri=" + root, "--to", "ftp://example.com");
    assertEquals(2, badUri.exitCode());
    assertTrue(badUri.err().contains("is not an http:// or https:// URI"), badUri.err());

    Result both = export("--experiment", "iris", runs.get(0).runId());
    assertEquals(2, both.exitCode());

    Result missingTo = run(Map.of(), "export", "--tracking-uri=" + root);
    assertEquals(2, missingTo.exitCode());
  }

  @Test
  void aServerTrackingUriReadsTheLocalStoreItsRunsAreKeptIn() {
    Result r = run(Map.of("MLFLOW_TRACKING_URI", server.uri(), "REPRO4J_LOCAL_STORE", root.toString()),
        "export", "--to", server.uri(), "--experiment", "cifar");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(1, server.runs().size());
  }

  @Test
  void artifactsGoThroughTheProxyOrStayLocalWithTheReasonOnStderr() throws IOException {
    Files.writeString(runs.get(3).artifactsDir().resolve("model.txt"), "weights");
    Result served = export("--experiment", "cifar");
    assertEquals(0, served.exitCode(), served.err());
    assertTrue(served.out().contains("1 artifact files, status FINISHED"), served.out());
    assertEquals("weights", new String(server.runs().get(0).artifacts.get("model.txt"), StandardCharsets.UTF_8));

    server.withoutArtifactServing("/srv/mlartifacts");
    Files.writeString(runs.get(1).artifactsDir().resolve("model.txt"), "weights");
    Result unserved = export("--experiment", "iris");
    assertEquals(0, unserved.exitCode(), unserved.err());
    assertTrue(unserved.err().contains("run " + runs.get(1).runId() + ": 1 artifact file(s) stay local"), unserved.err());
    assertTrue(unserved.err().contains("/srv/mlartifacts/"), unserved.err());
  }
}
