package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code repro4j hash ARGS} readies before picocli parses: whether MD5 is worth compiling,
 * whether the multi-buffer lanes are warmed, and (in a fresh JVM with the launcher's options) that
 * the warm-up then gets the lanes compiled by C2.
 */
class HashWarmUpTest {
  @TempDir Path dir;

  /**
   * The multi-buffer lanes' loops compiled by C2 (tier 4), whole or on-stack ({@code %}): the four
   * rounds and compress, which calls them.
   */
  private static final Pattern LANES_BY_C2 = Pattern.compile(
      "(?m)^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*4\\s+io\\.repro4j\\.runtime\\.data\\.Md5Lanes::(f|g|h|i|compress)\\s");

  /**
   * {@code HashWarmUpTest ARGS...}: runs the warm-up for the command line ARGS to its end, then
   * lives on for two seconds, as a command would, so that the compilations it queued can finish.
   */
  public static void main(String[] args) throws InterruptedException {
    HashWarmUp.start(args).join();
    Thread.sleep(2000);
    System.out.println("warmed up");
  }

  /** The JIT log of {@link #main} run with {@code args} in a fresh JVM with the launcher's options. */
  private static String jitLog(String... args) throws Exception {
    return jitLog(HashWarmUpTest.class, args);
  }

  /** The JIT log of {@code main}'s main method run with {@code args} as {@link #jitLog(String...)}. */
  private static String jitLog(Class<?> main, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(LauncherOptions.HASH);
    command.add("-XX:+PrintCompilation");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
    assertTrue(out.contains("warmed up"), out);
    return out;
  }

  private static Set<String> lanesCompiled(String log) {
    Set<String> compiled = new HashSet<>();
    Matcher matcher = LANES_BY_C2.matcher(log);
    while (matcher.find()) {
      compiled.add(matcher.group(1));
    }
    return compiled;
  }

  @Test
  void hashingEveryFileOfADirectoryGetsTheLanesCompiledByC2() throws Exception {
    Path tree = Files.createDirectory(dir.resolve("jit-tree"));
    String log = jitLog("hash", "--no-hash-cache", tree.toString());
    assertEquals(Set.of("f", "g", "h", "i", "compress"), lanesCompiled(log), log);
  }

  /**
   * {@code FirstChunks}: digests 2 MiB in the chunks a file's hash reads ({@code FileHash}'s 1 MiB),
   * as the start of a large file is digested, then lives on for two seconds, as a command would, so
   * that the compilations it queued can finish.
   */
  static final class FirstChunks {
    public static void main(String[] args) throws Exception {
      java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
      byte[] chunk = new byte[1 << 20];
      md5.update(chunk);
      md5.update(chunk);
      md5.digest();
      Thread.sleep(2000);
      System.out.println("warmed up");
    }
  }

  /**
   * With the launcher's options, MD5's block loop is compiled by C2 (whose intrinsic makes it as
   * fast as md5sum) within the first 2 MiB of a file; with the thresholds of the other JIT options
   * alone it would take about 5 MB of blocks, hashed at a fraction of the speed.
   */
  @Test
  void md5sBlockLoopIsCompiledByC2WithinTheFirstChunks() throws Exception {
    String log = jitLog(FirstChunks.class);
    assertTrue(Pattern.compile("(?m)^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*4\\s+sun\\.security\\.provider\\.DigestBase::implCompressMultiBlock0\\s")
        .matcher(log).find(), log);
  }

  @Test
  void aRecheckThroughTheHashCacheLeavesTheLanesAlone() throws Exception {
    Path tree = Files.createDirectory(dir.resolve("jit-tree-cached"));
    String log = jitLog("hash", tree.toString());
    assertEquals(Set.of(), lanesCompiled(log), log);
  }

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
    assertFalse(warmsLanes("hash", "--no-hash-cache", "--mode", "md5-dos2unix", tree.toString()),
        "md5-dos2unix hashes one file per thread through MessageDigest");
    assertFalse(warmsLanes("hash", "--no-hash-cache", large.toString()), "a file is not hashed on the lanes");
    assertTrue(warmsLanes("hash", "--no-hash-cache", large.toString(), tree.toString()),
        "a directory after enough bytes to compile MD5 for is still looked at");
    assertTrue(compilesMd5(new String[] {"hash", "--no-hash-cache", large.toString(), tree.toString()}));
    assertFalse(warmsLanes("lock", "--no-hash-cache", tree.toString()));
  }
}
