package io.repro4j.samples.iris;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A classification table in scikit-learn's bundled CSV form: a header line
 * {@code rows,features,class names...}, then one line per row: the features, then the class index.
 */
final class Table {
  private final double[][] x;
  private final int[] y;
  private final List<String> classNames;

  private Table(double[][] x, int[] y, List<String> classNames) {
    this.x = x;
    this.y = y;
    this.classNames = classNames;
  }

  static Table read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IOException(file + ": empty file");
      }
      String[] head = header.split(",");
      if (head.length < 3) {
        throw new IOException(file + ":1: expected 'rows,features,class names...', got '" + header + "'");
      }
      int rows = parseInt(head[0], file, 1);
      int features = parseInt(head[1], file, 1);
      List<String> classNames = List.of(Arrays.copyOfRange(head, 2, head.length));
      double[][] x = new double[rows][features];
      int[] y = new int[rows];
      for (int r = 0; r < rows; r++) {
        String line = in.readLine();
        int lineNumber = r + 2;
        if (line == null) {
          throw new IOException(file + ": the header promises " + rows + " rows, found " + r);
        }
        String[] cells = line.split(",");
        if (cells.length != features + 1) {
          throw new IOException(file + ":" + lineNumber + ": expected " + (features + 1) + " cells, got " + cells.length);
        }
        for (int f = 0; f < features; f++) {
          try {
            x[r][f] = Double.parseDouble(cells[f].trim());
          } catch (NumberFormatException e) {
            throw new IOException(file + ":" + lineNumber + ": feature " + f + " is not a number: '" + cells[f] + "'", e);
          }
        }
        y[r] = parseInt(cells[features], file, lineNumber);
        if (y[r] < 0 || y[r] >= classNames.size()) {
          throw new IOException(file + ":" + lineNumber + ": class index " + y[r] + " is not in [0, " + classNames.size() + ")");
        }
      }
      return new Table(x, y, classNames);
    }
  }

  private static int parseInt(String cell, Path file, int line) throws IOException {
    try {
      return Integer.parseInt(cell.trim());
    } catch (NumberFormatException e) {
      throw new IOException(file + ":" + line + ": expected a whole number, got '" + cell + "'", e);
    }
  }

  int rows() {
    return y.length;
  }

  int features() {
    return x.length == 0 ? 0 : x[0].length;
  }

  int classes() {
    return classNames.size();
  }

  String className(int c) {
    return classNames.get(c);
  }

  /** Rows shuffled with {@code seed}; the first {@code testFraction} of them are held out. */
  Split split(double testFraction, long seed) {
    int[] order = new int[rows()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    new SplitMix64(seed).shuffle(order);
    int testRows = (int) Math.round(rows() * testFraction);
    int[] test = Arrays.copyOfRange(order, 0, testRows);
    int[] train = Arrays.copyOfRange(order, testRows, order.length);
    Standardizer scale = Standardizer.fit(x, train);
    return new Split(subset(train, scale), subset(test, scale));
  }

  private Examples subset(int[] rows, Standardizer scale) {
    double[][] features = new double[rows.length][];
    int[] labels = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      features[i] = scale.apply(x[rows[i]]);
      labels[i] = y[rows[i]];
    }
    return new Examples(features, labels);
  }

  /** Features and class indices of some rows. */
  record Examples(double[][] x, int[] y) {
    int size() {
      return y.length;
    }
  }

  /** Training and test rows, standardised with the training rows' mean and deviation. */
  record Split(Examples train, Examples test) {}

  /** Centres and scales each feature with statistics of the training rows only (no test leakage). */
  private record Standardizer(double[] mean, double[] deviation) {
    static Standardizer fit(double[][] x, int[] rows) {
      int features = x.length == 0 ? 0 : x[0].length;
      double[] mean = new double[features];
      double[] deviation = new double[features];
      for (int row : rows) {
        for (int f = 0; f < features; f++) {
          mean[f] += x[row][f];
        }
      }
      for (int f = 0; f < features; f++) {
        mean[f] /= rows.length;
      }
      for (int row : rows) {
        for (int f = 0; f < features; f++) {
          double d = x[row][f] - mean[f];
          deviation[f] += d * d;
        }
      }
      for (int f = 0; f < features; f++) {
        deviation[f] = Math.sqrt(deviation[f] / rows.length);
        if (deviation[f] == 0) {
          deviation[f] = 1;
        }
      }
      return new Standardizer(mean, deviation);
    }

    double[] apply(double[] row) {
      double[] scaled = new double[row.length];
      for (int f = 0; f < row.length; f++) {
        scaled[f] = (row[f] - mean[f]) / deviation[f];
      }
      return scaled;
    }
  }
}
