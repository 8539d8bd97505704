package io.repro4j.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file's or a directory's hash as DVC records it in a {@code .dvc} file: {@code md5} (ending in
 * {@code .dir} for a directory), {@code size} and, for a directory, {@code nfiles}.
 *
 * @param md5 32 lowercase hex digits, followed by {@code .dir} for a directory
 * @param size the bytes of the file, or of all files of the directory
 * @param nfiles the number of files of a directory; 1 for a file (DVC records none for a file)
 * @param directory whether this is a directory's {@code .dir} hash
 */
public record DvcHash(String md5, long size, int nfiles, boolean directory) {
  /**
   * Hashes the file or directory at {@code path} (a symbolic link is followed) in {@code mode}.
   *
   * @throws IOException when it cannot be read, or a directory holds something DVC refuses (a
   *     broken symlink, a {@code .dvcignore}, a special file)
   */
  public static DvcHash of(Path path, HashMode mode) throws IOException {
    return of(path, mode, null);
  }

  /**
   * Hashes the file or directory at {@code path} in {@code mode}, reading only the files that
   * {@code cache} (null for none) does not know unchanged.
   *
   * @throws IOException as {@link #of(Path, HashMode)}
   */
  public static DvcHash of(Path path, HashMode mode, HashCache cache) throws IOException {
    if (Files.isDirectory(path)) {
      DirectoryHash dir = DirectoryHash.of(path, mode, cache);
      return new DvcHash(dir.manifest().md5(), dir.size(), dir.manifest().entries().size(), true);
    }
    FileHash file = cache != null ? cache.fileHash(path, mode) : FileHash.of(path, mode);
    return new DvcHash(file.md5(), file.size(), 1, false);
  }
}
