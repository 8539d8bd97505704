package io.repro4j.runtime.data;

import io.repro4j.runtime.progress.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers file hashes so that a file is read again only when it changed: DVC's state database,
 * without SQLite (safe on NFS) and with stricter validators.
 *
 * <p>One cache file per hashed root (a dataset directory or file) and hash mode, holding every
 * file's relpath, its {@link Stamp} (device, inode, size, mtime and ctime in nanoseconds), when it
 * was stamped, and its md5, and every directory's listing with the directory's own stamp (the
 * directory memo: a directory whose stamp is unchanged is not listed again; its files are still
 * stat-ed, as a file's content changes without its directory changing). The format is
 * {@link CachedTree}'s: fixed-size records read into primitive arrays, no object per entry.
 *
 * <p>An entry is used only when the file's stamp is unchanged and the file was last modified more
 * than {@link #RACY_WINDOW_NANOS} before it was stamped: a write within the file system's
 * timestamp granularity of the hashing could otherwise leave the stamp unchanged (git's "racily
 * clean" entries); the same holds for a directory's listing. The whole file is read and checked (a CRC32C over its bytes, the
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

  private static final String SUFFIX = ".r4jh";
  private static final boolean UNIX_VIEW =
      FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
  /**
   * Whether a directory's stamp tells that its listing is unchanged: with the unix view (device,
   * inode, ctime); without it (Windows) only the mtime and creation time would, so every
   * directory is listed again there.
   */
  static final boolean LISTINGS_TRUSTED = UNIX_VIEW;
  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;

  /** Cache directories this process has cleaned of abandoned temporary files: once is enough. */
  private static final Set<Path> CLEANED = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong rebuilt = new AtomicLong();
  private final AtomicLong listingsReused = new AtomicLong();

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

  /** Directories whose listing came from the cache (not read again) since this instance was made. */
  long listingsReused() {
    return listingsReused.get();
  }

  void countListingReused() {
    listingsReused.incrementAndGet();
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
    CachedTree table = open(real, mode);
    if (table.files == 1 && table.relpath(0).isEmpty() && table.validFor(0, stat.stamp())) {
      count(1, 0, table.corrupt);
      return new FileHash(table.md5(0), stat.stamp().size());
    }
    long now = fileSystemNowNanos();
    Stamp before = stat(real, false).stamp();
    FileHash hash = FileHash.of(real, mode, progress);
    count(0, 1, table.corrupt);
    save(table, List.of(new Entry("", before, now, hash.md5())), "", List.of());
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

  private static final LinkOption[] FOLLOW = new LinkOption[0];
  private static final LinkOption[] NO_FOLLOW = new LinkOption[] {LinkOption.NOFOLLOW_LINKS};

  /** One lstat (or stat with {@code follow}) giving the entry's kind and stamp. */
  static Stat stat(Path path, boolean follow) throws IOException {
    if (UnixStat.AVAILABLE) {
      Stat stat = UnixStat.stat(path, follow ? FOLLOW : NO_FOLLOW);
      if (stat != null) {
        return stat;
      }
    }
    return statThroughViews(path, follow);
  }

  /** {@link #stat} through the public attribute views only (the same values, slower). */
  static Stat statThroughViews(Path path, boolean follow) throws IOException {
    LinkOption[] options = follow ? FOLLOW : NO_FOLLOW;
    if (UNIX_VIEW) {
      Map<String, Object> a = Files.readAttributes(path, "unix:mode,dev,ino,size,lastModifiedTime,ctime", options);
      return new Stat(kindOf((Integer) a.get("mode")), new Stamp((Long) a.get("dev"), (Long) a.get("ino"),
          (Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime"))));
    }
    // No unix view (Windows): no inode or ctime; the creation time stands in for the ctime.
    BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, options);
    Kind kind = a.isRegularFile() ? Kind.FILE : a.isDirectory() ? Kind.DIRECTORY
        : a.isSymbolicLink() ? Kind.SYMLINK : Kind.OTHER;
    Object key = a.fileKey();
    return new Stat(kind, new Stamp(0, key == null ? 0 : key.hashCode(), a.size(),
        nanos(a.lastModifiedTime()), nanos(a.creationTime())));
  }

  /** The kind of entry a {@code st_mode} says. */
  static Kind kindOf(int mode) {
    return switch (mode & S_IFMT) {
      case S_IFREG -> Kind.FILE;
      case S_IFDIR -> Kind.DIRECTORY;
      case S_IFLNK -> Kind.SYMLINK;
      default -> Kind.OTHER;
    };
  }

  private static long nanos(FileTime time) {
    return time.to(TimeUnit.NANOSECONDS);
  }

  /** A remembered hash: the file's stamp when it was hashed, when that stamp was taken, its md5. */
  record Entry(String relpath, Stamp stamp, long stampedAtNanos, String md5) {}

  /** Reads the remembered hashes of {@code root} (a real path) in {@code mode}; empty when none. */
  CachedTree open(Path root, HashMode mode) {
    String key = keyOf(root);
    Path file = dir.resolve(Md5.ofBytes((mode.dvcName() + "\0" + key).getBytes(StandardCharsets.UTF_8)) + SUFFIX);
    ByteBuffer bytes;
    try {
      bytes = readDirect(file);
    } catch (IOException e) {
      // none yet, or an unusable cache directory (which only costs speed); unreadable counts as corrupt
      return CachedTree.empty(file, key, mode, Files.isRegularFile(file));
    }
    try {
      return CachedTree.parse(bytes, file, key, mode);
    } catch (CachedTree.CorruptException e) {
      return CachedTree.empty(file, key, mode, true);
    }
  }

  /**
   * {@code file}'s bytes in a direct buffer: read with no copy through the heap, and its sections
   * then copied out in bulk ({@link CachedTree#parse}). A file cut short while read fails the
   * parse's length check.
   */
  private static ByteBuffer readDirect(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new IOException(file + " is too large for a hash cache file");
      }
      ByteBuffer bytes = ByteBuffer.allocateDirect((int) size);
      while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
        // until full, or the end of a file cut short
      }
      return bytes.flip();
    }
  }

  /**
   * Replaces the cache file of {@code table}'s root with {@code entries} (in the order to keep),
   * {@code manifestMd5} and the directory {@code listings}. A failure to write only costs the
   * next check its speed, so it is returned, not thrown.
   *
   * @return null when written, else why not
   */
  IOException save(CachedTree table, List<Entry> entries, String manifestMd5,
      List<CachedTree.Listing> listings) {
    try {
      byte[] bytes = CachedTree.serialise(table.key, table.mode, entries, manifestMd5, listings);
      Files.createDirectories(dir);
      WholeFile.replace(table.file, bytes, table.file.getFileName() + ".");
      if (CLEANED.add(dir)) {
        removeAbandonedTemporaryFiles();
      }
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  /**
   * Temporary files a killed process left behind, a day after they were written; once per process
   * and directory, as listing the directory on every save costs more than a few stale files.
   */
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
      Path probe = clockProbe();
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

  /**
   * A new empty file in the cache directory, named {@code *.tmp} as {@link #save}'s temporary files
   * are (and so removed by the same clean-up if left behind): not {@code Files.createTempFile},
   * whose first use in a JVM sets up a {@code SecureRandom}.
   */
  private Path clockProbe() throws IOException {
    // no pid in the name: ProcessHandle's set-up starts a thread pool; CREATE_NEW never clobbers
    Path probe = dir.resolve("clock." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      return Files.createFile(probe);
    } catch (FileAlreadyExistsException e) {
      return Files.createTempFile(dir, "clock", ".tmp"); // a name taken: practically never
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
}
