package io.repro4j.benchmarks;

import io.repro4j.annotations.Hyperparam;

/**
 * Option {@code bench-adam} of {@link ConfiguredTrainer}'s group.
 *
 * @param lr learning rate
 * @param beta1 first moment decay
 * @param beta2 second moment decay
 */
public record BenchAdam(
    @Hyperparam(min = 0, max = 10) double lr, @Hyperparam(min = 0, max = 1) double beta1,
    @Hyperparam(min = 0, max = 1) double beta2)
    implements BenchOptimizer {}
