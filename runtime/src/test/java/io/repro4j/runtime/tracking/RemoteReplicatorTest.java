package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live replication of a run being recorded. The server is {@link MlflowStandIn}, an in-process
 * stand-in enforcing MLflow's documented JSON shapes and batch limits, not MLflow itself.
 */
class RemoteReplicatorTest {
  private static final Map<String, String> TWO_ATTEMPTS = Map.of(RetryPolicy.ATTEMPTS_VARIABLE, "2");

  @TempDir Path tmp;
  private FileStore store;
  private MlflowStandIn server;
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  @BeforeEach
  void setUp() throws IOException {
    store = FileStore.open(tmp.resolve("mlruns"));
    server = MlflowStandIn.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void pointsReachTheServerWhileTheRunIsGoingAndTheStatusWhenItEnds() throws Exception {
    RunWriter run = store.createRun(store.experimentId("live"), "r", "alice", System.currentTimeMillis());
    RemoteReplicator replicator =
        RemoteReplicator.start(run.runDir(), store.root(), run.runId(), server.uri(), TWO_ATTEMPTS, err, 20);
    run.logParam("lr", "0.1");
    for (int step = 0; step < 100; step++) {
      run.logMetric("loss", 1.0 / (step + 1), step, System.currentTimeMillis());
    }
    waitFor(() -> server.pointCount() > 0, "points replicated while the run is RUNNING");
    assertEquals("RUNNING", server.runs().get(0).status);
    for (int step = 100; step < 3000; step++) {
      run.logMetric("loss", 1.0 / (step + 1), step, System.currentTimeMillis());
    }
    run.finish(RunStatus.FINISHED, System.currentTimeMillis());
    run.close();

    Optional<RunPusher.Pushed> last = replicator.finish();

    assertTrue(last.isPresent(), errBytes.toString(StandardCharsets.UTF_8));
    MlflowStandIn.Run remote = server.runWithTag(RunPusher.LOCAL_RUN_ID_TAG, run.runId());
    assertEquals("FINISHED", remote.status);
    assertEquals(3000, remote.points.size(), "every point once");
    assertEquals(Map.of("lr", "0.1"), remote.params);
    assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void runsAreReplicatedThroughOneHttpClientForTheJvm() throws Exception {
    java.util.Set<Thread> before = selectorThreads();
    for (int i = 0; i < 2; i++) {
      RunWriter run = store.createRun(store.experimentId("live"), "r" + i, "alice", System.currentTimeMillis());
      RemoteReplicator replicator =
          RemoteReplicator.start(run.runDir(), store.root(), run.runId(), server.uri(), TWO_ATTEMPTS, err, 20);
      run.logMetric("loss", 0.5, 0, System.currentTimeMillis());
      run.finish(RunStatus.FINISHED, System.currentTimeMillis());
      run.close();
      assertTrue(replicator.finish().isPresent(), errBytes.toString(StandardCharsets.UTF_8));
    }

    java.util.Set<Thread> started = selectorThreads();
    started.removeAll(before);
    // none when an earlier test made the JVM's client; each java.net.http.HttpClient runs one
    assertTrue(started.size() <= 1, "selector threads started: " + started);
    assertEquals(2, server.runs().size());
  }

  private static java.util.Set<Thread> selectorThreads() {
    java.util.Set<Thread> threads = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
    threads.removeIf(t -> !(t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager")));
    return threads;
  }

  @Test
  void aServerFailingMidRunStopsReplicationButNotTheRunAndExportCompletesItLater() throws Exception {
    RunWriter run = store.createRun(store.experimentId("live"), "r", "alice", System.currentTimeMillis());
    RemoteReplicator replicator =
        RemoteReplicator.start(run.runDir(), store.root(), run.runId(), server.uri(), TWO_ATTEMPTS, err, 20);
    for (int step = 0; step < 50; step++) {
      run.logMetric("loss", step, step, System.currentTimeMillis());
    }
    waitFor(() -> server.pointCount() > 0, "the first points on the server");
    server.failWith(500, -1);
    for (int step = 50; step < 100; step++) {
      run.logMetric("loss", step, step, System.currentTimeMillis());
    }
    waitFor(() -> errBytes.toString(StandardCharsets.UTF_8).contains("WARNING"), "the warning");
    server.stop();
    for (int step = 100; step < 200; step++) {
      run.logMetric("loss", step, step, System.currentTimeMillis());
    }
    run.finish(RunStatus.FINISHED, System.currentTimeMillis());
    run.close();

    assertTrue(replicator.finish().isEmpty());

    String warning = errBytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, warning.split("WARNING", -1).length - 1, "said once: " + warning);
    assertTrue(warning.contains("MLflow server " + server.uri() + " unreachable"), warning);
    assertTrue(warning.contains("repro4j export --to " + server.uri() + " --tracking-uri " + store.root() + " " + run.runId()),
        warning);
    StoredRun local = store.run(run.runId()).orElseThrow();
    assertEquals(RunStatus.FINISHED, local.status());
    assertEquals(200, local.metrics().get("loss").size(), "nothing lost locally");
    assertEquals("RUNNING", server.runWithTag(RunPusher.LOCAL_RUN_ID_TAG, run.runId()).status);

    server.restart();
    new RunPusher(new MlflowRestClient(server.uri(), Map.of(), RetryPolicy.DEFAULT, MlflowRestClient.Backoff.SLEEP))
        .push(run.runDir());

    MlflowStandIn.Run remote = server.runWithTag(RunPusher.LOCAL_RUN_ID_TAG, run.runId());
    assertEquals("FINISHED", remote.status);
    assertEquals(200, remote.points.size(), "every point exactly once");
    assertEquals(200, remote.points.stream().map(MlflowStandIn.Point::step).distinct().count());
  }
}
