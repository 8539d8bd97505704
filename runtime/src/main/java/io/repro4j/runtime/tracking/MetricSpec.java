package io.repro4j.runtime.tracking;

import io.repro4j.annotations.Metric;

/**
 * A {@code @Metric} as declared.
 *
 * @param key the MLflow metric key
 * @param goal whether lower or higher is better
 * @param element the annotated member, for messages ({@code IrisTrainer.accuracy()})
 */
public record MetricSpec(String key, Metric.Goal goal, String element) {}
