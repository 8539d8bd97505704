package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hash cache on real files: what makes a file be read again, what may never be trusted, and
 * that a cached hash always equals the hash of the file read afresh.
 */
class HashCacheTest {
  /** Well before any stamp, so that entries are not racy unless a test makes them so. */
  private static final FileTime AN_HOUR_AGO = FileTime.from(Instant.now().minusSeconds(3600));

  @TempDir Path dir;
  private Path tree;
  private Path cacheDir;

  @BeforeEach
  void tree() throws IOException {
    tree = Files.createDirectories(dir.resolve("project/data"));
    cacheDir = dir.resolve("project/.repro4j/cache/hashes");
    for (int d = 0; d < 3; d++) {
      Files.createDirectories(tree.resolve("d" + d));
      for (int f = 0; f < 4; f++) {
        write(tree.resolve("d" + d + "/f" + f + ".txt"), "file " + d + "/" + f + "\n");
      }
    }
    ageDirectories();
  }

  /** Directories modified well before the check, so that their listings are not racy. */
  private void ageDirectories() throws IOException {
    try (Stream<Path> all = Files.walk(tree)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isDirectory(p)) {
          Files.setLastModifiedTime(p, AN_HOUR_AGO);
        }
      }
    }
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.setLastModifiedTime(file, AN_HOUR_AGO);
  }

  private DirectoryHash cached(HashCache cache) throws IOException {
    return DirectoryHash.of(tree, HashMode.MD5, 2, cache);
  }

  private DirectoryHash fresh() throws IOException {
    return DirectoryHash.of(tree, HashMode.MD5, 2, null);
  }

  private static void assertStats(HashCache cache, long hits, long misses, long rebuilt) {
    assertEquals(new HashCache.Stats(hits, misses, rebuilt), cache.stats());
  }

  @Test
  void anUnchangedTreeIsNotReadAgain() throws IOException {
    HashCache first = HashCache.in(cacheDir);
    DirectoryHash filled = cached(first);
    assertStats(first, 0, 12, 0);
    assertEquals(fresh().manifest().md5(), filled.manifest().md5());

    HashCache second = HashCache.in(cacheDir);
    DirectoryHash again = cached(second);
    assertStats(second, 12, 0, 0);
    assertEquals(filled.manifest().md5(), again.manifest().md5());
    assertEquals(filled.manifest().entries(), again.manifest().entries());
    assertEquals(filled.size(), again.size());
  }

  @Test
  void touchRewriteRenameAndReplacementAreEachReadAgain() throws IOException {
    cached(HashCache.in(cacheDir));

    // touch: a new mtime, same content
    Files.setLastModifiedTime(tree.resolve("d0/f0.txt"), FileTime.from(Instant.now().minusSeconds(1800)));
    assertReadAgain(1);

    // a rewrite of the same size with the mtime put back: only the ctime tells
    Path rewritten = tree.resolve("d0/f1.txt");
    FileTime mtime = Files.getLastModifiedTime(rewritten);
    Files.writeString(rewritten, "FILE 0/1\n");
    Files.setLastModifiedTime(rewritten, mtime);
    assertReadAgain(1);

    // a rename: the same inode and times under a new relpath
    Files.move(tree.resolve("d1/f0.txt"), tree.resolve("d1/renamed.txt"));
    assertReadAgain(1);

    // a replacement by rename (an editor's save): a new inode, the old name, size and mtime
    Path replaced = tree.resolve("d2/f2.txt");
    Path temp = tree.resolve("d2/.f2.txt.swp");
    Files.writeString(temp, "FILE 2/2\n");
    Files.setLastModifiedTime(temp, Files.getLastModifiedTime(replaced));
    Files.move(temp, replaced, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertReadAgain(1);

    // a deletion reads nothing, and the hash drops the file
    Files.delete(tree.resolve("d2/f3.txt"));
    assertReadAgain(0);
  }

  /** One cached check reads {@code files} files and agrees with a check that reads them all. */
  private void assertReadAgain(int files) throws IOException {
    HashCache cache = HashCache.in(cacheDir);
    DirectoryHash hash = cached(cache);
    assertEquals(files, cache.stats().misses(), cache.stats().toString());
    assertEquals(fresh().manifest().md5(), hash.manifest().md5());
    assertEquals(fresh().size(), hash.size());
  }

  @Test
  void anUnchangedDirectoryIsNotListedAgainButItsFilesAreStillStatted() throws IOException {
    cached(HashCache.in(cacheDir));
    HashCache unchanged = HashCache.in(cacheDir);
    cached(unchanged);
    assertEquals(4, unchanged.listingsReused(), "data, d0, d1, d2");
    assertStats(unchanged, 12, 0, 0);

    // rewritten in place with its old mtime: the directory is unchanged, the file's ctime is not
    write(tree.resolve("d0/f0.txt"), "FILE 0/0\n");
    HashCache rewritten = HashCache.in(cacheDir);
    assertEquals(fresh().manifest().md5(), cached(rewritten).manifest().md5());
    assertEquals(4, rewritten.listingsReused());
    assertStats(rewritten, 11, 1, 0);

    // a file added: its directory changed, so it is listed again and the new file is found
    write(tree.resolve("d1/added.txt"), "added\n");
    HashCache added = HashCache.in(cacheDir);
    DirectoryHash hash = cached(added);
    assertEquals(fresh().manifest().md5(), hash.manifest().md5());
    assertEquals(fresh().manifest().entries(), hash.manifest().entries());
    assertEquals(3, added.listingsReused());
    assertStats(added, 12, 1, 0);

    // d1 was modified just now (racy), so its new listing is not trusted until it is older
    HashCache racy = HashCache.in(cacheDir);
    cached(racy);
    assertEquals(3, racy.listingsReused());
    assertStats(racy, 13, 0, 0);
    ageDirectories();
    HashCache aged = HashCache.in(cacheDir);
    cached(aged);
    assertStats(aged, 13, 0, 0);
    HashCache settled = HashCache.in(cacheDir);
    assertEquals(fresh().manifest().md5(), cached(settled).manifest().md5());
    assertEquals(4, settled.listingsReused());
  }

  @Test
  void aDirectoryReplacedUnderItsOldNameIsListedAndReadAgain() throws IOException {
    String before = cached(HashCache.in(cacheDir)).manifest().md5();
    // another directory (a new inode) with the same names, sizes and times, one file's content changed
    Path replacement = Files.createDirectories(dir.resolve("replacement"));
    for (int f = 0; f < 4; f++) {
      write(replacement.resolve("f" + f + ".txt"), (f == 2 ? "FILE" : "file") + " 2/" + f + "\n");
    }
    Files.setLastModifiedTime(replacement, AN_HOUR_AGO);
    Files.move(tree.resolve("d2"), dir.resolve("old-d2"));
    Files.move(replacement, tree.resolve("d2"));
    Files.setLastModifiedTime(tree, AN_HOUR_AGO);
    HashCache cache = HashCache.in(cacheDir);
    DirectoryHash hash = cached(cache);
    assertEquals(fresh().manifest().md5(), hash.manifest().md5());
    assertTrue(!before.equals(hash.manifest().md5()));
    assertStats(cache, 8, 4, 0); // the new inodes are not the remembered files
    assertEquals(2, cache.listingsReused(), "d0 and d1; data's ctime and d2's inode changed");
  }

  @Test
  void aCacheFileOfTheOlderFormatIsRebuilt() throws IOException {
    String expected = cached(HashCache.in(cacheDir)).manifest().md5();
    Path file;
    try (Stream<Path> files = Files.list(cacheDir)) {
      file = files.filter(p -> p.toString().endsWith(".r4jh")).findFirst().orElseThrow();
    }
    // version 1 in place of 2, with a valid checksum: only the version check can refuse it
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(2, bytes.getInt(8));
    bytes.putInt(8, 1);
    CRC32C crc = new CRC32C();
    crc.update(bytes.array(), 0, bytes.capacity() - 8);
    bytes.putLong(bytes.capacity() - 8, crc.getValue());
    Files.write(file, bytes.array());
    HashCache old = HashCache.in(cacheDir);
    assertEquals(expected, cached(old).manifest().md5());
    assertStats(old, 0, 12, 1);
    HashCache rebuilt = HashCache.in(cacheDir);
    assertEquals(expected, cached(rebuilt).manifest().md5());
    assertStats(rebuilt, 12, 0, 0);
  }

  @Test
  void aFileModifiedJustBeforeItWasHashedIsNotTrusted() throws IOException {
    Files.writeString(tree.resolve("d0/f0.txt"), "just written\n"); // mtime: now
    cached(HashCache.in(cacheDir));
    HashCache second = HashCache.in(cacheDir);
    cached(second);
    // Within the racy window a same-size write could keep every validator, so it is read again.
    assertStats(second, 11, 1, 0);
  }

  @Test
  void aCorruptCacheFileIsRebuiltNeverTrusted() throws IOException {
    String expected = cached(HashCache.in(cacheDir)).manifest().md5();
    Path file;
    try (Stream<Path> files = Files.list(cacheDir)) {
      file = files.filter(p -> p.toString().endsWith(".r4jh")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(file);

    // one flipped bit in an md5: a reader that trusted it would give a wrong hash
    byte[] flipped = bytes.clone();
    flipped[bytes.length - 8 - 1] ^= 1;
    for (byte[] corrupt : List.of(flipped, java.util.Arrays.copyOf(bytes, bytes.length / 2),
        "not a cache".getBytes(), new byte[0])) {
      Files.write(file, corrupt);
      HashCache cache = HashCache.in(cacheDir);
      assertEquals(expected, cached(cache).manifest().md5());
      assertStats(cache, 0, 12, 1);
      HashCache after = HashCache.in(cacheDir);
      cached(after);
      assertStats(after, 12, 0, 0); // rewritten whole
    }
  }

  @Test
  void threadsUpdatingOneCacheWhileFilesChangeNeverGetAWrongHash() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 5; round++) {
        // each round changes a file the others have cached, keeping its size
        Path changed = tree.resolve("d" + (round % 3) + "/f" + (round % 4) + ".txt");
        write(changed, Files.readString(changed).toUpperCase().replace('E', (char) ('a' + round)));
        String expected = fresh().manifest().md5();
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          results.add(pool.submit(() -> cached(HashCache.in(cacheDir)).manifest().md5()));
        }
        for (Future<String> result : results) {
          assertEquals(expected, result.get());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> files = Files.list(cacheDir)) {
      assertEquals(1, files.count(), "temporary files are renamed or removed");
    }
  }

  @Test
  void movingTheProjectWithItsCacheKeepsTheEntries() throws IOException {
    cached(HashCache.in(cacheDir));
    Path moved = Files.move(dir.resolve("project"), dir.resolve("moved"));
    tree = moved.resolve("data");
    HashCache cache = HashCache.in(moved.resolve(".repro4j/cache/hashes"));
    cached(cache);
    assertStats(cache, 12, 0, 0);
  }

  @Test
  void aFileIsCachedToo() throws IOException {
    Path file = tree.resolve("d0/f0.txt");
    HashCache first = HashCache.in(cacheDir);
    assertEquals(FileHash.of(file, HashMode.MD5), first.fileHash(file, HashMode.MD5));
    HashCache second = HashCache.in(cacheDir);
    assertEquals(FileHash.of(file, HashMode.MD5), second.fileHash(file, HashMode.MD5));
    assertStats(second, 1, 0, 0);
    // the other mode is another entry
    assertEquals(FileHash.of(file, HashMode.MD5_DOS2UNIX), second.fileHash(file, HashMode.MD5_DOS2UNIX));
    assertStats(second, 1, 1, 0);
    write(file, "FILE 0/0\n");
    assertEquals(FileHash.of(file, HashMode.MD5), second.fileHash(file, HashMode.MD5));
    assertStats(second, 1, 2, 0);
  }

  @Test
  void theUserChoosesTheDirectory() {
    Path work = dir.resolve("work");
    assertEquals(work.resolve(".repro4j/cache/hashes"), HashCache.choose(null, Map.of(), work).dir());
    assertEquals(dir.resolve("env-cache"),
        HashCache.choose(null, Map.of(HashCache.ENV_DIR, dir.resolve("env-cache").toString()), work).dir());
    assertEquals(work.resolve("relative"), HashCache.choose(null, Map.of(HashCache.ENV_DIR, "relative"), work).dir());
    assertEquals(dir.resolve("flag"),
        HashCache.choose(dir.resolve("flag"), Map.of(HashCache.ENV_DIR, "ignored"), work).dir());
    assertEquals(work.resolve(".repro4j/cache/hashes"),
        HashCache.choose(null, Map.of(HashCache.ENV_DIR, " "), work).dir());
  }

  @Test
  void theChosenDirectoryHoldsTheCacheAndAnUnwritableOneOnlyCostsSpeed() throws IOException {
    Path chosen = dir.resolve("chosen");
    cached(HashCache.in(chosen));
    try (Stream<Path> files = Files.list(chosen)) {
      assertEquals(1, files.count());
    }
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    HashCache broken = HashCache.in(notADirectory.resolve("cache"));
    assertEquals(fresh().manifest().md5(), cached(broken).manifest().md5());
    assertEquals(fresh().manifest().md5(), cached(broken).manifest().md5());
    assertStats(broken, 0, 24, 0);
    assertTrue(Files.isRegularFile(notADirectory));
  }

  @Test
  void datasetCheckUsesTheCache() throws IOException {
    DatasetSpec spec = new DatasetSpec("data", "data", fresh().manifest().md5(), "Trainer.data");
    HashCache cache = HashCache.in(cacheDir);
    for (int i = 0; i < 2; i++) {
      DatasetCheck.Result result = DatasetCheck.check(List.of(spec), Map.of("data", tree), dir, cache);
      assertTrue(result.ok(), result.problems().toString());
    }
    assertStats(cache, 12, 12, 0);
  }

  @Test
  void temporaryFilesLeftByAKilledProcessAreRemovedADayLater() throws IOException {
    Files.createDirectories(cacheDir);
    Path abandoned = Files.writeString(cacheDir.resolve("x.r4jh.1.2.tmp"), "half");
    Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minusSeconds(2 * 86400)));
    Path recent = Files.writeString(cacheDir.resolve("y.r4jh.3.4.tmp"), "another process, writing");
    cached(HashCache.in(cacheDir));
    assertTrue(Files.notExists(abandoned));
    assertTrue(Files.exists(recent));
    try (var files = Files.list(cacheDir)) {
      assertEquals(List.of(recent), files.filter(f -> f.toString().endsWith(".tmp")).toList(), "saves leave none");
    }

    // The directory is cleaned once per process, not listed again on every save.
    Path later = Files.writeString(cacheDir.resolve("z.r4jh.5.6.tmp"), "half");
    Files.setLastModifiedTime(later, FileTime.from(Instant.now().minusSeconds(2 * 86400)));
    write(tree.resolve("new.csv"), "1,2\n");
    HashCache second = HashCache.in(cacheDir);
    cached(second);
    assertStats(second, 12, 1, 0); // hashed the new file and saved
    assertTrue(Files.exists(later), "cleaned by the next process");
  }
  @Test
  void aSaveThatFailsLeavesNoTemporaryFile() throws IOException {
    cached(HashCache.in(cacheDir));
    Path cacheFile;
    try (var files = Files.list(cacheDir)) {
      cacheFile = files.filter(f -> f.toString().endsWith(".r4jh")).findFirst().orElseThrow();
    }
    Files.delete(cacheFile);
    Files.createDirectories(cacheFile.resolve("in-the-way")); // the rename over it must fail
    write(tree.resolve("new.csv"), "1,2\n");

    HashCache cache = HashCache.in(cacheDir);
    assertEquals(fresh().manifest().md5(), cached(cache).manifest().md5()); // a failing cache only costs speed
    assertStats(cache, 0, 13, 0);
    assertTrue(Files.isDirectory(cacheFile.resolve("in-the-way")), "the save failed");
    try (var files = Files.list(cacheDir)) {
      assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList());
    }
  }
}
