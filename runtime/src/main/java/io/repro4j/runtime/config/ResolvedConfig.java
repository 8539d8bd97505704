package io.repro4j.runtime.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The typed values of every key after defaults, files and overrides were merged, each with the
 * origin that won. Generated code reads it to build the experiment's config record.
 */
public final class ResolvedConfig {
  private final ConfigSchema schema;
  private final Map<String, Object> values;
  private final Map<String, Origin> origins;

  public ResolvedConfig(ConfigSchema schema, Map<String, Object> values, Map<String, Origin> origins) {
    this.schema = schema;
    this.values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    this.origins = Map.copyOf(origins);
  }

  public ConfigSchema schema() {
    return schema;
  }

  /** Values by key in schema order; may contain {@code null} values. */
  public Map<String, Object> values() {
    return values;
  }

  public Origin origin(String key) {
    return origins.get(key);
  }

  public Object get(String key) {
    if (!values.containsKey(key)) {
      throw new IllegalArgumentException("no config key '" + key + "'");
    }
    return values.get(key);
  }

  public boolean getBoolean(String key) {
    return (Boolean) get(key);
  }

  public int getInt(String key) {
    return (Integer) get(key);
  }

  public long getLong(String key) {
    return (Long) get(key);
  }

  public float getFloat(String key) {
    return (Float) get(key);
  }

  public double getDouble(String key) {
    return (Double) get(key);
  }

  public String getString(String key) {
    return (String) get(key);
  }

  public Path getPath(String key) {
    return (Path) get(key);
  }

  @SuppressWarnings("unchecked")
  public <E> List<E> getList(String key) {
    return (List<E>) get(key);
  }
}
