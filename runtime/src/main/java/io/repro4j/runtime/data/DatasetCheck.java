package io.repro4j.runtime.data;

import io.repro4j.runtime.IoFailures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hashes every dataset of a run before it starts and compares each hash with its pin. A dataset is
 * a file (its md5, as DVC 3.x) or a directory (DVC's {@code .dir} hash of its files). A path named
 * by several datasets is read once.
 */
public final class DatasetCheck {
  private DatasetCheck() {}

  /** The outcome: every dataset that could be hashed, and one message per problem. */
  public record Result(List<CheckedDataset> datasets, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * Checks each dataset at {@code locations.get(spec.name())}, resolved against {@code workDir}.
   */
  public static Result check(List<DatasetSpec> specs, Map<String, Path> locations, Path workDir) {
    List<CheckedDataset> checked = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<Path, DvcHash> hashes = new HashMap<>();
    for (DatasetSpec spec : specs) {
      Path location = locations.get(spec.name());
      if (location == null) {
        problems.add("dataset '" + spec.name() + "' (" + spec.element() + ") has no location;"
            + " pass " + spec.name() + "=PATH");
        continue;
      }
      if (location.toString().isEmpty()) {
        problems.add("dataset '" + spec.name() + "' (" + spec.element() + ") has an empty location;"
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
        problems.add("dataset '" + spec.name() + "' (" + spec.element() + "): " + what + path + "\n  " + hint.substring(2));
        continue;
      }
      try {
        DvcHash hash = hashes.get(path);
        if (hash == null) {
          hash = DvcHash.of(path, HashMode.MD5);
          hashes.put(path, hash);
        }
        String md5 = hash.md5();
        CheckedDataset dataset = new CheckedDataset(spec, path, md5, hash.size());
        checked.add(dataset);
        if (!dataset.matched()) {
          problems.add("dataset '" + spec.name() + "' (" + spec.element() + ") does not match its pinned md5"
              + (hash.directory() ? "\n  directory: " : "\n  file:     ") + path
              + "\n  expected: " + spec.md5()
              + "\n  actual:   " + md5
              + "\n  if the new data is intended, update md5 in @Dataset of " + spec.element());
        }
      } catch (IOException e) {
        problems.add("dataset '" + spec.name() + "' (" + spec.element() + "): cannot read " + path + ": "
            + IoFailures.describe(e));
      }
    }
    return new Result(List.copyOf(checked), List.copyOf(problems));
  }
}
