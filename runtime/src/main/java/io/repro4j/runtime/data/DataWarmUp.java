package io.repro4j.runtime.data;

import java.security.MessageDigest;

/**
 * Readies hashing ahead of the first file, for a command-line tool that starts a JVM to hash
 * ({@code repro4j hash}, {@code repro4j lock}): meant for a spare thread while the main thread is
 * still starting up. Changes no result; only how fast the first bytes are hashed.
 */
public final class DataWarmUp {
  /**
   * Zeros digested to get MD5's block loop compiled by C2 (its MD5 intrinsic is C2-only). Measured
   * on JDK 17: the first MiB takes about 0.1 s (interpreter and C1 while C2 compiles), every later
   * one 1.5 ms; four leave a margin for a busy compiler queue.
   */
  static final int COMPILE_BYTES = 4 << 20;

  /**
   * What hashing a file or a directory goes through: naming the classes here loads them (from the
   * class-data archive) when {@link #warmUp} first runs, not when the first file is hashed.
   */
  private static final Class<?>[] HASHING_CLASSES = {
    FileHash.class, ReadAhead.class, ReadAhead.Chunk.class, HashBatch.class, HashBatch.Outcome.class,
    DirectoryHash.class, HashCache.class, DvcHash.class, CachedTree.class, MultiBufferMd5.class, Md5Lanes.class
  };

  /**
   * Blocks of all lanes compressed by {@link #warmUpLanes}: with the launcher's compile thresholds
   * for {@link Md5Lanes} (a tenth of the default, bin/repro4j), enough for C2 to compile its loops
   * before a directory's first file is read; about 0.1 s of CPU on the warm-up thread.
   */
  static final int LANE_ROUNDS = 4000;

  private DataWarmUp() {}

  /**
   * Runs {@link Md5Lanes}, as {@link MultiBufferMd5} does, on {@link #LANE_ROUNDS} blocks of
   * zeros per lane, so that C2 compiles its loops while the command is still starting up and
   * walking the directory: otherwise the first few hundred megabytes of a directory's files are
   * hashed in C1's code, at a fraction of the speed, while C2 compiles.
   */
  public static void warmUpLanes() {
    int n = MultiBufferMd5.LANES;
    Md5Lanes lanes = new Md5Lanes(n);
    byte[] zeros = new byte[64];
    int[] offsets = new int[n]; // every lane reads the same block
    for (int round = 0; round < LANE_ROUNDS; round++) {
      lanes.loadBlocks(n, zeros, offsets);
      lanes.compress(n);
    }
  }

  /**
   * Looks up MD5's provider and loads the classes a hash goes through; with {@code compileMd5},
   * also digests {@link #COMPILE_BYTES} zeros through the same {@code MessageDigest.update} a file's
   * chunks take (about 0.1 s of CPU), else one block, so that MD5's own set-up (its byte-array view
   * handles) is done here, also for a tiny file.
   */
  public static void warmUp(boolean compileMd5) {
    MessageDigest md5 = Md5.newDigest(); // the provider lookup: about 18 ms on a cold JVM
    boolean fastStat = UnixStat.AVAILABLE; // runs UnixStat's set-up (its method handles) here, not in the walk
    boolean statAt = UnixStatAt.AVAILABLE; // and UnixStatAt's
    if (!compileMd5) {
      md5.digest(new byte[64]);
      return;
    }
    byte[] zeros = new byte[FileHash.CHUNK_SIZE];
    for (int done = 0; done < COMPILE_BYTES; done += zeros.length) {
      md5.update(zeros, 0, zeros.length);
    }
  }
}
