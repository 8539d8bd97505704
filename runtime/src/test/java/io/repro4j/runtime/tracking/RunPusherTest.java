package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushing local runs to an MLflow tracking server. The server is {@link MlflowStandIn}, an
 * in-process stand-in that enforces MLflow's documented JSON shapes and batch limits; it is not
 * MLflow itself.
 */
class RunPusherTest {
  private static final RetryPolicy QUICK = new RetryPolicy(3, 10, 20);

  @TempDir Path tmp;
  private FileStore store;
  private MlflowStandIn server;

  @BeforeEach
  void setUp() throws IOException {
    store = FileStore.open(tmp.resolve("mlruns"));
    server = MlflowStandIn.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private RunPusher pusher() {
    return new RunPusher(new MlflowRestClient(server.uri(), Map.of(), QUICK, MlflowRestClient.Backoff.SLEEP));
  }

  /** A finished run with 150 params, a tag, and 2500 points over three metrics. */
  private RunWriter bigRun() throws IOException {
    RunWriter run = store.createRun(store.experimentId("iris"), "big-run", "alice", 1_700_000_000_000L);
    for (int i = 0; i < 150; i++) {
      run.logParam("p" + i, "v" + i);
    }
    run.setTag("team", "ml");
    for (int step = 0; step < 1000; step++) {
      run.logMetric("loss", 1.0 / (step + 1), step, 1_700_000_000_000L + step);
      run.logMetric("train/acc", step / 1000.0, step, 1_700_000_000_000L + step);
    }
    for (int step = 0; step < 500; step++) {
      run.logMetric("lr", 0.1, step, 1_700_000_000_000L + step);
    }
    run.flush();
    return run;
  }

  @Test
  void pushesEverythingWithinMlflowsBatchLimitsAndASecondPushSendsNothing() throws IOException {
    RunWriter local = bigRun();
    local.finish(RunStatus.FINISHED, 1_700_000_009_000L);
    local.close();

    RunPusher.Pushed first = pusher().push(local.runDir());

    assertTrue(first.created());
    assertEquals(150, first.params());
    assertEquals(2500, first.metricPoints());
    assertEquals(RunStatus.FINISHED, first.status());
    MlflowStandIn.Run remote = server.runWithTag(RunPusher.LOCAL_RUN_ID_TAG, local.runId());
    StoredRun stored = store.run(local.runId()).orElseThrow();
    assertEquals(stored.params(), remote.params);
    stored.tags().forEach((k, v) -> assertEquals(v, remote.tags.get(k), k));
    assertEquals(2500, remote.points.size());
    assertEquals("FINISHED", remote.status);
    assertEquals(1_700_000_009_000L, remote.endTime);
    assertEquals("big-run", remote.runName);
    assertEquals("alice", remote.userId);
    assertEquals(1_700_000_000_000L, remote.startTime);
    assertEquals(Map.of("iris", remote.experimentId), server.experiments());
    assertTrue(server.batchSizes().stream().allMatch(n -> n <= 1000), server.batchSizes().toString());
    assertTrue(server.batchSizes().size() >= 3, "150 params need two batches, 2500 points three");
    for (String key : stored.metrics().keySet()) {
      List<MetricPoint> expected = stored.metrics().get(key);
      List<MetricPoint> got = remote.points.stream().filter(p -> p.key().equals(key))
          .map(p -> new MetricPoint(p.timestamp(), p.value(), p.step())).toList();
      assertEquals(expected, got, key);
    }

    int requests = server.requests().size();
    RunPusher.Pushed second = pusher().push(local.runDir());

    assertFalse(second.changedAnything());
    assertEquals(requests, server.requests().size(), "a run pushed completely needs no call at all");
    assertEquals(1, server.runs().size());
    assertEquals(2500, server.pointCount());
  }

  @Test
  void longValuesSplitBatchesToStayUnderTheOneMegabyteBody() throws IOException {
    RunWriter local = store.createRun(store.experimentId("iris"), "r", "alice", 1_700_000_000_000L);
    for (int i = 0; i < 100; i++) {
      local.logParam("p" + i, String.valueOf((char) ('a' + i % 26)).repeat(MlflowNames.MAX_PARAM_VALUE_LENGTH));
      local.setTag("t" + i, "\u00e9".repeat(MlflowNames.MAX_TAG_VALUE_LENGTH)); // 2 bytes each in UTF-8
    }
    local.finish(RunStatus.FINISHED, 1_700_000_001_000L);
    local.close();

    pusher().push(local.runDir()); // one batch would be about 2 MB; the stand-in refuses over 1 MB

    MlflowStandIn.Run remote = server.runs().get(0);
    assertEquals(100, remote.params.size());
    assertEquals("\u00e9".repeat(MlflowNames.MAX_TAG_VALUE_LENGTH), remote.tags.get("t7"));
    assertTrue(server.batchSizes().size() >= 3, server.batchSizes().toString());
  }

  @Test
  void aRunThatGrewGetsOnlyWhatIsNew() throws IOException {
    RunWriter local = store.createRun(store.experimentId("iris"), "r", "alice", 1_700_000_000_000L);
    local.logParam("lr", "0.1");
    local.setTag("phase", "warmup");
    for (int step = 0; step < 10; step++) {
      local.logMetric("loss", step, step, 1_700_000_000_000L);
    }
    local.flush();
    RunPusher.Pushed first = pusher().push(local.runDir());
    assertNull(first.status(), "a running run has no status to send");

    local.logParam("batch", "32");
    local.setTag("phase", "main");
    for (int step = 10; step < 25; step++) {
      local.logMetric("loss", step, step, 1_700_000_000_000L);
    }
    local.logMetric("acc", 0.5, 0, 1_700_000_000_000L);
    local.finish(RunStatus.FAILED, 1_700_000_001_000L);
    local.close();
    RunPusher.Pushed second = pusher().push(local.runDir());

    assertFalse(second.created());
    assertEquals(1, second.params());
    assertEquals(1, second.tags());
    assertEquals(16, second.metricPoints());
    MlflowStandIn.Run remote = server.runWithTag(RunPusher.LOCAL_RUN_ID_TAG, local.runId());
    assertEquals(Map.of("lr", "0.1", "batch", "32"), remote.params);
    assertEquals("main", remote.tags.get("phase"));
    assertEquals(26, remote.points.size());
    assertEquals(25, remote.points.stream().filter(p -> p.key().equals("loss")).map(MlflowStandIn.Point::step)
        .distinct().count(), "no loss point twice");
    assertEquals("FAILED", remote.status);
  }

  @Test
  void aLostProgressFileFindsTheRemoteRunByItsTagInsteadOfCreatingAnother() throws IOException {
    RunWriter local = store.createRun(store.experimentId("iris"), "r", "alice", 1_700_000_000_000L);
    local.logParam("lr", "0.1");
    local.finish(RunStatus.FINISHED, 1_700_000_001_000L);
    local.close();
    pusher().push(local.runDir());
    Files.delete(local.runDir().resolve(RemoteProgress.FILE));

    RunPusher.Pushed again = pusher().push(local.runDir());

    assertFalse(again.created());
    assertEquals(1, server.runs().size());
  }

  @Test
  void specialValuesAndNestedKeysTravelAsProtoJson() throws IOException {
    RunWriter local = store.createRun(store.experimentId("iris"), "r", "alice", 1_700_000_000_000L);
    local.logMetric("x", Double.NaN, 0, 1);
    local.logMetric("x", Double.POSITIVE_INFINITY, 1, 2);
    local.logMetric("x", Double.NEGATIVE_INFINITY, 2, 3);
    local.logMetric("val/loss", 1e-05, -1, 4);
    local.finish(RunStatus.FINISHED, 5);
    local.close();

    pusher().push(local.runDir());

    List<MlflowStandIn.Point> points = server.runs().get(0).points;
    assertTrue(points.contains(new MlflowStandIn.Point("x", Double.NaN, 1, 0)), points.toString());
    assertTrue(points.contains(new MlflowStandIn.Point("x", Double.POSITIVE_INFINITY, 2, 1)));
    assertTrue(points.contains(new MlflowStandIn.Point("x", Double.NEGATIVE_INFINITY, 3, 2)));
    assertTrue(points.contains(new MlflowStandIn.Point("val/loss", 1e-05, 4, -1)));
  }

  @Test
  void everyValueTheFileStoreReadsIsPushedAsTheSameValue() throws IOException {
    RunWriter local = store.createRun(store.experimentId("iris"), "r", "alice", 1_700_000_000_000L);
    local.finish(RunStatus.FINISHED, 5);
    local.close();
    // As MLflow writes them (nan, inf, 1e-05, 5 fields), and Python's '_' between digits.
    Files.writeString(
        local.runDir().resolve("metrics").resolve("hand"),
        "1_700_000_000_000 1_000.5 1_0\n2 nan 0\n3 inf 1\n4 -inf 2\n5 1e-05 -3\n6 0.1 4 trainset 066351ab\n"
            + "7 1.0E-5 5\n",
        StandardCharsets.UTF_8);

    pusher().push(local.runDir());

    List<MetricPoint> stored = store.run(local.runId()).orElseThrow().metrics().get("hand");
    assertEquals(new MetricPoint(1_700_000_000_000L, 1000.5, 10), stored.get(0));
    List<MetricPoint> pushed = server.runs().get(0).points.stream()
        .map(p -> new MetricPoint(p.timestamp(), p.value(), p.step())).toList();
    assertEquals(stored, pushed);
  }

  @Test
  void aLineTheFileStoreRejectsIsNotPushedEither() throws IOException {
    for (String line : List.of("1_ 0.5 0", "1 0.5 _2", "1__0 0.5 0", "1 0.5_ 0", "1 0.5 0 extra")) {
      Path dir = tmp.resolve("mlruns-" + line.hashCode());
      FileStore lines = FileStore.open(dir);
      RunWriter local = lines.createRun(lines.experimentId("iris"), "r", "alice", 1_700_000_000_000L);
      local.finish(RunStatus.FINISHED, 5);
      local.close();
      Files.writeString(local.runDir().resolve("metrics").resolve("hand"), line + "\n", StandardCharsets.UTF_8);

      assertThrows(IOException.class, () -> lines.run(local.runId()), line);
      IOException e = assertThrows(IOException.class, () -> pusher().push(local.runDir()), line);
      assertTrue(e.getMessage().startsWith("Malformed metric line in " + local.runDir().resolve("metrics")), e.getMessage());
      assertTrue(e.getMessage().contains("'" + line + "'"), e.getMessage());
    }
  }

  @Test
  void sweepTrialsPointAtTheirParentsRemoteRun() throws IOException {
    String exp = store.experimentId("sweep");
    RunWriter parent = store.createRun(exp, "parent", "alice", 1_700_000_000_000L);
    RunWriter child = store.createRun(exp, "trial", "alice", 1_700_000_000_001L, parent.runId());
    child.finish(RunStatus.FINISHED, 1_700_000_000_002L);
    child.close();

    pusher().push(child.runDir()); // before its parent: the parent's remote run is created for it

    String remoteParent = server.runWithTag(RunPusher.LOCAL_RUN_ID_TAG, parent.runId()).runId;
    assertEquals(remoteParent, server.runWithTag(RunPusher.LOCAL_RUN_ID_TAG, child.runId()).tags.get("mlflow.parentRunId"));
    parent.finish(RunStatus.FINISHED, 1_700_000_000_003L);
    parent.close();
    pusher().push(parent.runDir());
    assertEquals(2, server.runs().size());
  }

  @Test
  void serverErrorsAreRetriedWithBackoffThenReported() throws IOException {
    RunWriter local = store.createRun(store.experimentId("iris"), "r", "alice", 1_700_000_000_000L);
    local.logParam("lr", "0.1");
    local.finish(RunStatus.FINISHED, 1_700_000_001_000L);
    local.close();

    server.failWith(500, 2); // two failures, the third attempt succeeds
    pusher().push(local.runDir());
    assertEquals(Map.of("lr", "0.1"), server.runs().get(0).params);

    RunWriter other = store.createRun(store.experimentId("iris"), "r2", "alice", 1_700_000_000_000L);
    other.finish(RunStatus.FINISHED, 1_700_000_001_000L);
    other.close();
    server.failWith(503, -1);
    int before = server.requests().size();
    MlflowRestClient.Failure e = assertThrows(MlflowRestClient.Failure.class, () -> pusher().push(other.runDir()));
    assertEquals(503, e.status());
    assertTrue(e.retryable());
    assertEquals(QUICK.maxAttempts(), server.requests().size() - before, server.requests().toString());

    server.stop();
    MlflowRestClient.Failure down = assertThrows(MlflowRestClient.Failure.class, () -> pusher().push(other.runDir()));
    assertEquals(0, down.status());
    assertTrue(down.getMessage().contains("unreachable"), down.getMessage());
  }

  @Test
  void aRunCreatedWhoseAnswerWasLostIsFoundInsteadOfCreatedTwice() throws IOException {
    RunWriter local = store.createRun(store.experimentId("iris"), "r", "alice", 1_700_000_000_000L);
    local.finish(RunStatus.FINISHED, 1_700_000_001_000L);
    local.close();
    server.loseAnswers("runs/create", 1);

    RunPusher.Pushed pushed = pusher().push(local.runDir());

    assertEquals(1, server.runs().size());
    assertEquals(server.runs().get(0).runId, pushed.remoteRunId());
    assertEquals("FINISHED", server.runs().get(0).status);
  }

  @Test
  void aRefusedBatchIsNotRetriedAndNamesMlflowsMessageAndTheKey() throws IOException {
    RunWriter local = store.createRun(store.experimentId("iris"), "r", "alice", 1_700_000_000_000L);
    local.logParam("lr", "0.1");
    local.finish(RunStatus.FINISHED, 1_700_000_001_000L);
    local.close();
    pusher().push(local.runDir());
    // The local param changed behind our back and the progress is gone: the server must refuse.
    Files.writeString(local.runDir().resolve("params/lr"), "0.2", StandardCharsets.UTF_8);
    Files.delete(local.runDir().resolve(RemoteProgress.FILE));
    int before = server.requests().size();

    MlflowRestClient.Failure e = assertThrows(MlflowRestClient.Failure.class, () -> pusher().push(local.runDir()));

    assertEquals(400, e.status());
    assertEquals("INVALID_PARAMETER_VALUE", e.errorCode());
    assertTrue(e.getMessage().contains("Changing param values is not allowed"), e.getMessage());
    assertTrue(e.getMessage().contains("params lr"), e.getMessage());
    assertEquals(1, server.requests().stream().skip(before).filter(r -> r.contains("log-batch")).count(),
        "a 400 is not retried: " + server.requests());
  }

  @Test
  void serverUrisAreChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MlflowRestClient.checkedServerUri("http://me:secret@127.0.0.1:5000"));
    assertTrue(e.getMessage().contains("MLFLOW_TRACKING_USERNAME"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MlflowRestClient.checkedServerUri("ftp://host"));
    assertEquals("http://127.0.0.1:5000/mlflow", MlflowRestClient.checkedServerUri("http://127.0.0.1:5000/mlflow/").toString());
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.fromEnvironment(Map.of(RetryPolicy.ATTEMPTS_VARIABLE, "0")));
  }

  @Test
  void datasetInputsAndArtifactFilesArePushedOnceAndAChangedFileAgain() throws IOException {
    RunWriter local = store.createRun(store.experimentId("iris"), "r", "alice", 1_700_000_000_000L);
    local.logInput("iris.csv", "0123456789abcdef0123456789abcdef", tmp.resolve("data/iris.csv").toString());
    local.writeArtifact("config/resolved config.yaml", "lr: 0.1\n");
    local.writeArtifact("notes.txt", "first\n");
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "not the run's");
    Files.createSymbolicLink(local.artifactsDir().resolve("link.txt"), outside);

    RunPusher.Pushed running = pusher().push(local.runDir());

    assertEquals(1, running.inputs());
    assertEquals(0, running.artifacts(), "a running run may still be writing its artifacts");
    MlflowStandIn.Run remote = server.runWithTag(RunPusher.LOCAL_RUN_ID_TAG, local.runId());
    assertEquals(1, remote.inputs.size());
    JsonNode input = remote.inputs.values().iterator().next();
    assertEquals("iris.csv", input.path("dataset").path("name").asText());
    assertEquals("0123456789abcdef0123456789abcdef", input.path("dataset").path("digest").asText());
    assertEquals("local", input.path("dataset").path("source_type").asText());
    assertTrue(input.path("dataset").path("source").asText().contains("file:///"), input.toString());
    assertEquals("mlflow.data.context", input.path("tags").path(0).path("key").asText());
    assertEquals("training", input.path("tags").path(0).path("value").asText());

    local.finish(RunStatus.FINISHED, 1_700_000_009_000L);
    local.close();
    RunPusher.Pushed finished = pusher().push(local.runDir());

    assertEquals(0, finished.inputs(), "each input is linked once");
    assertEquals(2, finished.artifacts());
    assertNull(finished.artifactsLeft());
    assertEquals(java.util.Set.of("config/resolved config.yaml", "notes.txt"), remote.artifacts.keySet(),
        "the link is not followed: nothing outside the run is sent");
    assertEquals("lr: 0.1\n", new String(remote.artifacts.get("config/resolved config.yaml"), StandardCharsets.UTF_8));
    assertEquals("FINISHED", remote.status);

    int requests = server.requests().size();
    assertFalse(pusher().push(local.runDir()).changedAnything());
    assertEquals(requests, server.requests().size(), "nothing new: no call at all");

    Files.writeString(local.artifactsDir().resolve("notes.txt"), "second, and longer\n");
    RunPusher.Pushed changed = pusher().push(local.runDir());

    assertEquals(1, changed.artifacts(), "only the changed file goes again");
    assertEquals("second, and longer\n", new String(remote.artifacts.get("notes.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void artifactsStayLocalWithAReasonWhenTheServerDoesNotServeThem() throws IOException {
    server.withoutArtifactServing("/srv/mlartifacts");
    RunWriter local = store.createRun(store.experimentId("iris"), "r", "alice", 1_700_000_000_000L);
    local.writeArtifact("model.bin", "weights");
    local.finish(RunStatus.FINISHED, 1_700_000_009_000L);
    local.close();

    RunPusher.Pushed pushed = pusher().push(local.runDir());

    assertEquals(0, pushed.artifacts());
    assertTrue(pushed.artifactsLeft().contains("1 artifact file(s) stay local"), pushed.artifactsLeft());
    assertTrue(pushed.artifactsLeft().contains("/srv/mlartifacts/"), pushed.artifactsLeft());
    assertEquals(RunStatus.FINISHED, pushed.status(), "the rest of the run is pushed");
    assertTrue(server.requests().stream().noneMatch(r -> r.startsWith("PUT")), server.requests().toString());
  }

  @Test
  void uploadsGoOnlyToTheProxyOfMlflowArtifactsRoots() {
    assertEquals("1/abc/artifacts", RunPusher.proxyPath("mlflow-artifacts:/1/abc/artifacts"));
    assertEquals("1/abc/artifacts", RunPusher.proxyPath("mlflow-artifacts:/1/abc/artifacts/"));
    assertNull(RunPusher.proxyPath("mlflow-artifacts://other-host:5000/1/abc/artifacts"), "another server");
    assertNull(RunPusher.proxyPath("mlflow-artifacts:/1/../../etc"));
    assertNull(RunPusher.proxyPath("s3://bucket/1/abc/artifacts"));
    assertNull(RunPusher.proxyPath("/srv/mlartifacts/1/abc/artifacts"));
    assertNull(RunPusher.proxyPath(null));
    assertEquals("a%20b%2Fc%C3%A9~", MlflowRestClient.percentEncoded("a b/cé~"));
  }
}
