package io.repro4j.samples.iris;

/**
 * Multinomial logistic regression: class scores {@code W x + b}, probabilities by softmax, trained
 * on cross-entropy with an L2 penalty on {@code W} by an {@link Optimizer}. {@link StrictMath} keeps
 * every result the same bit for bit on every platform.
 */
final class SoftmaxRegression {
  private final int features;
  private final int classes;
  private final double[][] weights;
  private final double[] bias;
  private final double[] scores;
  private final Optimizer.Update update;

  SoftmaxRegression(int features, int classes, Optimizer optimizer) {
    this.features = features;
    this.classes = classes;
    this.weights = new double[classes][features];
    this.bias = new double[classes];
    this.scores = new double[classes];
    // Parameter c * (features + 1) + f is weight (c, f); f == features is the bias of class c.
    this.update = optimizer.start(classes * (features + 1));
  }

  double weight(int c, int f) {
    return weights[c][f];
  }

  double bias(int c) {
    return bias[c];
  }

  /**
   * One pass of mini-batch gradient steps over {@code train} in an order drawn from {@code random}.
   *
   * @return the training loss after the pass: mean cross-entropy plus {@code l2/2 * |W|^2}
   */
  double trainEpoch(Table.Examples train, double l2, int batchSize, SplitMix64 random) {
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    random.shuffle(order);
    double[][] gradW = new double[classes][features];
    double[] gradB = new double[classes];
    for (int start = 0; start < order.length; start += batchSize) {
      int end = Math.min(order.length, start + batchSize);
      for (double[] row : gradW) {
        java.util.Arrays.fill(row, 0);
      }
      java.util.Arrays.fill(gradB, 0);
      for (int i = start; i < end; i++) {
        double[] x = train.x()[order[i]];
        probabilities(x);
        int label = train.y()[order[i]];
        for (int c = 0; c < classes; c++) {
          double error = scores[c] - (c == label ? 1 : 0);
          gradB[c] += error;
          for (int f = 0; f < features; f++) {
            gradW[c][f] += error * x[f];
          }
        }
      }
      int n = end - start;
      update.nextStep();
      for (int c = 0; c < classes; c++) {
        int row = c * (features + 1);
        bias[c] -= update.delta(row + features, gradB[c] / n);
        for (int f = 0; f < features; f++) {
          weights[c][f] -= update.delta(row + f, gradW[c][f] / n + l2 * weights[c][f]);
        }
      }
    }
    return loss(train, l2);
  }

  double loss(Table.Examples examples, double l2) {
    double sum = 0;
    for (int i = 0; i < examples.size(); i++) {
      probabilities(examples.x()[i]);
      sum -= StrictMath.log(Math.max(scores[examples.y()[i]], Double.MIN_NORMAL));
    }
    double penalty = 0;
    for (double[] row : weights) {
      for (double w : row) {
        penalty += w * w;
      }
    }
    return sum / examples.size() + 0.5 * l2 * penalty;
  }

  double accuracy(Table.Examples examples) {
    if (examples.size() == 0) {
      return Double.NaN;
    }
    int correct = 0;
    for (int i = 0; i < examples.size(); i++) {
      probabilities(examples.x()[i]);
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (scores[c] > scores[best]) {
          best = c;
        }
      }
      if (best == examples.y()[i]) {
        correct++;
      }
    }
    return (double) correct / examples.size();
  }

  /** Softmax of the scores of {@code x} into {@link #scores}, shifted by the maximum for stability. */
  private void probabilities(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      double score = bias[c];
      for (int f = 0; f < features; f++) {
        score += weights[c][f] * x[f];
      }
      scores[c] = score;
      max = Math.max(max, score);
    }
    double total = 0;
    for (int c = 0; c < classes; c++) {
      scores[c] = StrictMath.exp(scores[c] - max);
      total += scores[c];
    }
    for (int c = 0; c < classes; c++) {
      scores[c] /= total;
    }
  }
}
