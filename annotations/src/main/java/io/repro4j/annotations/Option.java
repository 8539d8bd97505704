package io.repro4j.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name of an option of a config group. A config group is a {@link Hyperparam} whose type is a
 * sealed interface; each record it permits is one option, chosen with {@code group=name} on the
 * command line or {@code - group: name} in a defaults list, with its values in
 * {@code conf/<group>/<name>.yaml}:
 *
 * <pre>{@code
 * sealed interface Optimizer permits Sgd, AdamW {}
 * record Sgd(double lr, double momentum) implements Optimizer {}   // option "sgd"
 * @Option("adamw")
 * record AdamW(double lr, double weightDecay) implements Optimizer {}  // "adamw", not "adam-w"
 * }</pre>
 *
 * <p>Without this annotation an option is named after its record in kebab case: {@code Sgd} is
 * {@code sgd}, {@code CosineDecay} is {@code cosine-decay}, {@code SGD} is {@code sgd},
 * {@code AdamW} is {@code adam-w}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Option {
  /** The option's name: letters, digits, {@code _} and {@code -}, not starting with a digit or {@code -}. */
  String value();
}
