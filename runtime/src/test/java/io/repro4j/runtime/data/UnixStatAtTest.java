package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stats by name in an open directory give what a stat by path gives, and the walk uses them
 * where it can (the walk's results on both paths: {@code *ByPathTest}).
 */
@EnabledOnOs(OS.LINUX)
class UnixStatAtTest {
  private static final FileTime AN_HOUR_AGO = FileTime.from(Instant.now().minusSeconds(3600));

  @TempDir Path dir;

  @Test
  void availableWhereThePackageIsOpenedAndNamesAreUtf8() {
    // runtime's surefire opens sun.nio.fs as repro4j.jar's manifest does, and runs with UTF-8 names
    assertTrue(UnixStatAt.AVAILABLE, "the walk fell back to stats by path");
    assertTrue(UnixStatAt.usable(dir));
  }

  @Test
  void aFifoInADirectorysPlaceIsRefusedWithoutWaitingForAWriter() throws Exception {
    Path fifo = dir.resolve("was-a-directory");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    int fd = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> UnixStatAt.openDirectory(fifo, null));
    assertEquals(-1, fd, "a FIFO is not a directory to walk");
  }

  @Test
  void everyKindOfEntryGetsTheStatByPath() throws IOException {
    Path file = Files.writeString(dir.resolve("file.txt"), "some bytes\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2021-03-04T05:06:07.123456789Z")));
    Path old = Files.writeString(dir.resolve("old é.txt"), "");
    Files.setLastModifiedTime(old, FileTime.from(Instant.parse("1969-12-31T23:59:58.5Z")));
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), file.getFileName());
    Path broken = Files.createSymbolicLink(dir.resolve("broken"), dir.resolve("gone"));
    int fd = UnixStatAt.openDirectory(dir, HashCache.stat(dir, false).stamp());
    assertTrue(fd >= 0);
    try {
      UnixStatAt.Probe probe = new UnixStatAt.Probe();
      for (Path path : new Path[] {file, old, sub, link, broken}) {
        byte[] name = path.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(0, probe.lstat(fd, name), path.toString());
        assertEquals(HashCache.statThroughViews(path, false), probe.stat(), path.toString());
        assertEquals(path == file || path == old, probe.isRegularFile());
      }
      int errno = probe.lstat(fd, "gone".getBytes(StandardCharsets.UTF_8));
      assertTrue(errno != 0 && UnixStatAt.Probe.notFound(errno), "errno " + errno);
      errno = probe.lstat(fd, "file.txt/below".getBytes(StandardCharsets.UTF_8));
      assertTrue(errno != 0 && !UnixStatAt.Probe.notFound(errno), "ENOTDIR, not 'gone': " + errno);
    } finally {
      UnixStatAt.close(fd);
    }
  }

  @Test
  void onlyTheDirectoryThatWasStampedIsOpened() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Path file = Files.writeString(dir.resolve("file.txt"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), sub);
    assertEquals(-1, UnixStatAt.openDirectory(file, null), "a file");
    assertEquals(-1, UnixStatAt.openDirectory(link, null), "a symbolic link is not followed");
    assertEquals(-1, UnixStatAt.openDirectory(dir.resolve("gone"), null), "gone");
    // another directory than the one the walk stamped (replaced since)
    assertEquals(-1, UnixStatAt.openDirectory(sub, HashCache.stat(dir, false).stamp()));
    int fd = UnixStatAt.openDirectory(sub, HashCache.stat(sub, false).stamp());
    assertTrue(fd >= 0);
    UnixStatAt.close(fd);
  }

  @Test
  void aRecheckStatsByNameInOpenDirectoriesAndAgreesWithStatsByPath() throws IOException {
    Path tree = Files.createDirectories(dir.resolve("data"));
    for (int d = 0; d < 3; d++) {
      for (int f = 0; f < 1100 / (d + 1); f++) { // d0 has two slices
        Path file = tree.resolve("d" + d + "/f" + f + ".txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, d + "/" + f + "\n");
        Files.setLastModifiedTime(file, AN_HOUR_AGO);
      }
      Files.setLastModifiedTime(tree.resolve("d" + d), AN_HOUR_AGO);
    }
    Files.setLastModifiedTime(tree, AN_HOUR_AGO);
    HashCache first = HashCache.in(dir.resolve("cache"));
    DirectoryHash filled = DirectoryHash.of(tree, HashMode.MD5, 2, first);
    long opened = UnixStatAt.directoriesOpened.get();
    HashCache again = HashCache.in(dir.resolve("cache"));
    DirectoryHash rechecked = DirectoryHash.of(tree, HashMode.MD5, 2, again);
    assertEquals(4, UnixStatAt.directoriesOpened.get() - opened, "data, d0, d1, d2");
    assertEquals(new HashCache.Stats(filled.manifest().entries().size(), 0, 0), again.stats());
    assertEquals(4, again.listingsReused());
    assertSame(filled, rechecked);

    boolean before = UnixStatAt.enabled;
    UnixStatAt.enabled = false;
    try {
      long openedBefore = UnixStatAt.directoriesOpened.get();
      HashCache byPath = HashCache.in(dir.resolve("cache"));
      assertSame(filled, DirectoryHash.of(tree, HashMode.MD5, 2, byPath));
      assertEquals(again.stats(), byPath.stats());
      assertEquals(openedBefore, UnixStatAt.directoriesOpened.get());
      assertSame(filled, DirectoryHash.of(tree, HashMode.MD5, 2, null));
    } finally {
      UnixStatAt.enabled = before;
    }
    assertSame(filled, DirectoryHash.of(tree, HashMode.MD5, 2, null));
  }

  /** The same manifest (entries and hash) and size. */
  private static void assertSame(DirectoryHash expected, DirectoryHash actual) {
    assertEquals(expected.manifest().md5(), actual.manifest().md5());
    assertEquals(expected.manifest().entries(), actual.manifest().entries());
    assertEquals(expected.size(), actual.size());
  }
}
