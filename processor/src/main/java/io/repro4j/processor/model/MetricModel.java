package io.repro4j.processor.model;

import io.repro4j.runtime.tracking.MetricSpec;

/**
 * A valid {@code @Metric} field or method.
 *
 * @param spec the metric exactly as the generated code declares it
 * @param member the annotated member's name
 * @param method whether the member is a method (called) rather than a field (read)
 * @param boxed whether the value is a boxed number, read as {@code NaN} when {@code null}
 */
public record MetricModel(MetricSpec spec, String member, boolean method, boolean boxed) {}
