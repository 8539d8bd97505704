package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether {@code repro4j hash ARGS} is worth compiling MD5 for, decided before picocli parses. */
class HashWarmUpTest {
  @TempDir Path dir;

  private Path fileOf(String name, long size) throws Exception {
    Path file = dir.resolve(name);
    try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
      out.setLength(size); // sparse: the size is what counts, not the bytes
    }
    return file;
  }

  @Test
  void aTinyFileIsNotWorthIt() throws Exception {
    Path tiny = fileOf("tiny", 10);
    assertFalse(HashWarmUp.worthCompiling(new String[] {"hash", "--no-hash-cache", tiny.toString()}));
    assertFalse(HashWarmUp.worthCompiling(new String[] {"hash"}));
  }

  @Test
  void aLargeFileOrFilesAddingUpAreWorthIt() throws Exception {
    Path large = fileOf("large", HashWarmUp.WORTH_COMPILING);
    assertTrue(HashWarmUp.worthCompiling(new String[] {"hash", large.toString()}));
    Path half = fileOf("half", HashWarmUp.WORTH_COMPILING / 2);
    Path otherHalf = fileOf("other-half", HashWarmUp.WORTH_COMPILING / 2);
    assertFalse(HashWarmUp.worthCompiling(new String[] {"hash", half.toString()}));
    assertTrue(HashWarmUp.worthCompiling(new String[] {"hash", half.toString(), "--json", otherHalf.toString()}));
  }

  @Test
  void aDirectoryIsWorthItOnlyInDos2unixModeWhereItsFilesGoThroughMessageDigest() throws Exception {
    Path tree = Files.createDirectory(dir.resolve("tree"));
    assertFalse(HashWarmUp.worthCompiling(new String[] {"hash", "--mode", "md5", tree.toString()}),
        "plain md5: the lanes hash its files");
    assertFalse(HashWarmUp.worthCompiling(new String[] {"hash", tree.toString()}));
    assertTrue(HashWarmUp.worthCompiling(new String[] {"hash", "--mode", "md5-dos2unix", tree.toString()}));
    assertTrue(HashWarmUp.worthCompiling(new String[] {"hash", tree.toString(), "--mode=md5-dos2unix"}));
    Path large = fileOf("large-beside", HashWarmUp.WORTH_COMPILING);
    assertTrue(HashWarmUp.worthCompiling(new String[] {"hash", tree.toString(), large.toString()}));
    assertTrue(HashWarmUp.worthCompiling(new String[] {"hash", "--mode", "MD5-DOS2UNIX", tree.toString()}),
        "--mode's value is read as picocli reads it, whatever its case");
  }

  @Test
  void theHashCacheDirectoryIsNotAPathToHash() throws Exception {
    Path cache = Files.createDirectory(dir.resolve("cache"));
    Path tiny = fileOf("tiny-with-cache", 10);
    assertFalse(HashWarmUp.worthCompiling(
        new String[] {"hash", "--mode", "md5-dos2unix", "--hash-cache", cache.toString(), tiny.toString()}));
  }

  @Test
  void optionsMissingPathsAndNonPathsAreSkipped() throws Exception {
    assertFalse(HashWarmUp.worthCompiling(
        new String[] {"hash", "--mode", "md5", dir.resolve("missing").toString(), "bad\0path", "--json"}));
  }

  @Test
  void lockHashesWhatTheConfigNamesSoAlways() {
    assertTrue(HashWarmUp.worthCompiling(new String[] {"lock", "-cp", "x", "Trainer"}));
  }
}
