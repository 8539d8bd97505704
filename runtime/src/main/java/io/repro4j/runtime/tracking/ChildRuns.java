package io.repro4j.runtime.tracking;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The child runs of one parent run (a sweep's trials), read with only what the caller names: the
 * {@code mlflow.parentRunId} tag first (a run of another parent costs one small read), then {@code
 * meta.yaml}, the named tags and the named metrics. {@link FileStore#runs} reads every param, tag
 * and metric of every run of the experiment; a sweep's table of a thousand trials needs two tags
 * and one metric of each.
 *
 * <p>The runs returned are {@link StoredRun}s holding no params, and only the named tags and
 * metrics that exist. As {@link FileStore#runs}: deleted runs and directories that are not runs
 * are skipped, symbolic links are not followed.
 */
public final class ChildRuns {
  private ChildRuns() {}

  /**
   * The active runs of experiment {@code experimentId} whose {@code mlflow.parentRunId} is {@code
   * parentRunId}, in no particular order.
   *
   * @throws IllegalArgumentException when there is no such experiment
   */
  public static List<StoredRun> of(
      FileStore store, String experimentId, String parentRunId, Collection<String> tagKeys,
      Collection<String> metricKeys) throws IOException {
    Path expDir = store.experimentDir(experimentId);
    if (expDir == null) {
      throw new IllegalArgumentException(
          "No experiment with id '" + experimentId + "' in " + store.root() + " (nor in its .trash)");
    }
    for (String key : tagKeys) {
      MlflowNames.checkKey("tag name", key);
    }
    for (String key : metricKeys) {
      MlflowNames.checkKey("metric name", key);
    }
    List<StoredRun> runs = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(expDir)) {
      for (Path dir : entries) {
        String name = dir.getFileName().toString();
        if (!FileStore.mayBeRunFolder(name)) {
          continue;
        }
        Path tags = dir.resolve(RunWriter.TAGS);
        if (!parentRunId.equals(readValue(tags.resolve(FileStore.PARENT_RUN_ID_TAG)))
            || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          continue; // not a child of this parent, or a link to a run elsewhere
        }
        read(dir, experimentId, tagKeys, metricKeys).ifPresent(runs::add);
      }
    }
    return runs;
  }

  private static Optional<StoredRun> read(
      Path dir, String expId, Collection<String> tagKeys, Collection<String> metricKeys) throws IOException {
    Map<String, Object> meta = FileStore.activeMeta(dir, expId);
    if (meta == null) {
      return Optional.empty();
    }
    Map<String, String> tags = new TreeMap<>();
    for (String key : Set.copyOf(tagKeys)) {
      String value = readValue(dir.resolve(RunWriter.TAGS).resolve(key));
      if (value != null) {
        tags.put(key, value);
      }
    }
    Map<String, List<MetricPoint>> metrics = new TreeMap<>();
    for (String key : Set.copyOf(metricKeys)) {
      Path file = dir.resolve(RunWriter.METRICS).resolve(key);
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        metrics.put(key, FileStore.readMetricFile(file));
      }
    }
    return Optional.of(FileStore.storedRun(meta, dir, expId, Map.of(), tags, metrics));
  }

  /** A tag file's value; null when it is missing, not a regular file, or a symbolic link. */
  private static String readValue(Path file) throws IOException {
    try (SeekableByteChannel channel =
        Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      long size = channel.size();
      if (size > MlflowNames.MAX_TAG_VALUE_LENGTH * 4L) {
        return null; // no tag value is this long: not a tag file
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read it all
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (FileSystemException e) { // a link (ELOOP), not a directory on the way (ENOTDIR)
      return null;
    } catch (IOException e) {
      if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        return null; // a folder of keys 'mlflow.parentRunId/...', not a value
      }
      throw e;
    }
  }
}
