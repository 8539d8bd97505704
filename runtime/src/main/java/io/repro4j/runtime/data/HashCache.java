package io.repro4j.runtime.data;

import io.repro4j.runtime.progress.Progress;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * Remembers file hashes so that a file is read again only when it changed: DVC's state database,
 * without SQLite (safe on NFS) and with stricter validators.
 *
 * <p>One cache file per hashed root (a dataset directory or file) and hash mode, holding every
 * file's relpath, its {@link Stamp} (device, inode, size, mtime and ctime in nanoseconds), when it
 * was stamped, and its md5. An entry is used only when the file's stamp is unchanged and the file
 * was last modified more than {@link #RACY_WINDOW_NANOS} before it was stamped: a write within the
 * file system's timestamp granularity of the hashing could otherwise leave the stamp unchanged
 * (git's "racily clean" entries). The whole file is read and checked (a CRC32C over its bytes, the
 * format version, the root and the mode) before any entry is used; a file that fails a check is
 * ignored and rewritten, never trusted. Files are written to a temporary name and renamed over the
 * old one, so a reader sees a whole old or a whole new file; two processes updating one root at the
 * same time each write a consistent file and the last rename wins (the loser's work is only lost
 * to the cache, never wrong).
 *
 * <p>The file name is derived from the root's path relative to the cache directory, so moving a
 * project together with its project-local cache keeps the entries (a move keeps inodes and
 * times); a copy or a fresh clone has new inodes and ctimes and starts cold.
 */
public final class HashCache {
  /** Environment variable naming the cache directory, used when no {@code --hash-cache} is given. */
  public static final String ENV_DIR = "REPRO4J_CACHE_DIR";
  /** The default cache directory, relative to the working directory. */
  public static final Path DEFAULT_DIR = Path.of(".repro4j", "cache", "hashes");
  /** An entry whose file was modified this close before it was stamped is hashed again. */
  public static final long RACY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static final byte[] MAGIC = "R4JHASH\n".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final String SUFFIX = ".r4jh";
  private static final boolean UNIX_VIEW =
      FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;

  private final Path dir;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong rebuilt = new AtomicLong();

  private HashCache(Path dir) {
    this.dir = dir;
  }

  /**
   * What this cache saved so far: files whose hash came from the cache, files read and hashed,
   * and cache files that failed their checks and were rebuilt.
   */
  public record Stats(long hits, long misses, long rebuilt) {}

  /** The counts since this instance was made. */
  public Stats stats() {
    return new Stats(hits.get(), misses.get(), rebuilt.get());
  }

  void count(long hit, long miss, boolean corrupt) {
    hits.addAndGet(hit);
    misses.addAndGet(miss);
    if (corrupt) {
      rebuilt.incrementAndGet();
    }
  }

  /**
   * {@code file}'s hash (a symbolic link is followed), from the cache when the file is unchanged,
   * else read, hashed and remembered.
   */
  public FileHash fileHash(Path file, HashMode mode) throws IOException {
    return fileHash(file, mode, null);
  }

  /** As {@link #fileHash(Path, HashMode)}, counting the bytes read in {@code progress} (may be null). */
  FileHash fileHash(Path file, HashMode mode, Progress progress)
      throws IOException {
    Path real;
    Stat stat;
    try {
      real = file.toRealPath();
      stat = stat(real, false);
    } catch (IOException e) {
      return FileHash.of(file, mode, progress); // its message says what is wrong
    }
    if (stat.kind() != Kind.FILE) {
      return FileHash.of(file, mode, progress);
    }
    Table table = open(real, mode);
    Entry entry = table.entries().get("");
    if (entry != null && entry.validFor(stat.stamp())) {
      count(1, 0, table.corrupt());
      return new FileHash(entry.md5(), stat.stamp().size());
    }
    long now = fileSystemNowNanos();
    Stamp before = stat(real, false).stamp();
    FileHash hash = FileHash.of(real, mode, progress);
    count(0, 1, table.corrupt());
    save(table, List.of(new Entry("", before, now, hash.md5())), "");
    return hash;
  }

  /** A cache kept in {@code dir} (created when first written). */
  public static HashCache in(Path dir) {
    return new HashCache(dir.toAbsolutePath().normalize());
  }

  /**
   * The cache directory a user chose: {@code explicitDir} when given, else {@value #ENV_DIR}
   * when set and not empty, else {@link #DEFAULT_DIR} in {@code workDir}.
   */
  public static HashCache choose(Path explicitDir, Map<String, String> environment, Path workDir) {
    if (explicitDir != null) {
      return in(workDir.resolve(explicitDir));
    }
    String fromEnv = environment.get(ENV_DIR);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return in(workDir.resolve(fromEnv));
    }
    return in(workDir.resolve(DEFAULT_DIR));
  }

  /** The directory the cache files live in. */
  public Path dir() {
    return dir;
  }

  /**
   * What identifies a file's content without reading it: device, inode, size, and modification
   * and status-change times in nanoseconds. A symbolic link's stamp is its target's.
   */
  public record Stamp(long dev, long ino, long size, long mtimeNanos, long ctimeNanos) {}

  /** A stat of one directory entry, not following a symbolic link. */
  record Stat(Kind kind, Stamp stamp) {}

  enum Kind { FILE, DIRECTORY, SYMLINK, OTHER }

  /** One lstat (or stat with {@code follow}) giving the entry's kind and stamp. */
  static Stat stat(Path path, boolean follow) throws IOException {
    LinkOption[] options = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    if (UNIX_VIEW) {
      Map<String, Object> a = Files.readAttributes(path, "unix:mode,dev,ino,size,lastModifiedTime,ctime", options);
      int mode = (Integer) a.get("mode");
      Kind kind = switch (mode & S_IFMT) {
        case S_IFREG -> Kind.FILE;
        case S_IFDIR -> Kind.DIRECTORY;
        case S_IFLNK -> Kind.SYMLINK;
        default -> Kind.OTHER;
      };
      return new Stat(kind, new Stamp((Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
          nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime"))));
    }
    // No unix view (Windows): no inode or ctime; the creation time stands in for the ctime.
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, options);
    Kind kind = a.isRegularFile() ? Kind.FILE : a.isDirectory() ? Kind.DIRECTORY
        : a.isSymbolicLink() ? Kind.SYMLINK : Kind.OTHER;
    Object key = a.fileKey();
    return new Stat(kind, new Stamp(0, key == null ? 0 : key.hashCode(), a.size(),
        nanos(a.lastModifiedTime()), nanos(a.creationTime())));
  }

  private static long nanos(FileTime time) {
    return time.to(TimeUnit.NANOSECONDS);
  }

  /** A remembered hash: the file's stamp when it was hashed, when that stamp was taken, its md5. */
  record Entry(String relpath, Stamp stamp, long stampedAtNanos, String md5) {
    /** Whether this entry may stand for the file now stamped {@code now}. */
    boolean validFor(Stamp now) {
      return stamp.equals(now) && stamp.mtimeNanos() < stampedAtNanos - RACY_WINDOW_NANOS;
    }
  }

  /**
   * The remembered hashes of one root in one mode, as read from its cache file.
   *
   * @param entries by relpath ({@code ""} for a root that is a file itself)
   * @param ordered the entries in the order they were written (for a directory, the manifest's order)
   * @param manifestMd5 the directory hash written with them, or {@code ""}
   * @param corrupt whether a cache file existed but failed its checks (and so was ignored)
   */
  record Table(Path file, String key, HashMode mode, Map<String, Entry> entries, List<Entry> ordered,
      String manifestMd5, boolean corrupt) {}

  /** Reads the remembered hashes of {@code root} (a real path) in {@code mode}; empty when none. */
  Table open(Path root, HashMode mode) {
    String key = keyOf(root);
    Path file = dir.resolve(Md5.ofBytes((mode.dvcName() + "\0" + key).getBytes(StandardCharsets.UTF_8)) + SUFFIX);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      // none yet, or an unusable cache directory (which only costs speed); unreadable counts as corrupt
      return new Table(file, key, mode, Map.of(), List.of(), "", Files.isRegularFile(file));
    }
    try {
      return parse(bytes, file, key, mode);
    } catch (CorruptException | BufferUnderflowException | IllegalArgumentException e) {
      return new Table(file, key, mode, Map.of(), List.of(), "", true);
    }
  }

  /**
   * Replaces the cache file of {@code table}'s root with {@code entries} (in the order to keep)
   * and {@code manifestMd5}. A failure to write only costs the next check its speed, so it is
   * returned, not thrown.
   *
   * @return null when written, else why not
   */
  IOException save(Table table, List<Entry> entries, String manifestMd5) {
    try {
      byte[] bytes = serialise(table.key(), table.mode(), entries, manifestMd5);
      Files.createDirectories(dir);
      Path temp = dir.resolve(table.file().getFileName() + "." + ProcessHandle.current().pid() + "."
          + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        Files.write(temp, bytes);
        try {
          Files.move(temp, table.file(), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, table.file(), StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
      removeAbandonedTemporaryFiles();
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  /** Temporary files a killed process left behind, a day after they were written. */
  private void removeAbandonedTemporaryFiles() {
    long dayAgo = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(1);
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "*.tmp")) {
      for (Path temp : temps) {
        if (Files.getLastModifiedTime(temp).toMillis() < dayAgo) {
          Files.deleteIfExists(temp);
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      // another process may be cleaning too; what is left is cleaned next time
    }
  }

  /**
   * The file system's clock now, read from a file created in the cache directory (the clock that
   * stamps the files, which on NFS is the server's); the JVM's clock when the cache directory
   * cannot be written.
   */
  long fileSystemNowNanos() {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, "clock", ".tmp");
      try {
        return nanos(Files.getLastModifiedTime(probe));
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException e) {
      long now = System.currentTimeMillis();
      return TimeUnit.MILLISECONDS.toNanos(now);
    }
  }

  /** The root's path as seen from the cache directory, so that moving both together keeps it. */
  private String keyOf(Path root) {
    // The real path of the cache directory, or of its nearest existing ancestor before it is made:
    // the same key whether or not it exists yet.
    Path base = dir;
    for (Path existing = dir; existing != null; existing = existing.getParent()) {
      try {
        base = existing.toRealPath().resolve(existing.relativize(dir));
        break;
      } catch (IOException e) {
        // not there (yet): try its parent
      }
    }
    try {
      return base.relativize(root).toString();
    } catch (IllegalArgumentException e) {
      return root.toString(); // another root (Windows drive)
    }
  }

  private static final class CorruptException extends Exception {
    CorruptException(String message) {
      super(message, null, false, false);
    }
  }

  private static Table parse(byte[] bytes, Path file, String key, HashMode mode) throws CorruptException {
    if (bytes.length < MAGIC.length + 12) {
      throw new CorruptException("short");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 8);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.getLong(bytes.length - 8) != crc.getValue()) {
      throw new CorruptException("checksum");
    }
    if (!Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new CorruptException("magic");
    }
    in.position(MAGIC.length);
    if (in.getInt() != VERSION) {
      throw new CorruptException("version");
    }
    if (!readString(in).equals(mode.dvcName()) || !readString(in).equals(key)) {
      throw new CorruptException("another root or mode");
    }
    String manifestMd5 = readString(in);
    int count = in.getInt();
    if (count < 0 || count > (bytes.length - in.position()) / 60) {
      throw new CorruptException("count");
    }
    Map<String, Entry> entries = new HashMap<>(count * 4 / 3 + 1);
    Entry[] ordered = new Entry[count];
    byte[] md5 = new byte[16];
    HexFormat hex = HexFormat.of();
    for (int i = 0; i < count; i++) {
      String relpath = readString(in);
      Stamp stamp = new Stamp(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong());
      long stampedAt = in.getLong();
      in.get(md5);
      Entry entry = new Entry(relpath, stamp, stampedAt, hex.formatHex(md5));
      ordered[i] = entry;
      if (entries.put(relpath, entry) != null) {
        throw new CorruptException("duplicate relpath");
      }
    }
    if (in.position() != bytes.length - 8) {
      throw new CorruptException("trailing bytes");
    }
    return new Table(file, key, mode, entries, Arrays.asList(ordered), manifestMd5, false);
  }

  private static String readString(ByteBuffer in) throws CorruptException {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new CorruptException("string length");
    }
    String s = new String(bytes(in, length), StandardCharsets.UTF_8);
    return s;
  }

  private static byte[] bytes(ByteBuffer in, int length) {
    byte[] b = new byte[length];
    in.get(b);
    return b;
  }

  private static byte[] serialise(String key, HashMode mode, List<Entry> entries, String manifestMd5)
      throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + entries.size() * 90);
    DataOutputStream out = new DataOutputStream(buffer);
    out.write(MAGIC);
    out.writeInt(VERSION);
    writeString(out, mode.dvcName());
    writeString(out, key);
    writeString(out, manifestMd5);
    out.writeInt(entries.size());
    HexFormat hex = HexFormat.of();
    for (Entry entry : entries) {
      writeString(out, entry.relpath());
      Stamp s = entry.stamp();
      out.writeLong(s.dev());
      out.writeLong(s.ino());
      out.writeLong(s.size());
      out.writeLong(s.mtimeNanos());
      out.writeLong(s.ctimeNanos());
      out.writeLong(entry.stampedAtNanos());
      out.write(hex.parseHex(entry.md5()));
    }
    out.flush();
    CRC32C crc = new CRC32C();
    byte[] body = buffer.toByteArray();
    crc.update(body);
    out.writeLong(crc.getValue());
    out.flush();
    return buffer.toByteArray();
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }
}
