package io.repro4j.runtime.data;

import io.repro4j.runtime.IoFailures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
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
    try (HashBatch batch = new HashBatch(threads, null)) {
      return of(directory, mode, batch);
    }
  }

  /** Hashes {@code directory}, its files on {@code batch}'s threads (shared with other work). */
  static DirectoryHash of(Path directory, HashMode mode, HashBatch batch) throws IOException {
    Path root = directory.toRealPath(); // os.walk follows a symlink given as the top
    if (!Files.isDirectory(root)) {
      throw new IOException(directory + " is not a directory");
    }
    boolean inDvcRepo = checkDvcRepository(root);
    List<Path> files = walk(root, inDvcRepo);
    List<FileHash> hashes = hashAll(files, mode, batch);
    List<DvcManifest.Entry> entries = new ArrayList<>(files.size());
    long size = 0;
    for (int i = 0; i < files.size(); i++) {
      entries.add(new DvcManifest.Entry(relpath(root, files.get(i)), hashes.get(i).md5()));
      size += hashes.get(i).size();
    }
    return new DirectoryHash(new DvcManifest(entries), size);
  }

  /**
   * Whether {@code root} lies inside a DVC repository. DVC applies every {@code .dvcignore} from
   * the repository root down; Repro4j does not parse their patterns yet, so one with patterns
   * fails rather than give a hash DVC would not (the comment-only file {@code dvc init} writes is
   * fine).
   */
  private static boolean checkDvcRepository(Path root) throws IOException {
    Path repo = null;
    for (Path p = root; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(".dvc"))) {
        repo = p;
        break;
      }
    }
    if (repo == null) {
      return false;
    }
    for (Path p = root.getParent(); p != null && p.startsWith(repo); p = p.getParent()) {
      Path ignore = p.resolve(".dvcignore");
      if (Files.isRegularFile(ignore) && hasPatterns(ignore)) {
        throw new IOException(
            ignore + " has ignore patterns, which Repro4j does not apply yet, so the hash of "
                + root + " could differ from DVC's; move the data out of the patterns' reach or"
                + " remove the patterns");
      }
    }
    return true;
  }

  private static boolean hasPatterns(Path dvcignore) throws IOException {
    for (String line : Files.readAllLines(dvcignore, StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        return true;
      }
    }
    return false;
  }

  private static List<Path> walk(Path root, boolean inDvcRepo) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (!dir.equals(root)) {
              checkName(dir);
              String name = dir.getFileName().toString();
              if (inDvcRepo && (name.equals(".git") || name.equals(".hg") || name.equals(".dvc")
                  || Files.isDirectory(dir.resolve(".dvc"), LinkOption.NOFOLLOW_LINKS))) {
                return FileVisitResult.SKIP_SUBTREE; // DVC's default ignores, and subrepos
              }
            }
            if (Files.exists(dir.resolve(".dvcignore"), LinkOption.NOFOLLOW_LINKS)) {
              throw new IOException(
                  dir.resolve(".dvcignore") + ": DVC refuses a .dvcignore inside a tracked"
                      + " directory (IgnoreInCollectedDirError); move its patterns to a .dvcignore"
                      + " above " + root);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            checkName(file);
            if (inDvcRepo && file.getFileName().toString().equals(".git")) {
              return FileVisitResult.CONTINUE;
            }
            if (attrs.isSymbolicLink()) {
              if (Files.isDirectory(file)) {
                return FileVisitResult.CONTINUE; // os.walk lists it under dirs and does not descend
              }
              try {
                attrs = Files.readAttributes(file, BasicFileAttributes.class);
              } catch (NoSuchFileException e) {
                throw new IOException(
                    file + " is a broken symbolic link (to " + Files.readSymbolicLink(file)
                        + "); DVC fails on it too: remove it or restore its target");
              }
            }
            if (!attrs.isRegularFile()) {
              throw new IOException(file + " is not a regular file (a FIFO, socket or device):"
                  + " remove it from the dataset directory");
            }
            files.add(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            throw new IOException(
                "cannot read " + file + " while hashing " + root + ": " + IoFailures.describe(e), e);
          }
        });
    return files;
  }

  /** Python decodes an invalid UTF-8 name to lone surrogates, which Java cannot reproduce. */
  private static void checkName(Path path) throws IOException {
    if (path.getFileName().toString().indexOf('\uFFFD') >= 0) {
      throw new IOException(path + ": the name is not valid UTF-8 (or holds U+FFFD), so its DVC"
          + " hash cannot be reproduced; rename it");
    }
  }

  private static List<FileHash> hashAll(List<Path> files, HashMode mode, HashBatch batch)
      throws IOException {
    batch.expect(files);
    List<Future<FileHash>> futures = new ArrayList<>(files.size());
    for (Path file : files) {
      futures.add(batch.submit(file, mode));
    }
    List<FileHash> hashes = new ArrayList<>(files.size());
    try {
      for (int i = 0; i < futures.size(); i++) {
        hashes.add(futures.get(i).get());
      }
      return hashes;
    } catch (ExecutionException e) {
      throw HashBatch.asIoException(e, files.get(hashes.size())); // the first failure in walk order
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while hashing " + files.size() + " files", e);
    } finally {
      for (Future<FileHash> future : futures) {
        future.cancel(true); // no-op for the finished ones; frees the shared pool after a failure
      }
    }
  }

  private static String relpath(Path root, Path file) {
    StringBuilder relpath = new StringBuilder();
    for (Path name : root.relativize(file)) {
      if (relpath.length() > 0) {
        relpath.append('/');
      }
      relpath.append(name);
    }
    return relpath.toString();
  }
}
