package io.repro4j.runtime.tracking;

/**
 * One line of a metric file: {@code <timestamp> <value> <step>}.
 *
 * @param timestamp milliseconds since the epoch
 * @param value the value (NaN and infinities allowed)
 * @param step the step (may be negative, as in MLflow)
 */
public record MetricPoint(long timestamp, double value, long step) {}
