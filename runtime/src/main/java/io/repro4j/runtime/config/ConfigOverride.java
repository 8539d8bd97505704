package io.repro4j.runtime.config;

import java.util.Optional;

/**
 * A parsed command-line override in Hydra 1.3's grammar: {@code key=value} (change), {@code
 * +key=value} (add), {@code ++key=value} (add or change), {@code ~key} and {@code ~key=value}
 * (delete), with keys that are names, dotted paths ({@code model.layers.0.units}), group paths
 * ({@code hydra/launcher}) and an optional {@code @package}.
 *
 * <p>Values are typed as Hydra types them:
 *
 * <ul>
 *   <li>empty: the empty string ({@code x=});
 *   <li>{@code null} (any case): null; {@code true}/{@code false} (any case): Boolean;
 *   <li>ints ({@code 42}, {@code -1}, {@code 1_000}; no leading zeros, so {@code 007} is the
 *       string "007"): Long, or BigInteger beyond long;
 *   <li>floats ({@code 1.}, {@code .5}, {@code 1e-3}, {@code inf}, {@code nan}, any case,
 *       signed; {@code 1e400} is infinity): Double;
 *   <li>quoted strings {@code '...'} / {@code "..."}, where {@code \'} / {@code \"} escape the
 *       quote, backslashes before a quote are doubled and other backslashes are literal;
 *   <li>anything else unquoted is a string: several tokens are joined ({@code hello world},
 *       {@code 1.2.3}, {@code 0x1F}), with escapes {@code \\ \( \) \[ \] \{ \} \: \= \, \ }
 *       and backslash-tab; {@code ${...}} is kept as written;
 *   <li>lists {@code [1, 2, [a, b]]} as {@code List<RawValue>}, dicts {@code {a: 1, b: [x]}} as
 *       {@code Map<String, RawValue>} in the order written (keys as text); elements carry their
 *       own spans;
 *   <li>functions: the casts {@code int() float() str() bool()}, and the sweeps below.
 * </ul>
 *
 * <p>A value may instead be a {@link Sweep}: {@code a,b,c}, {@code choice(...)}, {@code
 * range(...)}, {@code interval(...)}, {@code glob(...)}, possibly under {@code tag(...)}, {@code
 * sort(...)} or {@code shuffle(...)}; then {@link #value()} is null and {@link #sweep()} holds it.
 */
public final class ConfigOverride {

  /** Hydra's override types. */
  public enum Type {
    /** {@code key=value}. */
    CHANGE,
    /** {@code +key=value}: add a key that has no value yet. */
    ADD,
    /** {@code ++key=value}: add or change. */
    FORCE_ADD,
    /** {@code ~key} or {@code ~key=value}: delete (for an experiment: reset to the default). */
    DELETE;

    /** The name Hydra's documentation uses: {@code change}, {@code add}, {@code force-add}, {@code delete}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final String text;
  private final Type type;
  private final String key;
  private final int keyStart;
  private final int keyEnd;
  private final String packageName;
  private final RawValue parsedValue;
  private final Sweep sweep;

  private ConfigOverride(
      String text, Type type, String key, int keyStart, int keyEnd, String packageName,
      RawValue parsedValue, Sweep sweep) {
    this.text = text;
    this.type = type;
    this.key = key;
    this.keyStart = keyStart;
    this.keyEnd = keyEnd;
    this.packageName = packageName;
    this.parsedValue = parsedValue;
    this.sweep = sweep;
  }

  /**
   * Parses one override.
   *
   * @throws ConfigException with one problem and a caret under the fault; the message starts with
   *     Hydra's own words ({@code LexerNoViableAltException: ...}, {@code mismatched input ...},
   *     {@code no viable alternative at input ...}, {@code extraneous input ...}, {@code missing
   *     EQUAL at ...}, {@code ValueError while evaluating 'int(abc)': ...}), then says how to fix
   *     it
   */
  public static ConfigOverride parse(String text) throws ConfigException {
    try {
      return parseOrFail(text);
    } catch (OverrideSyntaxError e) {
      throw e.toConfigException(text);
    }
  }

  static ConfigOverride parseOrFail(String text) throws OverrideSyntaxError {
    OverrideTree.Override tree = new OverrideParser(text).override();
    RawValue value = null;
    if (tree.value() != null) {
      value = new OverrideEvaluator(text).evaluate(tree.value());
    } else if (tree.hasEqual()) {
      value = new RawValue("", new Origin.InOverride(text, tree.valueStart(), tree.valueStart()));
    }
    Sweep sweep = null;
    if (value != null && value.value() instanceof Sweep s) {
      sweep = s;
      value = null;
    }
    OverrideTree.Key key = tree.key();
    return new ConfigOverride(
        text, tree.type(), key.keyOrGroup(), key.start(), key.end(), key.pkg(), value, sweep);
  }

  /**
   * Hydra's complete error message for {@code text} (what {@code parse_overrides} raises), or
   * empty when it parses: for tests that pin our parser to Hydra's.
   */
  static Optional<String> hydraError(String text) {
    try {
      parseOrFail(text);
      return Optional.empty();
    } catch (OverrideSyntaxError e) {
      return Optional.of(e.hydraMessage(text));
    }
  }

  /** The override as typed. */
  public String text() {
    return text;
  }

  public Type type() {
    return type;
  }

  /**
   * The key as written, without prefix and package: a dotted path ({@code optimizer.lr}), a group
   * path ({@code hydra/launcher}), or empty ({@code =x}, {@code ~}).
   */
  public String key() {
    return key;
  }

  /** The package after {@code @} ({@code db@backup=x}: "backup"; {@code db@=x}: ""), if given. */
  public Optional<String> packageName() {
    return Optional.ofNullable(packageName);
  }

  /** Whether the key is a group path ({@code a/b}). */
  public boolean isGroupPath() {
    return key.contains("/");
  }

  /**
   * The value, typed, quoted strings as plain strings, its origin spanning the value's text; null
   * when there is none: {@code ~key} without {@code =}, or a sweep ({@link #sweep()}).
   */
  public RawValue value() {
    return parsedValue == null ? null : OverrideValues.plain(parsedValue);
  }

  /** Whether {@link #value()} is there. */
  public boolean hasValue() {
    return parsedValue != null;
  }

  /** The sweep, for {@code a,b}, {@code choice(...)}, {@code range(...)} and the like. */
  public Optional<Sweep> sweep() {
    return Optional.ofNullable(sweep);
  }

  /**
   * The span of the key in {@link #text}, for errors about the key itself such as "unknown key".
   */
  public Origin.InOverride keyOrigin() {
    return new Origin.InOverride(text, keyStart, keyEnd);
  }

  /** The span of the value or sweep, or of the whole override when there is neither. */
  public Origin.InOverride valueOrigin() {
    if (sweep != null) {
      return sweep.origin();
    }
    if (parsedValue != null && parsedValue.origin() instanceof Origin.InOverride o) {
      return o;
    }
    return Origin.InOverride.whole(text);
  }

  /**
   * The value as Hydra writes it back ({@code value_str}: {@code True}, {@code 1e-05}, {@code
   * 'quoted'}, {@code a\ b}, {@code [1,2]}), so that parsing it again gives the same value.
   *
   * @throws IllegalStateException when there is no value (a sweep, or {@code ~key})
   */
  public String canonicalValue() {
    if (parsedValue == null) {
      throw new IllegalStateException("override '" + text + "' has no single value");
    }
    return OverrideValues.canonical(parsedValue);
  }

  /** The prefix, key and package as Hydra writes them back: {@code ++db@backup}. */
  public String canonicalKey() {
    String prefix =
        switch (type) {
          case ADD -> "+";
          case FORCE_ADD -> "++";
          case DELETE -> "~";
          case CHANGE -> "";
        };
    return prefix + key + (packageName == null ? "" : "@" + packageName);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfigOverride other && other.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
