package io.repro4j.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The md5 of a file's bytes, as {@code md5sum} prints it and as DVC 3.x records it for a file
 * output with {@code hash: md5} (every byte hashed unchanged; DVC 2.x's {@code md5-dos2unix} mode,
 * which drops CR before LF in text files, is not this).
 */
public final class Md5 {
  private Md5() {}

  private static final int BUFFER_SIZE = 64 * 1024;

  /**
   * Hashes {@code file}, streamed through a 64 KiB buffer. A symbolic link is followed (DVC hashes
   * a file symlink as its target's content).
   *
   * @return 32 lowercase hex digits
   * @throws IOException when the file is missing, unreadable or a directory
   */
  public static String ofFile(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(
          file
              + " is a directory; Md5.ofFile hashes one file (DVC hashes a directory as a .dir"
              + " manifest of its files' md5s)");
    }
    MessageDigest md5 = newMd5();
    byte[] buffer = new byte[BUFFER_SIZE];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        md5.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  /** The md5 of {@code bytes}, 32 lowercase hex digits. */
  public static String ofBytes(byte[] bytes) {
    return HexFormat.of().formatHex(newMd5().digest(bytes));
  }

  /** A fresh MD5 digest. */
  static MessageDigest newDigest() {
    return newMd5();
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no MD5 (every Java SE runtime must have it)", e);
    }
  }
}
