package io.repro4j.runtime.config;

import java.util.Map;

/**
 * Reads a YAML config file into flat dotted keys with the position of each value.
 *
 * <p>Safe by construction: SnakeYAML's composer only (no object construction), no tags but the
 * YAML core ones, bounded aliases, nesting depth and size, duplicate keys rejected. Scalars are
 * typed as OmegaConf does (YAML 1.1 plus {@code 1e-3} as a float).
 */
public final class YamlConfigReader {
  private YamlConfigReader() {}

  /**
   * Parses {@code text}. Nested mappings become dotted keys ({@code optimizer: {lr: 1}} gives
   * {@code optimizer.lr}); sequences become lists. The top level must be a mapping (or empty).
   *
   * @param file the name shown in origins and errors, e.g. {@code iris.yaml}
   * @throws ConfigException when the text is not valid YAML or breaks a limit, with the position
   */
  public static Map<String, RawValue> read(String file, String text) throws ConfigException {
    throw new UnsupportedOperationException("TODO");
  }
}
