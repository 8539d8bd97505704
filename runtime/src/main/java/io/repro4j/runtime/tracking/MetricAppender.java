package io.repro4j.runtime.tracking;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The background thread that appends metric points to {@code metrics/<key>} files.
 *
 * <p>The training thread only enqueues (bounded queue: {@link #submit} blocks when it is full and
 * never drops a point). The writer thread formats lines ({@code <ts> <python repr> <step>\n}),
 * buffers them per key and appends each key's buffer with one write: at the latest {@link
 * #flushIntervalNanos} after the oldest unwritten point (1 s by default), when 1 MiB is buffered,
 * and on {@link #flush()} / {@link #stop()}. A reader may see a file whose last line lacks its
 * {@code \n} mid-append; {@link FileStore} ignores such a line.
 *
 * <p>If writing fails (disk full, permissions), the error is kept: every later {@link #submit},
 * {@link #flush()} and {@link #stop()} reports it instead of losing points silently.
 */
final class MetricAppender {
  static final int DEFAULT_CAPACITY = 16_384;
  static final long DEFAULT_FLUSH_INTERVAL_MS = 1000;
  private static final int MAX_BUFFERED_CHARS = 1 << 20;

  private record Point(String key, double value, long step, long timestamp) {}

  private record Flush(CompletableFuture<Void> done, boolean stop) {}

  private final Path metricsDir;
  private final BlockingQueue<Object> queue;
  private final long flushIntervalNanos;
  private final Thread thread;

  // Writer-thread state.
  private final Map<String, StringBuilder> pending = new LinkedHashMap<>();
  private final Map<String, Path> paths = new HashMap<>();
  private long oldestPendingNanos;
  private int bufferedChars;

  private volatile IOException failure;

  MetricAppender(Path metricsDir, String threadName, int capacity, long flushIntervalMs) {
    this.metricsDir = metricsDir;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMs);
    this.thread = new Thread(this::run, threadName);
    // Daemon: a trainer that forgets close() must not keep the JVM alive; RunWriter.finish/close
    // are what guarantee the points are on disk.
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Enqueues a point (the key is valid); blocks while the queue is full. No I/O. */
  void submit(String key, double value, long step, long timestamp) {
    Point p = new Point(key, value, step, timestamp);
    try {
      while (!queue.offer(p, 100, TimeUnit.MILLISECONDS)) {
        checkAlive();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while waiting for room in the metric queue; metric '" + key + "' not logged",
          e);
    }
    IOException f = failure;
    if (f != null) {
      throw new UncheckedIOException("Metrics can no longer be written: " + f.getMessage(), f);
    }
  }

  private void checkAlive() {
    IOException f = failure;
    if (f != null) {
      throw new UncheckedIOException("Metrics can no longer be written: " + f.getMessage(), f);
    }
    if (!thread.isAlive()) {
      throw new IllegalStateException("The metric writer thread has stopped; the run is closed");
    }
  }

  /** Writes every point submitted before this call to disk, or throws the writer's failure. */
  void flush() throws IOException {
    await(enqueueMarker(false));
  }

  /** Flushes, then ends the writer thread. Idempotent. */
  void stop() throws IOException {
    if (!thread.isAlive()) {
      IOException f = failure;
      if (f != null) {
        throw f;
      }
      return;
    }
    CompletableFuture<Void> done = enqueueMarker(true);
    try {
      await(done);
    } finally {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  boolean running() {
    return thread.isAlive();
  }

  private CompletableFuture<Void> enqueueMarker(boolean stop) throws IOException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Flush marker = new Flush(done, stop);
    try {
      while (!queue.offer(marker, 100, TimeUnit.MILLISECONDS)) {
        if (!thread.isAlive()) {
          throw new IOException("The metric writer thread has stopped", failure);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while flushing metrics");
    }
    return done;
  }

  private void await(CompletableFuture<Void> done) throws IOException {
    while (true) {
      try {
        done.get(100, TimeUnit.MILLISECONDS);
        return;
      } catch (java.util.concurrent.TimeoutException e) {
        if (!thread.isAlive() && !done.isDone()) {
          throw new IOException("The metric writer thread stopped before flushing", failure);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while flushing metrics");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof IOException io ? io : new IOException(cause);
      }
    }
  }

  /** The metric files written so far, for {@code fsync} when the run finishes. */
  List<Path> files() {
    synchronized (paths) {
      return List.copyOf(paths.values());
    }
  }

  /** Whatever failed on the writer thread, or null. */
  IOException failure() {
    return failure;
  }

  // ---------------------------------------------------------------------------------------------
  // Writer thread

  private void run() {
    try {
      loop();
    } catch (Throwable unexpected) { // NOPMD: record why the writer died instead of dying silently
      if (failure == null) {
        failure = new IOException("The metric writer thread failed: " + unexpected, unexpected);
      }
      List<Object> left = new ArrayList<>();
      queue.drainTo(left);
      for (Object item : left) {
        if (item instanceof Flush f) {
          f.done().completeExceptionally(failure);
        }
      }
    }
  }

  private void loop() {
    List<Object> batch = new ArrayList<>(1024);
    boolean stop = false;
    while (!stop) {
      try {
        long wait =
            pending.isEmpty()
                ? flushIntervalNanos
                : Math.max(0, oldestPendingNanos + flushIntervalNanos - System.nanoTime());
        Object first = queue.poll(wait, TimeUnit.NANOSECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, 4095);
        }
      } catch (InterruptedException e) {
        continue; // nobody interrupts this thread on purpose; keep serving the queue
      }
      for (Object item : batch) {
        if (item instanceof Point p) {
          append(p);
        } else if (item instanceof Flush f) {
          writePending();
          IOException err = failure;
          if (err != null) {
            f.done().completeExceptionally(err);
          } else {
            f.done().complete(null);
          }
          stop |= f.stop();
        }
      }
      batch.clear();
      if (!pending.isEmpty()
          && (bufferedChars >= MAX_BUFFERED_CHARS
              || System.nanoTime() - oldestPendingNanos >= flushIntervalNanos)) {
        writePending();
      }
    }
    // A point that raced with stop(): still write it rather than lose it.
    queue.drainTo(batch);
    for (Object item : batch) {
      if (item instanceof Point p) {
        append(p);
      } else if (item instanceof Flush f) {
        f.done().complete(null);
      }
    }
    writePending();
  }

  private void append(Point p) {
    if (failure != null) {
      return; // reported to the caller by submit/flush/stop
    }
    if (pending.isEmpty()) {
      oldestPendingNanos = System.nanoTime();
    }
    StringBuilder sb = pending.computeIfAbsent(p.key(), k -> new StringBuilder(256));
    int before = sb.length();
    sb.append(p.timestamp())
        .append(' ')
        .append(PythonFloat.repr(p.value()))
        .append(' ')
        .append(p.step())
        .append('\n');
    bufferedChars += sb.length() - before;
  }

  private void writePending() {
    if (pending.isEmpty()) {
      return;
    }
    if (failure == null) {
      for (Map.Entry<String, StringBuilder> e : pending.entrySet()) {
        Path file = paths.get(e.getKey());
        long sizeBefore = -1;
        try {
          if (file == null) {
            file = metricsDir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            synchronized (paths) {
              paths.put(e.getKey(), file);
            }
          }
          sizeBefore = Files.exists(file) ? Files.size(file) : 0;
          // One append per key and flush: whole lines land together.
          Files.write(
              file,
              e.getValue().toString().getBytes(StandardCharsets.UTF_8),
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException ex) {
          truncateTo(file, sizeBefore);
          failure =
              new IOException(
                  "Could not append metric '"
                      + e.getKey()
                      + "' to "
                      + metricsDir.resolve(e.getKey())
                      + ": "
                      + ex,
                  ex);
          break;
        }
      }
    }
    pending.clear();
    bufferedChars = 0;
  }

  /**
   * Cuts a partly appended line (disk full) back off: our reader skips a last line without its
   * newline, but MLflow's reads "ts value" as a point at step 0 and fails on a lone field.
   */
  private static void truncateTo(Path file, long size) {
    if (file == null || size < 0) {
      return;
    }
    try (java.nio.channels.FileChannel channel =
        java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (channel.size() > size) {
        channel.truncate(size);
      }
    } catch (IOException | RuntimeException ignored) {
      // The append failure is reported; a line we could not cut stays for readers to skip.
    }
  }
}
