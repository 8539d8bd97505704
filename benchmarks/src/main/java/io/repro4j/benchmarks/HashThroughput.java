package io.repro4j.benchmarks;

import io.repro4j.runtime.data.DirectoryHash;
import io.repro4j.runtime.data.DvcHash;
import io.repro4j.runtime.data.HashMode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Dataset hashing in one warm JVM, without JVM start: what {@code benchmarks/hash-vs-md5sum.sh}
 * reports as "in-process". Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.repro4j.benchmarks.HashThroughput FILE DIR ROUNDS}. Hashes FILE once and DIR once to warm
 * up, then ROUNDS times each, and prints the median seconds as {@code name=seconds} lines.
 */
public final class HashThroughput {
  private HashThroughput() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    Path dir = Path.of(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int cores = Runtime.getRuntime().availableProcessors();
    String fileMd5 = DvcHash.of(file, HashMode.MD5).md5(); // warm-up: JIT, page cache
    String dirMd5 = DvcHash.of(dir, HashMode.MD5).md5();
    double[] fileTimes = new double[rounds];
    double[] dirTimes = new double[rounds];
    double[] dirOneThread = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      fileTimes[i] = time(() -> check(fileMd5, DvcHash.of(file, HashMode.MD5).md5()));
      dirTimes[i] = time(() -> check(dirMd5, DirectoryHash.of(dir, HashMode.MD5, cores).manifest().md5()));
      dirOneThread[i] = time(() -> check(dirMd5, DirectoryHash.of(dir, HashMode.MD5, 1).manifest().md5()));
    }
    System.out.printf(Locale.ROOT, "inproc_file=%.3f%ninproc_dir=%.3f%ninproc_dir_1thread=%.3f%ncores=%d%n",
        median(fileTimes), median(dirTimes), median(dirOneThread), cores);
  }

  private interface Task {
    void run() throws Exception;
  }

  private static double time(Task task) throws Exception {
    long start = System.nanoTime();
    task.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void check(String expected, String actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException("hash changed between rounds: " + expected + " then " + actual);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
