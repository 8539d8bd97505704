package io.repro4j.cli.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repro4j.cli.report.ReportModel;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunIndex;
import io.repro4j.runtime.tracking.StoredExperiment;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.runtime.tracking.search.OrderBy;
import io.repro4j.runtime.tracking.search.SearchFilter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The active runs of a store's active experiments, kept in memory for {@code repro4j ui}.
 *
 * <p>{@link #load} reads them through the store's search index ({@link RunIndex#open} checking
 * each run's meta.yaml: a run whose meta.yaml is unchanged since the index read it is taken from
 * the index); {@link #verify}, run in the background once the server is up, then checks every
 * run against all its files ({@link RunIndex#runs}) and takes in what the index had stale.
 * After that the runs are brought up to date incrementally when requests ask for them and they
 * are older than {@code maxAge}: a refresh lists each experiment directory and takes one {@code
 * lstat} of each run's meta.yaml; it reads a run again only when its directory is new, its
 * meta.yaml changed (status, end time, name, deletion) or it has not finished (its metrics grow).
 * A request does not wait for that refresh unless the runs are older than {@link #WAIT_AFTER_NANOS}
 * (the first look after a quiet time); a page that polls sees it at its next poll. Changes to a
 * finished run that leave its meta.yaml alone (a tag set after the run ended) are not seen until
 * the next full check ({@code verify(true)}, which {@code UiServer} runs every minute while the page is in use); a run's own
 * page ({@code /api/runs/ID}) always reads its files.
 *
 * <p>Searches (MLflow's filter and order syntax) run on the runs in memory; the last few results
 * are kept until the runs change, so a page that polls an unchanged store costs nothing but the
 * refresh.
 */
final class LiveRuns {

  private static final int CACHED_SEARCHES = 16;

  /** Runs older than this are refreshed before a request is answered; younger ones after. */
  static final long WAIT_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final FileStore store;
  private final long maxAgeNanos;
  /** Per active experiment id, its run directories; changed only under {@code this}'s lock. */
  private final Map<String, Map<String, Known>> experiments = new HashMap<>();

  private volatile Snapshot snapshot;
  private final java.util.concurrent.atomic.AtomicBoolean refreshing = new java.util.concurrent.atomic.AtomicBoolean();
  private final Map<String, Search> searches =
      Collections.synchronizedMap(
          new LinkedHashMap<>(CACHED_SEARCHES, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Search> eldest) {
              return size() > CACHED_SEARCHES;
            }
          });

  /**
   * The runs at one moment.
   *
   * @param generation changes whenever a run was added, removed or read again
   * @param takenNanos when the refresh that made it started ({@link System#nanoTime()})
   * @param runs every active run, newest first; each metric holds its latest point only
   * @param experimentNames every experiment's name by id
   */
  record Snapshot(long generation, long takenNanos, List<StoredRun> runs, Map<String, String> experimentNames) {}

  /** A search's matching runs in order, and the table columns over all of them. */
  record Search(List<StoredRun> matching, ObjectNode columns) {}

  /**
   * A run directory as last seen: the stat of its meta.yaml taken before it was read, the run
   * (null: not an active run), and whether it came from the index unchecked beyond meta.yaml.
   */
  private record Known(StoredRun run, MetaStat meta, boolean fromIndex) {
    Known(StoredRun run, MetaStat meta) {
      this(run, meta, false);
    }
  }

  /** What {@code lstat} says of a meta.yaml; {@link #UNKNOWN} equals no other. */
  private record MetaStat(FileTime modified, long size, Object fileKey) {
    static final MetaStat MISSING = new MetaStat(FileTime.fromMillis(0), -1, "missing");
    static final MetaStat UNKNOWN = new MetaStat(FileTime.fromMillis(0), -2, new Object());
  }

  private LiveRuns(FileStore store, long maxAgeMillis) {
    this.store = store;
    this.maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(maxAgeMillis);
  }

  /** Reads every active run of the store (through its search index, which it writes if missing). */
  static LiveRuns load(FileStore store, long maxAgeMillis) throws IOException {
    LiveRuns live = new LiveRuns(store, maxAgeMillis);
    synchronized (live) {
      live.refresh(0);
    }
    // The page's first request: all runs, newest first (sorted, and the columns taken, now).
    live.search(live.snapshot, SearchFilter.parse(""), List.of());
    return live;
  }

  /**
   * The runs. When the last refresh started more than maxAge ago, a refresh is started in the
   * background ({@code background} runs it) and these runs are returned at once; when it started
   * more than {@link #WAIT_AFTER_NANOS} ago, the refresh is done first.
   */
  Snapshot current(java.util.concurrent.Executor background) throws IOException {
    Snapshot s = snapshot;
    long age = System.nanoTime() - s.takenNanos();
    if (age < maxAgeNanos) {
      return s;
    }
    if (age < WAIT_AFTER_NANOS) {
      if (refreshing.compareAndSet(false, true)) {
        background.execute(
            () -> {
              try {
                refreshNow();
              } catch (IOException | RuntimeException e) {
                System.err.println("repro4j ui: could not refresh the runs: " + e);
              } finally {
                refreshing.set(false);
              }
            });
      }
      return s;
    }
    return refreshNow();
  }

  /** The runs as they are, without a refresh. */
  Snapshot last() {
    return snapshot;
  }

  /** The runs, refreshed first when the last refresh started more than maxAge ago. */
  Snapshot refreshNow() throws IOException {
    Snapshot s;
    synchronized (this) {
      s = snapshot;
      if (System.nanoTime() - s.takenNanos() < maxAgeNanos) {
        return s; // refreshed by another request meanwhile
      }
      refresh(s.generation());
      return snapshot;
    }
  }

  /** The runs of {@code s} that match {@code filter}, in {@code order} (MLflow's default when empty). */
  Search search(Snapshot s, SearchFilter filter, List<OrderBy> order) throws IOException {
    String key = s.generation() + "\u0000" + filter.text() + "\u0000" + order;
    Search cached = searches.get(key);
    if (cached != null) {
      return cached;
    }
    List<StoredRun> matching = new ArrayList<>();
    for (StoredRun r : s.runs()) {
      if (filter.matches(r)) {
        matching.add(r);
      }
    }
    matching.sort(OrderBy.comparator(order));
    Search search = new Search(Collections.unmodifiableList(matching), ReportModel.columns(matching));
    searches.put(key, search);
    return search;
  }

  /** Brings the runs up to date; called under the lock. */
  private void refresh(long generation) throws IOException {
    long started = System.nanoTime();
    boolean changed = snapshot == null;
    Map<String, String> names = new TreeMap<>();
    List<String> active = new ArrayList<>();
    for (StoredExperiment e : store.experiments()) {
      names.put(e.id(), e.name());
      if (e.active()) {
        active.add(e.id());
      }
    }
    changed |= experiments.keySet().retainAll(active);
    for (String id : active) {
      Map<String, Known> known = experiments.get(id);
      if (known == null) {
        experiments.put(id, loadExperiment(id));
        changed = true;
      } else {
        changed |= refreshExperiment(id, known);
      }
    }
    if (!changed && snapshot.experimentNames().equals(names)) {
      snapshot = new Snapshot(generation, started, snapshot.runs(), snapshot.experimentNames());
      return;
    }
    publish(generation, started, names);
  }

  /** Makes the runs in {@link #experiments} the current snapshot; called under the lock. */
  private void publish(long generation, long takenNanos, Map<String, String> names) {
    List<StoredRun> runs = new ArrayList<>();
    for (Map<String, Known> known : experiments.values()) {
      for (Known k : known.values()) {
        if (k.run() != null) {
          runs.add(k.run());
        }
      }
    }
    runs.sort(OrderBy.DEFAULT_ORDER);
    snapshot = new Snapshot(generation + 1, takenNanos, List.copyOf(runs), Map.copyOf(names));
    searches.clear();
  }

  /**
   * An experiment seen for the first time: its runs through the search index; at start checked
   * for their meta.yaml only ({@link #verify} checks the rest), later in full.
   */
  private Map<String, Known> loadExperiment(String id) throws IOException {
    boolean atStart = snapshot == null;
    Path dir = store.root().resolve(id);
    // The stats first: a meta.yaml that changes after them is read again by the next refresh.
    Map<String, MetaStat> stats = metaStats(dir, runDirs(dir));
    Map<String, Known> known = new HashMap<>();
    stats.forEach((name, stat) -> known.put(name, new Known(null, stat)));
    for (StoredRun r : RunIndex.open(store, id, atStart ? RunIndex.Needs.meta() : RunIndex.Needs.all()).runs()) {
      String name = r.dir().getFileName().toString();
      known.put(name, new Known(r, stats.getOrDefault(name, MetaStat.UNKNOWN), atStart));
    }
    return known;
  }

  /**
   * Checks the runs taken from the index ({@code everyRun}: every run) against all their files
   * (params, tags, metrics), and replaces those that differ. Returns how many it replaced. Meant
   * for a background thread: it stats every file of every run.
   */
  int verify(boolean everyRun) throws IOException {
    List<String> ids;
    synchronized (this) {
      ids = new ArrayList<>(experiments.keySet());
    }
    int replaced = 0;
    for (String id : ids) {
      List<StoredRun> checked;
      try {
        checked = RunIndex.runs(store, id);
      } catch (IllegalArgumentException gone) {
        continue; // the experiment was deleted meanwhile
      }
      synchronized (this) {
        Map<String, Known> known = experiments.get(id);
        if (known == null) {
          continue;
        }
        int before = replaced;
        for (StoredRun r : checked) {
          String name = r.dir().getFileName().toString();
          Known k = known.get(name);
          if (k != null && (everyRun || k.fromIndex())) {
            if (!r.equals(k.run())) {
              replaced++;
            }
            known.put(name, new Known(r, k.meta()));
          }
        }
        if (replaced > before) {
          publish(snapshot.generation(), snapshot.takenNanos(), snapshot.experimentNames());
        }
      }
    }
    return replaced;
  }

  /** Reads again what changed in an experiment; whether anything did. */
  private boolean refreshExperiment(String id, Map<String, Known> known) throws IOException {
    Path dir = store.root().resolve(id);
    Map<String, MetaStat> stats = metaStats(dir, runDirs(dir));
    boolean changed = known.keySet().retainAll(stats.keySet());
    for (Map.Entry<String, MetaStat> e : stats.entrySet()) {
      Known k = known.get(e.getKey());
      boolean stale =
          k == null || !k.meta().equals(e.getValue()) || (k.run() != null && !k.run().status().isTerminal());
      if (!stale) {
        continue;
      }
      StoredRun now = read(id, e.getKey());
      if (k == null || !Objects.equals(k.run(), now)) {
        changed = true;
      }
      known.put(e.getKey(), new Known(now, e.getValue()));
    }
    return changed;
  }

  /**
   * The run in {@code <experiment>/<name>} with its latest metric points only, or null when it is
   * not an active run there.
   */
  private StoredRun read(String experimentId, String name) throws IOException {
    return store.readRun(store.root().resolve(experimentId).resolve(name), experimentId)
        .map(StoredRun::latestPointsOnly)
        .orElse(null);
  }

  /** The names in an experiment directory that may be run directories. */
  private static List<String> runDirs(Path experimentDir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(experimentDir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (FileStore.mayBeRunFolder(name)) {
          names.add(name);
        }
      }
    } catch (NoSuchFileException e) {
      // the experiment was just deleted: no runs
    }
    return names;
  }

  /** One lstat of each run's meta.yaml; independent system calls, so on all cores. */
  private static Map<String, MetaStat> metaStats(Path experimentDir, List<String> names) {
    List<MetaStat> stats =
        names.parallelStream().map(n -> metaStat(experimentDir.resolve(n).resolve("meta.yaml"))).toList();
    Map<String, MetaStat> byName = new HashMap<>(names.size() * 2);
    for (int i = 0; i < names.size(); i++) {
      byName.put(names.get(i), stats.get(i));
    }
    return byName;
  }

  private static MetaStat metaStat(Path meta) {
    try {
      BasicFileAttributes a = Files.readAttributes(meta, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new MetaStat(a.lastModifiedTime(), a.size(), a.fileKey() == null ? "" : a.fileKey());
    } catch (NoSuchFileException e) {
      return MetaStat.MISSING;
    } catch (IOException e) {
      return MetaStat.UNKNOWN; // read it, which reports the problem if there is one
    }
  }
}
