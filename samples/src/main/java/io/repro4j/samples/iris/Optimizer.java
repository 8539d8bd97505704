package io.repro4j.samples.iris;

/**
 * How a gradient step changes the weights: a config group. {@code optimizer=adam} chooses
 * {@link Adam}, {@code optimizer.lr=0.01} sets its learning rate; {@code conf/optimizer/adam.yaml}
 * holds its values.
 */
public sealed interface Optimizer permits Sgd, Adam {

  /** A fresh update rule, with its own state, for {@code parameters} parameters. */
  Update start(int parameters);

  /** The state of one optimizer during training. */
  interface Update {
    /** Called once before the parameters of one mini-batch are updated. */
    void nextStep();

    /** How much to subtract from parameter {@code index}, whose gradient is {@code gradient}. */
    double delta(int index, double gradient);
  }
}
