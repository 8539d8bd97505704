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

  private static boolean compilesMd5(String[] args) {
    return HashWarmUp.plan(args).compileMd5();
  }

  private static boolean warmsLanes(String... args) {
    return HashWarmUp.plan(args).lanes();
  }

  @Test
  void aTinyFileIsNotWorthIt() throws Exception {
    Path tiny = fileOf("tiny", 10);
    assertFalse(compilesMd5(new String[] {"hash", "--no-hash-cache", tiny.toString()}));
    assertFalse(compilesMd5(new String[] {"hash"}));
  }

  @Test
  void aLargeFileOrFilesAddingUpAreWorthIt() throws Exception {
    Path large = fileOf("large", HashWarmUp.WORTH_COMPILING);
    assertTrue(compilesMd5(new String[] {"hash", large.toString()}));
    Path half = fileOf("half", HashWarmUp.WORTH_COMPILING / 2);
    Path otherHalf = fileOf("other-half", HashWarmUp.WORTH_COMPILING / 2);
    assertFalse(compilesMd5(new String[] {"hash", half.toString()}));
    assertTrue(compilesMd5(new String[] {"hash", half.toString(), "--json", otherHalf.toString()}));
  }

  @Test
  void aDirectoryIsWorthItOnlyInDos2unixModeWhereItsFilesGoThroughMessageDigest() throws Exception {
    Path tree = Files.createDirectory(dir.resolve("tree"));
    assertFalse(compilesMd5(new String[] {"hash", "--mode", "md5", tree.toString()}),
        "plain md5: the lanes hash its files");
    assertFalse(compilesMd5(new String[] {"hash", tree.toString()}));
    assertTrue(compilesMd5(new String[] {"hash", "--mode", "md5-dos2unix", tree.toString()}));
    assertTrue(compilesMd5(new String[] {"hash", tree.toString(), "--mode=md5-dos2unix"}));
    Path large = fileOf("large-beside", HashWarmUp.WORTH_COMPILING);
    assertTrue(compilesMd5(new String[] {"hash", tree.toString(), large.toString()}));
    assertTrue(compilesMd5(new String[] {"hash", "--mode", "MD5-DOS2UNIX", tree.toString()}),
        "--mode's value is read as picocli reads it, whatever its case");
  }

  @Test
  void theHashCacheDirectoryIsNotAPathToHash() throws Exception {
    Path cache = Files.createDirectory(dir.resolve("cache"));
    Path tiny = fileOf("tiny-with-cache", 10);
    assertFalse(compilesMd5(
        new String[] {"hash", "--mode", "md5-dos2unix", "--hash-cache", cache.toString(), tiny.toString()}));
  }

  @Test
  void optionsMissingPathsAndNonPathsAreSkipped() throws Exception {
    assertFalse(compilesMd5(
        new String[] {"hash", "--mode", "md5", dir.resolve("missing").toString(), "bad\0path", "--json"}));
  }

  @Test
  void lockHashesWhatTheConfigNamesSoAlways() {
    assertTrue(compilesMd5(new String[] {"lock", "-cp", "x", "Trainer"}));
  }

  @Test
  void theLanesAreReadiedOnlyWhenEveryFileOfADirectoryIsReadInPlainMd5() throws Exception {
    Path tree = Files.createDirectory(dir.resolve("lanes-tree"));
    Path large = fileOf("large-file", HashWarmUp.WORTH_COMPILING);
    assertTrue(warmsLanes("hash", "--no-hash-cache", tree.toString()));
    assertTrue(warmsLanes("hash", tree.toString(), "--mode", "md5", "--no-hash-cache", "--json"));
    assertFalse(warmsLanes("hash", tree.toString()), "a hash cache: mostly a recheck, which reads nothing");
    assertFalse(warmsLanes("hash", "--hash-cache", tree.toString(), large.toString()),
        "the cache directory is not a directory to hash");
    assertFalse(warmsLanes("hash", "--no-hash-cache", "--mode", "md5-dos2unix", tree.toString()),
        "md5-dos2unix hashes one file per thread through MessageDigest");
    assertFalse(warmsLanes("hash", "--no-hash-cache", large.toString()), "a file is not hashed on the lanes");
    assertFalse(warmsLanes("lock", "--no-hash-cache", tree.toString()));
  }
}
