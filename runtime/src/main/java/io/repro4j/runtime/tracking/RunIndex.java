package io.repro4j.runtime.tracking;

import io.repro4j.runtime.tracking.RunIndexFile.Entry;
import io.repro4j.runtime.tracking.RunIndexFile.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The runs of an experiment for search, served from a per-experiment index where it is provably
 * current, read from the MLflow files everywhere else.
 *
 * <p>The index ({@code <experiment>/.repro4j-runs-index}, see {@link RunIndexFile}) holds, per run
 * directory, what {@link FileStore} read from it (meta.yaml, params, tags, the latest point of
 * each metric) and the stats (mtime in ns, size, inode, type) of every file and directory that
 * reading depended on, taken before the read. A search lists the experiment directory, stats those
 * paths and uses an entry only when every stat is unchanged; any other run (new, changed, not in
 * the index, not finished) is read from its files as before, and the index is rewritten
 * (temporary file + atomic rename, no locks) when it changed. So every change to the store (by
 * MLflow, by hand, by another JVM) changes a stat the entry depends on and is seen by the next
 * search; a lost update between concurrent writers only costs a re-read.
 *
 * <p>Two cases a stat cannot show, and how they are handled:
 *
 * <ul>
 *   <li>A file changed again within the same time-stamp tick as the stat (same size): entries
 *       whose paths were modified less than {@link #SETTLE_NANOS} before the read started (by the
 *       file system's own clock: the mtime of a file created then) are not stored, so a
 *       just-finished run is read from its files until it has settled.
 *   <li>Runs that are not finished (RUNNING, SCHEDULED) are never stored: their metrics grow.
 * </ul>
 */
public final class RunIndex {
  /** Coarser than any file system's time stamps (FAT: 2 s), so a same-tick change cannot hide. */
  static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(3);

  private static final String TEMP_PREFIX = RunIndexFile.NAME + ".";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final long STALE_TEMP_MS = TimeUnit.HOURS.toMillis(1);

  private static final Comparator<StoredRun> NEWEST_FIRST =
      Comparator.comparingLong(StoredRun::startTime).reversed().thenComparing(StoredRun::runId);

  private RunIndex() {}

  /**
   * The active runs of an experiment, as {@link FileStore#runs(String)} returns them (newest
   * first), except that each metric holds only its latest point (largest step, then timestamp,
   * then value: the value search, order and listings use), or no point when its file has none.
   * Keeps {@code <experiment>/.repro4j-runs-index} up to date as a side effect when the store is
   * writable.
   *
   * @throws IllegalArgumentException when there is no such experiment
   */
  public static List<StoredRun> runs(FileStore store, String experimentId) throws IOException {
    Path expDir = store.experimentDir(experimentId);
    if (expDir == null) {
      throw new IllegalArgumentException(
          "No experiment with id '" + experimentId + "' in " + store.root() + " (nor in its .trash)");
    }
    List<String> names = new ArrayList<>();
    List<Path> temps = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(expDir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX)) {
          temps.add(p);
        } else if (!FileStore.RESERVED_EXPERIMENT_FOLDERS.contains(name)
            && !name.startsWith(".")
            && FileStore.RUN_ID.matcher(name).matches()) {
          names.add(name);
        }
      }
    }
    Path indexFile = expDir.resolve(RunIndexFile.NAME);
    Map<String, Entry> old = RunIndexFile.read(indexFile, experimentId, expDir);

    // Check the stored entries; the stats are independent system calls, so use the cores.
    List<Entry> checked =
        names.parallelStream()
            .map(name -> current(old.get(name), expDir.resolve(name)))
            .toList();

    List<StoredRun> runs = new ArrayList<>(names.size());
    List<Entry> kept = new ArrayList<>(names.size());
    List<String> toRead = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Entry e = checked.get(i);
      if (e == null) {
        toRead.add(names.get(i));
      } else {
        kept.add(e);
        if (e.run() != null) {
          runs.add(e.run());
        }
      }
    }
    boolean changed = kept.size() != old.size();
    if (!toRead.isEmpty() || changed) {
      try (Rewrite rewrite = Rewrite.start(expDir)) {
        for (String name : toRead) {
          Entry e = read(store, expDir.resolve(name), experimentId);
          if (e == null) {
            continue;
          }
          if (e.run() != null) {
            runs.add(e.run());
          }
          if (rewrite != null && rewrite.settled(e)) {
            kept.add(e);
            changed = true;
          }
        }
        if (rewrite != null && changed) {
          kept.sort(Comparator.comparing(Entry::runId)); // the same store gives the same bytes
          rewrite.commit(indexFile, RunIndexFile.encode(experimentId, kept), temps);
        }
      }
    }
    runs.sort(NEWEST_FIRST);
    return runs;
  }

  /** The stored entry when every stat it depends on is unchanged, else null. */
  private static Entry current(Entry e, Path runDir) {
    if (e == null) {
      return null;
    }
    try {
      for (Validator v : e.validators()) {
        if (!v.equals(Validator.stat(runDir, v.path()))) {
          return null;
        }
      }
      return e;
    } catch (IOException | UncheckedIOException e2) {
      return null; // read it from the files, which reports the problem if there is one
    }
  }

  /**
   * Reads {@code runDir} as FileStore does, with the stats taken first (so a change during the
   * read makes the entry stale, never wrong). Null when it is not a directory; an entry without a
   * run when it is not an active run; an entry not to be stored (null validators) when unfinished.
   */
  private static Entry read(FileStore store, Path runDir, String experimentId) throws IOException {
    if (!Files.isDirectory(runDir, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    List<Validator> validators = snapshot(runDir);
    StoredRun run = store.readRun(runDir, experimentId).map(RunIndex::latestOnly).orElse(null);
    boolean finished = run == null || run.status().isTerminal();
    return new Entry(runDir.getFileName().toString(), finished ? validators : null, run);
  }

  /** The stats of the run directory, meta.yaml, and everything below params/, tags/, metrics/. */
  static List<Validator> snapshot(Path runDir) throws IOException {
    List<Validator> validators = new ArrayList<>();
    validators.add(Validator.stat(runDir, ""));
    validators.add(Validator.stat(runDir, FileStore.META));
    for (String sub : List.of(RunWriter.PARAMS, RunWriter.TAGS, RunWriter.METRICS)) {
      Path dir = runDir.resolve(sub);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        validators.add(Validator.stat(runDir, sub));
        continue;
      }
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              validators.add(Validator.of(relative(runDir, d), attrs));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              validators.add(Validator.of(relative(runDir, file), attrs));
              return FileVisitResult.CONTINUE;
            }
          });
    }
    return validators;
  }

  private static String relative(Path base, Path p) {
    return base.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
  }

  private static StoredRun latestOnly(StoredRun r) {
    Map<String, List<MetricPoint>> latest = new java.util.TreeMap<>();
    for (String key : r.metrics().keySet()) {
      MetricPoint p = r.latest(key);
      latest.put(key, p == null ? List.of() : List.of(p));
    }
    return new StoredRun(
        r.runId(), r.experimentId(), r.runName(), r.status(), r.startTime(), r.endTime(), r.userId(),
        r.artifactUri(), r.dir(), r.params(), r.tags(), latest);
  }

  /**
   * A rewrite of the index file: its temporary file is created before any run is read, and its
   * mtime is the file system's clock at that moment, against which entries are judged settled.
   */
  private static final class Rewrite implements AutoCloseable {
    private final Path temp;
    private final long startNanos;

    private Rewrite(Path temp, long startNanos) {
      this.temp = temp;
      this.startNanos = startNanos;
    }

    /** Null when the experiment directory is not writable: search then reads without storing. */
    static Rewrite start(Path expDir) {
      Path temp = expDir.resolve(TEMP_PREFIX + UUID.randomUUID() + TEMP_SUFFIX);
      try {
        Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        long now = Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.NANOSECONDS);
        return new Rewrite(temp, now);
      } catch (IOException | UnsupportedOperationException e) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // nothing was created
        }
        return null;
      }
    }

    /** Whether the entry may be stored: finished, and nothing it depends on changed lately. */
    boolean settled(Entry e) {
      if (e.validators() == null) {
        return false;
      }
      for (Validator v : e.validators()) {
        if (v.kind() != RunIndexFile.Kind.MISSING && v.mtimeNanos() >= startNanos - SETTLE_NANOS) {
          return false;
        }
      }
      return true;
    }

    void commit(Path indexFile, byte[] content, List<Path> oldTemps) {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      } catch (IOException e) {
        return; // a cache: searching goes on without it
      }
      try {
        Files.move(temp, indexFile, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        return;
      }
      long now = System.currentTimeMillis();
      for (Path t : oldTemps) { // left by killed processes
        try {
          if (now - Files.getLastModifiedTime(t, LinkOption.NOFOLLOW_LINKS).toMillis() > STALE_TEMP_MS) {
            Files.deleteIfExists(t);
          }
        } catch (IOException ignored) {
          // another search removed it, or it is not ours to remove
        }
      }
    }

    @Override
    public void close() {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // renamed already, or removed by someone else
      }
    }
  }
}
