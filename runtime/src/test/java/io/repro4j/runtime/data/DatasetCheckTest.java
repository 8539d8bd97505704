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

/** Files and directories as datasets, on real files; directory values from DVC (dvc.md). */
class DatasetCheckTest {
  private static final String FOOBAR_DIR = "5ea40360f5b4ec688df672a4db9c17d1.dir";

  @TempDir Path work;

  private Path foobar() throws Exception {
    Path dir = Files.createDirectories(work.resolve("data/foobar"));
    Files.writeString(dir.resolve("foo"), "foo");
    Files.writeString(dir.resolve("bar"), "bar");
    return dir;
  }

  private static DatasetSpec spec(String name, String md5) {
    return new DatasetSpec(name, "ignored", md5, "T." + name);
  }

  @Test
  void directoryIsHashedAsDvcDirAndMatchesItsPin() throws Exception {
    foobar();
    Files.writeString(work.resolve("data/foo.txt"), "foo");
    DatasetCheck.Result result = DatasetCheck.check(
        List.of(spec("tree", FOOBAR_DIR), spec("file", "acbd18db4cc2f85cedef654fccc4a4d8"), spec("free", "")),
        Map.of("tree", Path.of("data/foobar"), "file", Path.of("data/foo.txt"), "free", Path.of("data/foobar")),
        work);
    assertTrue(result.ok(), result.problems().toString());
    assertEquals(FOOBAR_DIR, result.datasets().get(0).md5());
    assertEquals(6, result.datasets().get(0).size());
    assertEquals(work.resolve("data/foobar"), result.datasets().get(0).path());
    assertEquals("acbd18db4cc2f85cedef654fccc4a4d8", result.datasets().get(1).md5());
    assertEquals(3, result.datasets().get(1).size());
    assertEquals(FOOBAR_DIR, result.datasets().get(2).md5(), "unpinned: recorded");
    assertTrue(result.datasets().get(2).matched());
  }

  @Test
  void changedDirectoryDoesNotMatch() throws Exception {
    Path dir = foobar();
    Files.writeString(dir.resolve("new.csv"), "x\n");
    DatasetCheck.Result result = DatasetCheck.check(
        List.of(spec("tree", FOOBAR_DIR)), Map.of("tree", dir), work);
    assertFalse(result.ok());
    String problem = result.problems().get(0);
    assertTrue(problem.startsWith("dataset 'tree' (T.tree) does not match its pinned md5\n  directory: " + dir), problem);
    assertTrue(problem.contains("expected: " + FOOBAR_DIR), problem);
    assertTrue(problem.contains("actual:   " + DvcHash.of(dir, HashMode.MD5).md5()), problem);
    assertFalse(result.datasets().get(0).matched());
  }

  @Test
  void filePinAgainstDirectoryAndUnhashableDirectory() throws Exception {
    Path dir = foobar();
    DatasetCheck.Result wrongKind = DatasetCheck.check(
        List.of(spec("tree", "acbd18db4cc2f85cedef654fccc4a4d8")), Map.of("tree", dir), work);
    assertFalse(wrongKind.ok());

    Files.createSymbolicLink(dir.resolve("broken"), dir.resolve("gone"));
    DatasetCheck.Result broken = DatasetCheck.check(List.of(spec("tree", "")), Map.of("tree", dir), work);
    assertFalse(broken.ok());
    assertTrue(broken.problems().get(0).startsWith("dataset 'tree' (T.tree): cannot read " + dir + ": "),
        broken.problems().get(0));
    assertTrue(broken.problems().get(0).contains("broken symbolic link"), broken.problems().get(0));
  }

  @Test
  void missingPath() {
    DatasetCheck.Result result = DatasetCheck.check(
        List.of(spec("tree", "")), Map.of("tree", Path.of("nowhere")), work);
    assertTrue(result.problems().get(0).contains("file not found: " + work.resolve("nowhere")),
        result.problems().get(0));
  }

  @Test
  void problemsComeInTheDatasetsOrderWhateverFinishesFirst() throws Exception {
    Path dir = foobar();
    Path big = Files.write(work.resolve("data/big.bin"), new byte[3 * FileHash.CHUNK_SIZE]);
    Path link = Files.createSymbolicLink(work.resolve("data/big-link.bin"), big);
    Files.createSymbolicLink(dir.resolve("broken"), dir.resolve("gone"));
    String bigMd5 = FileHash.of(big, HashMode.MD5).md5();
    for (int round = 0; round < 3; round++) {
      DatasetCheck.Result result = DatasetCheck.check(
          List.of(spec("big", "00000000000000000000000000000000"), spec("tree", ""), spec("none", ""),
              spec("same", bigMd5)),
          Map.of("big", big, "tree", dir, "none", Path.of("nowhere"), "same", link),
          work);
      assertEquals(3, result.problems().size(), result.problems().toString());
      assertTrue(result.problems().get(0).startsWith("dataset 'big' (T.big) does not match"), result.problems().get(0));
      assertTrue(result.problems().get(1).startsWith("dataset 'tree' (T.tree): cannot read"), result.problems().get(1));
      assertTrue(result.problems().get(2).startsWith("dataset 'none' (T.none): file not found"), result.problems().get(2));
      assertEquals(List.of("big", "same"), result.datasets().stream().map(d -> d.spec().name()).toList());
      assertEquals(link, result.datasets().get(1).path(), "reported under the name it was given");
      assertTrue(result.datasets().get(1).matched());
    }
  }
}
