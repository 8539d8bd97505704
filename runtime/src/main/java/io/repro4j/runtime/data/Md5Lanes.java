package io.repro4j.runtime.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * MD5's compression function over many independent messages at once, one per lane (the
 * multi-buffer technique of Intel's isa-l_crypto {@code md5_mb} and minio's {@code md5-simd}).
 * MD5 of one message is a chain of 64 dependent steps per block that no SIMD unit can shorten;
 * lanes are independent, so each step here is a counted loop over the lanes that C2's SuperWord
 * compiles to AVX2/AVX-512 instructions, one lane per vector element. Plain Java on purpose: JDK
 * 17's Vector API is an incubator module that warns on every start.
 *
 * <p>The caller pads (see {@link #pad}), feeds one 64-byte block per active lane with {@link
 * #load}, and calls {@link #compress} with the number of active lanes; active lanes are {@code 0
 * .. n-1} (the caller keeps them packed with {@link #moveLane}), so the cost follows the lanes in
 * use. Not thread-safe: one instance per thread.
 */
public final class Md5Lanes {
  private static final VarHandle LITTLE_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

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

  /** Digests the loaded block of each lane {@code 0 .. n-1} into that lane's state. */
  public void compress(int n) {
    int[] a = this.a;
    int[] b = this.b;
    int[] c = this.c;
    int[] d = this.d;
    int[][] x = this.x;
    System.arraycopy(a, 0, a0, 0, n);
    System.arraycopy(b, 0, b0, 0, n);
    System.arraycopy(c, 0, c0, 0, n);
    System.arraycopy(d, 0, d0, 0, n);
    f(n, a, b, c, d, x[0], 0xd76aa478, 7);
    f(n, d, a, b, c, x[1], 0xe8c7b756, 12);
    f(n, c, d, a, b, x[2], 0x242070db, 17);
    f(n, b, c, d, a, x[3], 0xc1bdceee, 22);
    f(n, a, b, c, d, x[4], 0xf57c0faf, 7);
    f(n, d, a, b, c, x[5], 0x4787c62a, 12);
    f(n, c, d, a, b, x[6], 0xa8304613, 17);
    f(n, b, c, d, a, x[7], 0xfd469501, 22);
    f(n, a, b, c, d, x[8], 0x698098d8, 7);
    f(n, d, a, b, c, x[9], 0x8b44f7af, 12);
    f(n, c, d, a, b, x[10], 0xffff5bb1, 17);
    f(n, b, c, d, a, x[11], 0x895cd7be, 22);
    f(n, a, b, c, d, x[12], 0x6b901122, 7);
    f(n, d, a, b, c, x[13], 0xfd987193, 12);
    f(n, c, d, a, b, x[14], 0xa679438e, 17);
    f(n, b, c, d, a, x[15], 0x49b40821, 22);

    g(n, a, b, c, d, x[1], 0xf61e2562, 5);
    g(n, d, a, b, c, x[6], 0xc040b340, 9);
    g(n, c, d, a, b, x[11], 0x265e5a51, 14);
    g(n, b, c, d, a, x[0], 0xe9b6c7aa, 20);
    g(n, a, b, c, d, x[5], 0xd62f105d, 5);
    g(n, d, a, b, c, x[10], 0x02441453, 9);
    g(n, c, d, a, b, x[15], 0xd8a1e681, 14);
    g(n, b, c, d, a, x[4], 0xe7d3fbc8, 20);
    g(n, a, b, c, d, x[9], 0x21e1cde6, 5);
    g(n, d, a, b, c, x[14], 0xc33707d6, 9);
    g(n, c, d, a, b, x[3], 0xf4d50d87, 14);
    g(n, b, c, d, a, x[8], 0x455a14ed, 20);
    g(n, a, b, c, d, x[13], 0xa9e3e905, 5);
    g(n, d, a, b, c, x[2], 0xfcefa3f8, 9);
    g(n, c, d, a, b, x[7], 0x676f02d9, 14);
    g(n, b, c, d, a, x[12], 0x8d2a4c8a, 20);

    h(n, a, b, c, d, x[5], 0xfffa3942, 4);
    h(n, d, a, b, c, x[8], 0x8771f681, 11);
    h(n, c, d, a, b, x[11], 0x6d9d6122, 16);
    h(n, b, c, d, a, x[14], 0xfde5380c, 23);
    h(n, a, b, c, d, x[1], 0xa4beea44, 4);
    h(n, d, a, b, c, x[4], 0x4bdecfa9, 11);
    h(n, c, d, a, b, x[7], 0xf6bb4b60, 16);
    h(n, b, c, d, a, x[10], 0xbebfbc70, 23);
    h(n, a, b, c, d, x[13], 0x289b7ec6, 4);
    h(n, d, a, b, c, x[0], 0xeaa127fa, 11);
    h(n, c, d, a, b, x[3], 0xd4ef3085, 16);
    h(n, b, c, d, a, x[6], 0x04881d05, 23);
    h(n, a, b, c, d, x[9], 0xd9d4d039, 4);
    h(n, d, a, b, c, x[12], 0xe6db99e5, 11);
    h(n, c, d, a, b, x[15], 0x1fa27cf8, 16);
    h(n, b, c, d, a, x[2], 0xc4ac5665, 23);

    i(n, a, b, c, d, x[0], 0xf4292244, 6);
    i(n, d, a, b, c, x[7], 0x432aff97, 10);
    i(n, c, d, a, b, x[14], 0xab9423a7, 15);
    i(n, b, c, d, a, x[5], 0xfc93a039, 21);
    i(n, a, b, c, d, x[12], 0x655b59c3, 6);
    i(n, d, a, b, c, x[3], 0x8f0ccc92, 10);
    i(n, c, d, a, b, x[10], 0xffeff47d, 15);
    i(n, b, c, d, a, x[1], 0x85845dd1, 21);
    i(n, a, b, c, d, x[8], 0x6fa87e4f, 6);
    i(n, d, a, b, c, x[15], 0xfe2ce6e0, 10);
    i(n, c, d, a, b, x[6], 0xa3014314, 15);
    i(n, b, c, d, a, x[13], 0x4e0811a1, 21);
    i(n, a, b, c, d, x[4], 0xf7537e82, 6);
    i(n, d, a, b, c, x[11], 0xbd3af235, 10);
    i(n, c, d, a, b, x[2], 0x2ad7d2bb, 15);
    i(n, b, c, d, a, x[9], 0xeb86d391, 21);

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
   * messageLength % 64} bytes end at {@code buffer[end - 1]}: writes 0x80, zeros and the bit length
   * from {@code end} on ({@code buffer} needs 72 bytes of room after {@code end}).
   *
   * @return the new end, a whole number of 64-byte blocks after the last full block
   */
  public static int pad(byte[] buffer, int end, long messageLength) {
    int tail = (int) (messageLength & 63);
    int padded = end + (tail < 56 ? 64 - tail : 128 - tail);
    buffer[end] = (byte) 0x80;
    Arrays.fill(buffer, end + 1, padded - 8, (byte) 0);
    long bits = messageLength << 3;
    for (int i = 0; i < 8; i++) {
      buffer[padded - 8 + i] = (byte) (bits >>> (8 * i));
    }
    return padded;
  }

  // One step each of MD5's four rounds, over lanes 0 .. n-1. Separate methods with the array
  // roles as arguments: each stays a small loop that C2 unrolls and vectorises.

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
