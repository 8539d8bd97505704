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

/** Mismatch reports list what changed, from the manifest in a real DVC cache layout (dvc.md §4.1). */
class ManifestDiffTest {
  private static final String FOOBAR_DIR = "5ea40360f5b4ec688df672a4db9c17d1.dir";

  @TempDir Path work;

  private Path foobar() throws Exception {
    Path dir = Files.createDirectories(work.resolve("data/foobar"));
    Files.writeString(dir.resolve("foo"), "foo");
    Files.writeString(dir.resolve("bar"), "bar");
    return dir;
  }

  private DatasetCheck.Result check(Path dir) {
    return DatasetCheck.check(
        List.of(new DatasetSpec("tree", "data/foobar", FOOBAR_DIR, "T.tree")), Map.of("tree", dir), work);
  }

  @Test
  void listsAddedRemovedAndModifiedFilesFromTheDvc3Cache() throws Exception {
    Path dir = foobar();
    String manifest = DirectoryHash.of(dir, HashMode.MD5).manifest().json();
    assertEquals(FOOBAR_DIR, Md5.ofBytes(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".dir", "the manifest is DVC's");
    Path stored = work.resolve(".dvc/cache/files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir");
    Files.createDirectories(stored.getParent());
    Files.writeString(stored, manifest);

    Files.writeString(dir.resolve("foo"), "FOO");
    Files.delete(dir.resolve("bar"));
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/new.csv"), "x\n");
    String problem = check(dir).problems().get(0);
    assertTrue(problem.endsWith(
        "\n  changes since the pin (from " + stored + "):"
            + "\n    added (1)\n      sub/new.csv"
            + "\n    removed (1)\n      bar"
            + "\n    modified (1)\n      foo"
            + "\n  if the new data is intended, update md5 in @Dataset of T.tree"), problem);
  }

  @Test
  void readsTheLegacyCacheLayoutAndNonAsciiEscapes() throws Exception {
    Path dir = foobar();
    Path stored = work.resolve(".dvc/cache/5e/a40360f5b4ec688df672a4db9c17d1.dir");
    Files.createDirectories(stored.getParent());
    Files.writeString(stored, "[{\"md5\": \"37b51d194a7513e45b56f6524f2d51f2\", \"relpath\": \"bar\"},"
        + " {\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"\\u00fcn\\u00efc\\u00f6d\\u00e9\"}]");
    Files.writeString(dir.resolve("foo"), "FOO");
    String problem = check(dir).problems().get(0);
    assertTrue(problem.contains("\n    added (1)\n      foo\n    removed (1)\n      ünïcödé\n    modified (0)"), problem);
  }

  @Test
  void saysSoWhenNoManifestIsStored() throws Exception {
    Path dir = foobar();
    Files.writeString(dir.resolve("foo"), "FOO");
    Files.createDirectories(work.resolve(".dvc/cache"));
    String problem = check(dir).problems().get(0);
    assertTrue(problem.contains("\n  no stored manifest of " + FOOBAR_DIR + " in a .dvc/cache at or above " + dir
        + ", so the changed files cannot be listed ('dvc pull' fetches it)"), problem);
    assertFalse(problem.contains("added"), problem);
  }
}
