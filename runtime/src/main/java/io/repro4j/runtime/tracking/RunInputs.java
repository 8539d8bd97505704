package io.repro4j.runtime.tracking;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the dataset inputs of a stored run as MLflow does: each {@code <run>/inputs/<id>/meta.yaml}
 * of {@code source_type: DATASET} names a dataset directory {@code <experiment>/datasets/<source_id>/};
 * inputs whose dataset is missing are skipped (MLflow warns and skips them too).
 */
public final class RunInputs {
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

  private RunInputs() {}

  /** The run's dataset inputs, sorted by name then digest. */
  public static List<DatasetInput> datasets(StoredRun run) throws IOException {
    List<DatasetInput> result = new ArrayList<>();
    Path inputs = run.dir().resolve(RunWriter.INPUTS);
    if (!Files.isDirectory(inputs, LinkOption.NOFOLLOW_LINKS)) {
      return result;
    }
    Path datasets = run.dir().getParent().resolve("datasets");
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(inputs)) {
      for (Path input : entries) {
        Map<String, Object> meta = FileStore.readMeta(input.resolve(FileStore.META));
        if (meta == null || !"DATASET".equals(FileStore.string(meta.get("source_type")))) {
          continue;
        }
        String datasetId = FileStore.string(meta.get("source_id"));
        // The id becomes a path: accept only what MLflow writes (an md5), so it cannot escape.
        if (datasetId == null || !MD5_HEX.matcher(datasetId).matches()) {
          continue;
        }
        Map<String, Object> dataset = FileStore.readMeta(datasets.resolve(datasetId).resolve(FileStore.META));
        if (dataset == null) {
          continue;
        }
        String context = null;
        if (meta.get("tags") instanceof Map<?, ?> tags) {
          context = FileStore.string(tags.get("mlflow.data.context"));
        }
        result.add(
            new DatasetInput(
                FileStore.string(dataset.get("name")), FileStore.string(dataset.get("digest")), context));
      }
    }
    result.sort(
        Comparator.comparing(DatasetInput::name, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(DatasetInput::digest, Comparator.nullsLast(Comparator.naturalOrder())));
    return result;
  }
}
