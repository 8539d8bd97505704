package io.repro4j.runtime.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * What changed in a directory since its pin: the files added, removed and modified, from the pinned
 * {@code .dir} manifest that DVC keeps in its cache ({@code .dvc/cache/files/md5/<xx>/<rest>.dir},
 * or {@code .dvc/cache/<xx>/<rest>.dir} for DVC 2.x).
 */
public final class ManifestDiff {
  private static final int MAX_LISTED = 20;

  private ManifestDiff() {}

  /**
   * The stored manifest of {@code expected} (a {@code .dir} hash) in the DVC cache of the nearest
   * folder at or above {@code start} that holds {@code .dvc/}, if there is one.
   */
  static Optional<Path> findStored(String expected, Path start) {
    String hex = expected.substring(0, 32);
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path cache = dir.resolve(".dvc").resolve("cache");
      if (Files.isDirectory(cache)) {
        for (Path candidate : List.of(
            cache.resolve("files/md5").resolve(hex.substring(0, 2)).resolve(hex.substring(2) + ".dir"),
            cache.resolve(hex.substring(0, 2)).resolve(hex.substring(2) + ".dir"))) {
          if (Files.isRegularFile(candidate)) {
            return Optional.of(candidate);
          }
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The lines that say what changed from the stored manifest of {@code expected} to {@code actual},
   * or a line that says why that cannot be shown.
   */
  static String describe(String expected, DvcManifest actual, Path start) {
    Optional<Path> stored = findStored(expected, start);
    if (stored.isEmpty()) {
      return "\n  no stored manifest of " + expected + " in a .dvc/cache at or above " + start
          + ", so the changed files cannot be listed ('dvc pull' fetches it)";
    }
    return changes(stored.get(), actual, "the pin");
  }

  /**
   * The lines that say what changed from the manifest stored at {@code stored} to {@code actual}
   * ({@code "\n  changes since SINCE (from FILE):"}, then added, removed and modified), or a line
   * that says why that cannot be shown.
   */
  public static String changes(Path stored, DvcManifest actual, String since) {
    Map<String, String> before;
    try {
      before = read(stored);
    } catch (IOException | DvcPin.PinException | RuntimeException e) {
      return "\n  the stored manifest " + stored + " is unreadable (" + e.getMessage()
          + "), so the changed files cannot be listed";
    }
    Map<String, String> after = new LinkedHashMap<>();
    actual.entries().forEach(e -> after.put(e.relpath(), e.md5()));
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> modified = new ArrayList<>();
    after.forEach((path, md5) -> {
      String old = before.get(path);
      if (old == null) {
        added.add(path);
      } else if (!old.equalsIgnoreCase(md5)) {
        modified.add(path);
      }
    });
    before.keySet().stream().filter(path -> !after.containsKey(path)).forEach(removed::add);
    removed.sort(DvcManifest.CODE_POINT_ORDER);
    return "\n  changes since " + since + " (from " + stored + "):"
        + list("added", added) + list("removed", removed) + list("modified", modified);
  }

  private static String list(String what, List<String> paths) {
    StringBuilder out = new StringBuilder("\n    " + what + " (" + paths.size() + ")");
    paths.stream().limit(MAX_LISTED).forEach(path -> out.append("\n      ").append(path));
    if (paths.size() > MAX_LISTED) {
      out.append("\n      ... and ").append(paths.size() - MAX_LISTED).append(" more");
    }
    return out.toString();
  }

  /** relpath -> md5 of a manifest file (JSON, which SnakeYAML's composer reads as YAML flow). */
  static Map<String, String> read(Path manifest) throws IOException, DvcPin.PinException {
    Node root = DvcPin.compose(manifest, Files.readString(manifest, StandardCharsets.UTF_8));
    if (!(root instanceof SequenceNode list)) {
      throw new IOException("not a JSON list");
    }
    Map<String, String> entries = new LinkedHashMap<>();
    for (Node item : list.getValue()) {
      String relpath = null;
      String md5 = null;
      if (item instanceof MappingNode map) {
        for (NodeTuple tuple : map.getValue()) {
          if (tuple.getKeyNode() instanceof ScalarNode key && tuple.getValueNode() instanceof ScalarNode value) {
            switch (key.getValue()) {
              case "relpath" -> relpath = value.getValue();
              case "md5" -> md5 = value.getValue();
              default -> {}
            }
          }
        }
      }
      if (relpath == null || md5 == null) {
        throw new IOException("an entry without relpath and md5");
      }
      entries.put(relpath, md5);
    }
    return entries;
  }
}
