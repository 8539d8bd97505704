package io.repro4j.runtime.data;

import java.nio.file.Path;
import java.util.Optional;

/** The report of a dataset that no longer matches its {@link DataLock} entry. */
final class LockDrift {
  private LockDrift() {}

  /**
   * What differs and how to accept it.
   *
   * @param location the dataset's location as the config gives it
   * @param manifest the directory's manifest now, or {@code null} for a file
   */
  static String describe(
      DatasetSpec spec, DataLock lock, DataLock.Entry entry, Path location, CheckedDataset dataset,
      DvcManifest manifest) {
    StringBuilder report = new StringBuilder()
        .append("dataset '").append(spec.name()).append("' (").append(spec.element()).append(") does not match ")
        .append(lock.file().getFileName())
        .append(manifest != null ? "\n  directory: " : "\n  file:     ").append(dataset.path())
        .append("\n  expected: ").append(entry.md5()).append("  from ").append(lock.where(entry))
        .append("\n  actual:   ").append(dataset.md5());
    if (!entry.path().equals(location.toString())) {
      report.append("\n  locked at path ").append(entry.path()).append(", read from ").append(location);
    }
    report.append(changes(lock, entry, dataset, manifest));
    report.append("\n  if the new data is intended, accept it with 'repro4j lock' (or the trainer's --lock)")
        .append(" and commit ").append(lock.file().getFileName())
        .append("; to run on it once, recording the drift, pass --allow-data-drift");
    return report.toString();
  }

  private static String changes(DataLock lock, DataLock.Entry entry, CheckedDataset dataset, DvcManifest manifest) {
    boolean lockedDirectory = entry.md5().endsWith(".dir");
    if (manifest == null) {
      return lockedDirectory ? "\n  locked as a directory (" + entry.nfiles() + " files), now a file" : "";
    }
    if (!lockedDirectory) {
      return "\n  locked as a file, now a directory of " + dataset.nfiles() + " files";
    }
    Optional<Path> stored = lock.storedManifest(entry.md5());
    if (stored.isEmpty()) {
      return "\n  no stored manifest " + lock.manifestPath(entry.md5()) + " (commit " + DataLock.MANIFEST_DIR
          + " with the lock file), so the changed files cannot be listed";
    }
    return ManifestDiff.changes(stored.get(), manifest, "the lock");
  }
}
