package io.repro4j.runtime.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Merges a config: field defaults, then YAML files in order, then overrides (later wins), checks
 * every source with {@link ConfigChecker}, resolves interpolations ({@link Interpolator}) in the
 * values that won, and converts them to typed values. Reports every problem of every source at
 * once; keys that end without a value ({@code ???}, or a required key nobody set) are reported
 * together, as one problem.
 */
public final class ConfigResolver {
  private ConfigResolver() {}

  /**
   * What resolving needs besides the sources.
   *
   * @param environment what {@code ${oc.env:VAR}} reads
   * @param configFiles the experiment's config files, named in the message about missing values
   * @param allowMissing whether keys without a value are left out of the result instead of being an
   *     error ({@code --help} shows such a config)
   */
  public record Options(Map<String, String> environment, List<String> configFiles, boolean allowMissing) {
    public Options {
      environment = Map.copyOf(environment);
      configFiles = List.copyOf(configFiles);
    }

    /** The process's environment, no config files named, missing values are errors. */
    public static Options standard() {
      return new Options(System.getenv(), List.of(), false);
    }
  }

  /**
   * Resolves every key of {@code schema} with {@link Options#standard()}. Each source is checked in
   * full, even where a later one overrides it, so that a typo in a file is reported although an
   * override hides it. Values are replaced, never merged: a list in an override replaces the
   * file's list.
   *
   * @param schema the keys
   * @param defaults the default value of every key, already typed as {@link ConfigChecker#convert}
   *     returns them (read from a fresh trainer instance); range-checked like every other source. A
   *     required key has none. A {@code String} or {@code Path} default may hold an interpolation,
   *     and the {@code String} {@code ???} means "no value"
   * @param defaultOrigins where each default comes from; a key without one gets {@code
   *     Origin.Default(spec.element())}
   * @param files YAML files as read by {@link YamlConfigReader}, in merge order
   * @param overrides parsed command-line overrides, in order, applied with Hydra's semantics
   *     ({@code +key}, {@code ++key}, {@code ~key}, dicts: see OverrideApplication)
   * @return the typed values in schema order, each with the origin that won
   * @throws ConfigException with every problem found: defaults first, then files in merge order,
   *     then overrides, then interpolations, then keys that no source gives a value
   * @throws IllegalArgumentException when a default does not have the Java type that {@link
   *     ConfigChecker#convert} would return (a bug in the generated code, not in the config)
   */
  public static ResolvedConfig resolve(
      ConfigSchema schema,
      Map<String, Object> defaults,
      Map<String, Origin> defaultOrigins,
      List<Map<String, RawValue>> files,
      List<ConfigOverride> overrides)
      throws ConfigException {
    return resolve(schema, defaults, defaultOrigins, files, overrides, Options.standard());
  }

  /** {@link #resolve(ConfigSchema, Map, Map, List, List)} with explicit {@code options}. */
  public static ResolvedConfig resolve(
      ConfigSchema schema,
      Map<String, Object> defaults,
      Map<String, Origin> defaultOrigins,
      List<Map<String, RawValue>> files,
      List<ConfigOverride> overrides,
      Options options)
      throws ConfigException {
    return resolve(schema, defaults, defaultOrigins, files, overrides, options, key -> "");
  }

  /**
   * As above; {@code whereElse} adds, for a key without a value, where else it can get one (for
   * {@link Composer}: a group's defaults list, an option's file), or "".
   */
  static ResolvedConfig resolve(
      ConfigSchema schema,
      Map<String, Object> defaults,
      Map<String, Origin> defaultOrigins,
      List<Map<String, RawValue>> files,
      List<ConfigOverride> overrides,
      Options options,
      Function<String, String> whereElse)
      throws ConfigException {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, Object> values = new HashMap<>();
    Map<String, Origin> origins = new HashMap<>();
    // Winning values that hold an interpolation or ???, resolved once every source is in.
    Map<String, RawValue> pending = new HashMap<>();
    Set<String> failed = new HashSet<>();

    for (ParamSpec spec : schema.params()) {
      if (defaults.containsKey(spec.key())) {
        Origin origin =
            defaultOrigins.getOrDefault(spec.key(), new Origin.Default(spec.element()));
        Object value = defaults.get(spec.key());
        Optional<RawValue> template = Interpolator.template(value, origin);
        if (template.isPresent()) {
          apply(schema, spec.key(), template.get(), origin, values, origins, pending, failed, problems);
          continue;
        }
        checkDefault(spec, spec.key(), spec.type(), value, origin, problems);
        values.put(spec.key(), value);
        origins.put(spec.key(), origin);
      }
    }
    // ~key resets a key to its default, whatever files and earlier overrides set.
    Map<String, Object> defaultValues = new HashMap<>(values);
    Map<String, Origin> defaultValueOrigins = new HashMap<>(origins);
    Map<String, RawValue> defaultTemplates = new HashMap<>(pending);
    for (Map<String, RawValue> file : files) {
      for (Map.Entry<String, RawValue> entry : file.entrySet()) {
        apply(schema, entry.getKey(), entry.getValue(), entry.getValue().origin(), values, origins, pending, failed, problems);
      }
    }
    OverrideApplication.State state =
        new OverrideApplication.State(
            schema,
            values,
            problems,
            (key, raw, keyOrigin) ->
                apply(schema, key, raw, keyOrigin, values, origins, pending, failed, problems),
            key -> {
              pending.remove(key);
              failed.remove(key);
              if (defaultTemplates.containsKey(key)) {
                pending.put(key, defaultTemplates.get(key));
                values.remove(key);
                origins.put(key, defaultTemplates.get(key).origin());
              } else if (defaultValues.containsKey(key)) {
                values.put(key, defaultValues.get(key));
                origins.put(key, defaultValueOrigins.get(key));
              } else {
                values.remove(key);
                origins.remove(key);
              }
            });
    for (ConfigOverride override : overrides) {
      OverrideApplication.apply(state, override);
    }
    for (ParamSpec spec : schema.params()) {
      // A null initial value passes the default check; it may not win over choices.
      if (!spec.choices().isEmpty()
          && values.containsKey(spec.key())
          && values.get(spec.key()) == null
          && origins.get(spec.key()) instanceof Origin.Default) {
        problems.add(
            new ConfigProblem(
                origins.get(spec.key()),
                spec.key(),
                ValueConverter.choicesMessage(spec.key(), spec, "null")
                    + "; give the field an initial value, or set it in a config file or on the command"
                    + " line (" + spec.key() + "=...)"));
      }
    }
    Set<String> missing =
        Interpolator.resolveAll(schema, values, pending, failed, options.environment(), problems);
    if (!missing.isEmpty() && !options.allowMissing()) {
      problems.add(MissingValues.problem(schema, missing, pending, options.configFiles(), whereElse));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    Map<String, Object> unresolved = new LinkedHashMap<>();
    for (ParamSpec spec : schema.params()) {
      if (values.containsKey(spec.key())) {
        ordered.put(spec.key(), values.get(spec.key()));
        if (pending.containsKey(spec.key())) {
          unresolved.put(spec.key(), Interpolator.plain(pending.get(spec.key()).value()));
        }
      }
    }
    return new ResolvedConfig(schema, ordered, origins, unresolved);
  }

  private static void apply(
      ConfigSchema schema,
      String key,
      RawValue raw,
      Origin keyOrigin,
      Map<String, Object> values,
      Map<String, Origin> origins,
      Map<String, RawValue> pending,
      Set<String> failed,
      List<ConfigProblem> problems) {
    Optional<ParamSpec> spec = schema.find(key);
    if (spec.isEmpty()) {
      problems.add(ConfigChecker.unknownKey(schema, key, keyOrigin));
      return;
    }
    origins.put(key, raw.origin());
    values.remove(key);
    pending.remove(key);
    failed.remove(key);
    if (Interpolator.isMissing(raw) || Interpolator.isInterpolated(raw)) {
      int before = problems.size();
      ConfigChecker.checkValue(schema, spec.get(), raw, problems);
      if (problems.size() == before) {
        pending.put(key, raw);
      } else {
        failed.add(key);
      }
      return;
    }
    Object value = ValueConverter.convert(spec.get(), key, spec.get().type(), raw, problems);
    if (value != ValueConverter.INVALID) {
      values.put(key, value);
    } else {
      failed.add(key); // reported; interpolations that need it are skipped quietly
    }
  }

  /** A default must have the converted Java type; its numbers must lie in the declared range. */
  private static void checkDefault(
      ParamSpec spec,
      String label,
      ParamType type,
      Object value,
      Origin origin,
      List<ConfigProblem> problems) {
    if (value == null) {
      if (!type.nullable()) {
        throw new IllegalArgumentException(
            "default of '" + label + "' (" + spec.element() + ") is null but "
                + type.displayName() + " is not nullable");
      }
      return;
    }
    switch (type.kind()) {
      case BOOLEAN:
        require(spec, label, type, value, value instanceof Boolean, "Boolean");
        return;
      case INT:
        require(spec, label, type, value, value instanceof Integer, "Integer");
        break;
      case LONG:
        require(spec, label, type, value, value instanceof Long, "Long");
        break;
      case FLOAT:
        require(spec, label, type, value, value instanceof Float, "Float");
        break;
      case DOUBLE:
        require(spec, label, type, value, value instanceof Double, "Double");
        break;
      case STRING:
        require(spec, label, type, value, value instanceof String, "String");
        if (ValueConverter.hasChoices(spec, type) && !spec.choices().contains(value)) {
          problems.add(
              new ConfigProblem(
                  origin,
                  label,
                  ValueConverter.choicesMessage(label, spec, "'" + value + "'")
                      + "; change the initial value or the choices"));
        }
        return;
      case PATH:
        require(spec, label, type, value, value instanceof Path, "Path");
        return;
      case ENUM:
      case GROUP:
        require(spec, label, type, value, value instanceof String, "String");
        if (!type.enumConstants().contains(value)) {
          throw new IllegalArgumentException(
              "default of '" + label + "' is '" + value + "', not a constant of "
                  + type.displayName() + " " + type.enumConstants());
        }
        return;
      case LIST:
        require(spec, label, type, value, value instanceof List, "List");
        List<?> list = (List<?>) value;
        for (int i = 0; i < list.size(); i++) {
          checkDefault(spec, label + "[" + i + "]", type.element(), list.get(i), origin, problems);
        }
        return;
      default:
        throw new AssertionError(type.kind());
    }
    // A Float default is shown as written (0.1), not as the double it widens to.
    double number =
        value instanceof Float f ? Double.parseDouble(f.toString()) : ((Number) value).doubleValue();
    if (!ValueConverter.inRange(spec, number)) {
      boolean floating = type.kind() == ParamType.Kind.FLOAT || type.kind() == ParamType.Kind.DOUBLE;
      String shown = floating ? PyNumbers.repr(number) : value.toString();
      problems.add(
          new ConfigProblem(
              origin,
              label,
              ValueConverter.rangeMessage(label, shown, spec, floating)
                  + "; change the initial value or the declared range"));
    }
  }

  private static void require(
      ParamSpec spec, String label, ParamType type, Object value, boolean ok, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(
          "default of '" + label + "' (" + spec.element() + ") is " + value + ", but "
              + type.displayName() + " needs " + ("AEIOU".indexOf(expected.charAt(0)) >= 0 ? "an " : "a ")
              + expected);
    }
  }
}
