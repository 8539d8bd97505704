package io.repro4j.runtime.launch;

import io.repro4j.runtime.ExperimentBinding;
import io.repro4j.runtime.IoFailures;
import io.repro4j.runtime.Repro4j;
import io.repro4j.runtime.config.ResolvedConfig;
import io.repro4j.runtime.data.CheckedDataset;
import io.repro4j.runtime.data.DataLock;
import io.repro4j.runtime.data.DatasetSpec;
import io.repro4j.runtime.data.DirectoryHash;
import io.repro4j.runtime.data.DvcManifest;
import io.repro4j.runtime.data.FileHash;
import io.repro4j.runtime.data.HashCache;
import io.repro4j.runtime.data.HashMode;
import io.repro4j.runtime.data.ManifestDiff;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --lock} and {@code --lock-check} (and {@code repro4j lock}, which runs them): hash every
 * dataset of the experiment that has no inline or DVC pin, at the location the run would read, and
 * write the hashes to the lock file, or say whether it is up to date. Datasets pinned by
 * {@code md5} or DVC are never locked: those pins are reviewed where they are written, and a lock
 * entry beside them could only contradict them.
 */
final class DataLocking {
  private DataLocking() {}

  /**
   * Locks (or checks the lock of) the datasets at their resolved locations, reading only the files
   * {@code cache} (null for none) does not know unchanged; returns the exit code.
   */
  static int lock(
      ExperimentBinding<?, ?> binding, ResolvedConfig config, Path workDir, Path lockFile, boolean checkOnly,
      HashCache cache, PrintStream out, PrintStream err) {
    DataLock lock;
    try {
      lock = DataLock.read(lockFile);
    } catch (DataLock.LockException e) {
      err.println("repro4j: " + e.getMessage());
      return Repro4j.EXIT_USAGE;
    }
    String experiment = binding.experimentName();
    Map<String, DataLock.Entry> previous = lock.entries(experiment);
    Map<String, DataLock.Entry> entries = new LinkedHashMap<>();
    List<DvcManifest> manifests = new ArrayList<>();
    Map<Path, Object> hashes = new HashMap<>(); // a path named twice is read once
    List<String> report = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    boolean changed = false;
    for (DatasetSpec spec : binding.datasets()) {
      DataLock.Entry old = previous.get(spec.name());
      if (spec.pinned()) {
        report.add("  skipped   " + spec.name() + ": pinned by "
            + (spec.pinnedByDvc() ? spec.dvcFile() : "md5 in @Dataset of " + spec.element())
            + ", which a lock never overrides");
        if (old != null) {
          report.add("  removed   " + spec.name() + ": its lock entry is unused while the dataset is pinned");
          changed = true;
        }
        continue;
      }
      Path location = config.getPath(spec.name());
      if (location == null || location.toString().isEmpty()) {
        problems.add("dataset '" + spec.name() + "' (" + spec.element() + ") has no location; pass "
            + spec.name() + "=PATH");
        continue;
      }
      Path path = workDir.resolve(location).toAbsolutePath().normalize();
      if (!Files.isRegularFile(path) && !Files.isDirectory(path)) {
        problems.add("dataset '" + spec.name() + "' (" + spec.element() + "): "
            + (Files.exists(path) ? "not a regular file or directory: " : "file not found: ") + path
            + "\n  relative paths are resolved against the working directory " + workDir
            + ": run from there or pass " + spec.name() + "=PATH");
        continue;
      }
      DataLock.Entry entry;
      try {
        Object hash = hashes.get(path);
        if (hash == null) {
          hash = Files.isDirectory(path) ? DirectoryHash.of(path, HashMode.MD5, cache)
              : cache != null ? cache.fileHash(path, HashMode.MD5) : FileHash.of(path, HashMode.MD5);
          hashes.put(path, hash);
        }
        if (hash instanceof DirectoryHash dir) {
          manifests.add(dir.manifest());
          entry = new DataLock.Entry(location.toString(), dir.manifest().md5(), HashMode.MD5, dir.size(),
              dir.manifest().entries().size(), 0);
        } else {
          FileHash file = (FileHash) hash;
          entry = new DataLock.Entry(location.toString(), file.md5(), HashMode.MD5, file.size(), 1, 0);
        }
      } catch (IOException e) {
        problems.add("dataset '" + spec.name() + "' (" + spec.element() + "): cannot read " + path + ": "
            + IoFailures.describe(e));
        continue;
      }
      entries.put(spec.name(), entry);
      if (old == null) {
        report.add("  locked    " + spec.name() + ": " + entry.path() + " " + entry.md5() + " (" + describe(entry) + ")");
        changed = true;
      } else if (old.sameAs(entry)) {
        report.add("  unchanged " + spec.name() + ": " + entry.path() + " " + entry.md5());
      } else {
        report.add("  updated   " + spec.name() + ": " + entry.path() + " " + old.md5() + " -> " + entry.md5()
            + " (" + describe(old) + " -> " + describe(entry) + ")"
            + (old.path().equals(entry.path()) ? "" : "\n    path " + old.path() + " -> " + entry.path())
            + changes(lock, old, hashes.get(path)).replace("\n  ", "\n    "));
        changed = true;
      }
    }
    for (String name : previous.keySet()) {
      if (binding.datasets().stream().noneMatch(spec -> spec.name().equals(name))) {
        report.add("  removed   " + name + ": the experiment has no such dataset");
        changed = true;
      }
    }
    if (!problems.isEmpty()) {
      err.println("repro4j: " + (problems.size() == 1 ? "1 data error" : problems.size() + " data errors")
          + " (" + lock.file() + " was not changed)");
      problems.forEach(err::println);
      return Repro4j.EXIT_USAGE;
    }

    if (checkOnly) {
      if (changed) {
        err.println("repro4j: " + lock.file() + " is out of date for experiment '" + experiment + "':");
        report.forEach(err::println);
        err.println("run 'repro4j lock' (or the trainer with --lock) to update it, then review and commit it");
        return Repro4j.EXIT_USAGE;
      }
      out.println("repro4j: " + lock.file() + " is up to date for experiment '" + experiment + "'");
      report.forEach(out::println);
      return Repro4j.EXIT_OK;
    }

    DataLock updated = lock.with(experiment, entries);
    try {
      for (DvcManifest manifest : manifests) {
        updated.storeManifest(manifest);
      }
      String current = lock.exists() ? Files.readString(lock.file()) : null;
      if (!updated.text().equals(current) && (lock.exists() || !entries.isEmpty())) {
        updated.write();
      }
    } catch (IOException e) {
      err.println("repro4j: cannot write " + lock.file() + ": " + IoFailures.describe(e)
          + "\n  choose a writable place with --lock-file PATH");
      return Repro4j.EXIT_USAGE;
    }
    if (entries.isEmpty() && !changed) {
      out.println("repro4j: nothing to lock for experiment '" + experiment + "': every dataset is pinned by md5"
          + " or DVC; " + lock.file() + " was not changed");
    } else {
      out.println("repro4j: " + (changed ? "updated " : "checked ") + lock.file() + " for experiment '"
          + experiment + "'" + (changed ? "; review and commit it" : ": nothing changed"));
    }
    report.forEach(out::println);
    return Repro4j.EXIT_OK;
  }

  /**
   * The tags a run records for the lock: where each lock-pinned dataset's pin was read
   * ({@code repro4j.dataset.NAME.lock}), and for drift accepted with {@code --allow-data-drift}
   * {@code repro4j.dataset.NAME.drift=true} and the run tag {@code repro4j.data_drift=true}.
   */
  static Map<String, String> tags(List<CheckedDataset> datasets, DataLock lock, Map<String, DataLock.Entry> locked) {
    Map<String, String> tags = new LinkedHashMap<>();
    boolean drift = false;
    for (CheckedDataset dataset : datasets) {
      DataLock.Entry entry = dataset.spec().pinned() ? null : locked.get(dataset.spec().name());
      if (entry != null) {
        String prefix = "repro4j.dataset." + dataset.spec().name() + ".";
        tags.put(prefix + "lock", lock.where(entry));
        if (!dataset.matched()) {
          tags.put(prefix + "drift", "true");
          drift = true;
        }
      }
    }
    if (drift) {
      tags.put("repro4j.data_drift", "true");
    }
    return tags;
  }

  private static String describe(DataLock.Entry entry) {
    return entry.md5().endsWith(".dir") ? entry.size() + " bytes in " + entry.nfiles() + " files" : entry.size() + " bytes";
  }

  private static String changes(DataLock lock, DataLock.Entry old, Object hash) {
    if (!(hash instanceof DirectoryHash dir) || !old.md5().endsWith(".dir")) {
      return "";
    }
    Optional<Path> stored = lock.storedManifest(old.md5());
    return stored.isEmpty()
        ? "\n  the old manifest " + lock.manifestPath(old.md5()) + " is missing, so the changed files cannot be listed"
        : ManifestDiff.changes(stored.get(), dir.manifest(), "the lock");
  }
}
