package io.repro4j.runtime.config;

import java.util.List;
import java.util.Map;

/**
 * The checks that javac runs on YAML files and the runtime repeats on every source: unknown keys
 * (with "did you mean"), wrong types, values out of range. One implementation for both, so the
 * compile-time and run-time verdicts cannot drift apart.
 */
public final class ConfigChecker {
  private ConfigChecker() {}

  /** Every problem in {@code values} against {@code schema}, in the order of {@code values}. */
  public static List<ConfigProblem> check(ConfigSchema schema, Map<String, RawValue> values) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Converts one raw value to the Java value of {@code spec}'s type: {@code Boolean},
   * {@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code String} (also for enum
   * constants), {@code java.nio.file.Path}, or an unmodifiable {@code List} of those; {@code null}
   * where allowed.
   *
   * @throws ConfigException naming the origin when it does not convert or is out of range
   */
  public static Object convert(ParamSpec spec, RawValue raw) throws ConfigException {
    throw new UnsupportedOperationException("TODO");
  }
}
