package io.repro4j.runtime.config;

/**
 * A parsed command-line override {@code key=value}.
 *
 * @param text the override as typed
 * @param key the dotted key
 * @param value the typed value, its origin spanning the value's text
 */
public record ConfigOverride(String text, String key, RawValue value) {

  /**
   * Parses one override in Hydra's grammar, simple forms: {@code key=value} with dotted keys
   * ({@code ID ('.' (ID | index))*}, {@code ID = [a-zA-Z_][a-zA-Z0-9_-]*}); values typed as Hydra
   * 1.3 types them:
   *
   * <ul>
   *   <li>empty: the empty string ({@code x=});
   *   <li>{@code null} (any case): null; {@code true}/{@code false} (any case): Boolean;
   *   <li>ints ({@code 42}, {@code -1}, {@code 1_000}; no leading zeros, so {@code 007} is the
   *       string "007"): Long, or BigInteger beyond long;
   *   <li>floats ({@code 1.}, {@code .5}, {@code 1e-3}, {@code inf}, {@code nan}, any case,
   *       signed; {@code 1e400} is infinity): Double;
   *   <li>quoted strings {@code '...'} / {@code "..."}, where {@code \'} / {@code \"} escape the
   *       quote and other backslashes are literal;
   *   <li>anything else unquoted is a string: several tokens are joined ({@code hello world},
   *       {@code 1.2.3}, {@code 0x1F}), with escapes {@code \\ \( \) \[ \] \{ \} \: \= \, \ }
   *       and backslash-tab; {@code ${...}} is kept as written;
   *   <li>lists {@code [1, 2, [a, b]]}, as {@code List<RawValue>} whose elements carry their own
   *       spans.
   * </ul>
   *
   * <p>Blanks around the value and around {@code , [ ]} are dropped. Not supported yet, each with
   * its own error: {@code +key=}, {@code ++key=}, {@code ~key}, {@code key@package}, config
   * groups {@code a/b=}, sweeps {@code a=1,2}, functions {@code range(1,3)} and dicts
   * {@code {a:1}}.
   *
   * @throws ConfigException with one problem and a caret under the fault, e.g. a missing
   *     {@code =}, a bad character in the key, an unterminated quote or list
   */
  public static ConfigOverride parse(String text) throws ConfigException {
    return new OverrideParser(text).override();
  }

  /**
   * The span of the key in {@link #text}, for errors about the key itself such as "unknown key".
   */
  public Origin.InOverride keyOrigin() {
    return text.startsWith(key)
        ? new Origin.InOverride(text, 0, key.length())
        : Origin.InOverride.whole(text);
  }
}
