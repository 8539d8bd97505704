package io.repro4j.runtime.tracking;

import io.repro4j.runtime.tracking.RunIndexFile.Entry;
import io.repro4j.runtime.tracking.RunIndexFile.Validator;
import io.repro4j.runtime.tracking.RunIndexFile.Validators;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The runs of an experiment for search, served from a per-experiment index where it is provably
 * current, read from the MLflow files everywhere else.
 *
 * <p>The index ({@code <experiment>/.repro4j-runs-index}, see {@link RunIndexFile}) holds, per run
 * directory, what {@link FileStore} read from it (meta.yaml, params, tags, the latest point of
 * each metric) and the stats (mtime in ns, size, inode, type) of every file and directory that
 * reading depended on, taken before the read. A search lists the experiment directory, stats the
 * paths of what it reads and uses an entry only when those stats are unchanged; any other run
 * (new, changed, not in the index, not finished) is read from its files as before, and the index
 * is rewritten (temporary file + atomic rename, no locks) when it changed. So every change to the
 * store (by MLflow, by hand, by another JVM) changes a stat the entry depends on and is seen by
 * the next search; a lost update between concurrent writers only costs a re-read.
 *
 * <p>What a search stats per run ({@link Needs}, {@link Check}): meta.yaml, and for each key it
 * reads ({@code params/lr}) the key's own file when the entry has one, since the value is that
 * file's bytes and any write to it, deletion or replacement changes its mtime, size or inode;
 * when the entry has no such file, the nearest folder on its way that the entry has ({@code
 * params}, or {@code params/a} for {@code params/a/b}), since creating the file, or a folder on
 * its way, changes that folder's mtime. Files of other keys cannot change the value of this one.
 * The runs a search returns are then checked in full ({@link Listing#complete}).
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

  /** Start time, newest first, then run id; one plain method: cheap to run cold over 10,000 runs. */
  private static final Comparator<StoredRun> NEWEST_FIRST =
      (a, b) -> {
        int c = Long.compare(b.startTime(), a.startTime());
        return c != 0 ? c : a.runId().compareTo(b.runId());
      };

  private RunIndex() {}

  /**
   * The active runs of an experiment, as {@link FileStore#runs(String)} returns them (newest
   * first), except that each metric holds only its latest point (largest step, then timestamp,
   * then value: the value search, order and listings use), or no point when its file has none.
   * Every run is checked against the store in full. Keeps {@code <experiment>/.repro4j-runs-index}
   * up to date as a side effect when the store is writable.
   *
   * @throws IllegalArgumentException when there is no such experiment
   */
  public static List<StoredRun> runs(FileStore store, String experimentId) throws IOException {
    return open(store, experimentId, Needs.all()).runs();
  }

  /**
   * The runs of an experiment as {@link #runs(FileStore, String)}, where each run is only checked
   * to be current in what {@code needs} names (meta.yaml always); call {@link Listing#complete}
   * before using anything else of a run. A search checks the keys of its filter and order for
   * every run, and everything only for the runs it returns.
   *
   * @throws IllegalArgumentException when there is no such experiment
   */
  public static Listing open(FileStore store, String experimentId, Needs needs) throws IOException {
    Path expDir = store.experimentDir(experimentId);
    if (expDir == null) {
      throw new IllegalArgumentException(
          "No experiment with id '" + experimentId + "' in " + store.root() + " (nor in its .trash)");
    }
    List<String> names = new ArrayList<>();
    List<Path> temps = new ArrayList<>();
    for (String name : list(expDir)) {
      if (name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX)) {
        temps.add(expDir.resolve(name));
      } else if (FileStore.mayBeRunFolder(name)) {
        names.add(name);
      }
    }
    Path indexFile = expDir.resolve(RunIndexFile.NAME);
    Map<String, Entry> old = RunIndexFile.read(indexFile, experimentId, expDir);
    Map<String, Path> paths = new ConcurrentHashMap<>(); // "params/lr" parsed once, not per run
    Check check = old.isEmpty() ? null : needs.against(((Validators) old.values().iterator().next().validators()).table());

    // Check the stored entries; the stats are independent system calls, so use the cores.
    List<Entry> checked = names.parallelStream().map(name -> current(old.get(name), expDir, name, check, paths)).toList();

    Listing listing = new Listing(store, experimentId, check);
    List<Entry> kept = new ArrayList<>(names.size());
    List<String> toRead = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Entry e = checked.get(i);
      if (e == null) {
        toRead.add(names.get(i));
      } else {
        kept.add(e);
        listing.add(e, needs.all);
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
          listing.add(e, true);
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
    listing.runs.sort(NEWEST_FIRST);
    return listing;
  }

  /**
   * What a query reads of a run besides meta.yaml: params, tags and metrics by key, as paths
   * below the run directory ({@code params/lr}).
   */
  public static final class Needs {
    private final Set<String> keys = new LinkedHashSet<>();
    private boolean all;

    /** Only meta.yaml (run id, name, status, user, times, artifact URI; not datasets). */
    public static Needs meta() {
      return new Needs();
    }

    /** Every file a run is read from. */
    public static Needs all() {
      Needs n = new Needs();
      n.all = true;
      return n;
    }

    public Needs param(String key) {
      keys.add(RunWriter.PARAMS + "/" + key);
      return this;
    }

    public Needs tag(String key) {
      keys.add(RunWriter.TAGS + "/" + key);
      return this;
    }

    public Needs metric(String key) {
      keys.add(RunWriter.METRICS + "/" + key);
      return this;
    }

    /** These needs in terms of the string table of an index file read. */
    Check against(RunIndexFile.Table table) {
      if (all) {
        return new Check(-1, null);
      }
      Map<String, Integer> ids = new HashMap<>();
      int[][] chains = new int[keys.size()][];
      int k = 0;
      for (String key : keys) {
        // The key's file, then each folder on its way up to the section: the deepest one an entry
        // has a stat of is where a change to the key would show.
        List<Integer> chain = new ArrayList<>();
        for (String p = key; p != null; p = p.lastIndexOf('/') < 0 ? null : p.substring(0, p.lastIndexOf('/'))) {
          chain.add(ids.computeIfAbsent(p, table::indexOf));
        }
        chains[k++] = chain.stream().mapToInt(Integer::intValue).toArray();
      }
      return new Check(table.indexOf(FileStore.META), chains);
    }
  }

  /**
   * Which stats of an entry show every change to what {@link Needs} reads (see the class
   * comment): meta.yaml's, and per key the key file's when the entry has one (its value is that
   * file's bytes), else the nearest folder's on its way (where the file would appear).
   */
  static final class Check {
    private final int metaIndex;
    private final int[][] chains; // null: every validator

    private Check(int metaIndex, int[][] chains) {
      this.metaIndex = metaIndex;
      this.chains = chains;
    }

    /** The positions in {@code v} of the validators to check; null when {@code v} lacks one (stale). */
    int[] select(Validators v) {
      int n = v.size();
      if (chains == null) {
        int[] every = new int[n];
        for (int i = 0; i < n; i++) {
          every[i] = i;
        }
        return every;
      }
      int[] selected = new int[chains.length + 1];
      int count = 0;
      int meta = find(v, metaIndex);
      if (meta < 0) {
        return null;
      }
      selected[count++] = meta;
      for (int[] chain : chains) {
        int found = -1;
        for (int c = 0; c < chain.length && found < 0; c++) {
          found = find(v, chain[c]);
        }
        if (found < 0) {
          return null; // a snapshot has every section: not one this code wrote
        }
        boolean seen = false;
        for (int i = 0; i < count; i++) {
          seen |= selected[i] == found;
        }
        if (!seen) {
          selected[count++] = found;
        }
      }
      return Arrays.copyOf(selected, count);
    }

    private static int find(Validators v, int pathIndex) {
      if (pathIndex < 0) {
        return -1;
      }
      for (int i = 0, n = v.size(); i < n; i++) {
        if (v.pathIndex(i) == pathIndex) {
          return i;
        }
      }
      return -1;
    }
  }

  /** The runs of one experiment, each checked for the {@link Needs} it was opened with. */
  public static final class Listing {
    private final FileStore store;
    private final String experimentId;
    private final Check check;
    private final List<StoredRun> runs = new ArrayList<>();
    private final Map<StoredRun, Entry> unchecked = new IdentityHashMap<>();

    private Listing(FileStore store, String experimentId, Check check) {
      this.store = store;
      this.experimentId = experimentId;
      this.check = check;
    }

    private void add(Entry e, boolean checkedInFull) {
      if (e.run() != null) {
        runs.add(e.run());
        if (!checkedInFull) {
          unchecked.put(e.run(), e);
        }
      }
    }

    /** The active runs, newest first. */
    public List<StoredRun> runs() {
      return runs;
    }

    /**
     * {@code run} (one of {@link #runs()}) checked against the store in full: the same object when
     * nothing else of it changed, else the run as read from its files now, or null when it is no
     * longer an active run.
     */
    public StoredRun complete(StoredRun run) throws IOException {
      Entry e = unchecked.get(run);
      if (e == null) {
        return run;
      }
      Path runDir = run.dir();
      try {
        // Only unchecked entries are here, and those were read from the index file.
        Validators validators = (Validators) e.validators();
        int[] checked = check.select(validators);
        boolean current = checked != null;
        for (int i = 0; current && i < validators.size(); i++) {
          if (!contains(checked, i)) {
            Validator v = validators.get(i);
            current = v.matches(v.path().isEmpty() ? runDir : runDir.resolve(v.path()));
          }
        }
        if (current) {
          return run;
        }
      } catch (IOException ignored) {
        // read it from the files, which reports the problem if there is one
      }
      Entry fresh = read(store, runDir, experimentId);
      return fresh == null ? null : fresh.run();
    }

    private static boolean contains(int[] a, int value) {
      for (int x : a) {
        if (x == value) {
          return true;
        }
      }
      return false;
    }
  }

  /** The stored entry when every stat {@code check} selects is unchanged, else null. */
  private static Entry current(Entry e, Path expDir, String name, Check check, Map<String, Path> paths) {
    if (e == null) {
      return null;
    }
    Path runDir = e.run() == null ? expDir.resolve(name) : e.run().dir(); // resolved once
    try {
      Validators validators = (Validators) e.validators(); // every entry read from the file
      int[] selected = check.select(validators);
      if (selected == null) {
        return null;
      }
      for (int i : selected) {
        Validator v = validators.get(i);
        if (!v.matches(runDir.resolve(paths.computeIfAbsent(v.path(), Path::of)))) {
          return null;
        }
      }
      return e;
    } catch (IOException | UncheckedIOException e2) {
      return null; // read it from the files, which reports the problem if there is one
    }
  }

  /** The names in {@code dir}: java.io's list makes no Path per entry (10,000 in a large experiment). */
  private static String[] list(Path dir) throws IOException {
    String[] names = dir.toFile().list();
    if (names == null) { // not a directory, or unreadable: let NIO say which
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        List<String> found = new ArrayList<>();
        entries.forEach(p -> found.add(p.getFileName().toString()));
        return found.toArray(String[]::new);
      }
    }
    return names;
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
    StoredRun run = store.readRun(runDir, experimentId).map(StoredRun::latestPointsOnly).orElse(null);
    boolean finished = run == null || run.status().isTerminal();
    return new Entry(runDir.getFileName().toString(), finished ? validators : null, run);
  }

  /** The stats of meta.yaml and of everything below params/, tags/ and metrics/. */
  static List<Validator> snapshot(Path runDir) throws IOException {
    List<Validator> validators = new ArrayList<>();
    // No stat of the run directory itself: a run directory replaced (or turned into a link)
    // gives meta.yaml another inode, and nothing else in it is read.
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
