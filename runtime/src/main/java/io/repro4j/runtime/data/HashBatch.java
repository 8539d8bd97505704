package io.repro4j.runtime.data;

import io.repro4j.runtime.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Hashes several files and directories at once on one pool of threads, so that two large files
 * are read on two cores at the same time and a directory's files share the cores with everything
 * else. Each distinct (real path, mode) is hashed once however often it is named. Results and
 * failures come back in the order the targets were given, whatever order the threads finish in.
 *
 * <p>The pool's threads only hash files; a directory is walked on a thread of its own, which then
 * waits for its files, so no pool thread ever waits for another (no deadlock however the work is
 * nested).
 */
public final class HashBatch implements AutoCloseable {
  private final ExecutorService workers; // null: hash on the calling thread
  private final Progress progress; // null: nobody watches
  private final int threads;

  /**
   * A pool of {@code threads} hashing threads ({@code threads <= 1}: none, files are hashed on the
   * caller's thread), adding what they read to {@code progress} (may be null).
   */
  HashBatch(int threads, Progress progress) {
    this.workers = threads <= 1 ? null : Executors.newFixedThreadPool(threads, daemon("repro4j-hash"));
    this.progress = progress;
    this.threads = Math.max(1, threads);
  }

  /** How many files this batch reads at a time (also how many threads walk a directory). */
  int threads() {
    return threads;
  }

  /** What the hashing threads report to (null: nobody watches). */
  Progress progress() {
    return progress;
  }

  /** One thing to hash: a file or a directory, in a mode. */
  public record Target(Path path, HashMode mode) {
    // equals and hashCode written out: a record's generated ones are linked on their first call
    // through ObjectMethods' bootstrap, which spins a dozen method-handle classes (10-30 ms of a
    // `repro4j hash` start: the targets are map keys before anything is hashed).
    @Override
    public boolean equals(Object other) {
      return other instanceof Target target && path.equals(target.path) && mode == target.mode;
    }

    @Override
    public int hashCode() {
      return 31 * path.hashCode() + mode.hashCode();
    }
  }

  /**
   * What became of one {@link Target}: exactly one of {@code file}, {@code directory} and {@code
   * failure} is set.
   */
  public record Outcome(FileHash file, DirectoryHash directory, IOException failure) {
    /** The hash as DVC records it; throws the failure if there is one. */
    public DvcHash dvcHash() throws IOException {
      if (failure != null) {
        throw failure;
      }
      return directory != null
          ? new DvcHash(directory.manifest().md5(), directory.size(), directory.manifest().entries().size(), true)
          : new DvcHash(file.md5(), file.size(), 1, false);
    }
  }

  /** {@link #hashAll(List, int, Progress, HashCache)} on every core, without a hash cache. */
  public static List<Outcome> hashAll(List<Target> targets, Progress progress) {
    return hashAll(targets, Runtime.getRuntime().availableProcessors(), progress, null);
  }

  /** {@link #hashAll(List, int, Progress, HashCache)} on every core. */
  public static List<Outcome> hashAll(List<Target> targets, Progress progress, HashCache cache) {
    return hashAll(targets, Runtime.getRuntime().availableProcessors(), progress, cache);
  }

  /** {@link #hashAll(List, int, Progress, HashCache)} without a hash cache. */
  public static List<Outcome> hashAll(List<Target> targets, int threads, Progress progress) {
    return hashAll(targets, threads, progress, null);
  }

  /**
   * Hashes every target with at most {@code threads} files read at a time, counting bytes and
   * files in {@code progress} (may be null), reading only the files {@code cache} (null for none)
   * does not know unchanged.
   *
   * @return one outcome per target, in the targets' order (a repeated target gets the same one)
   */
  public static List<Outcome> hashAll(List<Target> targets, int threads, Progress progress,
      HashCache cache) {
    Map<Target, Target> keys = new LinkedHashMap<>(); // as given -> (real path, mode)
    Map<Target, Future<Outcome>> pending = new LinkedHashMap<>();
    Set<Target> directories = new LinkedHashSet<>();
    for (Target target : targets) {
      Target key = keys.computeIfAbsent(target, HashBatch::realKey);
      if (!pending.containsKey(key) && !directories.contains(key)) {
        if (Files.isDirectory(key.path())) {
          directories.add(key);
        } else {
          pending.put(key, null); // submitted below, once the pool exists
        }
      }
    }
    try (HashBatch batch = new HashBatch(threads, progress)) {
      for (Map.Entry<Target, Future<Outcome>> entry : pending.entrySet()) {
        entry.setValue(batch.fileOutcome(entry.getKey(), cache));
      }
      // Directories are walked at the same time as each other, and their files join the queue.
      ExecutorService walkers = directories.isEmpty() ? null
          : Executors.newFixedThreadPool(Math.max(1, Math.min(directories.size(), threads)), daemon("repro4j-walk"));
      try {
        for (Target directory : directories) {
          Future<Outcome> outcome = walkers.submit(() -> {
            try {
              return new Outcome(null, DirectoryHash.of(directory.path(), directory.mode(), batch, cache), null);
            } catch (IOException e) {
              return new Outcome(null, null, e);
            }
          });
          pending.put(directory, outcome);
        }
        List<Outcome> outcomes = new ArrayList<>(targets.size());
        for (Target target : targets) {
          outcomes.add(await(pending.get(keys.get(target)), target));
        }
        return outcomes;
      } finally {
        if (walkers != null) {
          walkers.shutdownNow();
        }
      }
    }
  }

  /** The target with its real path (symbolic links resolved), or as given when it has none. */
  private static Target realKey(Target target) {
    Path absolute = target.path().toAbsolutePath().normalize();
    try {
      return new Target(absolute.toRealPath(), target.mode());
    } catch (IOException e) {
      return new Target(absolute, target.mode()); // hashing it will report why
    }
  }

  private Future<Outcome> fileOutcome(Target target, HashCache cache) {
    if (progress != null) {
      try {
        progress.expect(1, Files.size(target.path()));
      } catch (IOException e) {
        progress.expect(1, 0); // hashing it will report why
      }
    }
    return onPool(() -> {
      try {
        return new Outcome(hashCounted(target.path(), target.mode(), cache), null, null);
      } catch (IOException e) {
        return new Outcome(null, null, e);
      }
    });
  }

  private static Outcome await(Future<Outcome> outcome, Target target) {
    try {
      return outcome.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(null, null, new IOException("interrupted while hashing " + target.path(), e));
    } catch (ExecutionException e) {
      return new Outcome(null, null, asIoException(e, target.path()));
    }
  }

  /** Counts {@code files} files of {@code bytes} bytes in all as work to do, if watched. */
  void expect(int files, long bytes) {
    if (progress != null) {
      progress.expect(files, bytes);
    }
  }

  /** Hashes {@code file} on the pool (or now, on this thread, when there is no pool). */
  Future<FileHash> submit(Path file, HashMode mode) {
    return onPool(() -> hashCounted(file, mode, null));
  }

  /** Runs {@code task} on the pool (or now, on this thread, when there is no pool). */
  <T> Future<T> onPool(Callable<T> task) {
    if (workers == null) {
      try {
        return CompletableFuture.completedFuture(task.call());
      } catch (Exception e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return workers.submit(task);
  }

  /** Hashes {@code file}, through {@code cache} when there is one, counting it in the progress. */
  private FileHash hashCounted(Path file, HashMode mode, HashCache cache) throws IOException {
    FileHash hash = cache == null ? FileHash.of(file, mode, progress) : cache.fileHash(file, mode, progress);
    if (progress != null) {
      progress.itemDone();
    }
    return hash;
  }

  /** The cause of a failed hash as an IOException (an unexpected exception is wrapped in one). */
  static IOException asIoException(ExecutionException e, Path path) {
    return asIoException(e, path.toString());
  }

  /**
   * As {@link #asIoException(ExecutionException, Path)}, for a failure of hashing {@code what} (a
   * path, or some files).
   */
  static IOException asIoException(ExecutionException e, String what) {
    if (e.getCause() instanceof IOException io) {
      return io;
    }
    if (e.getCause() instanceof Error error) {
      throw error;
    }
    return new IOException("hashing " + what + " failed: " + e.getCause(), e.getCause());
  }

  @Override
  public void close() {
    if (workers != null) {
      workers.shutdownNow();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
