package io.repro4j.runtime.data;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file replaced whole or not at all: what the hash cache's files and {@code repro4j.lock} need,
 * since a reader (another run, another node on NFS) must never see half of one.
 */
final class WholeFile {
  private WholeFile() {}

  /**
   * Writes {@code bytes} to a new temporary file beside {@code target} ({@code prefix}, random hex,
   * {@code .tmp}: on the same file system; created with the umask's mode, as any file the user
   * makes), then renames it over {@code target} in one step where the file system can, else
   * replacing it. The temporary file is removed if anything fails before the rename.
   */
  static void replace(Path target, byte[] bytes, String prefix) throws IOException {
    Path temporary = target.resolveSibling(
        prefix + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
    boolean moved = false;
    try {
      Files.write(temporary, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) { // after the rename there is nothing left to delete
        Files.deleteIfExists(temporary);
      }
    }
  }
}
