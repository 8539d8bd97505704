package io.repro4j.runtime.config;

/**
 * A token of a command-line override, as Hydra's {@code OverrideLexer.g4} defines them; {@code
 * [start, end)} is its span in the override, {@code text} the characters it covers (including blanks
 * that {@code ,} {@code [} {@code ]} and friends absorb).
 */
record OverrideToken(Kind kind, String text, int start, int end) {

  enum Kind {
    // Key mode (before the first '=').
    /** {@code [a-zA-Z_][a-zA-Z0-9_-]*}, in both modes. */
    ID,
    /** Digits in a key, a list index such as the {@code 0} of {@code layers.0.units}. */
    NUMBER,
    DOT,
    TILDE,
    PLUS,
    AT,
    SLASH,
    /** {@code =}, switching to value mode; in value mode an {@code =} that needs escaping. */
    EQUAL,
    /** A character that starts no key token; the parser reports it. */
    OTHER,

    // Value mode.
    WS,
    COMMA,
    POPEN,
    PCLOSE,
    BRACKET_OPEN,
    BRACKET_CLOSE,
    BRACE_OPEN,
    BRACE_CLOSE,
    COLON,
    INT,
    FLOAT,
    BOOL,
    NULL,
    /** One of {@code / - \ + . $ % * @ ? |}. */
    UNQUOTED_CHAR,
    /** Backslash escapes, e.g. {@code \,} or {@code \\}; the value is every other character. */
    ESC,
    QUOTED_VALUE,
    /** {@code ${...}}, kept as written for later resolution. */
    INTERPOLATION,
    EOF
  }

  boolean is(Kind k) {
    return kind == k;
  }
}
