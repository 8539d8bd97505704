package io.repro4j.runtime.config;

import java.util.List;
import java.util.Map;

/**
 * Merges a config: field defaults, then YAML files in order, then overrides (later wins), checks
 * every source with {@link ConfigChecker} and converts to typed values. Reports every problem of
 * every source at once.
 */
public final class ConfigResolver {
  private ConfigResolver() {}

  /**
   * @param schema the keys
   * @param defaults the default value of every key, already typed as {@link ConfigChecker#convert}
   *     returns them (read from a fresh trainer instance)
   * @param defaultOrigins where each default comes from
   * @param files YAML files as read by {@link YamlConfigReader}, in merge order
   * @param overrides parsed command-line overrides, in order
   * @throws ConfigException with every problem found
   */
  public static ResolvedConfig resolve(
      ConfigSchema schema,
      Map<String, Object> defaults,
      Map<String, Origin> defaultOrigins,
      List<Map<String, RawValue>> files,
      List<ConfigOverride> overrides)
      throws ConfigException {
    throw new UnsupportedOperationException("TODO");
  }
}
