package io.repro4j.benchmarks;

import io.repro4j.annotations.Experiment;
import io.repro4j.annotations.Metric;
import io.repro4j.runtime.RunContext;
import io.repro4j.runtime.Trainer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * A trainer with four {@code @Metric} fields that hands its real {@link RunContext} (made by the
 * launcher, as for any user) to a benchmark and waits until the benchmark is done with it.
 */
@Experiment(name = "bench-step")
public class FourMetricTrainer implements Trainer {
  /** Training loss. */
  @Metric(goal = Metric.Goal.MINIMIZE)
  double loss;

  /** Accuracy. */
  @Metric(goal = Metric.Goal.MAXIMIZE)
  double accuracy;

  /** Learning rate. */
  @Metric
  double lr;

  /** Gradient norm. */
  @Metric(name = "train/grad_norm")
  double gradNorm;

  final CompletableFuture<RunContext> context = new CompletableFuture<>();
  final CountDownLatch release = new CountDownLatch(1);

  @Override
  public void train(RunContext ctx) throws InterruptedException {
    context.complete(ctx);
    release.await();
  }
}
