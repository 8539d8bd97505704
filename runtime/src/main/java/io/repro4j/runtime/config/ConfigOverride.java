package io.repro4j.runtime.config;

/**
 * A parsed command-line override {@code key=value}.
 *
 * @param text the override as typed
 * @param key the dotted key
 * @param value the typed value, its origin spanning the value's text
 */
public record ConfigOverride(String text, String key, RawValue value) {

  /**
   * Parses one override in Hydra's grammar, simple forms: {@code key=value} with dotted keys;
   * values {@code null}, booleans, ints, floats ({@code 1e-3}, {@code inf}, {@code nan}), quoted
   * and unquoted strings, lists {@code [1,2]}.
   *
   * @throws ConfigException with a caret under the fault, e.g. a missing {@code =}
   */
  public static ConfigOverride parse(String text) throws ConfigException {
    throw new UnsupportedOperationException("TODO");
  }
}
