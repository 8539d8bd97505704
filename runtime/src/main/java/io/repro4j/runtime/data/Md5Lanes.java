package io.repro4j.runtime.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * MD5's compression function over many independent messages at once, one per lane (the
 * multi-buffer technique of Intel's isa-l_crypto {@code md5_mb} and minio's {@code md5-simd}).
 * MD5 of one message is a chain of 64 dependent steps per block that no SIMD unit can shorten;
 * lanes are independent, so each step here is a counted loop over the lanes that C2's SuperWord
 * compiles to AVX2/AVX-512 instructions, one lane per vector element. Plain Java on purpose: JDK
 * 17's Vector API is an incubator module that warns on every start.
 *
 * <p>The caller pads (see {@link #pad}), feeds one 64-byte block per active lane with {@link
 * #loadBlocks} (or {@link #load} lane by lane), and calls {@link #compress} with the number of
 * active lanes; active lanes are {@code 0 .. n-1} (the caller keeps them packed with {@link
 * #moveLane}), so the cost follows the lanes in use. Not thread-safe: one instance per thread.
 */
public final class Md5Lanes {
  private static final VarHandle LITTLE_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** MD5's additive constants, one per step (RFC 1321: floor(abs(sin(step + 1)) * 2^32)). */
  private static final int[] T = {
      0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
      0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
      0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
      0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
      0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
      0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
      0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
      0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
      0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
      0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
      0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
      0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
      0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
      0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
      0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
      0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
  };
  /** The left rotation of each step. */
  private static final int[] SHIFT = {
      7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
      5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
      4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
      6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
  };
  /** The message word each step adds. */
  private static final int[] WORD = {
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
      1, 6, 11, 0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12,
      5, 8, 11, 14, 1, 4, 7, 10, 13, 0, 3, 6, 9, 12, 15, 2,
      0, 7, 14, 5, 12, 3, 10, 1, 8, 15, 6, 13, 4, 11, 2, 9,
  };

  private final int lanes;
  private final int[] a;
  private final int[] b;
  private final int[] c;
  private final int[] d;
  /** The state before the current block (MD5 adds it back after the 64 steps). */
  private final int[] a0;
  private final int[] b0;
  private final int[] c0;
  private final int[] d0;
  /**
   * The current block's 16 message words, word-major: {@code x[word][lane]}. One array per word,
   * not one array with an offset: SuperWord (JDK 17) does not vectorise a loop that reads an
   * array at a loop-invariant offset ({@code x[k * lanes + i]}), but does for {@code x[k][i]}.
   */
  private final int[][] x;
  /** {@code a, b, c, d}, indexed by the step's rotation. */
  private final int[][] state;

  /** Room for {@code lanes} messages at once. */
  public Md5Lanes(int lanes) {
    if (lanes < 1) {
      throw new IllegalArgumentException("lanes must be at least 1, not " + lanes);
    }
    this.lanes = lanes;
    a = new int[lanes];
    b = new int[lanes];
    c = new int[lanes];
    d = new int[lanes];
    a0 = new int[lanes];
    b0 = new int[lanes];
    c0 = new int[lanes];
    d0 = new int[lanes];
    x = new int[16][lanes];
    state = new int[][] {a, b, c, d};
  }

  /** How many messages this can hash at once. */
  public int lanes() {
    return lanes;
  }

  /** Starts a new message in {@code lane} (MD5's initial state). */
  public void reset(int lane) {
    a[lane] = 0x67452301;
    b[lane] = 0xefcdab89;
    c[lane] = 0x98badcfe;
    d[lane] = 0x10325476;
  }

  /** Moves the message in lane {@code from} to lane {@code to} (to keep active lanes packed). */
  public void moveLane(int from, int to) {
    a[to] = a[from];
    b[to] = b[from];
    c[to] = c[from];
    d[to] = d[from];
  }

  /** Makes {@code block[offset .. offset+63]} the next block of the message in {@code lane}. */
  public void load(int lane, byte[] block, int offset) {
    int[][] words = x;
    for (int w = 0; w < 16; w++) {
      words[w][lane] = (int) LITTLE_ENDIAN_INT.get(block, offset + 4 * w);
    }
  }

  /**
   * Makes {@code bytes[offsets[lane] .. offsets[lane]+63]} the next block of each lane {@code 0 ..
   * n-1}. Word by word across the lanes rather than lane by lane: the first pass touches every
   * lane's block, each in a cache line of its own (a lane's chunk is far from the next lane's), in
   * a tight loop whose misses overlap; the other passes find them in L1, and each pass stores to
   * two word arrays in order. Two words per 8-byte load. Measured against {@link #load} lane by
   * lane from the same array: 2-5% less CPU for a directory's files (BENCHMARKS.md).
   */
  public void loadBlocks(int n, byte[] bytes, int[] offsets) {
    int[][] words = x;
    for (int w = 0; w < 16; w += 2) {
      int[] low = words[w];
      int[] high = words[w + 1];
      int delta = 4 * w;
      for (int i = 0; i < n; i++) {
        long pair = (long) LITTLE_ENDIAN_LONG.get(bytes, offsets[i] + delta);
        low[i] = (int) pair;
        high[i] = (int) (pair >>> 32);
      }
    }
  }

  /** Digests the loaded block of each lane {@code 0 .. n-1} into that lane's state. */
  public void compress(int n) {
    int[][] state = this.state;
    System.arraycopy(a, 0, a0, 0, n);
    System.arraycopy(b, 0, b0, 0, n);
    System.arraycopy(c, 0, c0, 0, n);
    System.arraycopy(d, 0, d0, 0, n);
    // A loop over the 64 steps rather than 64 calls written out: C2 inlines four small loops, not
    // 64; as fast warm, and less CPU in all in a fresh JVM (BENCHMARKS.md, "Multi-buffer MD5").
    for (int step = 0; step < 64; step++) {
      // The registers in the roles of RFC 1321's a, b, c, d: they rotate, so step 1 updates d
      // from (d, a, b, c), step 2 updates c from (c, d, a, b), and so on.
      int r = -step & 3;
      int[] ra = state[r];
      int[] rb = state[(r + 1) & 3];
      int[] rc = state[(r + 2) & 3];
      int[] rd = state[(r + 3) & 3];
      int[] word = x[WORD[step]];
      switch (step >>> 4) {
        case 0 -> f(n, ra, rb, rc, rd, word, T[step], SHIFT[step]);
        case 1 -> g(n, ra, rb, rc, rd, word, T[step], SHIFT[step]);
        case 2 -> h(n, ra, rb, rc, rd, word, T[step], SHIFT[step]);
        default -> i(n, ra, rb, rc, rd, word, T[step], SHIFT[step]);
      }
    }
    addSaved(n, a, a0);
    addSaved(n, b, b0);
    addSaved(n, c, c0);
    addSaved(n, d, d0);
  }

  /** The 16-byte MD5 of the message in {@code lane}, once its padded last block is compressed. */
  public byte[] digest(int lane) {
    byte[] out = new byte[16];
    LITTLE_ENDIAN_INT.set(out, 0, a[lane]);
    LITTLE_ENDIAN_INT.set(out, 4, b[lane]);
    LITTLE_ENDIAN_INT.set(out, 8, c[lane]);
    LITTLE_ENDIAN_INT.set(out, 12, d[lane]);
    return out;
  }

  /**
   * Appends MD5's padding for a message of {@code messageLength} bytes whose last {@code
   * messageLength % 64} bytes end just before {@code buffer[end]}: writes 0x80, zeros and the bit
   * length from {@code end} on (absolute indexes; {@code buffer} needs 72 bytes of room there).
   *
   * @return the new end, one or two whole blocks after the message's last full block
   */
  public static int pad(ByteBuffer buffer, int end, long messageLength) {
    int tail = (int) (messageLength & 63);
    int padded = end + (tail < 56 ? 64 - tail : 128 - tail);
    buffer.put(end, (byte) 0x80);
    for (int i = end + 1; i < padded - 8; i++) {
      buffer.put(i, (byte) 0);
    }
    long bits = messageLength << 3;
    for (int i = 0; i < 8; i++) {
      buffer.put(padded - 8 + i, (byte) (bits >>> (8 * i)));
    }
    return padded;
  }

  // One step of each of MD5's four rounds, over lanes 0 .. n-1: a counted loop with no
  // dependence between lanes, which C2's SuperWord turns into vector instructions. bin/repro4j
  // names these four (CompileCommand dontinline): a new name must be changed there too.
  // Md5LanesTest checks that they exist.

  private static void f(int n, int[] a, int[] b, int[] c, int[] d, int[] x, int t, int s) {
    for (int i = 0; i < n; i++) {
      a[i] = b[i] + Integer.rotateLeft(a[i] + (d[i] ^ (b[i] & (c[i] ^ d[i]))) + x[i] + t, s);
    }
  }

  private static void g(int n, int[] a, int[] b, int[] c, int[] d, int[] x, int t, int s) {
    for (int i = 0; i < n; i++) {
      a[i] = b[i] + Integer.rotateLeft(a[i] + (c[i] ^ (d[i] & (b[i] ^ c[i]))) + x[i] + t, s);
    }
  }

  private static void h(int n, int[] a, int[] b, int[] c, int[] d, int[] x, int t, int s) {
    for (int i = 0; i < n; i++) {
      a[i] = b[i] + Integer.rotateLeft(a[i] + (b[i] ^ c[i] ^ d[i]) + x[i] + t, s);
    }
  }

  private static void i(int n, int[] a, int[] b, int[] c, int[] d, int[] x, int t, int s) {
    for (int i = 0; i < n; i++) {
      a[i] = b[i] + Integer.rotateLeft(a[i] + (c[i] ^ (b[i] | ~d[i])) + x[i] + t, s);
    }
  }

  private static void addSaved(int n, int[] state, int[] saved) {
    for (int i = 0; i < n; i++) {
      state[i] += saved[i];
    }
  }
}
