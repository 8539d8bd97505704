package io.repro4j.runtime.tracking;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Replicates a run that is being recorded in the local file store to an MLflow tracking server,
 * from a background thread of its own: every {@code intervalMs} it pushes what the metric writer
 * has flushed to disk since ({@link RunPusher}), and {@link #finish} pushes the rest and the final
 * status once the run has ended. The training thread never waits for the server.
 *
 * <p>Calls are retried under a {@link RetryPolicy}. When the server stays unreachable, or refuses
 * a call, replication stops for this run with one warning on stderr that says where the run is and
 * how to push it later ({@code repro4j export}); the run itself goes on and ends normally in the
 * local store, where every point is.
 */
public final class RemoteReplicator {
  /** The environment variable naming the local store of runs recorded to a server (default ./mlruns). */
  public static final String LOCAL_STORE_VARIABLE = "REPRO4J_LOCAL_STORE";

  static final long DEFAULT_INTERVAL_MS = MetricAppender.DEFAULT_FLUSH_INTERVAL_MS;

  private final Path runDir;
  private final Path storeRoot;
  private final String runId;
  private final String server;
  private final PrintStream err;
  private final long intervalMs;
  private final RunPusher background;
  private final RunPusher last;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean failed;
  private volatile String remoteRunId;

  private RemoteReplicator(
      Path runDir, Path storeRoot, String runId, String serverUri, Map<String, String> environment,
      PrintStream err, long intervalMs) {
    this.runDir = runDir;
    this.storeRoot = storeRoot;
    this.runId = runId;
    this.err = err;
    this.intervalMs = intervalMs;
    RetryPolicy retry = RetryPolicy.fromEnvironment(environment);
    // The background pusher gives up waiting as soon as the run ends: finish() takes over.
    this.background = new RunPusher(new MlflowRestClient(serverUri, environment, retry, this::pauseUnlessStopping));
    this.last = new RunPusher(new MlflowRestClient(serverUri, environment, retry, MlflowRestClient.Backoff.SLEEP));
    this.server = background.server();
    this.thread = new Thread(this::loop, "repro4j-remote-" + runId.substring(0, Math.min(8, runId.length())));
    thread.setDaemon(true); // a run whose process dies is pushed later by repro4j export
  }

  /**
   * The local store of runs recorded to a server: {@value #LOCAL_STORE_VARIABLE} (a directory or
   * {@code file:} URI) when set, else {@code <workDir>/mlruns}.
   */
  public static Path localStore(Path workDir, Map<String, String> environment) {
    String configured = environment.get(LOCAL_STORE_VARIABLE);
    return FileStore.rootFromUri(configured == null || configured.isBlank() ? "mlruns" : configured, workDir);
  }

  /**
   * Checks {@code serverUri} and the retry settings without contacting the server.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static void check(String serverUri, Map<String, String> environment) {
    MlflowRestClient.checkedServerUri(serverUri);
    RetryPolicy.fromEnvironment(environment);
  }

  /** Starts replicating {@code run} (of the store at {@code storeRoot}) to {@code serverUri}. */
  public static RemoteReplicator start(
      RunWriter run, Path storeRoot, String serverUri, Map<String, String> environment, PrintStream err) {
    return start(run.runDir(), storeRoot, run.runId(), serverUri, environment, err, DEFAULT_INTERVAL_MS);
  }

  static RemoteReplicator start(
      Path runDir, Path storeRoot, String runId, String serverUri, Map<String, String> environment,
      PrintStream err, long intervalMs) {
    RemoteReplicator replicator =
        new RemoteReplicator(runDir, storeRoot, runId, serverUri, environment, err, intervalMs);
    replicator.thread.start();
    return replicator;
  }

  /** The server URI, without a trailing slash. */
  public String server() {
    return server;
  }

  private void pauseUnlessStopping(long ms) throws InterruptedIOException {
    try {
      if (stopping.await(ms, TimeUnit.MILLISECONDS)) {
        throw new InterruptedIOException("the run ended; the last push takes over");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  private void loop() {
    try {
      while (!stopping.await(intervalMs, TimeUnit.MILLISECONDS)) {
        try {
          remoteRunId = background.push(runDir, () -> stopping.getCount() == 0).remoteRunId();
        } catch (InterruptedIOException stopped) {
          return;
        } catch (IOException | RuntimeException e) {
          giveUp(e);
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Ends replication after the run has ended (its status written, its metrics flushed): stops the
   * background thread, then pushes what is left and the status, retrying as configured.
   *
   * @return what the last push sent, or empty when replication had stopped (a warning said so)
   */
  public Optional<RunPusher.Pushed> finish() {
    stopping.countDown();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      giveUp(new InterruptedIOException("interrupted while ending replication"));
      return Optional.empty();
    }
    if (failed) {
      return Optional.empty();
    }
    try {
      RunPusher.Pushed pushed = last.push(runDir);
      remoteRunId = pushed.remoteRunId();
      if (pushed.artifactsLeft() != null) {
        err.println("NOTE [repro4j] run " + runId + " on " + server + ": " + pushed.artifactsLeft());
      }
      return Optional.of(pushed);
    } catch (IOException | RuntimeException e) {
      giveUp(e);
      return Optional.empty();
    }
  }

  /**
   * {@link #finish()} bounded in time, for a JVM that is shutting down (SIGTERM: its shutdown hooks
   * run while a scheduler's kill timer runs too): the status reaches the server when it answers
   * within {@code timeoutMs}; otherwise one warning says how to push the run later, and the push
   * goes on only as long as the JVM does.
   */
  public Optional<RunPusher.Pushed> finishWithin(long timeoutMs) {
    java.util.concurrent.CompletableFuture<Optional<RunPusher.Pushed>> done =
        java.util.concurrent.CompletableFuture.supplyAsync(this::finish, runnable -> {
          Thread t = new Thread(runnable, "repro4j-remote-last");
          t.setDaemon(true);
          t.start();
        });
    try {
      return done.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      err.println(
          "WARNING [repro4j] the end of run " + runId + " did not reach " + server + " within " + timeoutMs
              + " ms while the JVM was shutting down; push it with: repro4j export --to " + server
              + " --tracking-uri " + storeRoot + " " + runId);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (java.util.concurrent.ExecutionException e) {
      giveUp(e.getCause() instanceof Exception cause ? cause : e);
      return Optional.empty();
    }
  }

  /** The server's run id, once known. */
  public Optional<String> remoteRunId() {
    return Optional.ofNullable(remoteRunId);
  }

  private synchronized void giveUp(Exception e) {
    if (failed) {
      return;
    }
    failed = true;
    boolean unreachable = e instanceof MlflowRestClient.Failure f && f.retryable();
    err.println(
        "WARNING [repro4j] "
            + (unreachable ? "MLflow server " + server + " unreachable" : "replication to " + server + " stopped")
            + ": " + e.getMessage()
            + "\n  the run continues in " + runDir + "; nothing is lost there."
            + (unreachable ? "" : " Fix the cause, then")
            + "\n  push it later with: repro4j export --to " + server + " --tracking-uri " + storeRoot + " " + runId
            + "\n  Said once per run.");
  }
}
