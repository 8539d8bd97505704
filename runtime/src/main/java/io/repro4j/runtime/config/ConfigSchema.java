package io.repro4j.runtime.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The keys an experiment accepts, in declaration order. */
public final class ConfigSchema {
  private final Map<String, ParamSpec> byKey = new LinkedHashMap<>();

  private ConfigSchema(List<ParamSpec> params) {
    for (ParamSpec param : params) {
      if (byKey.put(param.key(), param) != null) {
        throw new IllegalArgumentException("duplicate config key '" + param.key() + "'");
      }
    }
  }

  /** @throws IllegalArgumentException when two params share a key */
  public static ConfigSchema of(List<ParamSpec> params) {
    return new ConfigSchema(params);
  }

  /** @throws IllegalArgumentException when two params share a key */
  public static ConfigSchema of(ParamSpec... params) {
    return new ConfigSchema(List.of(params));
  }

  /** Every key, in declaration order. */
  public List<ParamSpec> params() {
    return List.copyOf(byKey.values());
  }

  /** The spec of {@code key}, if the experiment declares it. */
  public Optional<ParamSpec> find(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /**
   * The known key closest to {@code unknown} (Damerau-Levenshtein distance at most a third of its
   * length, at least 1, and case-insensitive equality counts as closest), for "did you mean". Ties go
   * to the key declared first.
   */
  public Optional<String> closest(String unknown) {
    return Suggestions.closest(unknown, byKey.keySet());
  }
}
