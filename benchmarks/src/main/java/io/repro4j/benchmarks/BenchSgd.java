package io.repro4j.benchmarks;

import io.repro4j.annotations.Hyperparam;

/**
 * Option {@code bench-sgd} of {@link ConfiguredTrainer}'s group.
 *
 * @param lr learning rate
 * @param momentum momentum
 */
public record BenchSgd(@Hyperparam(min = 0, max = 10) double lr, @Hyperparam(min = 0, max = 1) double momentum)
    implements BenchOptimizer {}
