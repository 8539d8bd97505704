package io.repro4j.runtime.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys an experiment accepts, in declaration order. Nested configs (a record-typed
 * {@code @Hyperparam}) are flat here: their keys are dotted ({@code model.width}). A config group
 * is a key of kind {@link ParamType.Kind#GROUP} plus a {@link ConfigGroup} that holds each option's
 * keys; {@link #select} gives the flat schema of one choice of options, which is what values are
 * resolved against.
 */
public final class ConfigSchema {
  private final Map<String, ParamSpec> byKey = new LinkedHashMap<>();
  private final Map<String, ConfigGroup> groups = new LinkedHashMap<>();
  private final Set<String> secretKeys;

  private ConfigSchema(List<ParamSpec> params, List<ConfigGroup> groups) {
    Set<String> secret = null; // made only when there is one: a sweep selects a schema per trial
    for (ParamSpec param : params) {
      if (byKey.put(param.key(), param) != null) {
        throw new IllegalArgumentException("duplicate config key '" + param.key() + "'");
      }
      if (param.secret()) {
        if (secret == null) {
          secret = new LinkedHashSet<>();
        }
        secret.add(param.key());
      }
    }
    this.secretKeys = secret == null ? Set.of() : Collections.unmodifiableSet(secret);
    for (ConfigGroup group : groups) {
      ParamSpec choice = byKey.get(group.key());
      if (choice == null
          || choice.type().kind() != ParamType.Kind.GROUP
          || !choice.type().enumConstants().equals(group.optionNames())) {
        throw new IllegalArgumentException(
            "config group '" + group.key() + "' needs a GROUP key of the same name and options");
      }
      this.groups.put(group.key(), group);
    }
    for (ParamSpec param : params) {
      if (param.type().kind() == ParamType.Kind.GROUP && !this.groups.containsKey(param.key())) {
        throw new IllegalArgumentException("GROUP key '" + param.key() + "' has no ConfigGroup");
      }
    }
  }

  /** @throws IllegalArgumentException when two params share a key */
  public static ConfigSchema of(List<ParamSpec> params) {
    return new ConfigSchema(params, List.of());
  }

  /** @throws IllegalArgumentException when two params share a key */
  public static ConfigSchema of(ParamSpec... params) {
    return new ConfigSchema(List.of(params), List.of());
  }

  /**
   * A schema with config groups: {@code params} holds one {@link ParamType.Kind#GROUP} key per
   * group, whose options match the group's.
   *
   * @throws IllegalArgumentException when two params share a key, or a group and its key differ
   */
  public static ConfigSchema of(List<ParamSpec> params, List<ConfigGroup> groups) {
    return new ConfigSchema(params, groups);
  }

  /** The config groups, in declaration order. */
  public List<ConfigGroup> groups() {
    return List.copyOf(groups.values());
  }

  /** The config group of {@code key}, if {@code key} is one. */
  public Optional<ConfigGroup> group(String key) {
    return Optional.ofNullable(groups.get(key));
  }

  /**
   * The flat schema of one choice: every key of this schema, each group's key followed by the keys
   * of its chosen option. The groups stay known ({@link #groups}), so that {@code config.yaml} and
   * {@code --help} can tell a choice from a value.
   *
   * @param choices the chosen option of each group; a group without one contributes only its key
   * @throws IllegalArgumentException when a choice names no option of its group
   */
  public ConfigSchema select(Map<String, String> choices) {
    List<ParamSpec> selected = new ArrayList<>();
    for (ParamSpec param : byKey.values()) {
      selected.add(param);
      ConfigGroup group = groups.get(param.key());
      String choice = group == null ? null : choices.get(group.key());
      if (choice != null) {
        ConfigGroup.Option option =
            group.option(choice).orElseThrow(
                () -> new IllegalArgumentException("no option '" + choice + "' in group '" + param.key() + "'"));
        selected.addAll(option.params());
      }
    }
    return new ConfigSchema(selected, groups());
  }

  /** Whether any key is {@linkplain ParamSpec#secret secret}. */
  public boolean anySecret() {
    return !secretKeys.isEmpty();
  }

  /** The {@linkplain ParamSpec#secret secret} keys, in declaration order (unmodifiable). */
  public Set<String> secretKeys() {
    return secretKeys;
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
