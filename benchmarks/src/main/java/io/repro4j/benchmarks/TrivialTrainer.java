package io.repro4j.benchmarks;

import io.repro4j.annotations.Experiment;
import io.repro4j.annotations.Hyperparam;
import io.repro4j.annotations.Metric;
import io.repro4j.runtime.RunContext;
import io.repro4j.runtime.Trainer;

/** Does nothing but record one metric: what a sweep costs on top of training. */
@Experiment(name = "bench-sweep")
public class TrivialTrainer implements Trainer {
  /** The trial's number. */
  @Hyperparam
  int x = 0;

  /** The number again, as the goal. */
  @Metric(goal = Metric.Goal.MINIMIZE)
  double loss;

  @Override
  public void train(RunContext ctx) {
    loss = x;
    ctx.step(0);
  }
}
