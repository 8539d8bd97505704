package io.repro4j.runtime.config;

import io.repro4j.runtime.tracking.PythonRepr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies one command-line override to the values being resolved, with Hydra's semantics mapped
 * onto an experiment, whose keys are its fields:
 *
 * <ul>
 *   <li>{@code key=v} and {@code ++key=v} set the key; a dict {@code optimizer={lr: 0.1}} merges
 *       into the keys below {@code optimizer} (Hydra merges dicts into nested configs), and is a
 *       type error for any other key;
 *   <li>{@code +key=v} sets a key that has no value yet (Hydra adds a key that is missing or null);
 *       on a key with a value it fails with Hydra's "Could not append to config" message;
 *   <li>{@code ~key} resets the key to its field default, dropping what YAML files and earlier
 *       overrides set; {@code ~key=v} does so only if the current value equals {@code v}
 *       (compared after converting {@code v} to the key's type), else Hydra's "Could not delete
 *       from config" message;
 *   <li>a sweep needs {@code --multirun}: Hydra's "Ambiguous value for argument" message for
 *       {@code a,b}, "Sweep parameters ... requires --multirun" for the others;
 *   <li>group paths ({@code a/b=x}) and packages ({@code key@pkg=x}) are refused; an experiment's
 *       config groups are chosen by their key ({@code optimizer=adam}).
 * </ul>
 *
 * <p>Overrides of a config group's key ({@code optimizer=adam}, {@code ~optimizer}) never reach
 * this class: {@link Composer} applies them to the choice of options before resolving, and passes
 * only sweeps and packages on a group's key here, to be refused like any other.
 */
final class OverrideApplication {
  private OverrideApplication() {}

  /**
   * Where the values stand while sources are merged. The resolver keeps the bookkeeping (values
   * held back for interpolation, defaults to reset to); this class decides what an override means.
   */
  record State(
      ConfigSchema schema,
      Map<String, Object> values,
      List<ConfigProblem> problems,
      Assign assign,
      Reset reset) {}

  /** Sets one key from an override's value, as a file's value would be set. */
  @FunctionalInterface
  interface Assign {
    void assign(String key, RawValue raw, Origin keyOrigin);
  }

  /** Puts one key back to its field default. */
  @FunctionalInterface
  interface Reset {
    void reset(String key);
  }

  static void apply(State state, ConfigOverride override) {
    String text = override.text();
    String key = override.key();
    Optional<Sweep> sweep = override.sweep();
    if (sweep.isPresent()) {
      String message =
          sweep.get().kind() == Sweep.Kind.SIMPLE_CHOICE
              ? "Ambiguous value for argument '" + text + "'\n"
                  + "1. To use it as a list, use key=[value1,value2]\n"
                  + "2. To use it as string, quote the value: key=\\'value1,value2\\'\n"
                  + "3. To sweep over it, add --multirun to your command line"
              : "Sweep parameters '" + text + "' requires --multirun";
      state.problems().add(new ConfigProblem(override.valueOrigin(), key, message));
      return;
    }
    if (override.isGroupPath() || override.packageName().isPresent()) {
      Origin.InOverride k = override.keyOrigin();
      int end = override.packageName().map(p -> k.end() + 1 + p.length()).orElse(k.end());
      state.problems().add(
          new ConfigProblem(
              new Origin.InOverride(text, k.start(), Math.max(end, k.start() + 1)),
              key,
              "group paths (a/b=x) and packages (key@package=x) are not supported; " + howToChoose(state.schema())));
      return;
    }
    if (state.schema().group(key).isPresent()) {
      // Composer takes every choice of an option out of the overrides before they get here.
      state.problems().add(
          new ConfigProblem(
              override.keyOrigin(),
              key,
              "'" + key + "' is a config group: its option is chosen while the config is composed"
                  + " (Composer), not by the resolver"));
      return;
    }
    switch (override.type()) {
      case ADD:
        add(state, override);
        return;
      case DELETE:
        delete(state, override);
        return;
      default:
        set(state, key, override.value(), override.keyOrigin());
    }
  }

  /**
   * How to say what {@code a/b=x} may have meant: a config group's option is chosen by the group's
   * key ({@code optimizer=adam}), its keys set by their dotted names ({@code optimizer.lr=0.1}).
   */
  private static String howToChoose(ConfigSchema schema) {
    if (schema.groups().isEmpty()) {
      String example =
          schema.params().stream().map(ParamSpec::key).filter(k -> k.contains(".")).findFirst()
              .or(() -> schema.params().stream().map(ParamSpec::key).findFirst())
              .map(k -> k + "=...")
              .orElse("optimizer.lr=0.1");
      return "this experiment has no config groups; set a key by its dotted name, e.g. " + example;
    }
    ConfigGroup group = schema.groups().get(0);
    String option = group.optionNames().get(group.optionNames().size() - 1);
    String example =
        group.option(option).flatMap(o -> o.params().stream().findFirst()).map(ParamSpec::key)
            .orElse(group.key() + ".KEY");
    return "choose an option of a config group with GROUP=OPTION, e.g. " + group.key() + "=" + option
        + ", and set a key by its dotted name, e.g. " + example + "=...";
  }

  /** Sets {@code key}; a dict on a prefix of keys sets each entry below it. */
  private static void set(State state, String key, RawValue raw, Origin keyOrigin) {
    Optional<ParamSpec> spec = state.schema().find(key);
    if (spec.isEmpty()) {
      if (raw.value() instanceof Map<?, ?> dict && !below(state, key).isEmpty()) {
        for (Map.Entry<?, ?> entry : dict.entrySet()) {
          RawValue value = (RawValue) entry.getValue();
          set(state, key + "." + entry.getKey(), value, value.origin());
        }
        return;
      }
      state.problems().add(ConfigChecker.unknownKey(state.schema(), key, keyOrigin));
      return;
    }
    state.assign().assign(key, raw, keyOrigin);
  }

  private static void add(State state, ConfigOverride override) {
    String key = override.key();
    boolean present =
        state.schema().find(key).map(spec -> state.values().get(key) != null).orElse(false)
            || !below(state, key).isEmpty();
    if (present) {
      String text = override.text();
      state.problems().add(
          new ConfigProblem(
              override.keyOrigin(),
              key,
              "Could not append to config. An item is already at '" + key + "'.\n"
                  + "Either remove + prefix: '" + text.substring(1) + "'\n"
                  + "Or add a second + to add or override '" + key + "': '+" + text + "'"));
      return;
    }
    if (state.schema().find(key).isEmpty()) {
      ConfigProblem unknown = ConfigChecker.unknownKey(state.schema(), key, override.keyOrigin());
      state.problems().add(
          new ConfigProblem(
              unknown.origin(),
              key,
              unknown.message() + "; '+' cannot add keys, as an experiment's keys are its fields"));
      return;
    }
    set(state, key, override.value(), override.keyOrigin());
  }

  private static void delete(State state, ConfigOverride override) {
    String key = override.key();
    Optional<ParamSpec> spec = state.schema().find(key);
    List<String> below = below(state, key);
    if (spec.isEmpty() && (below.isEmpty() || override.hasValue())) {
      String message =
          below.isEmpty()
              ? "Could not delete from config. '" + key + "' does not exist."
                  + state.schema().closest(key).map(c -> " (did you mean '" + c + "'?)").orElse("")
              : "~" + key + "=value compares a single value, but '" + key + "' groups the keys "
                  + String.join(", ", below) + "; write ~" + key + " to reset them all";
      state.problems().add(new ConfigProblem(override.keyOrigin(), key, message));
      return;
    }
    if (spec.isPresent() && override.hasValue()) {
      RawValue raw = override.value();
      Object current = state.values().get(key);
      List<ConfigProblem> ignored = new ArrayList<>();
      Object given = ValueConverter.convert(spec.get(), key, spec.get().type(), raw, ignored);
      if (given == ValueConverter.INVALID || !same(given, current)) {
        state.problems().add(
            new ConfigProblem(
                raw.origin(),
                key,
                "Could not delete from config. The value of '" + key + "' is "
                    + PythonRepr.str(current) + " and not " + OverrideValues.pythonStr(raw.value())
                    + "."));
        return;
      }
    }
    for (String reset : spec.isPresent() ? List.of(key) : below) {
      state.reset().reset(reset);
    }
  }

  /** The keys below {@code prefix} ({@code optimizer.lr} for {@code optimizer}). */
  private static List<String> below(State state, String prefix) {
    List<String> keys = new ArrayList<>();
    for (ParamSpec param : state.schema().params()) {
      if (param.key().startsWith(prefix + ".")) {
        keys.add(param.key());
      }
    }
    return keys;
  }

  /** Python's {@code ==} on converted values: numbers by value (NaN never equal), lists by element. */
  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y && !(a instanceof BigInteger) && !(b instanceof BigInteger)) {
      double dx = x instanceof Float f ? Double.parseDouble(f.toString()) : x.doubleValue();
      double dy = y instanceof Float f ? Double.parseDouble(f.toString()) : y.doubleValue();
      return dx == dy;
    }
    if (a instanceof List<?> l && b instanceof List<?> m) {
      if (l.size() != m.size()) {
        return false;
      }
      for (int i = 0; i < l.size(); i++) {
        if (!same(l.get(i), m.get(i))) {
          return false;
        }
      }
      return true;
    }
    return java.util.Objects.equals(a, b);
  }
}
