package io.repro4j.runtime.config;

/**
 * An untyped config value as read from YAML or an override, with its origin. {@code value} is one
 * of: {@code null}, {@code Boolean}, {@code Long} or {@code java.math.BigInteger} (integers that do
 * not fit a long), {@code Double}, {@code String}, {@code java.util.List<RawValue>} (each element
 * with its own origin), or an empty {@code java.util.Map<String, RawValue>} for an empty YAML
 * mapping ({@code opt: {}}), which no config type accepts (non-empty mappings are flattened into
 * dotted keys by {@link YamlConfigReader}).
 *
 * @param value the value, typed as YAML (OmegaConf) or Hydra's override grammar types it
 * @param origin where it was written
 */
public record RawValue(Object value, Origin origin) {}
