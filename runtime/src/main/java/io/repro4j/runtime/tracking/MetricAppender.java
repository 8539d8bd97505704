package io.repro4j.runtime.tracking;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The background thread that appends metric points to {@code metrics/<key>} files, fed through a
 * preallocated ring buffer.
 *
 * <p><b>Hot path.</b> A point is four primitives (key index, value, step, timestamp) written into
 * parallel arrays; nothing is allocated and no I/O is done by {@link #submit}. Keys are interned
 * once ({@link #intern}) into small integers. A producer claims slots with one compare-and-set on
 * {@code head} (uncontended when, as usual, one training thread logs: the single-producer fast
 * path), fills them and publishes each slot by storing its sequence number with release
 * semantics; {@link #submitBatch} claims all the points of one {@code ctx.step} with a single
 * compare-and-set.
 *
 * <p><b>Several threads.</b> {@code submit} and {@code submitBatch} may be called from any number
 * of threads at once: every point is written exactly once, and the points of one thread reach a
 * file in the order that thread submitted them (points of different threads interleave in claim
 * order). The writer consumes slots strictly in sequence, so a slot is never read before its
 * producer published it.
 *
 * <p><b>Growth.</b> The ring starts at {@link #INITIAL_CAPACITY} slots (≈ 37 KB, not the 2.3 MB of
 * the bound: a sweep's trials and most runs never need more) and grows, four times at a step, up
 * to its bound when producers find it full. Only the writer thread grows it: it publishes the
 * bigger ring, then reads {@code head}; sequences from that value on go to the new ring, those
 * below it to the old one, which the writer drains first. A producer finds its sequence's ring
 * after its claim (one volatile read on the fast path); each ring keeps the one before it until the
 * writer has passed the switch. A run that has grown allocates nothing more per point.
 *
 * <p><b>Back pressure.</b> When the ring is full at its bound a producer waits (spins briefly,
 * then parks) for room; it never drops a point. The first such wait of a run prints one warning on
 * stderr.
 *
 * <p><b>Writer thread.</b> Formats lines ({@code <ts> <python repr> <step>\n}) into one reused
 * byte buffer per key and appends a key's buffer with one write (whole lines land together): at
 * the latest {@link #flushIntervalNanos} after the oldest unwritten point (1 s by default), when a
 * key's buffer is full, and on {@link #flush()} / {@link #stop()}. A reader may see a file whose
 * last line lacks its {@code \n} mid-append; {@link FileStore} ignores such a line.
 *
 * <p>If writing fails (disk full, permissions), the error is kept: every later {@link #submit},
 * {@link #flush()} and {@link #stop()} reports it instead of losing points silently.
 */
final class MetricAppender {
  static final int DEFAULT_CAPACITY = 1 << 16;
  /** Slots a ring starts with; it grows to its capacity when producers find it full. */
  static final int INITIAL_CAPACITY = 1 << 10;
  /** A ring's {@link Ring#start} before the writer has read it. */
  private static final long UNKNOWN_START = Long.MAX_VALUE;
  static final long DEFAULT_FLUSH_INTERVAL_MS = 1000;
  /** Per-key line buffer; a full one is written out at once. */
  private static final int KEY_BUFFER_BYTES = 16 * 1024;
  /** Longest line: 20-char timestamp, 24-char repr, 20-char step, 2 spaces, newline. */
  private static final int MAX_LINE_BYTES = 80;

  /**
   * Longest nap of an idle writer. Producers do not wake it per point (that would cost a system
   * call each); one that finds the ring full does (awaitRoom), and a ring at its bound of 65,536
   * points fills in 1 ms only above 65 million points per second.
   */
  private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static final VarHandle SEQUENCES = MethodHandles.arrayElementVarHandle(long[].class);

  private final Path metricsDir;
  private final String threadName;
  private final Runnable heartbeat;
  private final long heartbeatNanos;
  private long nextHeartbeatNanos; // writer thread
  private final long flushIntervalNanos;
  /** The pooled thread running this appender's writer loop; null until it has started. */
  private volatile Thread writer;
  /** True from construction until the writer loop has ended and answered every request. */
  private volatile boolean alive = true;
  private final CountDownLatch ended = new CountDownLatch(1);

  /**
   * Writer threads, reused from run to run: a sweep's trials in one JVM start a run every few
   * milliseconds, and a thread start costs more than a trivial trial's whole record. Daemon: a
   * trainer that forgets close() must not keep the JVM alive; RunWriter.finish/close are what
   * guarantee the points are on disk. An idle thread ends after a minute.
   */
  private static final ExecutorService WRITERS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "repro4j-metrics");
    thread.setDaemon(true);
    return thread;
  });

  /** The bound: the ring grows up to this many points. */
  private final int capacity;
  /** The ring producers claim into; replaced (only by the writer) by a bigger one. */
  private volatile Ring ring;
  /** Set by a producer that found the ring full below its bound; read by the writer. */
  private volatile boolean growthWanted;

  /**
   * The points of sequences {@code start} onwards (until the next ring's start): slot i holds the
   * point with sequence number s where i == s & mask.
   */
  private static final class Ring {
    final int capacity;
    final int mask;
    final int[] keyIndexes;
    final double[] values;
    final long[] steps;
    final long[] timestamps;
    /** sequence number published in each slot; -1 before its first use. */
    final long[] published;
    /** The first sequence of this ring; {@link #UNKNOWN_START} for a moment after it is published. */
    volatile long start;
    /** The ring of the sequences below {@link #start}; null once the writer has consumed them all. */
    volatile Ring previous;

    Ring(int capacity, long start, Ring previous) {
      this.capacity = capacity;
      this.mask = capacity - 1;
      this.keyIndexes = new int[capacity];
      this.values = new double[capacity];
      this.steps = new long[capacity];
      this.timestamps = new long[capacity];
      this.published = new long[capacity];
      Arrays.fill(published, -1L);
      this.previous = previous;
      this.start = start;
    }
  }

  /** Next sequence to claim (producers). */
  private final PaddedSequence head = new PaddedSequence();
  /** Next sequence to consume (writer); producers read it to see free room. */
  private final PaddedSequence tail = new PaddedSequence();

  private volatile boolean stopping;
  private volatile boolean warnedFull;
  private volatile IOException failure;
  private final ConcurrentLinkedQueue<FlushRequest> requests = new ConcurrentLinkedQueue<>();

  /** Interned keys, index = position; copy-on-write under {@code this}. */
  private volatile String[] keys = new String[0];

  // Writer-thread state.
  private KeyFile[] files = new KeyFile[0];
  private final List<KeyFile> dirty = new ArrayList<>();
  private long oldestPendingNanos;
  private final List<Path> writtenFiles = new ArrayList<>(); // guarded by itself

  private record FlushRequest(long upTo, CompletableFuture<Void> done, boolean stop) {}

  /** A long on its own cache line, so that producers and the writer do not false-share. */
  @SuppressWarnings("unused")
  private static final class PaddedSequence extends AtomicLong {
    private static final long serialVersionUID = 1L;
    long p1, p2, p3, p4, p5, p6, p7;
    long q1, q2, q3, q4, q5, q6, q7;
  }

  MetricAppender(Path metricsDir, String threadName, int capacity, long flushIntervalMs) {
    this(metricsDir, threadName, capacity, flushIntervalMs, null, 0);
  }

  MetricAppender(
      Path metricsDir,
      String threadName,
      int capacity,
      long flushIntervalMs,
      Runnable heartbeat,
      long heartbeatMs) {
    this(metricsDir, threadName, INITIAL_CAPACITY, capacity, flushIntervalMs, heartbeat, heartbeatMs);
  }

  /**
   * @param heartbeat called on the writer thread every {@code heartbeatMs} (the run's lease), or
   *     null; it must not throw
   */
  MetricAppender(
      Path metricsDir,
      String threadName,
      int initialCapacity,
      int capacity,
      long flushIntervalMs,
      Runnable heartbeat,
      long heartbeatMs) {
    this.metricsDir = metricsDir;
    this.heartbeat = heartbeat;
    this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMs);
    this.nextHeartbeatNanos = System.nanoTime() + heartbeatNanos;
    this.threadName = threadName;
    this.capacity = powerOfTwo(capacity);
    this.ring = new Ring(Math.min(this.capacity, powerOfTwo(initialCapacity)), 0, null);
    this.consuming = ring;
    this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMs);
    WRITERS.execute(this::run);
  }

  /** The ring's bound in points (a power of two). */
  int capacity() {
    return capacity;
  }

  /** The ring's size now (a power of two, at most {@link #capacity()}). */
  int currentCapacity() {
    return ring.capacity;
  }

  private static int powerOfTwo(int atLeast) {
    return Integer.highestOneBit(Math.max(2, atLeast - 1)) << 1;
  }

  /**
   * The index of {@code key} (already validated by the caller), assigned on first use. Not for
   * the hot path: callers cache the index.
   */
  synchronized int intern(String key) {
    String[] current = keys;
    for (int i = 0; i < current.length; i++) {
      if (current[i].equals(key)) {
        return i;
      }
    }
    String[] grown = Arrays.copyOf(current, current.length + 1);
    grown[current.length] = key;
    keys = grown; // volatile write: published before any point carrying the index
    return current.length;
  }

  /** How many keys are interned (indexes 0 to keyCount - 1 are valid). */
  int keyCount() {
    return keys.length;
  }

  /** Enqueues a point; blocks while the ring is full. No I/O, no allocation. */
  void submit(int keyIndex, double value, long step, long timestamp) {
    long seq = claim(1);
    Ring r = ring;
    if (seq < r.start) { // claimed before the ring grew: the point goes to an older one
      r = slotFor(seq);
    }
    int i = (int) seq & r.mask;
    r.keyIndexes[i] = keyIndex;
    r.values[i] = value;
    r.steps[i] = step;
    r.timestamps[i] = timestamp;
    SEQUENCES.setRelease(r.published, i, seq);
    afterPublish();
  }

  /**
   * Enqueues {@code count} points sharing {@code step} and {@code timestamp} with one claim: what
   * {@code ctx.step} does with every {@code @Metric}.
   */
  void submitBatch(int[] keyIndexes, double[] values, int count, long step, long timestamp) {
    if (count > capacity / 2) { // keep room for other producers; unusual
      for (int k = 0; k < count; k++) {
        submit(keyIndexes[k], values[k], step, timestamp);
      }
      return;
    }
    long first = claim(count);
    Ring r = ring;
    boolean oneRing = first >= r.start; // UNKNOWN_START: not yet known, take the slow path
    for (int k = 0; k < count; k++) {
      long seq = first + k;
      Ring slots = oneRing ? r : slotFor(seq);
      int i = (int) seq & slots.mask;
      slots.keyIndexes[i] = keyIndexes[k];
      slots.values[i] = values[k];
      slots.steps[i] = step;
      slots.timestamps[i] = timestamp;
      SEQUENCES.setRelease(slots.published, i, seq);
    }
    afterPublish();
  }

  /**
   * Claims {@code n} sequences. On return their slots are free in the current ring (or in a newer
   * one, which is bigger); a sequence below the current ring's start needs {@link #slotFor}.
   */
  private long claim(int n) {
    while (true) {
      Ring r = ring;
      long h = head.get();
      if (h + n - tail.get() > r.capacity) {
        if (r.capacity < capacity) {
          growthWanted = true; // the writer grows the ring; awaitRoom wakes it
        }
        awaitRoom(h + n - r.capacity, r);
        continue;
      }
      if (head.compareAndSet(h, h + n)) {
        // The CAS is a full fence: the writer, which sets 'stopping' and then reads 'head', either
        // sees this claim (and writes the points) or we see 'stopping' here.
        if (stopping) {
          publishNothing(h, n);
          throw new IllegalStateException("The metric writer has stopped; the run is closed");
        }
        return h;
      }
    }
  }

  /** Fills claimed slots with nothing the writer keeps, so that it never waits on them. */
  private void publishNothing(long first, int n) {
    for (int k = 0; k < n; k++) {
      Ring r = slotFor(first + k);
      int i = (int) (first + k) & r.mask;
      r.keyIndexes[i] = -1;
      SEQUENCES.setRelease(r.published, i, first + k);
    }
  }

  /**
   * The ring holding claimed sequence {@code seq}, once its slot there is free: the slow path, for
   * a sequence claimed while the ring grew (its ring is an older one, or the new one's start is
   * not known yet).
   */
  private Ring slotFor(long seq) {
    Ring r = ring;
    while (true) {
      long start = r.start;
      if (start == UNKNOWN_START) {
        Thread.onSpinWait(); // the writer sets it right after publishing the ring
        start = r.start;
        continue;
      }
      if (seq >= start) {
        break;
      }
      // Not null: the writer keeps it until it has consumed every sequence below start, seq too.
      r = r.previous;
    }
    // The claim checked room against the ring of that moment, maybe a bigger one than r.
    int spins = 0;
    while (seq - r.capacity >= Math.max(r.start, tail.get())) {
      if (!alive) {
        throw new IllegalStateException("The metric writer thread has stopped; the run is closed");
      }
      unparkWriter();
      if (++spins < 100) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(20_000);
      }
    }
    return r;
  }

  private void afterPublish() {
    // No unpark here: waking a parked thread is a system call, microseconds. The writer naps at
    // most NAP_NANOS and producers that find the ring full wake it (awaitRoom).
    IOException f = failure;
    if (f != null) {
      throw new UncheckedIOException("Metrics can no longer be written: " + f.getMessage(), f);
    }
  }

  /** Waits until the writer has consumed up to {@code needTail}, or has grown {@code full}. */
  private void awaitRoom(long needTail, Ring full) {
    if (!warnedFull && full.capacity >= capacity) {
      warnedFull = true;
      System.err.println(
          "WARNING [repro4j] The metric writer ("
              + threadName
              + ") falls behind: the queue of "
              + capacity
              + " points is full, so ctx.step/ctx.log wait for it (no point is dropped). Log"
              + " fewer points per second, or use faster storage. Said once per run.");
    }
    int spins = 0;
    while (tail.get() < needTail && ring == full) {
      checkAlive();
      unparkWriter();
      if (++spins < 100) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(20_000);
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(
              "Interrupted while waiting for room in the metric queue; the point was not logged");
        }
      }
    }
  }

  private void checkAlive() {
    IOException f = failure;
    if (f != null) {
      throw new UncheckedIOException("Metrics can no longer be written: " + f.getMessage(), f);
    }
    if (!alive || stopping) {
      throw new IllegalStateException("The metric writer thread has stopped; the run is closed");
    }
  }

  /** Writes every point submitted before this call to disk, or throws the writer's failure. */
  void flush() throws IOException {
    await(request(false));
  }

  /** Flushes, then ends the writer thread. Idempotent. */
  void stop() throws IOException {
    if (!alive) {
      IOException f = failure;
      if (f != null) {
        throw f;
      }
      return;
    }
    CompletableFuture<Void> done = request(true);
    try {
      await(done);
    } finally {
      try {
        ended.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  boolean running() {
    return alive;
  }

  /** Wakes the writer loop (a spurious wake-up of a pooled thread that moved on is harmless). */
  private void unparkWriter() {
    Thread thread = writer;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  private CompletableFuture<Void> request(boolean stop) throws IOException {
    if (!alive) {
      throw new IOException("The metric writer thread has stopped", failure);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    requests.add(new FlushRequest(head.get(), done, stop));
    unparkWriter();
    return done;
  }

  private void await(CompletableFuture<Void> done) throws IOException {
    while (true) {
      try {
        done.get(100, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        if (!alive && !done.isDone()) {
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
    synchronized (writtenFiles) {
      return List.copyOf(writtenFiles);
    }
  }

  /** Whatever failed on the writer thread, or null. */
  IOException failure() {
    return failure;
  }

  // ---------------------------------------------------------------------------------------------
  // Writer thread

  private void run() {
    Thread current = Thread.currentThread();
    current.setName(threadName);
    writer = current;
    try {
      loop();
    } catch (Throwable unexpected) { // NOPMD: record why the writer died instead of dying silently
      if (failure == null) {
        failure = new IOException("The metric writer thread failed: " + unexpected, unexpected);
      }
    } finally {
      stopping = true;
      closeFiles();
      FlushRequest r;
      // Not alive from here: a request added after this line is refused by request(), and one
      // added just before is answered below.
      alive = false;
      while ((r = requests.poll()) != null) {
        if (failure != null) {
          r.done().completeExceptionally(failure);
        } else {
          r.done().complete(null);
        }
      }
      writer = null;
      current.setName("repro4j-metrics");
      ended.countDown();
    }
  }

  // Writer-thread state of the rings: the one 'next' is read from, and the one it grew to.
  private Ring consuming;
  private Ring grown;
  private long grownStart;

  /** The ring holding sequence {@code next}: switches to the grown ring once the old one is drained. */
  private Ring ringOf(long next) {
    if (grown != null && next >= grownStart) {
      consuming = grown;
      grown.previous = null; // every sequence of the old ring is consumed: let it be collected
      grown = null;
    }
    return consuming;
  }

  /** Publishes a ring four times bigger (at most the bound); producers from now on claim into it. */
  private void grow() {
    growthWanted = false;
    Ring old = ring;
    if (grown != null || old.capacity >= capacity) {
      return; // one growth at a time: the next waits until the writer has left the old ring
    }
    Ring bigger = new Ring(Math.min(capacity, old.capacity * 4), UNKNOWN_START, old);
    ring = bigger;
    // Read after publishing (both volatile): a claim this read misses sees the new ring, a claim
    // it sees is below 'start' and goes to the old ring.
    long start = head.get();
    bigger.start = start;
    grown = bigger;
    grownStart = start;
  }

  private void loop() {
    long next = tail.get();
    while (true) {
      if (growthWanted) {
        grow();
      }
      int consumed = 0;
      while (true) {
        Ring r = ringOf(next);
        int i = (int) next & r.mask;
        if ((long) SEQUENCES.getAcquire(r.published, i) != next) {
          break;
        }
        int key = r.keyIndexes[i];
        if (key >= 0) {
          append(key, r.values[i], r.steps[i], r.timestamps[i]);
        }
        next++;
        // Free the slot for producers every so often, not on each point (one store per batch).
        if ((++consumed & 255) == 0) {
          tail.lazySet(next);
        }
      }
      if (consumed > 0) {
        tail.set(next);
      }

      FlushRequest r;
      while ((r = requests.peek()) != null && r.upTo() <= next) {
        requests.poll();
        if (r.stop()) {
          // No producer claims after this (see claim()); wait for the ones that already did.
          stopping = true;
          long last = head.get();
          while (next < last) {
            Ring slots = ringOf(next);
            int i = (int) next & slots.mask;
            if ((long) SEQUENCES.getAcquire(slots.published, i) == next) {
              if (slots.keyIndexes[i] >= 0) {
                append(slots.keyIndexes[i], slots.values[i], slots.steps[i], slots.timestamps[i]);
              }
              next++;
              tail.set(next); // a producer refused by 'stopping' may wait for its slot (slotFor)
            } else {
              Thread.onSpinWait();
            }
          }
          tail.set(next);
          writePending();
          complete(r);
          return;
        }
        writePending();
        complete(r);
      }

      if (!dirty.isEmpty() && System.nanoTime() - oldestPendingNanos >= flushIntervalNanos) {
        writePending();
      }
      long now = System.nanoTime();
      if (heartbeat != null && now - nextHeartbeatNanos >= 0) {
        heartbeat.run();
        nextHeartbeatNanos = now + heartbeatNanos;
      }
      if (consumed == 0) {
        long wait =
            dirty.isEmpty() ? flushIntervalNanos : oldestPendingNanos + flushIntervalNanos - now;
        if (heartbeat != null) {
          wait = Math.min(wait, nextHeartbeatNanos - now);
        }
        if (head.get() == next && requests.isEmpty() && !growthWanted && wait > 0) {
          LockSupport.parkNanos(this, Math.min(wait, NAP_NANOS));
        }
      }
    }
  }

  private void complete(FlushRequest r) {
    IOException err = failure;
    if (err != null) {
      r.done().completeExceptionally(err);
    } else {
      r.done().complete(null);
    }
  }

  private void append(int keyIndex, double value, long step, long timestamp) {
    if (failure != null) {
      return; // reported to the caller by submit/flush/stop
    }
    if (keyIndex >= files.length) {
      files = Arrays.copyOf(files, keys.length);
    }
    KeyFile f = files[keyIndex];
    if (f == null) {
      f = new KeyFile(keys[keyIndex]);
      files[keyIndex] = f;
    }
    if (f.buffer.remaining() < MAX_LINE_BYTES) {
      write(f);
      if (failure != null) {
        return;
      }
    }
    if (dirty.isEmpty()) {
      oldestPendingNanos = System.nanoTime();
    }
    if (f.buffer.position() == 0) {
      dirty.add(f);
    }
    ByteBuffer b = f.buffer;
    putLong(b, timestamp);
    b.put((byte) ' ');
    PythonFloat.put(b, value, digits); // Python's repr, allocation-free for usual magnitudes
    b.put((byte) ' ');
    putLong(b, step);
    b.put((byte) '\n');
  }

  private final byte[] digits = new byte[20];

  private void putLong(ByteBuffer b, long v) {
    PythonFloat.putLong(b, v, digits);
  }

  private void writePending() {
    for (int k = 0; k < dirty.size(); k++) {
      KeyFile f = dirty.get(k);
      if (f.buffer.position() > 0) {
        write(f);
      }
    }
    dirty.clear();
  }

  /** Appends one key's buffered lines with one write; on failure cuts a partial line back off. */
  private void write(KeyFile f) {
    ByteBuffer b = f.buffer;
    if (failure != null) {
      b.clear();
      return;
    }
    b.flip();
    long sizeBefore = -1;
    try {
      if (f.channel == null) {
        f.open();
      }
      sizeBefore = f.channel.size();
      while (b.hasRemaining()) {
        f.channel.write(b);
      }
    } catch (IOException | RuntimeException ex) {
      truncateTo(f.channel, sizeBefore);
      failure =
          new IOException(
              "Could not append metric '" + f.key + "' to " + f.path + ": " + ex, ex);
    } finally {
      b.clear();
    }
  }

  private void closeFiles() {
    for (KeyFile f : files) {
      if (f != null && f.channel != null) {
        try {
          f.channel.close();
        } catch (IOException ignored) {
          // Every byte was written (or the failure recorded) before; closing cannot lose any.
        }
      }
    }
  }

  /**
   * Cuts a partly appended line (disk full) back off: our reader skips a last line without its
   * newline, but MLflow's reads "ts value" as a point at step 0 and fails on a lone field.
   */
  private static void truncateTo(FileChannel channel, long size) {
    if (channel == null || size < 0) {
      return;
    }
    try {
      if (channel.size() > size) {
        channel.truncate(size);
      }
    } catch (IOException | RuntimeException ignored) {
      // The append failure is reported; a line we could not cut stays for readers to skip.
    }
  }

  /** One metric's file, kept open for the run, and its line buffer. */
  private final class KeyFile {
    final String key;
    final Path path;
    final ByteBuffer buffer = ByteBuffer.allocateDirect(KEY_BUFFER_BYTES);
    FileChannel channel;

    KeyFile(String key) {
      this.key = key;
      this.path = metricsDir.resolve(key);
    }

    void open() throws IOException {
      StoreFiles.checkNoLinks(metricsDir, path); // a planted link must not lead the points outside
      if (!path.getParent().equals(metricsDir)) { // metrics/ itself is made with the run
        Files.createDirectories(path.getParent());
      }
      try {
        channel = openForAppend();
      } catch (NoSuchFileException e) { // a run directory without metrics/ (not one we made)
        Files.createDirectories(path.getParent());
        channel = openForAppend();
      }
      synchronized (writtenFiles) {
        writtenFiles.add(path);
      }
    }

    private FileChannel openForAppend() throws IOException {
      return FileChannel.open(
          path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
    }
  }
}
