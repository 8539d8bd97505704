package io.repro4j.benchmarks;

import io.repro4j.runtime.data.Md5Lanes;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Multi-buffer MD5 ({@link Md5Lanes}) against JDK 17's MD5 intrinsic ({@code MessageDigest}) on the
 * same bytes, one thread: issue 5's go/no-go for hashing a directory's many files one per SIMD
 * lane. Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.repro4j.benchmarks.Md5LanesThroughput LANES MIB ROUNDS [lanes|md5|both]}: LANES streams of
 * MIB/LANES MiB each, hashed ROUNDS times; prints each round's MB per second of thread CPU time
 * (and wall), then the median of the second half of the rounds (warm). ROUNDS 1 in a fresh JVM
 * shows the warm-up. Checks correctness against MessageDigest first (lengths 0, 1, 55, 56, 63,
 * 64, 65, 119, 120, 128 and random up to 1 MiB), and the digests of the first and last timed rounds.
 * Blocks are loaded lane by lane ({@link Md5Lanes#load}, each stream its own array), not word by
 * word across one buffer as {@code MultiBufferMd5} does ({@link Md5Lanes#loadBlocks}); the
 * streams here are small enough to stay in cache, so the two cost about the same.
 */
public final class Md5LanesThroughput {
  private Md5LanesThroughput() {}

  public static void main(String[] args) throws Exception {
    int lanes = Integer.parseInt(args[0]);
    long totalBytes = Long.parseLong(args[1]) << 20;
    int rounds = Integer.parseInt(args[2]);
    String which = args.length > 3 ? args[3] : "both";
    checkAgainstMessageDigest(lanes);

    int perLane = (int) (totalBytes / lanes) & ~63;
    byte[][] streams = new byte[lanes][perLane];
    SplittableRandom random = new SplittableRandom(5);
    for (byte[] stream : streams) {
      random.nextBytes(stream);
    }
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    double megabytes = (double) lanes * perLane / 1e6;
    String[] kinds = which.equals("both") ? new String[] {"md5", "lanes"} : new String[] {which};
    double[][] rates = new double[kinds.length][rounds];
    // Both kinds alternate round by round, so that a busy machine slows them alike.
    for (int r = 0; r < rounds; r++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d:", r));
      for (int k = 0; k < kinds.length; k++) {
        long cpu0 = cpu.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        byte[][] digests = kinds[k].equals("lanes") ? hashWithLanes(streams, lanes) : hashWithMessageDigest(streams);
        long cpu1 = cpu.getCurrentThreadCpuTime();
        long wall1 = System.nanoTime();
        if (r == 0 || r == rounds - 1) {
          checkDigests(streams, digests, kinds[k]);
        }
        rates[k][r] = megabytes / ((cpu1 - cpu0) / 1e9);
        line.append(String.format(Locale.ROOT, "  %s %.0f MB/s per CPU-second (%.0f MB/s wall)",
            kinds[k], rates[k][r], megabytes / ((wall1 - wall0) / 1e9)));
      }
      System.out.println(line);
    }
    for (int k = 0; k < kinds.length; k++) {
      System.out.printf(Locale.ROOT, "%s_lanes%d_warm_median_MBps=%.0f%n", kinds[k], lanes, warmMedian(rates[k]));
    }
    if (kinds.length == 2) {
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratios[r] = rates[1][r] / rates[0][r];
      }
      System.out.printf(Locale.ROOT, "lanes_over_md5_warm_median=%.2f%n", warmMedian(ratios));
    }
  }

  /** The median of the second half of {@code values} (the first half warms the JIT). */
  private static double warmMedian(double[] values) {
    double[] warm = Arrays.copyOfRange(values, values.length / 2, values.length);
    Arrays.sort(warm);
    return warm[warm.length / 2];
  }

  /** Every stream's MD5, all lanes in step (the streams have the same length). */
  private static byte[][] hashWithLanes(byte[][] streams, int lanes) {
    return hashMessages(streams, new Md5Lanes(lanes));
  }

  private static byte[][] hashWithMessageDigest(byte[][] streams) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    byte[][] digests = new byte[streams.length][];
    for (int i = 0; i < streams.length; i++) {
      digests[i] = md5.digest(streams[i]);
    }
    return digests;
  }

  /**
   * The MD5 of each message through {@code engine}: a lane whose message ends takes the next one
   * waiting, and when none is left the last active lane moves into its place, so a compress only
   * covers lanes still in use (the same scheme as the directory hashing built on it).
   */
  static byte[][] hashMessages(byte[][] messages, Md5Lanes engine) {
    int lanes = engine.lanes();
    byte[][] digests = new byte[messages.length][];
    ByteBuffer tailBlocks = ByteBuffer.allocate(lanes * 128).order(ByteOrder.LITTLE_ENDIAN);
    int[] message = new int[lanes]; // which message each lane hashes
    long[] offset = new long[lanes]; // where its next block starts
    int[] blocksLeft = new int[lanes]; // blocks left including the padded tail
    int next = 0;
    int active = 0;
    while (active < lanes && next < messages.length) {
      start(engine, active, next++, messages, message, offset, blocksLeft);
      active++;
    }
    while (active > 0) {
      for (int lane = 0; lane < active; lane++) {
        byte[] bytes = messages[message[lane]];
        int fullBlocks = bytes.length >>> 6;
        int block = (int) (offset[lane] >>> 6);
        if (block < fullBlocks) {
          engine.load(lane, bytes, (int) offset[lane]);
        } else {
          // The tail: the last partial block and the padding, built once per lane in its slot.
          int slot = lane * 128;
          if (block == fullBlocks) {
            int tail = bytes.length & 63;
            tailBlocks.put(slot, bytes, fullBlocks << 6, tail);
            Md5Lanes.pad(tailBlocks, slot + tail, bytes.length);
          }
          engine.load(lane, tailBlocks.array(), slot + ((block - fullBlocks) << 6));
        }
        offset[lane] += 64;
        blocksLeft[lane]--;
      }
      engine.compress(active);
      for (int lane = 0; lane < active; lane++) {
        if (blocksLeft[lane] == 0) {
          digests[message[lane]] = engine.digest(lane);
          if (next < messages.length) {
            start(engine, lane, next++, messages, message, offset, blocksLeft);
          } else {
            active--;
            if (lane != active) {
              // The last active lane moves down; its tail slot moves with it if it is in the tail.
              engine.moveLane(active, lane);
              message[lane] = message[active];
              offset[lane] = offset[active];
              blocksLeft[lane] = blocksLeft[active];
              tailBlocks.put(lane * 128, tailBlocks, active * 128, 128);
              lane--; // look at the lane that moved in
            }
          }
        }
      }
    }
    return digests;
  }

  private static void start(Md5Lanes engine, int lane, int index, byte[][] messages, int[] message,
      long[] offset, int[] blocksLeft) {
    engine.reset(lane);
    message[lane] = index;
    offset[lane] = 0;
    int length = messages[index].length;
    blocksLeft[lane] = (length >>> 6) + ((length & 63) < 56 ? 1 : 2);
  }

  private static void checkAgainstMessageDigest(int lanes) throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    int[] edges = {0, 1, 55, 56, 63, 64, 65, 119, 120, 128};
    byte[][] messages = new byte[edges.length + 3 * lanes][];
    for (int i = 0; i < messages.length; i++) {
      int length = i < edges.length ? edges[i] : random.nextInt(1 << 20);
      messages[i] = new byte[length];
      random.nextBytes(messages[i]);
    }
    checkDigests(messages, hashMessages(messages, new Md5Lanes(lanes)), "check");
  }

  private static void checkDigests(byte[][] messages, byte[][] digests, String what) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    for (int i = 0; i < messages.length; i++) {
      byte[] expected = md5.digest(messages[i]);
      if (!Arrays.equals(expected, digests[i])) {
        throw new IllegalStateException(what + ": message " + i + " of " + messages[i].length + " bytes: md5 "
            + HexFormat.of().formatHex(expected) + ", lanes gave " + HexFormat.of().formatHex(digests[i]));
      }
    }
  }
}
