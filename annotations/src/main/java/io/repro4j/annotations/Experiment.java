package io.repro4j.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a training class as a Repro4j experiment. The class implements
 * {@code io.repro4j.runtime.Trainer}; the annotation processor generates its typed config, loader,
 * binder and tracking hooks next to it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Experiment {
  /** The MLflow experiment the runs are recorded in. Empty means the class's simple name. */
  String name() default "";

  /**
   * Classpath resources holding YAML config, merged in order over the field defaults (later files
   * win). Each one is checked against the hyperparameters at compile time and again at run time.
   */
  String[] config() default {};
}
