package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several files and directories hashed at once on one pool, on real files. */
class HashBatchTest {
  @TempDir Path dir;

  private Path write(String name, int size, long seed) throws IOException {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  /** Target's hand-written equals and hashCode: a record's, component by component. */
  @Test
  void targetsAreEqualWhenPathAndModeAre() {
    HashBatch.Target target = new HashBatch.Target(Path.of("data/a.csv"), HashMode.MD5);
    HashBatch.Target same = new HashBatch.Target(Path.of("data", "a.csv"), HashMode.MD5);
    assertEquals(target, same);
    assertEquals(target.hashCode(), same.hashCode());
    assertNotEquals(target, new HashBatch.Target(Path.of("data/a.csv"), HashMode.MD5_DOS2UNIX));
    assertNotEquals(target, new HashBatch.Target(Path.of("data/b.csv"), HashMode.MD5));
    assertNotEquals(target, null);
    assertNotEquals(target, Path.of("data/a.csv"));
  }

  @Test
  void filesAndDirectoriesTogetherGiveTheSameHashesAsOneByOneInTheOrderGiven() throws IOException {
    Path big = write("big.bin", 3 * FileHash.CHUNK_SIZE + 17, 1);
    Path small = write("small.bin", 100, 2);
    Path tree = dir.resolve("tree");
    for (int i = 0; i < 40; i++) {
      write("tree/d" + (i % 4) + "/f" + i, i * 997, 10 + i);
    }
    Path other = dir.resolve("other");
    write("other/x", 5000, 99);
    List<HashBatch.Target> targets = List.of(
        new HashBatch.Target(tree, HashMode.MD5), new HashBatch.Target(big, HashMode.MD5),
        new HashBatch.Target(other, HashMode.MD5_DOS2UNIX), new HashBatch.Target(small, HashMode.MD5_DOS2UNIX));
    for (int threads : new int[] {1, 2, 4}) {
      Progress progress = new Progress();
      List<HashBatch.Outcome> outcomes = HashBatch.hashAll(targets, threads, progress);
      assertEquals(4, outcomes.size());
      assertEquals(DvcHash.of(tree, HashMode.MD5), outcomes.get(0).dvcHash());
      assertEquals(DvcHash.of(big, HashMode.MD5), outcomes.get(1).dvcHash());
      assertEquals(DvcHash.of(other, HashMode.MD5_DOS2UNIX), outcomes.get(2).dvcHash());
      assertEquals(DvcHash.of(small, HashMode.MD5_DOS2UNIX), outcomes.get(3).dvcHash());
      assertEquals(DirectoryHash.of(tree, HashMode.MD5, 1).manifest().entries(), outcomes.get(0).directory().manifest().entries());
      long bytes = 3L * FileHash.CHUNK_SIZE + 17 + 100 + 5000 + 997L * (39 * 40 / 2);
      assertEquals(new Progress.Snapshot(bytes, bytes, 43, 43), progress.snapshot(), "threads " + threads);
    }
  }

  @Test
  void eachDistinctRealPathAndModeIsHashedOnce() throws IOException {
    Path data = write("data.bin", 2 * FileHash.CHUNK_SIZE, 3);
    Path link = Files.createSymbolicLink(dir.resolve("link.bin"), data);
    Path tree = dir.resolve("tree");
    write("tree/a", 10, 4);
    Path treeLink = Files.createSymbolicLink(dir.resolve("tree-link"), tree);
    Progress progress = new Progress();
    List<HashBatch.Outcome> outcomes = HashBatch.hashAll(List.of(
        new HashBatch.Target(data, HashMode.MD5),
        new HashBatch.Target(link, HashMode.MD5),
        new HashBatch.Target(dir.resolve(".").resolve("data.bin"), HashMode.MD5),
        new HashBatch.Target(data, HashMode.MD5_DOS2UNIX), // another mode: hashed again
        new HashBatch.Target(tree, HashMode.MD5),
        new HashBatch.Target(treeLink, HashMode.MD5)), 2, progress);
    assertSame(outcomes.get(0), outcomes.get(1));
    assertSame(outcomes.get(0), outcomes.get(2));
    assertSame(outcomes.get(4), outcomes.get(5));
    assertEquals(outcomes.get(0).dvcHash(), outcomes.get(3).dvcHash()); // binary: same md5
    // data.bin read twice (two modes), tree/a once.
    assertEquals(new Progress.Snapshot(4L * FileHash.CHUNK_SIZE + 10, 4L * FileHash.CHUNK_SIZE + 10, 3, 3),
        progress.snapshot());
  }

  @Test
  void failuresComeBackInTheOrderGivenAndTheRestIsStillHashed() throws IOException {
    Path good = write("good.bin", 1000, 5);
    Path brokenTree = dir.resolve("broken");
    write("broken/a", 10, 6);
    Files.createSymbolicLink(brokenTree.resolve("dangling"), dir.resolve("nowhere"));
    Path missing = dir.resolve("missing.bin");
    for (int round = 0; round < 5; round++) {
      List<HashBatch.Outcome> outcomes = HashBatch.hashAll(List.of(
          new HashBatch.Target(missing, HashMode.MD5),
          new HashBatch.Target(brokenTree, HashMode.MD5),
          new HashBatch.Target(good, HashMode.MD5)), 2, null);
      assertTrue(outcomes.get(0).failure().getMessage().endsWith("missing.bin does not exist"),
          outcomes.get(0).failure().getMessage());
      assertTrue(outcomes.get(1).failure().getMessage().contains("is a broken symbolic link"),
          outcomes.get(1).failure().getMessage());
      assertNull(outcomes.get(2).failure());
      assertEquals(FileHash.of(good, HashMode.MD5), outcomes.get(2).file());
    }
  }
}
