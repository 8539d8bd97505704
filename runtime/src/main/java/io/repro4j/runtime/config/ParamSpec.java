package io.repro4j.runtime.config;

import java.util.List;

/**
 * One config key: a hyperparameter or a dataset location.
 *
 * @param key the config key, also the MLflow param name
 * @param type its type
 * @param help one line for {@code --help}, may be empty
 * @param min the inclusive lower bound of a numeric value ({@code -Infinity} when unbounded)
 * @param max the inclusive upper bound of a numeric value ({@code +Infinity} when unbounded)
 * @param element the annotated Java element, for messages ({@code IrisTrainer.lr})
 * @param required whether the key has no default (a field without initialiser), so that a run
 *     needs a value from a config file or the command line
 * @param choices the values a {@code String} key may take, in declaration order; empty means any
 * @param secret whether the value is a credential, written as {@code ***} wherever it is recorded
 *     or shown ({@code @Hyperparam(secret = true)})
 */
public record ParamSpec(
    String key,
    ParamType type,
    String help,
    double min,
    double max,
    String element,
    boolean required,
    List<String> choices,
    boolean secret) {

  /** Copies {@code choices}; {@code null} means none. */
  public ParamSpec {
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  /** A key that is not secret: what generated code declares for a required key or one with choices. */
  public ParamSpec(
      String key,
      ParamType type,
      String help,
      double min,
      double max,
      String element,
      boolean required,
      List<String> choices) {
    this(key, type, help, min, max, element, required, choices, false);
  }

  /** An optional key without choices: what generated code declares for most keys. */
  public ParamSpec(String key, ParamType type, String help, double min, double max, String element) {
    this(key, type, help, min, max, element, false, List.of());
  }

  /** An unbounded, optional key without choices. */
  public static ParamSpec of(String key, ParamType type, String help, String element) {
    return new ParamSpec(key, type, help, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, element);
  }

  /** Whether a range applies. */
  public boolean bounded() {
    return min != Double.NEGATIVE_INFINITY || max != Double.POSITIVE_INFINITY;
  }
}
