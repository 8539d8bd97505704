package io.repro4j.samples.iris;

import io.repro4j.annotations.Hyperparam;

/**
 * Stochastic gradient descent with (heavy-ball) momentum, as PyTorch's {@code SGD}: {@code v = momentum
 * * v + g}, {@code w -= lr * v}.
 *
 * @param lr learning rate of gradient descent
 * @param momentum how much of the previous step is kept (0: plain gradient descent)
 */
public record Sgd(
    @Hyperparam(min = 0, max = 10) double lr, @Hyperparam(min = 0, max = 0.999) double momentum)
    implements Optimizer {

  @Override
  public Update start(int parameters) {
    double[] velocity = new double[parameters];
    return new Update() {
      @Override
      public void nextStep() {}

      @Override
      public double delta(int index, double gradient) {
        velocity[index] = momentum * velocity[index] + gradient;
        return lr * velocity[index];
      }
    };
  }
}
