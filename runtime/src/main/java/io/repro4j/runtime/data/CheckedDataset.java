package io.repro4j.runtime.data;

import java.nio.file.Path;

/**
 * A dataset after its check: where it was read, its hash, and whether that matched the pin.
 *
 * @param spec the declaration
 * @param path the absolute, normalised location that was hashed
 * @param md5 the md5 of its bytes, or a directory's {@code .dir} hash as DVC computes it
 * @param size its size in bytes (for a directory, the sum of its files' sizes)
 * @param nfiles 1 for a file; a directory's number of files
 * @param mode how it was hashed (the pin's mode; {@link HashMode#MD5} when not pinned by DVC)
 * @param expected the pinned hash, or empty when nothing is pinned
 */
public record CheckedDataset(
    DatasetSpec spec, Path path, String md5, long size, int nfiles, HashMode mode, String expected) {
  /** Whether the hash equals the pinned one; {@code true} when nothing is pinned. */
  public boolean matched() {
    return expected.isEmpty() || expected.equalsIgnoreCase(md5);
  }
}
