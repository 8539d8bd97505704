package io.repro4j.runtime.config;

/**
 * One config key: a hyperparameter or a dataset location.
 *
 * @param key the config key, also the MLflow param name
 * @param type its type
 * @param help one line for {@code --help}, may be empty
 * @param min the inclusive lower bound of a numeric value ({@code -Infinity} when unbounded)
 * @param max the inclusive upper bound of a numeric value ({@code +Infinity} when unbounded)
 * @param element the annotated Java element, for messages ({@code IrisTrainer.lr})
 */
public record ParamSpec(
    String key, ParamType type, String help, double min, double max, String element) {

  /** An unbounded key. */
  public static ParamSpec of(String key, ParamType type, String help, String element) {
    return new ParamSpec(key, type, help, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, element);
  }

  /** Whether a range applies. */
  public boolean bounded() {
    return min != Double.NEGATIVE_INFINITY || max != Double.POSITIVE_INFINITY;
  }
}
