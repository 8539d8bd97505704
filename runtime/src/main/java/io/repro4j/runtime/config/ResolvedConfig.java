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
  private final Map<String, Object> unresolved;

  /**
   * @param schema the keys
   * @param values the typed value of every key, as {@link ConfigChecker#convert} returns them
   * @param origins where each value came from
   */
  public ResolvedConfig(ConfigSchema schema, Map<String, Object> values, Map<String, Origin> origins) {
    this(schema, values, origins, Map.of());
  }

  /**
   * @param schema the keys
   * @param values the typed value of every key, as {@link ConfigChecker#convert} returns them
   * @param origins where each value came from
   * @param unresolved for each key whose value came from an interpolation, the value as written
   *     ({@code "run-${lr}"}, or a list holding such strings)
   */
  public ResolvedConfig(
      ConfigSchema schema,
      Map<String, Object> values,
      Map<String, Origin> origins,
      Map<String, Object> unresolved) {
    this.schema = schema;
    this.values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    this.origins = Map.copyOf(origins);
    this.unresolved = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(unresolved));
  }

  /** The keys these values are for. */
  public ConfigSchema schema() {
    return schema;
  }

  /** Values by key in schema order; may contain {@code null} values. */
  public Map<String, Object> values() {
    return values;
  }

  /**
   * The values as composed, before interpolation, like Hydra's {@code .hydra/config.yaml}: the
   * typed value of every key, except that a key whose value came from an interpolation has it as
   * written ({@code "run-${lr}"}).
   */
  public Map<String, Object> composed() {
    Map<String, Object> composed = new java.util.LinkedHashMap<>(values);
    composed.putAll(unresolved);
    return java.util.Collections.unmodifiableMap(composed);
  }

  /** The value of {@code key} as written, when it came from an interpolation. */
  public java.util.Optional<Object> unresolved(String key) {
    return unresolved.containsKey(key) ? java.util.Optional.of(unresolved.get(key)) : java.util.Optional.empty();
  }

  /**
   * These values with {@code replaced} put over them (origins kept): e.g. dataset paths made
   * absolute, so that the trainer is bound to exactly the files that are checked.
   */
  public ResolvedConfig withValues(Map<String, ?> replaced) {
    Map<String, Object> merged = new java.util.LinkedHashMap<>(values);
    merged.putAll(replaced);
    return new ResolvedConfig(schema, merged, origins, unresolved);
  }

  /** Where the value of {@code key} came from: a file position, an override or the default. */
  public Origin origin(String key) {
    return origins.get(key);
  }

  /**
   * The value of {@code key}, typed as {@link ConfigChecker#convert} returns it; may be null.
   *
   * @throws IllegalArgumentException when the schema has no such key
   */
  public Object get(String key) {
    if (!values.containsKey(key)) {
      throw new IllegalArgumentException("no config key '" + key + "'");
    }
    return values.get(key);
  }

  /** The value of a {@code boolean} key. */
  public boolean getBoolean(String key) {
    return (Boolean) get(key);
  }

  /** The value of an {@code int} key. */
  public int getInt(String key) {
    return (Integer) get(key);
  }

  /** The value of a {@code long} key. */
  public long getLong(String key) {
    return (Long) get(key);
  }

  /** The value of a {@code float} key. */
  public float getFloat(String key) {
    return (Float) get(key);
  }

  /** The value of a {@code double} key. */
  public double getDouble(String key) {
    return (Double) get(key);
  }

  /** The value of a {@code String} key, or the constant name of an enum key. */
  public String getString(String key) {
    return (String) get(key);
  }

  /** The value of a {@code Path} key. */
  public Path getPath(String key) {
    return (Path) get(key);
  }

  /** The value of a list key: unmodifiable, elements typed as the element type. */
  @SuppressWarnings("unchecked")
  public <E> List<E> getList(String key) {
    return (List<E>) get(key);
  }
}
