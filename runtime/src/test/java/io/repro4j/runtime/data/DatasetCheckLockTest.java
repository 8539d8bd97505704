package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets checked against repro4j.lock entries: drift is reported apart from other problems. */
class DatasetCheckLockTest {
  private static final String FOO_MD5 = "acbd18db4cc2f85cedef654fccc4a4d8";

  @TempDir Path work;

  private DataLock lockWith(String name, DataLock.Entry entry) throws Exception {
    DataLock.read(work.resolve("repro4j.lock")).with("e", Map.of(name, entry)).write();
    return DataLock.read(work.resolve("repro4j.lock"));
  }

  @Test
  void aFileThatMatchesItsLockEntryIsCheckedAndOneThatDoesNotIsDrift() throws Exception {
    Files.writeString(work.resolve("t.csv"), "foo");
    DatasetSpec spec = new DatasetSpec("t", "t.csv", "", "T.t");
    DataLock lock = lockWith("t", new DataLock.Entry("t.csv", FOO_MD5, HashMode.MD5, 3, 1, 0));
    DatasetCheck.Result ok = DatasetCheck.check(List.of(spec), Map.of("t", Path.of("t.csv")), work, lock, lock.entries("e"));
    assertTrue(ok.ok(), ok.toString());
    assertEquals(FOO_MD5, ok.datasets().get(0).expected());

    Files.writeString(work.resolve("t.csv"), "bar");
    DatasetCheck.Result drift = DatasetCheck.check(List.of(spec), Map.of("t", Path.of("t.csv")), work, lock, lock.entries("e"));
    assertFalse(drift.ok());
    assertTrue(drift.problems().isEmpty(), "drift is not an ordinary problem");
    assertEquals(1, drift.datasets().size(), "the dataset is still hashed, for the record");
    assertEquals("dataset 't' (T.t) does not match repro4j.lock"
        + "\n  file:     " + work.resolve("t.csv")
        + "\n  expected: " + FOO_MD5 + "  from " + lock.file() + ":6"
        + "\n  actual:   37b51d194a7513e45b56f6524f2d51f2"
        + "\n  if the new data is intended, accept it with 'repro4j lock' (or the trainer's --lock) and commit"
        + " repro4j.lock; to run on it once, recording the drift, pass --allow-data-drift",
        drift.drift().get(0));
  }

  @Test
  void anotherPathThanTheLockedOneIsNamedInTheReport() throws Exception {
    Files.writeString(work.resolve("other.csv"), "bar");
    DataLock lock = lockWith("t", new DataLock.Entry("t.csv", FOO_MD5, HashMode.MD5, 3, 1, 0));
    DatasetCheck.Result result = DatasetCheck.check(List.of(new DatasetSpec("t", "t.csv", "", "T.t")),
        Map.of("t", Path.of("other.csv")), work, lock, lock.entries("e"));
    assertTrue(result.drift().get(0).contains("\n  locked at path t.csv, read from other.csv\n"), result.drift().get(0));
  }

  @Test
  void anInlinePinWinsOverALockEntry() throws Exception {
    Files.writeString(work.resolve("t.csv"), "foo");
    DataLock lock = lockWith("t", new DataLock.Entry("t.csv", "37b51d194a7513e45b56f6524f2d51f2", HashMode.MD5, 3, 1, 0));
    DatasetCheck.Result result = DatasetCheck.check(List.of(new DatasetSpec("t", "t.csv", FOO_MD5, "T.t")),
        Map.of("t", Path.of("t.csv")), work, lock, lock.entries("e"));
    assertTrue(result.ok(), result.toString());
    assertEquals(FOO_MD5, result.datasets().get(0).expected());
  }

  @Test
  void aDirectoryListsItsChangesFromTheManifestKeptWithTheLock() throws Exception {
    Path tree = Files.createDirectories(work.resolve("tree"));
    Files.writeString(tree.resolve("foo"), "foo");
    Files.writeString(tree.resolve("bar"), "bar");
    DirectoryHash before = DirectoryHash.of(tree, HashMode.MD5);
    DataLock lock = lockWith("tree",
        new DataLock.Entry("tree", before.manifest().md5(), HashMode.MD5, before.size(), 2, 0));
    DatasetSpec spec = new DatasetSpec("tree", "tree", "", "T.tree");

    Files.writeString(tree.resolve("baz"), "baz");
    Files.delete(tree.resolve("bar"));
    String missing = DatasetCheck.check(List.of(spec), Map.of("tree", Path.of("tree")), work, lock, lock.entries("e"))
        .drift().get(0);
    assertTrue(missing.contains("\n  no stored manifest " + lock.manifestPath(before.manifest().md5())
        + " (commit .repro4j/manifests with the lock file), so the changed files cannot be listed"), missing);

    lock.storeManifest(before.manifest());
    String listed = DatasetCheck.check(List.of(spec), Map.of("tree", Path.of("tree")), work, lock, lock.entries("e"))
        .drift().get(0);
    assertTrue(listed.contains("\n  changes since the lock (from " + lock.manifestPath(before.manifest().md5()) + "):"
        + "\n    added (1)\n      baz\n    removed (1)\n      bar\n    modified (0)\n"), listed);
  }

  @Test
  void aFileLockedWhereADirectoryNowIsSaysSo() throws Exception {
    Files.createDirectories(work.resolve("t.csv"));
    Files.writeString(work.resolve("t.csv/part"), "x");
    DataLock lock = lockWith("t", new DataLock.Entry("t.csv", FOO_MD5, HashMode.MD5, 3, 1, 0));
    String drift = DatasetCheck.check(List.of(new DatasetSpec("t", "t.csv", "", "T.t")),
        Map.of("t", Path.of("t.csv")), work, lock, lock.entries("e")).drift().get(0);
    assertTrue(drift.contains("\n  locked as a file, now a directory of 1 files"), drift);
  }
}
