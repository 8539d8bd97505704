package io.repro4j.benchmarks;

/** The config group of {@link ConfiguredTrainer}: two options, each with its own YAML file. */
public sealed interface BenchOptimizer permits BenchSgd, BenchAdam {}
