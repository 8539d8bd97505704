package io.repro4j.runtime.config;

import java.util.List;

/**
 * The first error in an override, in the form Hydra 1.3 reports it, plus the span for our caret and
 * a hint on how to fix it. Hydra's {@code OverridesParser.parse_overrides} has three shapes, kept
 * apart by {@link Shape}; {@link #hydraMessage} renders Hydra's complete text, {@link
 * #toConfigException} ours.
 */
final class OverrideSyntaxError extends Exception {
  private static final long serialVersionUID = 1L;

  static final String SEE_ALSO =
      "See https://hydra.cc/docs/1.2/advanced/override_grammar/basic for details";

  enum Shape {
    /** ANTLR's lexer found no token: {@code LexerNoViableAltException: <input>} and a caret. */
    LEXER,
    /** ANTLR's parser threw (mismatched input, no viable alternative): its text alone. */
    RECOGNITION,
    /** Any other error (extraneous or missing token, a function that failed): with a header. */
    OTHER
  }

  private final Shape shape;
  private final String detail;
  private final int start;
  private final int end;
  private final String hint;

  OverrideSyntaxError(Shape shape, String detail, int start, int end, String hint) {
    super(detail, null, false, false);
    this.shape = shape;
    this.detail = detail;
    this.start = start;
    this.end = end;
    this.hint = hint;
  }

  Shape shape() {
    return shape;
  }

  /** Hydra's message without its header, caret line and link ({@code extraneous input ...}). */
  String detail() {
    return detail;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  String hint() {
    return hint;
  }

  /** Hydra's complete message for {@code input}, exactly as {@code parse_overrides} builds it. */
  String hydraMessage(String input) {
    switch (shape) {
      case LEXER:
        String prefix = "LexerNoViableAltException: ";
        int column = prefix.length() + start + 1;
        return prefix + input + "\n" + " ".repeat(column - 1) + "^\n" + SEE_ALSO;
      case RECOGNITION:
        return detail + "\n" + SEE_ALSO;
      default:
        return "Error parsing override '" + input + "'\n" + detail + "\n" + SEE_ALSO;
    }
  }

  /**
   * Our form: Hydra's text (its first line for lexer errors, without the header Hydra adds, which
   * our "override '...':" replaces), then the hint on its own line; the caret under the fault.
   */
  ConfigException toConfigException(String input) {
    String head = shape == Shape.LEXER ? "LexerNoViableAltException: " + input : detail.stripTrailing();
    String message = hint.isEmpty() ? head : head + "\n" + hint;
    return new ConfigException(
        List.of(new ConfigProblem(new Origin.InOverride(input, start, end), "", message)));
  }
}
