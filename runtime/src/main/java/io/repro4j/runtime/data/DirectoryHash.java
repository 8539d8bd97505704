package io.repro4j.runtime.data;

import io.repro4j.runtime.IoFailures;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A directory's hash as DVC builds it ({@code dvc_data/hashfile/build.py} {@code _build_tree}):
 * every file below it, hashed in the directory's mode, listed in a {@link DvcManifest}.
 *
 * <p>What is hashed, as in DVC: dot-files; a file symlink as its target's content under the link's
 * name. What is left out, as in DVC: empty directories, directory symlinks (not followed) and,
 * when the directory lies inside a DVC repository (it or an ancestor holds {@code .dvc/}), entries named
 * {@code .git}, directories named {@code .hg} or {@code .dvc}, and subrepositories. What fails,
 * as in DVC: a broken symlink, and a {@code .dvcignore} inside the directory. Where Repro4j is
 * stricter: an unreadable directory (DVC skips it silently), a special file such as a FIFO, a
 * name that is not valid UTF-8, and a {@code .dvcignore} with patterns above the directory (not
 * applied yet, so the hash could differ from DVC's) fail with a message instead.
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
    Path root = directory.toRealPath(); // os.walk follows a symlink given as the top
    if (!Files.isDirectory(root)) {
      throw new IOException(directory + " is not a directory");
    }
    Path repo = dvcRepository(root);
    DvcIgnore ignore = repo == null ? null : DvcIgnore.load(repo, root);
    // Taken before any stat: an entry is trusted only for files modified well before this.
    long stampedAt = cache == null ? 0 : cache.fileSystemNowNanos();
    List<Walked> files = new ArrayList<>();
    walk(root, root, "", ignore == null ? null : ignore.repoPrefix(root), ignore, files);
    return cache == null ? hashUncached(files, mode, threads) : hashCached(root, files, mode, threads, cache, stampedAt);
  }

  private record Walked(Path path, String relpath, HashCache.Stamp stamp) {}

  private static DirectoryHash hashUncached(List<Walked> files, HashMode mode, int threads)
      throws IOException {
    List<Path> paths = new ArrayList<>(files.size());
    files.forEach(file -> paths.add(file.path()));
    List<FileHash> hashes = hashAll(paths, mode, threads);
    List<DvcManifest.Entry> entries = new ArrayList<>(files.size());
    long size = 0;
    for (int i = 0; i < files.size(); i++) {
      entries.add(new DvcManifest.Entry(files.get(i).relpath(), hashes.get(i).md5()));
      size += hashes.get(i).size();
    }
    return new DirectoryHash(new DvcManifest(entries), size);
  }

  private static DirectoryHash hashCached(Path root, List<Walked> files, HashMode mode, int threads,
      HashCache cache, long stampedAt) throws IOException {
    HashCache.Table table = cache.open(root, mode);
    String[] md5s = new String[files.size()];
    List<Integer> toRead = new ArrayList<>();
    long size = 0;
    for (int i = 0; i < files.size(); i++) {
      Walked file = files.get(i);
      HashCache.Entry entry = table.entries().get(file.relpath());
      if (entry != null && entry.validFor(file.stamp())) {
        md5s[i] = entry.md5();
      } else {
        toRead.add(i);
      }
      size += file.stamp().size();
    }
    cache.count(files.size() - toRead.size(), toRead.size(), table.corrupt());
    if (toRead.isEmpty() && files.size() == table.ordered().size() && !table.manifestMd5().isEmpty()) {
      // The directory memo: the same files, all unchanged, so the same manifest, already sorted.
      List<DvcManifest.Entry> entries = new ArrayList<>(files.size());
      table.ordered().forEach(entry -> entries.add(new DvcManifest.Entry(entry.relpath(), entry.md5())));
      return new DirectoryHash(DvcManifest.sorted(entries, table.manifestMd5()), size);
    }
    List<Path> paths = new ArrayList<>(toRead.size());
    toRead.forEach(i -> paths.add(files.get(i).path()));
    List<FileHash> hashes = hashAll(paths, mode, threads);
    size = 0;
    for (int k = 0; k < toRead.size(); k++) {
      md5s[toRead.get(k)] = hashes.get(k).md5();
    }
    Map<String, HashCache.Entry> byRelpath = new HashMap<>(files.size() * 4 / 3 + 1);
    List<DvcManifest.Entry> entries = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      Walked file = files.get(i);
      HashCache.Entry old = table.entries().get(file.relpath());
      // A hit keeps its old stamp time; a file read now is stamped now.
      boolean hit = old != null && old.validFor(file.stamp());
      byRelpath.put(file.relpath(), hit ? old : new HashCache.Entry(file.relpath(), file.stamp(), stampedAt, md5s[i]));
      entries.add(new DvcManifest.Entry(file.relpath(), md5s[i]));
      size += file.stamp().size();
    }
    DvcManifest manifest = new DvcManifest(entries);
    List<HashCache.Entry> ordered = new ArrayList<>(files.size());
    manifest.entries().forEach(entry -> ordered.add(byRelpath.get(entry.relpath())));
    cache.save(table, ordered, manifest.md5());
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
   * {@code os.walk} as DVC's build runs it: {@code dir}'s entries, each stat-ed once, those
   * {@code ignore} (null outside a DVC repository) rules out dropped, directories descended into.
   */
  private static void walk(Path root, Path dir, String relPrefix, String repoPrefix, DvcIgnore ignore,
      List<Walked> files) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    } catch (IOException | DirectoryIteratorException e) {
      IOException cause = e instanceof DirectoryIteratorException d ? d.getCause() : (IOException) e;
      throw new IOException(
          "cannot read " + dir + " while hashing " + root + ": " + IoFailures.describe(cause), cause);
    }
    for (Path child : children) {
      checkName(child);
      String name = child.getFileName().toString();
      HashCache.Stat stat;
      try {
        stat = HashCache.stat(child, false);
      } catch (NoSuchFileException e) {
        continue; // deleted since the listing, as os.walk would not have listed it
      }
      boolean isDirectory = stat.kind() == HashCache.Kind.DIRECTORY
          || (stat.kind() == HashCache.Kind.SYMLINK && Files.isDirectory(child));
      if (ignore != null) {
        if (ignore.ignored(repoPrefix + name, isDirectory)) {
          continue;
        }
        if (isDirectory && Files.isDirectory(child.resolve(".dvc"))) {
          continue; // a subrepository
        }
      }
      if (!isDirectory && name.equals(".dvcignore")) {
        throw new IOException(
            child + ": DVC refuses a .dvcignore inside a tracked directory"
                + " (IgnoreInCollectedDirError); move its patterns to a .dvcignore above " + root);
      }
      switch (stat.kind()) {
        case DIRECTORY -> walk(root, child, relPrefix + name + "/", repoPrefix + name + "/", ignore, files);
        case FILE -> files.add(new Walked(child, relPrefix + name, stat.stamp()));
        case SYMLINK -> {
          if (isDirectory) {
            continue; // os.walk lists it under dirs and does not descend
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
          files.add(new Walked(child, relPrefix + name, target.stamp()));
        }
        default -> throw notRegular(child);
      }
    }
  }

  private static IOException notRegular(Path file) {
    return new IOException(file + " is not a regular file (a FIFO, socket or device):"
        + " remove it from the dataset directory");
  }

  /** Python decodes an invalid UTF-8 name to lone surrogates, which Java cannot reproduce. */
  private static void checkName(Path path) throws IOException {
    if (path.getFileName().toString().indexOf('\uFFFD') >= 0) {
      throw new IOException(path + ": the name is not valid UTF-8 (or holds U+FFFD), so its DVC"
          + " hash cannot be reproduced; rename it");
    }
  }

  private static List<FileHash> hashAll(List<Path> files, HashMode mode, int threads)
      throws IOException {
    List<FileHash> hashes = new ArrayList<>(files.size());
    int poolSize = Math.max(1, Math.min(threads, files.size()));
    if (poolSize == 1) {
      for (Path file : files) {
        hashes.add(FileHash.of(file, mode));
      }
      return hashes;
    }
    ExecutorService pool = Executors.newFixedThreadPool(poolSize, runnable -> {
      Thread thread = new Thread(runnable, "repro4j-hash");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<FileHash>> futures = new ArrayList<>(files.size());
      for (Path file : files) {
        futures.add(pool.submit(() -> FileHash.of(file, mode)));
      }
      for (Future<FileHash> future : futures) {
        hashes.add(future.get());
      }
      return hashes;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("hashing failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while hashing " + files.size() + " files", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
