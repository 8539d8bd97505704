package io.repro4j.runtime.config;

/**
 * One thing wrong with a config: where ({@link Origin}), which key (may be empty for syntax errors)
 * and what, phrased so that it says how to fix it.
 */
public record ConfigProblem(Origin origin, String key, String message) {

  /**
   * The problem as users see it. For a file: {@code iris.yaml:3:1: unknown key 'lrr' (did you mean
   * 'lr'?)}. For an override, two more lines show the override and carets under the fault:
   *
   * <pre>
   * override 'lrr=0.1': unknown key 'lrr' (did you mean 'lr'?)
   *   lrr=0.1
   *   ^^^
   * </pre>
   */
  public String format() {
    throw new UnsupportedOperationException("TODO");
  }
}
