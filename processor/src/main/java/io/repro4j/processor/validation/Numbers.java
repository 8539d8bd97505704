package io.repro4j.processor.validation;

/** Numbers in messages as people write them: {@code 1} rather than {@code 1.0}. */
final class Numbers {
  private Numbers() {}

  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
