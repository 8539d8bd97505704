package io.repro4j.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks that javac runs on YAML files and the runtime repeats on every source: unknown keys
 * (with "did you mean"), wrong types, values out of range. One implementation for both, so the
 * compile-time and run-time verdicts cannot drift apart.
 *
 * <p>Conversions follow OmegaConf 2.2, so that a config Hydra accepts is accepted here:
 *
 * <ul>
 *   <li>{@code int}/{@code long}: integers within Java's range, and strings that are integers
 *       ({@code "5"}); not floats ({@code 1.5}, {@code "1.0"}) and not booleans;
 *   <li>{@code float}/{@code double}: integers, floats, and numeric strings including {@code
 *       "inf"} and {@code "nan"}; not booleans;
 *   <li>{@code boolean}: booleans; integers (0 is false, others true); strings {@code
 *       true/false/yes/no/on/off/y/n} in any case, and integer strings such as {@code "1"};
 *   <li>{@code String}: any scalar, as text: booleans {@code true}/{@code false}, floats as
 *       Python prints them ({@code 0.001}, {@code 1e-05});
 *   <li>enums: the exact constant name; {@code Path}: strings; lists: lists, element by element;
 *   <li>{@code null} only where the type is nullable; a mapping never.
 * </ul>
 *
 * <p>Numbers, and the numbers in lists, must lie in {@code [min, max]}; NaN fails any bound. A
 * {@code String} key with choices takes only those ({@code null} neither).
 *
 * <p>A value {@code ???} (Hydra's "missing") passes: a later source may give the value. A value
 * with {@code ${...}} is checked as an interpolation ({@link Interpolator#check}): its syntax, its
 * resolvers, and that every key it names exists; its type only after resolving.
 */
public final class ConfigChecker {
  private ConfigChecker() {}

  /**
   * Every problem in {@code values} against {@code schema}, in the order of {@code values}: unknown
   * keys ({@code unknown key 'lrr' (did you mean 'lr'?)}), wrong types, values out of range, values
   * not among a key's choices, every bad element of a list, and interpolations that name a key that
   * exists nowhere or cannot be parsed. For an override, an unknown key is underlined in the key rather
   * than the value.
   */
  public static List<ConfigProblem> check(ConfigSchema schema, Map<String, RawValue> values) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (Map.Entry<String, RawValue> entry : values.entrySet()) {
      Optional<ParamSpec> spec = schema.find(entry.getKey());
      if (spec.isEmpty()) {
        problems.add(unknownKey(schema, entry.getKey(), keyOrigin(entry.getKey(), entry.getValue())));
      } else {
        checkValue(schema, spec.get(), entry.getValue(), problems);
      }
    }
    return problems;
  }

  /**
   * Checks one value of a known key as far as it can be checked on its own: {@code ???} (no value
   * yet) passes; an interpolation is checked by {@link Interpolator#check} (syntax, resolvers, keys
   * that exist nowhere), since its type is known only after resolving; anything else is converted.
   */
  static void checkValue(ConfigSchema schema, ParamSpec spec, RawValue raw, List<ConfigProblem> problems) {
    if (Interpolator.isMissing(raw)) {
      return;
    }
    if (Interpolator.isInterpolated(raw)) {
      Interpolator.check(schema, spec, raw, problems);
      return;
    }
    ValueConverter.convert(spec, spec.key(), spec.type(), raw, problems);
  }

  /**
   * Converts one raw value to the Java value of {@code spec}'s type: {@code Boolean},
   * {@code Integer}, {@code Long}, {@code Float}, {@code Double}, {@code String} (also for enum
   * constants), {@code java.nio.file.Path}, or an unmodifiable {@code List} of those; {@code null}
   * where allowed.
   *
   * @throws ConfigException naming the origin when it does not convert or is out of range (the
   *     first problem only; {@link #check} reports all of them)
   */
  public static Object convert(ParamSpec spec, RawValue raw) throws ConfigException {
    List<ConfigProblem> problems = new ArrayList<>();
    Object value = ValueConverter.convert(spec, spec.key(), spec.type(), raw, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(List.of(problems.get(0)));
    }
    return value;
  }

  /**
   * {@code unknown key 'lrr' (did you mean 'lr'?)}; when nothing is close, the known keys; when the
   * key is the prefix of known keys ({@code optimizer} for {@code optimizer.lr}), those keys.
   */
  static ConfigProblem unknownKey(ConfigSchema schema, String key, Origin origin) {
    List<String> known = new ArrayList<>();
    List<String> below = new ArrayList<>();
    for (ParamSpec param : schema.params()) {
      known.add(param.key());
      if (param.key().startsWith(key + ".")) {
        below.add(param.key());
      }
    }
    String message = "unknown key '" + key + "'";
    if (!below.isEmpty()) {
      message += "; it only groups the keys " + String.join(", ", below) + ", so set those instead";
    } else {
      Optional<String> closest = schema.closest(key);
      if (closest.isPresent()) {
        message += " (did you mean '" + closest.get() + "'?)";
      } else if (known.isEmpty()) {
        message += "; this experiment has no config keys";
      } else {
        message += "; known keys: " + String.join(", ", known);
      }
    }
    return new ConfigProblem(origin, key, message);
  }

  /** For an override value the key's span ({@code lrr} of {@code lrr=0.1}), else the value's. */
  static Origin keyOrigin(String key, RawValue value) {
    if (value.origin() instanceof Origin.InOverride o && o.text().startsWith(key)) {
      return new Origin.InOverride(o.text(), 0, key.length());
    }
    return value.origin();
  }
}
