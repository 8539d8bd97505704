package io.repro4j.runtime.tracking;

import io.repro4j.runtime.config.PythonNumberSyntax;

/**
 * Reads one line of an MLflow metric file as MLflow's file store reads it ({@code int(ts)},
 * {@code float(value)}, {@code int(step)}): the one parser behind {@link FileStore}, {@link
 * RunPusher} and {@link StoreDoctor}, so that a value the store shows is the value pushed and the
 * value the doctor accepts.
 */
final class MetricLine {
  private MetricLine() {}

  /**
   * Parses a stripped, non-blank line: 2 fields (legacy, step 0), 3 fields, or 5 (MLflow 3.x, the
   * last two naming a dataset, which are not read).
   *
   * @throws NumberFormatException saying which field is wrong, when Python would raise
   */
  static MetricPoint parse(String line) {
    String[] f = line.split(" ", -1);
    if (f.length != 2 && f.length != 3 && f.length != 5) {
      throw new NumberFormatException(f.length + " fields");
    }
    return new MetricPoint(pythonInt(f[0]), PythonFloat.parse(f[1]), f.length >= 3 ? pythonInt(f[2]) : 0L);
  }

  private static long pythonInt(String s) {
    if (!PythonNumberSyntax.isInt(s)) {
      throw new NumberFormatException("invalid integer '" + s + "'");
    }
    return Long.parseLong(s.replace("_", ""));
  }
}
