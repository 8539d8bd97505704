package io.repro4j.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A number the experiment reports: a numeric field, or a method with no parameters that returns a
 * number. Every metric is recorded at each {@code RunContext.step(n)} and once more when training
 * returns, read by generated code (no reflection).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Metric {
  /** The MLflow metric key. Empty means the field's or method's name. */
  String name() default "";

  /** Whether a lower or a higher value is better; sweeps optimise metrics that have a goal. */
  Goal goal() default Goal.NONE;

  /** The direction in which a metric improves. */
  enum Goal {
    /** Lower is better, e.g. a loss. */
    MINIMIZE,
    /** Higher is better, e.g. an accuracy. */
    MAXIMIZE,
    /** Reported only. */
    NONE
  }
}
