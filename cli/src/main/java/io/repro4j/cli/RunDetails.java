package io.repro4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** What {@code show} and {@code diff} read beyond {@link StoredRun}: artifacts and environment.json. */
public final class RunDetails {
  static final String ENVIRONMENT = "repro4j/environment.json";

  private RunDetails() {}

  /** Artifact path (with '/') to size in bytes, sorted; symbolic links are not followed. */
  public static Map<String, Long> artifacts(StoredRun run) throws IOException {
    Path dir = run.dir().resolve("artifacts");
    Map<String, Long> files = new TreeMap<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return files;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              files.put(dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"), attrs.size());
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return files;
  }

  /**
   * {@code artifacts/repro4j/environment.json} flattened to dotted keys ({@code git.commit}),
   * values as text; empty when the run has none.
   *
   * @throws IOException when the file exists but is not JSON
   */
  public static Map<String, String> environment(StoredRun run) throws IOException {
    Path file = run.dir().resolve("artifacts").resolve(ENVIRONMENT);
    Map<String, String> flat = new TreeMap<>();
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return flat;
    }
    JsonNode root;
    try {
      root = Json.PLAIN.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    flatten("", root, flat);
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
    if (node.isObject() && node.size() > 0) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into);
      }
    } else if (!prefix.isEmpty()) {
      into.put(prefix, node.isTextual() ? node.textValue() : node.toString());
    }
  }
}
