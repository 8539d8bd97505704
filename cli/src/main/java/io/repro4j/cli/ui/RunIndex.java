package io.repro4j.cli.ui;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.StoredExperiment;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.search.OrderBy;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The active runs of a store held in memory, so that a page of 10,000 runs is a filter and a sort
 * away rather than 10,000 directory reads. A rescan lists the run directories and re-reads only
 * runs whose meta.yaml or params/tags/metrics directories changed, and every RUNNING run (its metric
 * files grow without touching a directory). Rescans run in the background, at most one at a time,
 * no more often than the refresh interval nor than ten times the last rescan took; readers get
 * the last complete snapshot (a running run's curves are read fresh, not from here).
 */
final class RunIndex {
  private static final Pattern RUN_DIR = Pattern.compile("[a-zA-Z0-9][\\w\\-]{0,255}");

  /** A consistent view: runs in MLflow's default order and experiment names. */
  record Snapshot(List<StoredRun> runs, Map<String, String> experimentNames, long takenAtNanos) {}

  private record Signature(long metaModified, long metaSize, long params, long tags, long metrics) {}

  private record Entry(StoredRun run, Signature signature) {}

  private final FileStore store;
  private final long refreshNanos;
  private final AtomicBoolean scanning = new AtomicBoolean();
  private Map<Path, Entry> entries = new HashMap<>();
  private volatile Snapshot snapshot;
  private volatile long lastScanNanos;

  RunIndex(FileStore store, long refreshMillis) {
    this.store = store;
    this.refreshNanos = refreshMillis * 1_000_000L;
  }

  /** Reads the whole store once; call before serving. */
  void load() throws IOException {
    rescan();
  }

  /** The last snapshot; starts a background rescan when it is older than the refresh interval. */
  Snapshot snapshot() {
    Snapshot s = snapshot;
    // On a large store a rescan costs seconds of CPU: at most a tenth of the time goes to rescans.
    long interval = Math.max(refreshNanos, 10 * lastScanNanos);
    if (System.nanoTime() - s.takenAtNanos() > interval && scanning.compareAndSet(false, true)) {
      Thread t =
          new Thread(
              () -> {
                try {
                  rescan();
                } catch (IOException | RuntimeException e) {
                  System.err.println("repro4j ui: could not rescan " + store.root() + ": " + e);
                } finally {
                  scanning.set(false);
                }
              },
              "repro4j-ui-rescan");
      t.setDaemon(true);
      t.start();
    }
    return s;
  }

  private synchronized void rescan() throws IOException {
    long started = System.nanoTime();
    Map<String, String> names = new TreeMap<>();
    Map<Path, Entry> next = new HashMap<>();
    for (StoredExperiment e : store.experiments()) {
      names.put(e.id(), e.name());
      if (!e.active()) {
        continue;
      }
      Path expDir = store.root().resolve(e.id());
      if (entries.isEmpty()) {
        // First load: the store's own bulk read.
        for (StoredRun r : store.runs(e.id())) {
          next.put(r.dir(), new Entry(r, signature(r.dir())));
        }
        continue;
      }
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(expDir)) {
        for (Path dir : dirs) {
          String name = dir.getFileName().toString();
          if (!RUN_DIR.matcher(name).matches() || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            continue;
          }
          Signature sig = signature(dir);
          Entry old = entries.get(dir);
          if (old != null && old.signature().equals(sig) && old.run().status() != RunStatus.RUNNING) {
            next.put(dir, old);
            continue;
          }
          Optional<StoredRun> run = read(name);
          run.ifPresent(r -> next.put(dir, new Entry(r, sig)));
        }
      } catch (NoSuchFileException gone) {
        // The experiment was deleted while we listed it.
      }
    }
    List<StoredRun> runs = new ArrayList<>(next.size());
    next.values().forEach(en -> runs.add(en.run()));
    runs.sort(OrderBy.DEFAULT_ORDER);
    entries = next;
    snapshot = new Snapshot(List.copyOf(runs), Map.copyOf(names), System.nanoTime());
    lastScanNanos = System.nanoTime() - started;
  }

  private Optional<StoredRun> read(String runId) throws IOException {
    try {
      return store.run(runId);
    } catch (IllegalArgumentException notARunId) {
      return Optional.empty();
    }
  }

  private static Signature signature(Path dir) {
    long[] meta = attributes(dir.resolve("meta.yaml"));
    return new Signature(
        meta[0], meta[1], attributes(dir.resolve("params"))[0], attributes(dir.resolve("tags"))[0], attributes(dir.resolve("metrics"))[0]);
  }

  private static long[] attributes(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new long[] {a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size()};
    } catch (IOException e) {
      return new long[] {-1, -1};
    }
  }
}
