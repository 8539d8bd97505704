package io.repro4j.runtime.data;

import io.repro4j.runtime.IoFailures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory's hash as DVC builds it ({@code dvc_data/hashfile/build.py} {@code _build_tree}):
 * every file below it, hashed in the directory's mode, listed in a {@link DvcManifest}.
 *
 * <p>What is hashed, as in DVC: dot-files; a file symlink as its target's content under the link's
 * name. What is left out, as in DVC: empty directories, directory symlinks (not followed) and,
 * when the directory lies inside a DVC repository (it or an ancestor holds {@code .dvc/}), what
 * DVC's ignore rules leave out ({@link DvcIgnore}: {@code .git}, {@code .hg/}, {@code .dvc/} and
 * the patterns of every {@code .dvcignore} from the repository root down) and subrepositories.
 * What fails, as in DVC: a broken symlink, a {@code .dvcignore} inside the directory (unless
 * ignored itself), an invalid ignore pattern, and a directory the rules ignore. Where Repro4j is
 * stricter: an unreadable directory (DVC skips it silently), a special file such as a FIFO, and a
 * name that is not valid UTF-8 fail with a message instead.
 *
 * <p>With a {@link HashCache}, only files whose stamp changed are read; an unchanged tree costs
 * one stat per entry (a directory whose own stamp is unchanged is not even listed again: the
 * cache remembers its names), and its manifest is taken from the cache as it was.
 *
 * @param manifest the files and their hashes
 * @param size the sum of the files' sizes
 */
public record DirectoryHash(DvcManifest manifest, long size) {
  /** Hashes {@code directory}, its files in parallel on every core. */
  public static DirectoryHash of(Path directory, HashMode mode) throws IOException {
    return of(directory, mode, Runtime.getRuntime().availableProcessors());
  }

  /** Hashes {@code directory} with at most {@code threads} files read at the same time. */
  public static DirectoryHash of(Path directory, HashMode mode, int threads) throws IOException {
    return of(directory, mode, threads, null);
  }

  /**
   * Hashes {@code directory}, reading only the files that changed since {@code cache} (null for
   * none) last saw them: an unchanged tree costs one walk and a stat per entry.
   */
  public static DirectoryHash of(Path directory, HashMode mode, HashCache cache) throws IOException {
    return of(directory, mode, Runtime.getRuntime().availableProcessors(), cache);
  }

  /** Hashes {@code directory} through {@code cache} (null for none), {@code threads} files at a time. */
  public static DirectoryHash of(Path directory, HashMode mode, int threads, HashCache cache)
      throws IOException {
    try (HashBatch batch = new HashBatch(threads, null)) {
      return of(directory, mode, batch, cache);
    }
  }

  /**
   * Hashes {@code directory} through {@code cache} (null for none), its files on {@code batch}'s
   * threads (shared with other work).
   */
  static DirectoryHash of(Path directory, HashMode mode, HashBatch batch, HashCache cache)
      throws IOException {
    Path root = directory.toRealPath(); // os.walk follows a symlink given as the top
    if (!Files.isDirectory(root)) {
      throw new IOException(directory + " is not a directory");
    }
    Path repo = dvcRepository(root);
    DvcIgnore ignore = repo == null ? null : DvcIgnore.load(repo, root);
    if (cache == null) {
      List<Walked> files = walk(new Walk(root, ignore, null, null, 0), null, batch.threads()).others;
      return hashUncached(files, mode, batch);
    }
    // Taken before any stat: an entry is trusted only for files modified well before this.
    long stampedAt = cache.fileSystemNowNanos();
    // The root's stamp before its listing: a listing remembered with a later stamp could lack a
    // name added between the two, and that stamp would then vouch for it.
    HashCache.Stamp rootStamp = HashCache.stat(root, false).stamp();
    // Read before the walk: its directory listings spare the walk the unchanged directories' readdir.
    CachedTree known = cache.open(root, mode);
    Walk walk = new Walk(root, ignore, cache, known, stampedAt);
    return hashCached(walk(walk, rootStamp, batch.threads()), mode, batch, walk);
  }

  /**
   * One file found by the walk that the cache does not vouch for: its path, relpath ({@code
   * relPrefix + name}, made only when needed) and stamp.
   */
  private record Walked(Path path, String relPrefix, String name, HashCache.Stamp stamp) {
    String relpath() {
      return relPrefix + name;
    }
  }

  /**
   * What a walk found: the cache's records valid for files found (an int each: an unchanged file
   * keeps nothing else alive, which spares the garbage collector copying 100,000 paths and
   * stamps), and the other files, in walk order.
   */
  private static final class Found {
    int[] hits = new int[0];
    int hitCount;
    long hitBytes; // the hits' sizes, summed on the walk's threads
    final List<Walked> others = new ArrayList<>();

    void hit(int record, long size) {
      if (hitCount == hits.length) {
        hits = Arrays.copyOf(hits, Math.max(16, hitCount * 2));
      }
      hits[hitCount++] = record;
      hitBytes += size;
    }

    void addAll(Found other) {
      if (hitCount + other.hitCount > hits.length) {
        hits = Arrays.copyOf(hits, Math.max(hitCount + other.hitCount, hitCount * 2));
      }
      System.arraycopy(other.hits, 0, hits, hitCount, other.hitCount);
      hitCount += other.hitCount;
      hitBytes += other.hitBytes;
      others.addAll(other.others);
    }
  }

  /** What every directory of one walk shares. */
  private static final class Walk {
    final Path root;
    final DvcIgnore ignore; // null outside a DVC repository
    final HashCache cache; // null: no cache, no listings kept
    final CachedTree known; // null exactly when cache is
    final long stampedAt;
    final boolean statAt; // entries stat-ed by name in an open directory (UnixStatAt)
    final ConcurrentLinkedQueue<CachedTree.Listing> listings = new ConcurrentLinkedQueue<>();
    final AtomicInteger listingsRead = new AtomicInteger();

    Walk(Path root, DvcIgnore ignore, HashCache cache, CachedTree known, long stampedAt) {
      this.root = root;
      this.ignore = ignore;
      this.cache = cache;
      this.known = known;
      this.stampedAt = stampedAt;
      this.statAt = UnixStatAt.usable(root);
    }
  }

  private static DirectoryHash hashUncached(List<Walked> files, HashMode mode, HashBatch batch)
      throws IOException {
    List<FileHash> hashes = hashAll(files, mode, batch);
    List<DvcManifest.Entry> entries = new ArrayList<>(files.size());
    long size = 0;
    for (int i = 0; i < files.size(); i++) {
      entries.add(new DvcManifest.Entry(files.get(i).relpath(), hashes.get(i).md5()));
      size += hashes.get(i).size();
    }
    return new DirectoryHash(new DvcManifest(entries), size);
  }

  private static DirectoryHash hashCached(Found found, HashMode mode, HashBatch batch, Walk walk)
      throws IOException {
    CachedTree table = walk.known;
    List<Walked> toRead = found.others;
    // No record is a hit twice: CachedTree.parse refuses a file that names a record in two
    // listings, and each listing is used by one directory (its relpath prefix), once.
    long size = found.hitBytes;
    for (Walked file : toRead) {
      size += file.stamp().size();
    }
    walk.cache.count(found.hitCount, toRead.size(), table.corrupt);
    if (toRead.isEmpty() && found.hitCount == table.files && !table.manifestMd5.isEmpty()
        && walk.listingsRead.get() == 0) {
      // The tree memo: the same files, all unchanged, so the same manifest, already sorted; its
      // entries are made only if someone asks for them.
      return new DirectoryHash(DvcManifest.sorted(table.manifestEntries(), table.manifestMd5), size);
    }
    List<FileHash> hashes = hashAll(toRead, mode, batch);
    Map<String, HashCache.Entry> byRelpath = new HashMap<>((found.hitCount + toRead.size()) * 4 / 3 + 1);
    List<DvcManifest.Entry> entries = new ArrayList<>(found.hitCount + toRead.size());
    for (int k = 0; k < found.hitCount; k++) {
      HashCache.Entry hit = table.entry(found.hits[k]); // keeps its old stamp time
      byRelpath.put(hit.relpath(), hit);
      entries.add(new DvcManifest.Entry(hit.relpath(), hit.md5()));
    }
    for (int k = 0; k < toRead.size(); k++) {
      Walked file = toRead.get(k);
      FileHash hash = hashes.get(k);
      // the bytes read, which a write since the stat may have changed (the next check reads it again)
      size += hash.size() - file.stamp().size();
      String relpath = file.relpath();
      // stamped now, with the stamp taken before it was read
      byRelpath.put(relpath, new HashCache.Entry(relpath, file.stamp(), walk.stampedAt, hash.md5()));
      entries.add(new DvcManifest.Entry(relpath, hash.md5()));
    }
    DvcManifest manifest = new DvcManifest(entries);
    List<HashCache.Entry> ordered = new ArrayList<>(entries.size());
    manifest.entries().forEach(entry -> ordered.add(byRelpath.get(entry.relpath())));
    List<CachedTree.Listing> listings = new ArrayList<>(walk.listings.size());
    for (CachedTree.Listing listing : walk.listings) {
      listings.add(listing.names() != null ? listing
          : new CachedTree.Listing(listing.prefix(), listing.stamp(), listing.listedAt(),
              table.names(listing.reused()), -1));
    }
    walk.cache.save(table, ordered, manifest.md5(), listings);
    return new DirectoryHash(manifest, size);
  }

  /** The DVC repository {@code root} lies in (it or an ancestor holds {@code .dvc/}), or null. */
  private static Path dvcRepository(Path root) {
    for (Path p = root; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(".dvc"))) {
        return p;
      }
    }
    return null;
  }

  /**
   * {@code os.walk} as DVC's build runs it: every file below {@code walk.root}, each entry
   * stat-ed once, those {@code walk.ignore} (null outside a DVC repository) rules out dropped. The
   * stats, one system call per entry, are most of an unchanged tree's cost, so directories and
   * large directories' slices are stat-ed on {@code threads} threads. With a cache, a directory
   * whose stamp matches its remembered listing is not listed again ({@code rootStamp}: the root's
   * stamp, taken before the walk).
   */
  private static Found walk(Walk walk, HashCache.Stamp rootStamp, int threads) throws IOException {
    String repoPrefix = walk.ignore == null ? null : walk.ignore.repoPrefix(walk.root);
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
    try {
      return pool.invoke(new DirectoryTask(walk, walk.root, "", repoPrefix, rootStamp));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Entries of one directory stat-ed per slice of this many, so a flat directory uses every thread. */
  private static final int SLICE = 1024;

  /**
   * One directory: lists it (or takes the cache's listing), stats its entries in slices, then
   * walks its subdirectories. With {@link UnixStatAt}, the slices stat by name relative to one
   * descriptor of the directory, which is closed before the subdirectories are walked (so a walk
   * holds a few descriptors open per thread, not one per level of the tree).
   */
  private static final class DirectoryTask extends RecursiveTask<Found> {
    private final Walk walk;
    private final Path dir;
    private final String relPrefix;
    private final String repoPrefix;
    private final HashCache.Stamp stamp; // taken before the listing; null without a cache
    // set by compute() before the slices are forked (which publishes them to the slices' threads)
    private String[] names; // null: a remembered listing, whose names are made only when needed
    private Path[] paths; // null: made from the names (a remembered listing)
    private int memo = -1; // the remembered listing in use, or -1 (names given)
    private int count;
    private int[] known; // per name, the cache's file record or -1; null: none
    private int fd = -1; // the directory open for stats by name, or -1: stats by path

    DirectoryTask(Walk walk, Path dir, String relPrefix, String repoPrefix, HashCache.Stamp stamp) {
      this.walk = walk;
      this.dir = dir;
      this.relPrefix = relPrefix;
      this.repoPrefix = repoPrefix;
      this.stamp = stamp;
    }

    @Override
    protected Found compute() {
      CachedTree tree = walk.known;
      int remembered = tree == null ? -1 : tree.directory(relPrefix);
      if (remembered >= 0 && HashCache.LISTINGS_TRUSTED && tree.listingValidFor(remembered, stamp)) {
        memo = remembered;
        count = tree.nameCount(memo);
        known = tree.fileIndexes(memo);
        walk.cache.countListingReused();
        // kept by its index (its names are needed only if the cache is rewritten), with its old time
        walk.listings.add(new CachedTree.Listing(relPrefix, stamp, tree.listedAt(memo), null, memo));
      } else {
        list();
        count = names.length;
        if (remembered >= 0) {
          known = tree.fileIndexes(remembered, names);
        }
        if (tree != null) {
          walk.listingsRead.incrementAndGet();
          walk.listings.add(new CachedTree.Listing(relPrefix, stamp, walk.stampedAt, names, -1));
        }
      }
      if (count == 0) {
        return new Found();
      }
      List<SliceTask> slices = new ArrayList<>();
      for (int from = 0; from < count; from += SLICE) {
        slices.add(new SliceTask(this, from, Math.min(count, from + SLICE)));
      }
      if (walk.statAt) {
        fd = UnixStatAt.openDirectory(dir, stamp);
      }
      try {
        for (int s = 1; s < slices.size(); s++) {
          slices.get(s).fork();
        }
        slices.get(0).quietlyInvoke();
        for (int s = 1; s < slices.size(); s++) {
          slices.get(s).quietlyJoin(); // every slice done before the descriptor is closed
        }
      } finally {
        if (fd >= 0) {
          UnixStatAt.close(fd);
        }
      }
      List<DirectoryTask> subdirectories = new ArrayList<>();
      for (SliceTask slice : slices) {
        if (slice.isCompletedAbnormally()) {
          rethrow(slice.getException());
        }
        subdirectories.addAll(slice.subdirectories);
      }
      ForkJoinTask.invokeAll(subdirectories);
      Found found = new Found(); // in walk order: each slice's files, then its subdirectories'
      for (SliceTask slice : slices) {
        found.addAll(slice.join());
        for (DirectoryTask subdirectory : slice.subdirectories) {
          found.addAll(subdirectory.join());
        }
      }
      return found;
    }

    private static void rethrow(Throwable e) {
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e);
    }

    /** Name {@code i} as a string. */
    String name(int i) {
      return names != null ? names[i] : walk.known.name(memo, i);
    }

    /**
     * Name {@code i} as the bytes the file system holds (names are UTF-8 where UnixStatAt is
     * used); a remembered name in {@code byLength}'s array of its length, valid until the next call.
     */
    byte[] nameBytes(int i, byte[][] byLength) {
      return names != null ? names[i].getBytes(StandardCharsets.UTF_8)
          : walk.known.nameBytes(memo, i, byLength);
    }

    /** Entry {@code i}'s path ({@code name} is its name). */
    Path child(int i, String name) {
      return paths != null ? paths[i] : dir.resolve(name);
    }

    private void list() {
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        stream.forEach(children::add);
      } catch (IOException | DirectoryIteratorException e) {
        IOException cause = e instanceof DirectoryIteratorException d ? d.getCause() : (IOException) e;
        throw new UncheckedIOException(new IOException(
            "cannot read " + dir + " while hashing " + walk.root + ": " + IoFailures.describe(cause), cause));
      }
      paths = children.toArray(new Path[0]);
      names = new String[paths.length];
      for (int i = 0; i < paths.length; i++) {
        names[i] = paths[i].getFileName().toString();
      }
    }
  }

  /** Some entries of one directory: stats them, and collects the subdirectories among them. */
  private static final class SliceTask extends RecursiveTask<Found> {
    private final DirectoryTask parent;
    private final int from;
    private final int to;
    final List<DirectoryTask> subdirectories = new ArrayList<>();

    SliceTask(DirectoryTask parent, int from, int to) {
      this.parent = parent;
      this.from = from;
      this.to = to;
    }

    @Override
    protected Found compute() {
      Found found = new Found();
      try {
        if (parent.fd >= 0) {
          UnixStatAt.Probe probe = new UnixStatAt.Probe(); // reused for the slice's entries
          byte[][] nameBuffers = new byte[256][]; // a name's bytes, by length (255 at most on Linux)
          for (int i = from; i < to; i++) {
            statEntryAt(parent, i, probe, nameBuffers, found, subdirectories);
          }
        } else {
          for (int i = from; i < to; i++) {
            statEntry(parent, i, found, subdirectories);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return found;
    }
  }

  private static final byte[] DVCIGNORE = ".dvcignore".getBytes(StandardCharsets.UTF_8);

  /**
   * Stats entry {@code i} of {@code at}'s listing by name in its open directory: for a file the
   * cache vouches for, one {@code fstatat} and a comparison with its record, nothing else (no
   * string, path or stat object). Anything else goes the way {@link #statEntry} goes, with the
   * stat already taken; an error other than "gone" is stat-ed again by path, which reports it as
   * before. Its own small method, called once per entry, for the JIT (see {@link #statEntry}).
   */
  private static void statEntryAt(DirectoryTask at, int i, UnixStatAt.Probe probe,
      byte[][] nameBuffers, Found files, List<DirectoryTask> subdirectories) throws IOException {
    if (at.names != null) {
      checkName(at.paths[i], at.names[i]); // a remembered listing's names were checked when listed
    }
    byte[] nameBytes = at.nameBytes(i, nameBuffers);
    int errno = probe.lstat(at.fd, nameBytes);
    if (errno != 0) {
      if (UnixStatAt.Probe.notFound(errno)) {
        return; // deleted since the listing, as os.walk would not have listed it
      }
      statEntry(at, i, files, subdirectories);
      return;
    }
    Walk walk = at.walk;
    if (probe.isRegularFile() && walk.ignore == null && at.known != null && at.known[i] >= 0
        && walk.known.validFor(at.known[i], probe.dev, probe.ino, probe.size, probe.mtimeNanos,
            probe.ctimeNanos)
        && !Arrays.equals(nameBytes, DVCIGNORE)) {
      files.hit(at.known[i], probe.size); // the common case of a recheck
      return;
    }
    String name = at.name(i); // checked above, or when the remembered listing was made
    Path child = at.child(i, name);
    statEntryFound(at, i, child, name, probe.stat(), files, subdirectories);
  }

  /**
   * Stats entry {@code i} of {@code at}'s listing by path. Its own small method, called once per
   * entry, so that the JIT compiles it after a few hundred entries (a loop over a 1,000-entry
   * slice would run interpreted until an on-stack replacement); the rare kinds are in methods of
   * their own.
   */
  private static void statEntry(DirectoryTask at, int i, Found files,
      List<DirectoryTask> subdirectories) throws IOException {
    String name = at.name(i);
    Path child = at.child(i, name);
    checkName(child, name);
    HashCache.Stat stat;
    try {
      stat = HashCache.stat(child, false);
    } catch (NoSuchFileException e) {
      return; // deleted since the listing, as os.walk would not have listed it
    }
    statEntryFound(at, i, child, name, stat, files, subdirectories);
  }

  /** Entry {@code i} of {@code at}'s listing, stat-ed (not following a link) as {@code stat}. */
  private static void statEntryFound(DirectoryTask at, int i, Path child, String name,
      HashCache.Stat stat, Found files, List<DirectoryTask> subdirectories) throws IOException {
    HashCache.Kind kind = stat.kind();
    if (kind == HashCache.Kind.FILE && at.walk.ignore == null && !name.equals(".dvcignore")) {
      found(at, i, child, name, stat.stamp(), files); // the common case
      return;
    }
    statEntrySlowly(at, i, child, name, stat, files, subdirectories);
  }

  /** A file found: a hit when the cache's record for its name is valid for {@code stamp}. */
  private static void found(DirectoryTask at, int i, Path child, String name, HashCache.Stamp stamp,
      Found found) {
    int known = at.known == null ? -1 : at.known[i];
    if (known >= 0 && at.walk.known.validFor(known, stamp)) {
      found.hit(known, stamp.size());
    } else {
      found.others.add(new Walked(child, at.relPrefix, name, stamp));
    }
  }

  private static void statEntrySlowly(DirectoryTask at, int i, Path child, String name,
      HashCache.Stat stat, Found files, List<DirectoryTask> subdirectories) throws IOException {
    Walk walk = at.walk;
    DvcIgnore ignore = walk.ignore;
    String repoPrefix = at.repoPrefix;
    boolean isDirectory = stat.kind() == HashCache.Kind.DIRECTORY
        || (stat.kind() == HashCache.Kind.SYMLINK && Files.isDirectory(child));
    if (ignore != null) {
      if (ignore.ignored(repoPrefix + name, isDirectory)) {
        return;
      }
      if (isDirectory && Files.isDirectory(child.resolve(".dvc"))) {
        return; // a subrepository
      }
    }
    if (!isDirectory && name.equals(".dvcignore")) {
      throw new IOException(
          child + ": DVC refuses a .dvcignore inside a tracked directory"
              + " (IgnoreInCollectedDirError); move its patterns to a .dvcignore above " + walk.root);
    }
    switch (stat.kind()) {
      case DIRECTORY -> subdirectories.add(new DirectoryTask(walk, child, at.relPrefix + name + "/",
          ignore == null ? null : repoPrefix + name + "/", walk.known == null ? null : stat.stamp()));
      case FILE -> found(at, i, child, name, stat.stamp(), files);
      case SYMLINK -> {
        if (isDirectory) {
          return; // os.walk lists it under dirs and does not descend
        }
        HashCache.Stat target;
        try {
          target = HashCache.stat(child, true);
        } catch (NoSuchFileException e) {
          throw new IOException(
              child + " is a broken symbolic link (to " + Files.readSymbolicLink(child)
                  + "); DVC fails on it too: remove it or restore its target");
        }
        if (target.kind() != HashCache.Kind.FILE) {
          throw notRegular(child);
        }
        found(at, i, child, name, target.stamp(), files);
      }
      default -> throw notRegular(child);
    }
  }

  private static IOException notRegular(Path file) {
    return new IOException(file + " is not a regular file (a FIFO, socket or device):"
        + " remove it from the dataset directory");
  }

  /** Python decodes an invalid UTF-8 name to lone surrogates, which Java cannot reproduce. */
  private static void checkName(Path path, String name) throws IOException {
    if (name.indexOf('\uFFFD') >= 0) {
      throw new IOException(path + ": the name is not valid UTF-8 (or holds U+FFFD), so its DVC"
          + " hash cannot be reproduced; rename it");
    }
  }

  /**
   * Hashes {@code files} on {@code batch}'s threads: in plain MD5 many files at once, one per SIMD
   * lane ({@link MultiBufferMd5}); in md5-dos2unix (decided per 1 MiB chunk) one file per thread.
   */
  private static List<FileHash> hashAll(List<Walked> files, HashMode mode, HashBatch batch)
      throws IOException {
    long bytes = 0;
    long[] sizes = new long[files.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = files.get(i).stamp().size(); // the walk's stat: no second one for the progress total
      bytes += sizes[i];
    }
    batch.expect(files.size(), bytes);
    if (mode == HashMode.MD5) {
      List<Path> paths = new ArrayList<>(files.size());
      files.forEach(file -> paths.add(file.path()));
      return MultiBufferMd5.hashAll(paths, sizes, batch);
    }
    List<Future<FileHash>> futures = new ArrayList<>(files.size());
    for (Walked file : files) {
      futures.add(batch.submit(file.path(), mode));
    }
    List<FileHash> hashes = new ArrayList<>(files.size());
    try {
      for (int i = 0; i < futures.size(); i++) {
        hashes.add(futures.get(i).get());
      }
      return hashes;
    } catch (ExecutionException e) {
      throw HashBatch.asIoException(e, files.get(hashes.size()).path()); // the first failure in walk order
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while hashing " + files.size() + " files", e);
    } finally {
      for (Future<FileHash> future : futures) {
        future.cancel(true); // no-op for the finished ones; frees the shared pool after a failure
      }
    }
  }
}
