package io.repro4j.runtime.data;

import io.repro4j.runtime.IoFailures;
import io.repro4j.runtime.progress.Progress;
import io.repro4j.runtime.progress.ProgressLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Hashes every dataset of a run before it starts and compares each hash with its pin. A dataset is
 * a file (its md5, as DVC 3.x) or a directory (DVC's {@code .dir} hash of its files). A path named
 * by several datasets is read once per hash mode. All datasets are hashed at once on every core
 * ({@link HashBatch}), with a {@link ProgressLine} on a terminal if that takes more than a second. A
 * pin is inline ({@code md5}) or read from a {@code .dvc} or {@code dvc.lock} file ({@link DvcPin}),
 * whose entry also chooses the hash mode. A
 * dataset pinned neither way is checked against its entry in the {@link DataLock}, if it has one.
 */
public final class DatasetCheck {
  private DatasetCheck() {}

  /** A dataset whose pin is known, waiting for its hash. */
  private record Pending(
      DatasetSpec spec, Path location, Path path, HashMode mode, String expected, String pinSource,
      DataLock.Entry lockEntry) {}

  /**
   * The outcome: every dataset that could be hashed, one message per problem, and one per dataset
   * that does not match its {@link DataLock} entry (drift, which {@code --allow-data-drift} lets
   * a run accept; every other problem stops it).
   */
  public record Result(List<CheckedDataset> datasets, List<String> problems, List<String> drift) {
    /** An outcome without lock entries, so without drift. */
    public Result(List<CheckedDataset> datasets, List<String> problems) {
      this(datasets, problems, List.of());
    }

    /** Whether nothing is wrong, drift included. */
    public boolean ok() {
      return problems.isEmpty() && drift.isEmpty();
    }
  }

  /**
   * Checks each dataset at {@code locations.get(spec.name())}, resolved against {@code workDir},
   * reading every file (no hash cache).
   */
  public static Result check(List<DatasetSpec> specs, Map<String, Path> locations, Path workDir) {
    return check(specs, locations, workDir, null, Map.of(), null);
  }

  /**
   * Checks each dataset at {@code locations.get(spec.name())}, resolved against {@code workDir},
   * reading only the files {@code cache} (null for none) does not know unchanged.
   */
  public static Result check(List<DatasetSpec> specs, Map<String, Path> locations, Path workDir,
      HashCache cache) {
    return check(specs, locations, workDir, null, Map.of(), cache);
  }

  /**
   * As {@link #check(List, Map, Path)}; a dataset without an inline or DVC pin that has an entry in
   * {@code locked} (by dataset name, from {@code lock}) is checked against that entry.
   */
  public static Result check(
      List<DatasetSpec> specs, Map<String, Path> locations, Path workDir, DataLock lock, Map<String, DataLock.Entry> locked) {
    return check(specs, locations, workDir, lock, locked, null);
  }

  /**
   * As {@link #check(List, Map, Path, DataLock, Map)}, reading only the files {@code cache} (null
   * for none) does not know unchanged.
   */
  public static Result check(List<DatasetSpec> specs, Map<String, Path> locations, Path workDir,
      DataLock lock, Map<String, DataLock.Entry> locked, HashCache cache) {
    List<CheckedDataset> checked = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> drift = new ArrayList<>();
    // Each spec's slot holds its problem (a String) or, once the pins are read, its Pending hash;
    // all are then hashed at once on one pool, and reported in the specs' order.
    List<Object> slots = new ArrayList<>();
    List<HashBatch.Target> targets = new ArrayList<>();
    for (DatasetSpec spec : specs) {
      Path location = locations.get(spec.name());
      if (location == null) {
        slots.add("dataset '" + spec.name() + "' (" + spec.element() + ") has no location;"
            + " pass " + spec.name() + "=PATH");
        continue;
      }
      if (location.toString().isEmpty()) {
        slots.add("dataset '" + spec.name() + "' (" + spec.element() + ") has an empty location;"
            + " pass " + spec.name() + "=PATH");
        continue;
      }
      Path path = workDir.resolve(location).toAbsolutePath().normalize();
      if (!Files.isRegularFile(path) && !Files.isDirectory(path)) {
        String what = Files.exists(path) ? "not a regular file or directory: " : "file not found: ";
        String hint = location.isAbsolute()
            ? "; pass " + spec.name() + "=PATH to read another file"
            : "; relative paths are resolved against the working directory " + workDir
                + ": run from there or pass " + spec.name() + "=PATH";
        slots.add("dataset '" + spec.name() + "' (" + spec.element() + "): " + what + path + "\n  " + hint.substring(2));
        continue;
      }
      String expected = spec.md5();
      HashMode mode = HashMode.MD5;
      String pinSource = "md5 in @Dataset of " + spec.element();
      if (spec.pinnedByDvc()) {
        try {
          DvcPin pin = DvcPin.read(spec, workDir);
          expected = pin.md5();
          mode = pin.mode();
          pinSource = pin.source() + " (" + mode.dvcName() + ")";
        } catch (DvcPin.PinException e) {
          slots.add("dataset '" + spec.name() + "' (" + spec.element() + "): bad pin file " + e.getMessage());
          continue;
        }
      }
      DataLock.Entry lockEntry = spec.pinned() || lock == null ? null : locked.get(spec.name());
      if (lockEntry != null) {
        expected = lockEntry.md5();
        mode = lockEntry.mode();
        pinSource = lock.where(lockEntry);
      }
      slots.add(new Pending(spec, location, path, mode, expected, pinSource, lockEntry));
      targets.add(new HashBatch.Target(path, mode));
    }
    List<HashBatch.Outcome> outcomes = List.of();
    // Nothing to hash (no datasets, as in many a sweep's trials): no progress line and no pool.
    if (!targets.isEmpty()) {
      Progress progress = new Progress();
      try (ProgressLine line = ProgressLine.start("hashing data", progress, ProgressLine.Unit.BYTES, "files")) {
        outcomes = HashBatch.hashAll(targets, line.draws() ? progress : null, cache); // silent: no sizes to look up
      }
    }
    Iterator<HashBatch.Outcome> outcome = outcomes.iterator();
    for (Object slot : slots) {
      if (slot instanceof String problem) {
        problems.add(problem);
        continue;
      }
      Pending pending = (Pending) slot;
      DatasetSpec spec = pending.spec();
      Path path = pending.path();
      String expected = pending.expected();
      DataLock.Entry lockEntry = pending.lockEntry();
      HashBatch.Outcome result = outcome.next();
      if (result.failure() != null) {
        problems.add("dataset '" + spec.name() + "' (" + spec.element() + "): cannot read " + path + ": "
            + IoFailures.describe(result.failure()));
        continue;
      }
      Object hash = result.directory() != null ? result.directory() : result.file();
      CheckedDataset dataset = hash instanceof DirectoryHash dir
          ? new CheckedDataset(spec, path, dir.manifest().md5(), dir.size(), dir.manifest().entries().size(), pending.mode(), expected)
          : new CheckedDataset(spec, path, ((FileHash) hash).md5(), ((FileHash) hash).size(), 1, pending.mode(), expected);
      checked.add(dataset);
      if (!dataset.matched() && lockEntry != null) {
        drift.add(LockDrift.describe(spec, lock, lockEntry, pending.location(), dataset,
            hash instanceof DirectoryHash dir ? dir.manifest() : null));
      } else if (!dataset.matched()) {
        String changes = hash instanceof DirectoryHash dir && expected.endsWith(".dir")
            ? ManifestDiff.describe(expected.toLowerCase(java.util.Locale.ROOT), dir.manifest(), path)
            : "";
        problems.add("dataset '" + spec.name() + "' (" + spec.element() + ") does not match its pinned md5"
            + (hash instanceof DirectoryHash ? "\n  directory: " : "\n  file:     ") + path
            + "\n  expected: " + expected + (spec.pinnedByDvc() ? "  from " + pending.pinSource() : "")
            + "\n  actual:   " + dataset.md5()
            + changes
            + (spec.pinnedByDvc()
                ? "\n  if the new data is intended, update the pin: 'dvc add' or 'dvc repro' rewrites " + spec.dvcFile()
                : "\n  if the new data is intended, update md5 in @Dataset of " + spec.element()));
      }
    }
    return new Result(List.copyOf(checked), List.copyOf(problems), List.copyOf(drift));
  }
}
