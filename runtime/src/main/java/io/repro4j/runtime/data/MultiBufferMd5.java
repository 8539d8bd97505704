package io.repro4j.runtime.data;

import io.repro4j.runtime.progress.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory's files hashed with plain MD5 ({@link HashMode#MD5}) many at once: each of the
 * batch's threads runs one {@link Md5Lanes} and keeps up to {@link #LANES} files open, one per
 * lane, reading each in {@link #LANE_CHUNK}-byte chunks into one buffer per thread; a lane
 * whose file ends takes the next file from a queue shared by the threads (largest first, so that
 * the lanes run out together at the end). Each file's md5, size, errors and progress are exactly those of {@link FileHash#of(Path,
 * HashMode, Progress)}: a symbolic link is followed, and a missing, special or unreadable file fails
 * with the same exception.
 *
 * <p>What stays on the one-file-per-thread path (JDK's MD5 intrinsic): files of {@link
 * FileHash#READ_AHEAD_MIN_SIZE} or more (read ahead on another thread), and files so large compared
 * with the rest that they would keep a few lanes busy long after the others ran dry (a lane loop
 * over a handful of lanes costs more per byte than the intrinsic).
 */
final class MultiBufferMd5 {
  private MultiBufferMd5() {}

  /**
   * Files hashed at once per thread. Measured ({@code Md5LanesThroughput}, JDK 17, AVX-512): 128
   * lanes hash 2-3 times as many bytes per CPU-second as the intrinsic, 32 lanes 1.2-2 times (the
   * loop overhead of 64 short loops per block weighs more); 256 lanes are faster still but hold
   * twice the open files and buffers.
   */
  static final int LANES = 128;
  /**
   * Lanes of all threads together: each lane holds a file open and {@link #LANE_CHUNK} bytes of
   * buffer, so a many-core machine gets fewer lanes per thread rather than thousands of
   * open files (against a 1,024 descriptor limit) and hundreds of MiB of buffers. 512: 32 MiB and
   * 512 files; up to 4 threads keep {@link #LANES} each.
   */
  static final int TOTAL_LANES = 512;
  /**
   * Bytes read per lane at a time: 8 MiB of buffer per thread at 128 lanes (32 MiB in all, {@link
   * #TOTAL_LANES}). Measured on the
   * 10,000-file benchmark: 16 KiB chunks made 6 times as many read calls as the one-file path's
   * 1 MiB chunks, and more system time than the lanes saved.
   */
  static final int LANE_CHUNK = 64 * 1024;
  /** Room after a lane's chunk for MD5's padding (at most two blocks past the last full one). */
  private static final int PADDING_ROOM = 128;
  /**
   * A file takes a lane only if it is at most this fraction's reciprocal of the lane files' bytes
   * per thread: larger ones would outlast the others (see the class comment).
   */
  private static final int MIN_SHARE = 16;

  /**
   * Hashes {@code files} ({@code sizes}: their sizes as the walk saw them, to order and route them)
   * on {@code batch}'s threads, counting bytes and finished files in the batch's progress.
   *
   * @return one hash per file, in the files' order
   * @throws IOException the failure of the first file (in the files' order) that could not be hashed
   */
  static List<FileHash> hashAll(List<Path> files, long[] sizes, HashBatch batch) throws IOException {
    return hashAll(files, sizes, batch, LANES, true);
  }

  /** Lanes per thread for {@code threads} threads: at most {@code maxLanes}, {@link #TOTAL_LANES} in all. */
  static int lanesPerThread(int maxLanes, int threads) {
    return Math.max(1, Math.min(maxLanes, TOTAL_LANES / threads));
  }

  /**
   * As {@link #hashAll(List, long[], HashBatch)} with at most {@code maxLanes} lanes per thread;
   * {@code largeFilesAlone} false puts every file under {@link FileHash#READ_AHEAD_MIN_SIZE} on
   * the lanes, however large compared with the rest (for tests of the lane edges).
   */
  static List<FileHash> hashAll(List<Path> files, long[] sizes, HashBatch batch, int maxLanes,
      boolean largeFilesAlone) throws IOException {
    int count = files.size();
    int threads = batch.threads();
    List<Integer> laneFiles = new ArrayList<>(count);
    long laneBytes = 0;
    for (int i = 0; i < count; i++) {
      if (sizes[i] < FileHash.READ_AHEAD_MIN_SIZE) {
        laneFiles.add(i);
        laneBytes += sizes[i];
      }
    }
    // Largest first: the lanes' last files are small, so no lane runs long alone.
    laneFiles.sort((x, y) -> Long.compare(sizes[y], sizes[x]));
    long tooLarge = largeFilesAlone ? Math.max(LANE_CHUNK, laneBytes / ((long) threads * MIN_SHARE)) : Long.MAX_VALUE;
    int firstLaneFile = 0;
    while (firstLaneFile < laneFiles.size() && sizes[laneFiles.get(firstLaneFile)] > tooLarge) {
      firstLaneFile++;
    }
    int[] order = laneFiles.subList(firstLaneFile, laneFiles.size()).stream().mapToInt(Integer::intValue).toArray();
    if (order.length < 2) {
      order = new int[0]; // one file cannot use lanes
    }
    boolean[] onLanes = new boolean[count];
    for (int index : order) {
      onLanes[index] = true;
    }
    Shared shared = new Shared(files, order, batch.progress());
    List<Future<FileHash>> single = new ArrayList<>(count);
    List<Future<Void>> workers = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        single.add(onLanes[i] ? null : batch.submit(files.get(i), HashMode.MD5));
      }
      if (order.length > 0) {
        int workerCount = Math.min(threads, order.length);
        int lanes = Math.min(lanesPerThread(maxLanes, workerCount), (order.length + workerCount - 1) / workerCount);
        for (int w = 0; w < workerCount; w++) {
          // Made on the pool thread: at most one buffer per running thread, however many
          // directories wait for the pool.
          workers.add(batch.onPool(() -> new Worker(shared, lanes).run()));
        }
        for (Future<Void> worker : workers) {
          worker.get();
        }
      }
      List<FileHash> hashes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        if (onLanes[i]) {
          if (shared.failures[i] != null) {
            throw shared.failures[i];
          }
          hashes.add(shared.hashes[i]);
        } else {
          try {
            hashes.add(single.get(i).get());
          } catch (ExecutionException e) {
            throw HashBatch.asIoException(e, files.get(i));
          }
        }
      }
      return hashes;
    } catch (ExecutionException e) {
      throw HashBatch.asIoException(e, count + " files"); // a worker failed outside any one file: no file to name
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while hashing " + count + " files", e);
    } finally {
      shared.stop = true;
      for (Future<?> future : single) {
        if (future != null) {
          future.cancel(true); // no-op for the finished ones; frees the shared pool after a failure
        }
      }
      for (Future<Void> worker : workers) {
        worker.cancel(true);
      }
    }
  }

  /** What the threads share: the queue of files, the results, and the first failure. */
  private static final class Shared {
    final List<Path> files;
    final int[] order; // file indexes, largest first
    final Progress progress; // null: nobody watches
    final AtomicInteger next = new AtomicInteger();
    final FileHash[] hashes;
    final IOException[] failures;
    /** The lowest index of a file that failed: files after it need not be read. */
    final AtomicInteger firstFailure = new AtomicInteger(Integer.MAX_VALUE);
    volatile boolean stop;

    Shared(List<Path> files, int[] order, Progress progress) {
      this.files = files;
      this.order = order;
      this.progress = progress;
      hashes = new FileHash[files.size()];
      failures = new IOException[files.size()];
    }

    /** The next file to hash, or -1 when there is none left (or the work was stopped). */
    int take() {
      while (!stop) {
        int k = next.getAndIncrement();
        if (k >= order.length) {
          return -1;
        }
        if (order[k] < firstFailure.get()) {
          return order[k];
        }
      }
      return -1;
    }

    void fail(int file, IOException failure) {
      failures[file] = failure;
      firstFailure.accumulateAndGet(file, Math::min);
    }
  }

  /**
   * One thread's lanes. Lanes {@code 0 .. active-1} are in use: when a lane's file ends and the
   * queue is empty, the last active lane moves into its place, so the lane loops only cover files
   * still being read.
   */
  private static final class Worker {
    private final Shared shared;
    private final Md5Lanes md5;
    /**
     * Every lane's chunk. On the heap, so that {@link Md5Lanes#loadBlocks} reads it as a byte
     * array. The channel then reads through a temporary direct buffer and copies (while the bytes
     * are still in cache); measured, that costs less than reading a direct buffer through
     * ByteBuffer's checked accessors: one thread over the 10,000-file benchmark in a warm JVM took
     * 1.48 and 1.62 s instead of 1.65 and 1.97 s (two runs each, not interleaved; BENCHMARKS.md,
     * "Multi-buffer MD5").
     */
    private final ByteBuffer buffer;
    private final byte[] bytes; // buffer's array
    // Per lane; a lane that moves takes all of these with it.
    private final int[] file; // index into shared.files
    private final FileChannel[] in; // null once the file is read to its end
    private final long[] size; // bytes read so far
    private final int[] base; // where its part of the buffer starts
    private final ByteBuffer[] chunk; // its part of the buffer
    private final int[] position; // its next block in the buffer
    private final int[] end; // the end of its bytes in the buffer (padded when in is null)

    Worker(Shared shared, int lanes) {
      this.shared = shared;
      md5 = new Md5Lanes(lanes);
      buffer = ByteBuffer.allocate(lanes * (LANE_CHUNK + PADDING_ROOM)).order(ByteOrder.LITTLE_ENDIAN);
      bytes = buffer.array();
      file = new int[lanes];
      in = new FileChannel[lanes];
      size = new long[lanes];
      base = new int[lanes];
      chunk = new ByteBuffer[lanes];
      position = new int[lanes];
      end = new int[lanes];
      for (int lane = 0; lane < lanes; lane++) {
        base[lane] = lane * (LANE_CHUNK + PADDING_ROOM);
        chunk[lane] = buffer.slice(base[lane], LANE_CHUNK);
      }
    }

    Void run() {
      int active = 0;
      try {
        while (active < md5.lanes() && startNext(active)) {
          active++;
        }
        // Each pass in methods of its own: compiled as soon as they are hot, where a loop here
        // would run in an on-stack-replacement compile (which a rare branch taken sends back to
        // the interpreter's profiling tier for a long while).
        while (active > 0) {
          loadBlocks(active);
          md5.compress(active);
          active = advance(active);
        }
        return null;
      } finally {
        for (int lane = 0; lane < in.length; lane++) {
          closeQuietly(lane);
        }
      }
    }

    /** Loads the next block of each active lane. */
    private void loadBlocks(int active) {
      md5.loadBlocks(active, bytes, position);
      for (int lane = 0; lane < active; lane++) {
        position[lane] += 64;
      }
    }

    /**
     * Gives each lane whose bytes in the buffer are used up its file's next chunk or, at the
     * file's end, records its hash and starts the next file.
     *
     * @return the number of lanes still active
     */
    private int advance(int active) {
      for (int lane = 0; lane < active; lane++) {
        if (position[lane] < end[lane]) {
          continue;
        }
        if (in[lane] != null) {
          if (readChunk(lane)) {
            continue;
          }
        } else {
          finish(lane);
        }
        if (!startNext(lane)) {
          active--;
          moveLane(active, lane);
          lane--; // the lane that moved in has had its block, and may need a chunk too
        }
      }
      return active;
    }

    /** Starts the next file from the queue in {@code lane}; false when none is left. */
    private boolean startNext(int lane) {
      while (true) {
        int next = shared.take();
        if (next < 0) {
          return false;
        }
        file[lane] = next;
        size[lane] = 0;
        md5.reset(lane);
        Path path = shared.files.get(next);
        try {
          FileHash.regularFileAttributes(path); // the same checks and messages as FileHash.of
          in[lane] = FileChannel.open(path); // as Files.newInputStream: the same exceptions
        } catch (IOException e) {
          shared.fail(next, e);
          continue;
        }
        if (readChunk(lane)) {
          return true;
        }
      }
    }

    /**
     * Reads the next chunk of {@code lane}'s file into its part of the buffer, padded when it is
     * the last; false when reading failed (the failure is recorded and the file closed) or the file
     * need not be finished (an earlier file failed, or the work was stopped).
     */
    private boolean readChunk(int lane) {
      int start = base[lane];
      int n;
      try {
        if (shared.stop || file[lane] > shared.firstFailure.get()) {
          closeQuietly(lane);
          return false;
        }
        // Exactly LANE_CHUNK bytes unless the file ends: the blocks stay whole until the last chunk.
        ByteBuffer into = chunk[lane].clear();
        while (into.hasRemaining() && in[lane].read(into) >= 0) {
          // a regular file reads short only at its end; read on until full or at the end
        }
        n = into.position();
        if (n < LANE_CHUNK) {
          in[lane].close();
          in[lane] = null;
        }
      } catch (IOException e) {
        closeQuietly(lane);
        shared.fail(file[lane], e);
        return false;
      }
      size[lane] += n;
      if (shared.progress != null) {
        shared.progress.advance(n);
      }
      position[lane] = start;
      end[lane] = in[lane] == null ? Md5Lanes.pad(buffer, start + n, size[lane]) : start + n;
      return true;
    }

    private void finish(int lane) {
      shared.hashes[file[lane]] = new FileHash(HexFormat.of().formatHex(md5.digest(lane)), size[lane]);
      if (shared.progress != null) {
        shared.progress.itemDone();
      }
    }

    /** Moves lane {@code from}'s file to lane {@code to} (whose file is done), swapping their buffers. */
    private void moveLane(int from, int to) {
      if (from == to) {
        return;
      }
      md5.moveLane(from, to);
      file[to] = file[from];
      in[to] = in[from];
      in[from] = null;
      size[to] = size[from];
      position[to] = position[from];
      end[to] = end[from];
      int freed = base[to];
      base[to] = base[from];
      base[from] = freed;
      ByteBuffer freedChunk = chunk[to];
      chunk[to] = chunk[from];
      chunk[from] = freedChunk;
    }

    private void closeQuietly(int lane) {
      FileChannel stream = in[lane];
      in[lane] = null;
      if (stream != null) {
        try {
          stream.close();
        } catch (IOException e) {
          // only read from; nothing was written that closing could lose
        }
      }
    }
  }
}
