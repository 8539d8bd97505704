package io.repro4j.samples.iris;

/**
 * Steele, Lea and Flood's SplitMix64: a tiny seeded generator whose sequence is fixed by its
 * definition, so that shuffles are the same on every JVM and platform.
 */
final class SplitMix64 {
  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound): rejection sampling on 63 bits, as java.util.Random does, so no bias. */
  int nextInt(int bound) {
    long last = bound - 1;
    long u = nextLong() >>> 1;
    long r = u % bound;
    while (u - r + last < 0) {
      u = nextLong() >>> 1;
      r = u % bound;
    }
    return (int) r;
  }

  /** Fisher-Yates shuffle of {@code values} in place. */
  void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }
}
