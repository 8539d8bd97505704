package io.repro4j.samples.iris;

import io.repro4j.annotations.Hyperparam;

/**
 * Adam (Kingma and Ba, 2015) with bias correction, as PyTorch's {@code Adam}.
 *
 * @param lr learning rate (step size)
 * @param beta1 decay of the running mean of gradients
 * @param beta2 decay of the running mean of squared gradients
 * @param eps added to the denominator for numerical stability
 */
public record Adam(
    @Hyperparam(min = 0, max = 10) double lr,
    @Hyperparam(min = 0, max = 0.999999) double beta1,
    @Hyperparam(min = 0, max = 0.999999) double beta2,
    @Hyperparam(min = 0, max = 1) double eps)
    implements Optimizer {

  @Override
  public Update start(int parameters) {
    double[] mean = new double[parameters];
    double[] squares = new double[parameters];
    return new Update() {
      private int step;
      private double correction1;
      private double correction2;

      @Override
      public void nextStep() {
        step++;
        correction1 = 1 - StrictMath.pow(beta1, step);
        correction2 = 1 - StrictMath.pow(beta2, step);
      }

      @Override
      public double delta(int index, double gradient) {
        mean[index] = beta1 * mean[index] + (1 - beta1) * gradient;
        squares[index] = beta2 * squares[index] + (1 - beta2) * gradient * gradient;
        double meanHat = mean[index] / correction1;
        double squaresHat = squares[index] / correction2;
        return lr * meanHat / (StrictMath.sqrt(squaresHat) + eps);
      }
    };
  }
}
