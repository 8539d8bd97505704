package io.repro4j.cli;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.StoredExperiment;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the run a user means: its full id, a unique prefix of its id (like git), or its unique
 * name; in any experiment, active or deleted.
 */
final class RunResolver {
  private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
  private static final int LISTED = 10;

  private RunResolver() {}

  static StoredRun resolve(FileStore store, String ref) throws IOException {
    if (ref.isEmpty()) {
      throw new UsageError("Empty run reference; give a run id, a prefix of one, or a run name");
    }
    if (FULL_ID.matcher(ref).matches()) {
      Optional<StoredRun> run = store.run(ref);
      if (run.isPresent()) {
        return run.get();
      }
    }
    if (HEX.matcher(ref).matches()) {
      List<String> ids = idsWithPrefix(store, ref);
      List<StoredRun> runs = new ArrayList<>();
      for (String id : ids) {
        store.run(id).ifPresent(runs::add);
      }
      if (runs.size() == 1) {
        return runs.get(0);
      }
      if (runs.size() > 1) {
        throw ambiguous("id prefix", ref, runs);
      }
    }
    List<StoredRun> named = new ArrayList<>();
    for (StoredExperiment e : store.experiments()) {
      for (StoredRun r : store.runs(e.id())) {
        if (ref.equals(r.runName())) {
          named.add(r);
        }
      }
    }
    if (named.size() == 1) {
      return named.get(0);
    }
    if (named.size() > 1) {
      throw ambiguous("name", ref, named);
    }
    throw new UsageError(
        "No run with id, id prefix or name '" + ref + "' in " + store.root()
            + "; list runs with: repro4j runs --tracking-uri " + store.root());
  }

  private static UsageError ambiguous(String what, String ref, List<StoredRun> runs) {
    runs.sort(io.repro4j.runtime.tracking.search.OrderBy.DEFAULT_ORDER);
    StringBuilder m =
        new StringBuilder("Run ")
            .append(what)
            .append(" '")
            .append(ref)
            .append("' matches ")
            .append(runs.size())
            .append(" runs; give more of the id:");
    for (StoredRun r : runs.subList(0, Math.min(LISTED, runs.size()))) {
      m.append("\n  ").append(r.runId()).append("  ").append(r.runName());
    }
    if (runs.size() > LISTED) {
      m.append("\n  ... and ").append(runs.size() - LISTED).append(" more");
    }
    return new UsageError(m.toString());
  }

  /** Run directory names starting with {@code prefix}, found by listing directories only. */
  private static List<String> idsWithPrefix(FileStore store, String prefix) throws IOException {
    List<String> ids = new ArrayList<>();
    for (StoredExperiment e : store.experiments()) {
      Path dir = e.active() ? store.root().resolve(e.id()) : store.root().resolve(".trash").resolve(e.id());
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
        for (Path p : entries) {
          String name = p.getFileName().toString();
          if (FULL_ID.matcher(name).matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            ids.add(name);
          }
        }
      }
    }
    return ids;
  }
}
