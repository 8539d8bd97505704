package io.repro4j.runtime.tracking.search;

/** One token of a filter or order-by text; {@code start} is its offset in the text. */
record Token(Kind kind, String text, String value, int start) {
  enum Kind {
    /** A bare word: an identifier part or a keyword (AND, LIKE, ...). */
    WORD,
    /** {@code `...`}: a quoted identifier part. */
    BACKTICKED,
    /** {@code '...'}. */
    SINGLE_QUOTED,
    /** {@code "..."}: a string value, or a quoted identifier part. */
    DOUBLE_QUOTED,
    NUMBER,
    /** {@code = != <> < <= > >=}. */
    OPERATOR,
    DOT,
    LEFT_PAREN,
    RIGHT_PAREN,
    COMMA,
    END
  }

  boolean isKeyword(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }

  /** How the token reads in an error message. */
  String describe() {
    return switch (kind) {
      case END -> "the end of the text";
      case SINGLE_QUOTED, DOUBLE_QUOTED, BACKTICKED -> text;
      default -> "'" + text + "'";
    };
  }
}
