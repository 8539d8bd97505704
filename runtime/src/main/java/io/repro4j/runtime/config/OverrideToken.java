package io.repro4j.runtime.config;

/**
 * A token of a command-line override, as Hydra 1.3's {@code OverrideLexer.g4} defines them; {@code
 * [start, end)} is its span in the override, {@code text} the characters it covers (including blanks
 * that {@code ,} {@code [} {@code ]} and friends absorb). {@code index} counts tokens from 0.
 */
record OverrideToken(Kind kind, String text, int start, int end, int index) {

  /**
   * Token types in the order of their ANTLR type numbers (EOF is -1), so that an {@code EnumSet}
   * lists expected tokens in the order ANTLR's messages do; {@link #display} is the name ANTLR
   * shows for the type: the literal for single-literal rules ({@code '~'}), else the rule name.
   */
  enum Kind {
    EOF("<EOF>"),
    /** {@code =} with the blanks after it; in value mode also the blanks before it. */
    EQUAL("EQUAL"),
    TILDE("'~'"),
    PLUS("'+'"),
    AT("'@'"),
    /** {@code :}; in value mode with the blanks around it. */
    COLON("':'"),
    SLASH("'/'"),
    /** A key segment that contains {@code $}: {@code [a-zA-Z_$][a-zA-Z0-9_$-]*}. */
    KEY_SPECIAL("KEY_SPECIAL"),
    /** A dotted key: segments (names or unsigned ints) joined by dots, {@code model.layers.0}. */
    DOT_PATH("DOT_PATH"),
    POPEN("POPEN"),
    COMMA("COMMA"),
    PCLOSE("PCLOSE"),
    BRACKET_OPEN("BRACKET_OPEN"),
    BRACKET_CLOSE("BRACKET_CLOSE"),
    BRACE_OPEN("BRACE_OPEN"),
    BRACE_CLOSE("BRACE_CLOSE"),
    FLOAT("FLOAT"),
    INT("INT"),
    BOOL("BOOL"),
    NULL("NULL"),
    /** One of {@code / - \ + . $ % * @ ? |}. */
    UNQUOTED_CHAR("UNQUOTED_CHAR"),
    /** {@code [a-zA-Z_][a-zA-Z0-9_-]*}, in both modes. */
    ID("ID"),
    /** Backslash escapes, e.g. {@code \,} or {@code \\}; the value is every other character. */
    ESC("ESC"),
    WS("WS"),
    QUOTED_VALUE("QUOTED_VALUE"),
    /** {@code ${...}}, kept as written for later resolution. */
    INTERPOLATION("INTERPOLATION");

    final String display;

    Kind(String display) {
      this.display = display;
    }
  }

  boolean is(Kind k) {
    return kind == k;
  }

  /** How ANTLR shows the token in a message: its text in single quotes, tabs and newlines escaped. */
  String errorDisplay() {
    String shown = kind == Kind.EOF ? "<EOF>" : text;
    return "'" + shown.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
  }

  /** The span without the blanks that separators absorb, for carets. */
  int trimmedStart() {
    int i = start;
    while (i < end - 1 && OverrideLexer.isBlank(text.charAt(i - start))) {
      i++;
    }
    return i;
  }

  int trimmedEnd() {
    int i = end;
    while (i > trimmedStart() + 1 && OverrideLexer.isBlank(text.charAt(i - 1 - start))) {
      i--;
    }
    return i;
  }
}
