package io.repro4j.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses a string value that holds {@code ${...}} into pieces, following OmegaConf 2.2's grammar
 * ({@code OmegaConfGrammarLexer.g4} / {@code OmegaConfGrammarParser.g4}):
 *
 * <ul>
 *   <li>top level: text and interpolations; <code>\${</code> is a literal <code>${</code>; backslashes
 *       directly before <code>${</code> are escaped in pairs ({@code \\${a}} is a backslash followed by
 *       the value of {@code a}); other backslashes are literal;
 *   <li>a node interpolation: {@code ${a.b}}, {@code ${a[b]}}, relative {@code ${.b}} /
 *       {@code ${..b}}, nested {@code ${a.${b}}}; a key segment is any run of characters but
 *       {@code \ { } ( ) [ ] : . ' "} and blanks, which are skipped;
 *   <li>a resolver: {@code ${name:arg, ...}}, the name dotted ({@code oc.env}); arguments are
 *       unquoted primitives (typed when they are one token: {@code 1}, {@code 1.5}, {@code true},
 *       {@code null}), quoted strings, or interpolations.
 * </ul>
 *
 * <p>Lists and dicts as resolver arguments are refused: no supported resolver takes them.
 */
final class InterpolationParser {

  /** A part of a parsed value. */
  sealed interface Piece permits Literal, NodeRef, ResolverCall {}

  /** Plain text, escapes already applied. */
  record Literal(String text) implements Piece {}

  /**
   * {@code ${...a.b}}: {@code dots} leading dots (0 for an absolute key), then the key's segments,
   * each a {@link Literal} or a nested interpolation.
   *
   * @param source the interpolation as written, for messages
   */
  record NodeRef(int dots, List<Piece> segments, String source) implements Piece {}

  /**
   * {@code ${name:args}}.
   *
   * @param name the name's dotted segments, each a {@link Literal} or a nested interpolation
   * @param source the interpolation as written, for messages
   */
  record ResolverCall(List<Piece> name, List<Arg> args, String source) implements Piece {}

  /**
   * One argument of a resolver.
   *
   * @param pieces its text and interpolations
   * @param typed the value of an unquoted single-token argument ({@code 1}, {@code true}, {@code
   *     null}), else {@link #UNTYPED}
   */
  record Arg(List<Piece> pieces, Object typed) {}

  /** Marks an argument whose value is its text (or its single interpolation's value). */
  static final Object UNTYPED = new Object();

  /** A syntax error at {@code index} (0-based) of the text. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    final int index;

    SyntaxError(int index, String message) {
      super(message, null, false, false);
      this.index = index;
    }
  }

  private static final String INT_UNSIGNED = "(?:0|[1-9](?:_?[0-9])*)";
  private static final String POINT_FLOAT =
      "(?:" + INT_UNSIGNED + "\\.|" + INT_UNSIGNED + "?\\.[0-9](?:_?[0-9])*)";
  private static final Pattern INT = Pattern.compile("[+-]?" + INT_UNSIGNED);
  private static final Pattern FLOAT =
      Pattern.compile(
          "[+-]?(?:"
              + POINT_FLOAT
              + "|(?:"
              + INT_UNSIGNED
              + "|"
              + POINT_FLOAT
              + ")[eE][+-]?[0-9](?:_?[0-9])*|[Ii][Nn][Ff]|[Nn][Aa][Nn])");
  private static final Pattern BOOL = Pattern.compile("(?i:true|false)");
  private static final Pattern NULL = Pattern.compile("(?i:null)");
  private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** What a key segment may not contain (OmegaConf's {@code INTER_KEY}). */
  private static final String NOT_IN_KEY = "\\{}()[]:.'\" \t";
  /** Characters an unquoted argument may hold besides letters, digits and blanks. */
  private static final String UNQUOTED_CHARS = "/-\\+.$%*@?|:_";
  /** What a backslash escapes in an unquoted argument (OmegaConf's {@code ESC}). */
  private static final String ESCAPABLE = "\\()[]{}:=, \t";

  private final String text;
  private int pos;

  private InterpolationParser(String text) {
    this.text = text;
  }

  /** Whether {@code text} would be parsed at all: OmegaConf only parses strings with <code>${</code>. */
  static boolean isInterpolated(String text) {
    return text.contains("${");
  }

  /** The pieces of {@code text}, in order; adjacent text is one {@link Literal}. */
  static List<Piece> parse(String text) throws SyntaxError {
    return new InterpolationParser(text).topLevel();
  }

  private List<Piece> topLevel() throws SyntaxError {
    List<Piece> pieces = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\\') {
        int run = pos;
        while (run < text.length() && text.charAt(run) == '\\') {
          run++;
        }
        int backslashes = run - pos;
        if (!text.startsWith("${", run)) {
          literal.append(text, pos, run); // not before an interpolation: literal, as written
          pos = run;
          continue;
        }
        literal.append("\\".repeat(backslashes / 2));
        pos = run;
        if (backslashes % 2 == 1) {
          literal.append("${"); // an escaped interpolation: kept as text
          pos += 2;
          continue;
        }
      } else if (!text.startsWith("${", pos)) {
        literal.append(c);
        pos++;
        continue;
      }
      if (literal.length() > 0) {
        pieces.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
      pieces.add(interpolation());
    }
    if (literal.length() > 0) {
      pieces.add(new Literal(literal.toString()));
    }
    return List.copyOf(pieces);
  }

  /** At <code>${</code>: a node interpolation or a resolver call. */
  private Piece interpolation() throws SyntaxError {
    int start = pos;
    pos += 2;
    skipBlanks();
    int dots = 0;
    while (pos < text.length() && text.charAt(pos) == '.') {
      dots++;
      pos++;
      skipBlanks();
    }
    List<Piece> segments = new ArrayList<>();
    boolean resolverShaped = dots == 0; // only IDs and interpolations joined by single dots
    if (at('[')) {
      segments.add(bracketSegment(start));
      resolverShaped = false;
    } else {
      Piece first = segment(start, dots > 0 ? "after the dots" : "after '${'");
      resolverShaped &= isIdOrInterpolation(first);
      segments.add(first);
    }
    while (true) {
      skipBlanks();
      if (pos >= text.length()) {
        throw unclosed(start);
      }
      char c = text.charAt(pos);
      if (c == '}') {
        pos++;
        return new NodeRef(dots, List.copyOf(segments), text.substring(start, pos));
      }
      if (c == '.') {
        pos++;
        skipBlanks();
        Piece next = segment(start, "after '.'");
        resolverShaped &= isIdOrInterpolation(next);
        segments.add(next);
      } else if (c == '[') {
        segments.add(bracketSegment(start));
        resolverShaped = false;
      } else if (c == ':') {
        if (!resolverShaped) {
          throw new SyntaxError(
              pos,
              "':' follows '"
                  + text.substring(start, pos).strip()
                  + "', which is not a resolver name (names are like oc.env)");
        }
        pos++;
        return resolverCall(start, segments);
      } else {
        throw new SyntaxError(
            pos,
            "unexpected '" + c + "' in " + quoteStart(start)
                + "; a key is made of names separated by '.', a resolver is ${name:args}");
      }
    }
  }

  private static boolean isIdOrInterpolation(Piece piece) {
    return !(piece instanceof Literal literal) || ID.matcher(literal.text()).matches();
  }

  /** A key segment: a nested interpolation or a run of key characters. */
  private Piece segment(int start, String where) throws SyntaxError {
    if (text.startsWith("${", pos)) {
      return interpolation();
    }
    int begin = pos;
    while (pos < text.length() && NOT_IN_KEY.indexOf(text.charAt(pos)) < 0) {
      pos++;
    }
    if (pos == begin) {
      if (pos >= text.length()) {
        throw unclosed(start);
      }
      char c = text.charAt(pos);
      throw new SyntaxError(
          pos,
          "expected a key " + where + " in " + quoteStart(start) + ", found '" + c + "'"
              + (c == '}' ? "" : "; characters like " + c + " cannot appear in keys"));
    }
    if (text.startsWith("{", pos) && text.charAt(pos - 1) == '$') {
      throw new SyntaxError(
          pos - 1,
          "an interpolation cannot be part of a key segment ('" + text.substring(begin, pos)
              + "{...'); write it as a segment of its own, e.g. ${a.${b}}");
    }
    return new Literal(text.substring(begin, pos));
  }

  /** {@code [key]}. */
  private Piece bracketSegment(int start) throws SyntaxError {
    pos++; // '['
    skipBlanks();
    Piece segment = segment(start, "after '['");
    skipBlanks();
    if (!at(']')) {
      throw pos >= text.length()
          ? unclosed(start)
          : new SyntaxError(pos, "expected ']' in " + quoteStart(start) + ", found '" + text.charAt(pos) + "'");
    }
    pos++;
    return segment;
  }

  /** After {@code name:}: the arguments up to the closing brace. */
  private Piece resolverCall(int start, List<Piece> name) throws SyntaxError {
    List<Arg> args = new ArrayList<>();
    skipBlanks();
    if (at('}')) {
      pos++;
      return new ResolverCall(List.copyOf(name), List.of(), text.substring(start, pos));
    }
    while (true) {
      args.add(argument(start));
      skipBlanks();
      if (pos >= text.length()) {
        throw unclosed(start);
      }
      char c = text.charAt(pos);
      pos++;
      if (c == '}') {
        return new ResolverCall(List.copyOf(name), List.copyOf(args), text.substring(start, pos));
      }
      if (c != ',') {
        throw new SyntaxError(pos - 1, "expected ',' or '}' after an argument in " + quoteStart(start));
      }
    }
  }

  /** One argument: quoted, or unquoted tokens; empty between two commas means "". */
  private Arg argument(int start) throws SyntaxError {
    skipBlanks();
    if (at('\'') || at('"')) {
      return new Arg(quoted(start), UNTYPED);
    }
    if (at('[') || at('{')) {
      throw new SyntaxError(
          pos,
          "lists and dicts are not supported as resolver arguments here; quote the argument");
    }
    List<Piece> pieces = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    // Blanks before ',' or '}' belong to the separator, unless escaped.
    int trailingBlanks = 0;
    boolean plain = true; // no escapes and no interpolations: may be a typed token
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ',' || c == '}') {
        break;
      }
      if (text.startsWith("${", pos)) {
        flush(literal, trailingBlanks, pieces);
        trailingBlanks = 0;
        pieces.add(interpolation());
        plain = false;
        continue;
      }
      if (c == '\\' && pos + 1 < text.length() && ESCAPABLE.indexOf(text.charAt(pos + 1)) >= 0) {
        literal.append(text.charAt(pos + 1));
        pos += 2;
        trailingBlanks = 0;
        plain = false;
        continue;
      }
      if (c == ' ' || c == '\t') {
        literal.append(c);
        trailingBlanks++;
        pos++;
        continue;
      }
      if (c == '\'' || c == '"') {
        throw new SyntaxError(
            pos, "a quote inside an unquoted argument of " + quoteStart(start) + "; quote the whole argument");
      }
      if (!(isAsciiLetterOrDigit(c) || UNQUOTED_CHARS.indexOf(c) >= 0)) {
        throw new SyntaxError(
            pos,
            "'" + c + "' is not allowed in an unquoted resolver argument; quote the argument ('...')"
                + (ESCAPABLE.indexOf(c) >= 0 ? " or escape it (\\" + c + ")" : ""));
      }
      literal.append(c);
      trailingBlanks = 0;
      pos++;
    }
    flush(literal, trailingBlanks, pieces);
    if (plain && pieces.size() <= 1) {
      String token = pieces.isEmpty() ? "" : ((Literal) pieces.get(0)).text();
      return new Arg(List.copyOf(pieces), typed(token));
    }
    return new Arg(List.copyOf(pieces), UNTYPED);
  }

  private static void flush(StringBuilder literal, int trailingBlanks, List<Piece> pieces) {
    String text = literal.substring(0, literal.length() - trailingBlanks);
    if (!text.isEmpty()) {
      pieces.add(new Literal(text));
    }
    literal.setLength(0);
  }

  /** The value of a single unquoted token, as OmegaConf's grammar types it. */
  private static Object typed(String token) {
    if (FLOAT.matcher(token).matches()) {
      return PyNumbers.parseFloat(token);
    }
    if (INT.matcher(token).matches()) {
      return PyNumbers.integer(PyNumbers.parseInt(token));
    }
    if (BOOL.matcher(token).matches()) {
      return token.toLowerCase(Locale.ROOT).equals("true");
    }
    if (NULL.matcher(token).matches()) {
      return null;
    }
    return UNTYPED;
  }

  /** {@code '...'} or {@code "..."}: {@code \'} and {@code \\} escaped; may hold interpolations. */
  private List<Piece> quoted(int start) throws SyntaxError {
    char quote = text.charAt(pos);
    int open = pos;
    pos++;
    List<Piece> pieces = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == quote) {
        pos++;
        if (literal.length() > 0) {
          pieces.add(new Literal(literal.toString()));
        }
        return pieces;
      }
      if (c == '\\' && pos + 1 < text.length()) {
        char next = text.charAt(pos + 1);
        if (next == quote || next == '\\') {
          literal.append(next);
          pos += 2;
          continue;
        }
        if (text.startsWith("${", pos + 1)) {
          literal.append("${");
          pos += 3;
          continue;
        }
      }
      if (text.startsWith("${", pos)) {
        if (literal.length() > 0) {
          pieces.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        pieces.add(interpolation());
        continue;
      }
      literal.append(c);
      pos++;
    }
    throw new SyntaxError(open, "the quote " + quote + " opened in " + quoteStart(start) + " is not closed");
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private boolean at(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private void skipBlanks() {
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private SyntaxError unclosed(int start) {
    return new SyntaxError(
        start,
        "'${' at character " + (start + 1) + " is not closed with '}'; to write '${' as text,"
            + " escape it: \\${");
  }

  /** The interpolation being parsed up to the current character, for messages: {@code '${a b'}. */
  private String quoteStart(int start) {
    String shown = text.substring(start, Math.min(text.length(), Math.max(pos + 1, start + 2)));
    return "'" + (shown.length() > 40 ? shown.substring(0, 37) + "..." : shown) + "'";
  }
}
