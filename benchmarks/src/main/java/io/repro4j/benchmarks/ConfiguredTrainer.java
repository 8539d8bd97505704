package io.repro4j.benchmarks;

import io.repro4j.annotations.Experiment;
import io.repro4j.annotations.Hyperparam;
import io.repro4j.annotations.Metric;
import io.repro4j.runtime.RunContext;
import io.repro4j.runtime.Trainer;

/**
 * {@link TrivialTrainer} with a config file and a config group of two options, each with its own
 * file: what a sweep costs when every trial's config is composed from YAML files.
 */
@Experiment(name = "bench-sweep-configured", config = "bench-sweep.yaml")
public class ConfiguredTrainer implements Trainer {
  /** The trial's number. */
  @Hyperparam
  int x = 0;

  /** A value the config file sets. */
  @Hyperparam(min = 1)
  int epochs = 1;

  /** The group. */
  @Hyperparam
  BenchOptimizer optimizer = new BenchSgd(0.1, 0.0);

  /** The number again, as the goal. */
  @Metric(goal = Metric.Goal.MINIMIZE)
  double loss;

  @Override
  public void train(RunContext ctx) {
    loss = x;
    ctx.step(0);
  }
}
