package io.repro4j.runtime.data;

/**
 * A {@code @Dataset} as declared.
 *
 * @param name the config key and the name it is recorded under
 * @param defaultPath the declared location, relative to the working directory
 * @param md5 the expected md5 (32 lowercase hex digits, followed by {@code .dir} for a
 *     directory), or empty when not pinned inline
 * @param element the annotated field, for messages ({@code IrisTrainer.iris})
 * @param dvcFile the {@code .dvc} or {@code dvc.lock} file that pins it, relative to the working
 *     directory, or empty
 * @param dvcStage the {@code dvc.lock} stage that names it; empty for a {@code .dvc} file
 */
public record DatasetSpec(
    String name, String defaultPath, String md5, String element, String dvcFile, String dvcStage) {
  /** A dataset pinned inline by {@code md5}, or not pinned when it is empty. */
  public DatasetSpec(String name, String defaultPath, String md5, String element) {
    this(name, defaultPath, md5, element, "", "");
  }

  /** Whether an expected hash is pinned, inline or by a DVC file. */
  public boolean pinned() {
    return !md5.isEmpty() || !dvcFile.isEmpty();
  }

  /** Whether the pin is read from a {@code .dvc} or {@code dvc.lock} file. */
  public boolean pinnedByDvc() {
    return !dvcFile.isEmpty();
  }
}
