package io.repro4j.runtime.data;

import io.repro4j.runtime.progress.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * One file's hash exactly as DVC computes it ({@code dvc_data/hashfile/hash.py}), read once and
 * hashed while reading.
 *
 * @param md5 32 lowercase hex digits
 * @param size the number of bytes in the file (before any CRLF normalisation)
 */
public record FileHash(String md5, long size) {
  /** DVC's read size ({@code fobj_md5}); md5-dos2unix decides text or binary per chunk of it. */
  static final int CHUNK_SIZE = 1 << 20;
  /** How many bytes at the start of each chunk decide whether it is text ({@code istextfile.py}). */
  static final int TEXT_PROBE_SIZE = 512;
  /**
   * Files at least this large are read on a second thread while the caller digests ({@link
   * ReadAhead}): the read system calls of a large file then hide behind MD5 on another core. Smaller
   * files are read by the caller: a directory's many files already keep every core hashing.
   */
  static final long READ_AHEAD_MIN_SIZE = 64L << 20;
  /** Buffers a read-ahead fills: one being digested, one being read, one in hand. */
  private static final int READ_AHEAD_BUFFERS = 3;
  /** One read buffer per thread: a directory of many small files must not allocate 1 MiB each. */
  private static final ThreadLocal<byte[]> CHUNK = ThreadLocal.withInitial(() -> new byte[CHUNK_SIZE]);

  /**
   * Hashes {@code file} in {@code mode}. A symbolic link is followed.
   *
   * @throws IOException when the file is missing, unreadable or not a regular file
   */
  public static FileHash of(Path file, HashMode mode) throws IOException {
    return of(file, mode, null);
  }

  /**
   * Hashes {@code file} in {@code mode}, adding each chunk's bytes to {@code progress} (if not
   * null) as it is read.
   */
  static FileHash of(Path file, HashMode mode, Progress progress) throws IOException {
    return of(file, mode, progress, READ_AHEAD_MIN_SIZE);
  }

  /** As {@link #of(Path, HashMode, Progress)}, reading ahead on another thread from this size on. */
  static FileHash of(Path file, HashMode mode, Progress progress, long readAheadMinSize) throws IOException {
    BasicFileAttributes attributes = regularFileAttributes(file);
    if (attributes.size() >= readAheadMinSize) {
      return ofReadAhead(file, mode, progress);
    }
    MessageDigest md5 = Md5.newDigest();
    byte[] chunk = CHUNK.get();
    long size = 0;
    // Measured (1 GiB, JDK 17, whose MD5 compress is an intrinsic): this stream read into a heap
    // array is as fast as a FileChannel into a direct buffer, and faster than mmap; MD5 is the cost.
    try (InputStream in = Files.newInputStream(file)) {
      while (true) {
        // Exactly CHUNK_SIZE bytes per chunk (a short read would move md5-dos2unix's boundaries).
        int n = in.readNBytes(chunk, 0, CHUNK_SIZE);
        if (n == 0) {
          break;
        }
        size += n;
        if (progress != null) {
          progress.advance(n);
        }
        digestChunk(md5, mode, chunk, n);
        if (n < CHUNK_SIZE) {
          break;
        }
      }
    }
    return new FileHash(HexFormat.of().formatHex(md5.digest()), size);
  }

  /**
   * The attributes of {@code file} (a symbolic link followed; one stat for the type and the size).
   *
   * @throws IOException naming the file when it is missing, a directory or not a regular file
   */
  static BasicFileAttributes regularFileAttributes(Path file) throws IOException {
    BasicFileAttributes attributes = attributesOrNull(file);
    if (attributes == null || !attributes.isRegularFile()) {
      throw new IOException(
          file
              + (attributes != null && attributes.isDirectory()
                  ? " is a directory; hash it with DirectoryHash (a .dir manifest)"
                  : attributes != null || Files.exists(file) ? " is not a regular file" : " does not exist"));
    }
    return attributes;
  }

  /** The file's attributes (a symbolic link followed), or null when they cannot be read. */
  private static BasicFileAttributes attributesOrNull(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
  }

  /** As the loop in {@link #of(Path, HashMode, Progress)}, with the reading on another thread. */
  private static FileHash ofReadAhead(Path file, HashMode mode, Progress progress) throws IOException {
    MessageDigest md5 = Md5.newDigest();
    long size = 0;
    try (ReadAhead chunks = new ReadAhead(Files.newInputStream(file), CHUNK_SIZE, READ_AHEAD_BUFFERS)) {
      while (true) {
        ReadAhead.Chunk chunk = chunks.next();
        int n = chunk.length();
        size += n;
        if (progress != null) {
          progress.advance(n);
        }
        digestChunk(md5, mode, chunk.bytes(), n);
        chunks.recycle(chunk);
        if (n < CHUNK_SIZE) {
          break;
        }
      }
    }
    return new FileHash(HexFormat.of().formatHex(md5.digest()), size);
  }

  /** Adds one chunk of {@code n} bytes (DVC's chunk: md5-dos2unix decides text per chunk). */
  private static void digestChunk(MessageDigest md5, HashMode mode, byte[] chunk, int n) {
    int length = mode == HashMode.MD5_DOS2UNIX && isTextBlock(chunk, Math.min(n, TEXT_PROBE_SIZE))
        ? dropCrBeforeLf(chunk, n)
        : n;
    md5.update(chunk, 0, length);
  }

  /**
   * DVC's {@code istextblock}: no NUL, and at most 30% of the bytes outside printable ASCII and
   * {@code \n \r \t \f \b}. An empty block is text.
   */
  static boolean isTextBlock(byte[] block, int length) {
    if (length == 0) {
      return true;
    }
    int nonText = 0;
    for (int i = 0; i < length; i++) {
      int b = block[i] & 0xff;
      if (b == 0) {
        return false;
      }
      boolean text = (b >= 32 && b < 127) || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == '\b';
      if (!text) {
        nonText++;
      }
    }
    return nonText / (double) length <= 0.30;
  }

  /**
   * Python's {@code chunk.replace(b"\r\n", b"\n")} in place on the first {@code length} bytes.
   *
   * @return the new length
   */
  static int dropCrBeforeLf(byte[] chunk, int length) {
    int out = 0;
    for (int i = 0; i < length; i++) {
      byte b = chunk[i];
      if (b == '\r' && i + 1 < length && chunk[i + 1] == '\n') {
        continue;
      }
      chunk[out++] = b;
    }
    return out;
  }
}
