package io.repro4j.runtime.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** File-system and URI helpers of the file store. */
final class StoreFiles {
  private StoreFiles() {}

  /**
   * Prefix of our staging directories in the store root. The {@code .trash} suffix is deliberate:
   * MLflow's experiment listing skips root entries whose name ends in {@code .trash}, so a staging
   * directory (or one left behind by a killed process) never shows up as a malformed experiment.
   */
  static final String STAGING_PREFIX = ".repro4j-staging-";

  static final String STAGING_SUFFIX = ".trash";

  static boolean isStagingName(String name) {
    return name.startsWith(STAGING_PREFIX) && name.endsWith(STAGING_SUFFIX);
  }

  // ---------------------------------------------------------------------------------------------
  // URIs and JSON

  /**
   * {@code file://} URI of an absolute path, as Python's {@code pathlib.Path.as_uri()} (what
   * MLflow's {@code path_to_local_file_uri} returns): the UTF-8 bytes of the path with everything
   * except {@code A-Za-z0-9_.-~/} percent-encoded in upper-case hex, no trailing slash.
   */
  static String fileUri(Path absolute) {
    if (!absolute.isAbsolute()) {
      throw new IllegalArgumentException("Not an absolute path: " + absolute);
    }
    byte[] bytes = absolute.toString().getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder("file://");
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '.'
          || c == '-'
          || c == '~'
          || c == '/') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /** Decodes {@code %XX} escapes (UTF-8) of a URI path; {@code +} stays {@code +}. */
  static String percentDecode(String s, String uriForMessages) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException(
              "Tracking URI '" + uriForMessages + "' has a truncated %-escape at position " + i);
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException(
              "Tracking URI '"
                  + uriForMessages
                  + "' has an invalid %-escape '"
                  + s.substring(i, i + 3)
                  + "'; write a literal % as %25");
        }
        int b = (hi << 4) | lo;
        if (b == 0) {
          throw new IllegalArgumentException(
              "Tracking URI '" + uriForMessages + "' contains %00 (NUL), which no path can hold");
        }
        out.write(b);
        i += 3;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(bytes, 0, bytes.length);
        i++;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * A JSON string literal as Python's {@code json.dumps} writes it (default {@code
   * ensure_ascii=True}): {@code \" \\ \b \f \n \r \t}, every other character outside {@code
   * ' '..'~'} as {@code \\uXXXX} in lower-case hex (non-BMP as a surrogate pair).
   */
  static String pythonJsonString(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c >= ' ' && c <= '~') {
            sb.append(c);
          } else {
            String h = Integer.toHexString(c);
            sb.append("\\u").append("0".repeat(4 - h.length())).append(h);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Atomic writes

  /**
   * Refuses to write {@code file} when {@code base} or a folder between them is a symbolic link,
   * which could lead outside the run directory (a key is checked by name; a link planted in the
   * store is what this catches). {@code file} must lie under {@code base}.
   *
   * @throws IOException naming the link
   */
  static void checkNoLinks(Path base, Path file) throws IOException {
    if (Files.isSymbolicLink(base)) {
      throw new IOException(base + " is a symbolic link, which could lead outside the run; refusing to write " + file);
    }
    Path dir = base;
    for (Path part : base.relativize(file.getParent() == null ? base : file.getParent())) {
      if (part.toString().isEmpty()) {
        continue;
      }
      dir = dir.resolve(part);
      if (Files.isSymbolicLink(dir)) {
        throw new IOException(
            dir + " is a symbolic link, which could lead outside the run; refusing to write " + file);
      }
    }
  }

  /**
   * {@code Files.isDirectory(path, NOFOLLOW_LINKS)} without the two exceptions JDK 17 creates
   * inside it for a missing path (a run's writer asks this of every new key and artifact): {@link
   * java.io.File#exists} is one {@code stat} and throws nothing; it follows links, so false means
   * missing or a link leading nowhere, and neither is a directory.
   */
  static boolean isPlainDirectory(Path path) {
    return path.toFile().exists() && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
  }

  /** {@code Files.isRegularFile(path, NOFOLLOW_LINKS)}, without exceptions for a missing path. */
  static boolean isPlainFile(Path path) {
    return path.toFile().exists() && Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Replaces {@code target} with {@code content} atomically: written to a temporary file in
   * {@code stagingDir} (same file system, and a directory no reader lists), optionally forced to
   * disk, then renamed over {@code target}. Readers see the old or the new bytes, never a part.
   * The rename replaces a symbolic link at {@code target} rather than following it.
   */
  static void writeAtomically(Path target, byte[] content, Path stagingDir, boolean durable)
      throws IOException {
    Path tmp = stagingDir.resolve(".repro4j-" + uniqueName() + ".tmp");
    boolean moved = false;
    try {
      // Files.createTempFile would make the file 0600; a shared store needs the umask's mode.
      writeNew(tmp, content, durable);
      moveAtomically(tmp, target);
      moved = true;
    } finally {
      if (!moved) { // after the rename there is nothing to delete: spare the system call
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Writes {@code content} to {@code file}, which must not exist (a temporary name, or a file in a
   * directory no reader sees yet), optionally forced to disk. Every small file of a run goes
   * through here, so that a fresh JVM compiles one JDK write path, not one per API.
   */
  static void writeNew(Path file, byte[] content, boolean durable) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (durable) {
        ch.force(true);
      }
    }
  }

  /**
   * A name no other writer picks (128 random bits in UUID form). Not {@link UUID#randomUUID}: a
   * temporary name needs no secure random, and that one costs a read of /dev/urandom and a SHA-1
   * round per file, a dozen times per run. CREATE_NEW and mkdir refuse a name taken anyway.
   */
  private static String uniqueName() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  /**
   * Forces a directory's entries (a rename into it) to disk. Linux allows this; where a file system
   * refuses to open a directory for it, the rename is as durable as that file system makes it.
   */
  static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | RuntimeException notSupported) {
      // e.g. some network file systems: nothing more can be done from Java.
    }
  }

  /**
   * Creates the directory {@code target} with its whole content at once: {@code populate} fills a
   * staging directory in {@code storeRoot}, which is then renamed to {@code target}. Returns false
   * (and leaves {@code target} alone) when {@code target} already exists, e.g. because a
   * concurrent creator won: rename(2) does not replace a non-empty directory.
   */
  static boolean createDirectoryAtomically(Path target, Path storeRoot, IoConsumer<Path> populate)
      throws IOException {
    // A link leading nowhere passes this look (it follows links) and makes the rename fail below.
    if (target.toFile().exists()) {
      return false;
    }
    Path staging = storeRoot.resolve(STAGING_PREFIX + uniqueName() + STAGING_SUFFIX);
    Files.createDirectory(staging); // not createTempDirectory: that one is 0700
    boolean moved = false;
    try {
      populate.accept(staging);
      try {
        moveAtomically(staging, target);
        moved = true;
        return true;
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        return false;
      } catch (FileSystemException e) {
        // Linux reports ENOTEMPTY as a plain FileSystemException("Directory not empty").
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          return false;
        }
        throw e;
      }
    } finally {
      if (!moved && Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
        deleteRecursively(staging);
      }
    }
  }

  private static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "Cannot rename "
              + source
              + " to "
              + target
              + " atomically: they are on different file systems. Keep the whole tracking root"
              + " (mlruns) on one file system (no mount points inside it).",
          e);
    }
  }

  /** Deletes a file tree without following symbolic links. */
  static void deleteRecursively(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** A consumer that may throw IOException. */
  @FunctionalInterface
  interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }
}
