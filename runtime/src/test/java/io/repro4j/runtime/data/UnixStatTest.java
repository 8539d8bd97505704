package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stat read from the JDK's fields is the one the {@code unix:} view gives, field for field, so
 * that a cache written through either path is valid for the other.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class UnixStatTest {
  @TempDir Path dir;

  @Test
  void theFieldsAreReadableWhereThePackageIsOpened() {
    // runtime's surefire opens sun.nio.fs as repro4j.jar's manifest does; off here would mean the slow path
    assertTrue(UnixStat.AVAILABLE, "UnixStat fell back to the unix: view");
  }

  @Test
  void everyKindOfEntryGetsTheUnixViewsValues() throws IOException {
    Path file = Files.writeString(dir.resolve("file.txt"), "some bytes\n");
    // a time with nanoseconds and one before 1970, where seconds and nanoseconds have other signs
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2021-03-04T05:06:07.123456789Z")));
    Path old = Files.writeString(dir.resolve("old.txt"), "");
    Files.setLastModifiedTime(old, FileTime.from(Instant.parse("1969-12-31T23:59:58.5Z")));
    Path directory = Files.createDirectory(dir.resolve("sub"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), file.getFileName());
    for (Path path : new Path[] {file, old, directory, link}) {
      for (boolean follow : new boolean[] {false, true}) {
        HashCache.Stat fast = UnixStat.stat(path, follow ? new java.nio.file.LinkOption[0]
            : new java.nio.file.LinkOption[] {java.nio.file.LinkOption.NOFOLLOW_LINKS});
        assertNotNull(fast, path.toString());
        assertEquals(HashCache.statThroughViews(path, follow), fast, path + " follow=" + follow);
        assertEquals(fast, HashCache.stat(path, follow));
      }
    }
    assertEquals(HashCache.Kind.SYMLINK, HashCache.stat(link, false).kind());
    assertEquals(HashCache.Kind.FILE, HashCache.stat(link, true).kind());
    assertEquals(HashCache.Kind.DIRECTORY, HashCache.stat(directory, false).kind());
    assertEquals(Instant.parse("2021-03-04T05:06:07.123456789Z").getEpochSecond() * 1_000_000_000L + 123456789L,
        HashCache.stat(file, false).stamp().mtimeNanos());
  }
}
