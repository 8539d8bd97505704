package io.repro4j.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A configurable field of an {@link Experiment}. The field initialiser is the default; YAML files
 * and command-line overrides ({@code lr=0.01}) change it before training starts. A field without an
 * initialiser is required: a run fails, naming it, unless a config file or the command line gives
 * it a value (as Hydra's {@code ???} does).
 *
 * <p>Supported types: {@code boolean}, {@code int}, {@code long}, {@code float}, {@code double}
 * (and their boxes), {@code String}, enums, {@code java.nio.file.Path}, and {@code List} of those.
 * The field must be settable without reflection: package-private (or wider), not {@code final} and
 * not {@code static}; a {@code private} field needs a non-private setter and getter.
 *
 * <p>A field whose type is a record is a nested config: each record component is a key under the
 * field's ({@code model.width}), and may itself be a record. Annotate a component with
 * {@code @Hyperparam} to give it a name, help or range; without {@code help}, the record's Javadoc
 * {@code @param} text is the help. A class whose own fields carry {@code @Hyperparam} is a nested
 * config too (those fields follow the rules above, and the class needs a no-argument constructor).
 * A field whose type is a sealed interface permitting only records is a config group: see
 * {@link Option}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Hyperparam {
  /** The config key and MLflow param name. Empty means the field's name. */
  String name() default "";

  /** One line for {@code --help}. Empty means the first sentence of the field's Javadoc. */
  String help() default "";

  /** The smallest allowed value of a numeric hyperparameter (inclusive). */
  double min() default Double.NEGATIVE_INFINITY;

  /** The largest allowed value of a numeric hyperparameter (inclusive). */
  double max() default Double.POSITIVE_INFINITY;

  /**
   * The values a {@code String} hyperparameter may take, e.g. {@code choices = {"sgd", "adam"}};
   * empty means any. javac rejects a default or a YAML value that is not one of them, and so does
   * the run for an override. Only for {@code String} fields (an enum lists its constants already).
   */
  String[] choices() default {};

  /**
   * Whether the value is a credential (an API token, a database password): it is then written as
   * {@code ***} wherever a run records or shows it (params, {@code config.yaml}, {@code
   * composed.yaml}, {@code overrides.yaml}, {@code command.txt}, {@code --cfg}, {@code --info},
   * {@code --help}), while the trainer still receives the real value. Only for values, not for a
   * nested config or a config group (mark their components instead).
   */
  boolean secret() default false;
}
