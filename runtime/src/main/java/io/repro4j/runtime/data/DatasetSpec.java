package io.repro4j.runtime.data;

/**
 * A {@code @Dataset} as declared.
 *
 * @param name the config key and the name it is recorded under
 * @param defaultPath the declared location, relative to the working directory
 * @param md5 the expected md5 (32 lowercase hex digits, followed by {@code .dir} for a
 *     directory), or empty when not pinned
 * @param element the annotated field, for messages ({@code IrisTrainer.iris})
 */
public record DatasetSpec(String name, String defaultPath, String md5, String element) {
  /** Whether an expected hash is pinned. */
  public boolean pinned() {
    return !md5.isEmpty();
  }
}
