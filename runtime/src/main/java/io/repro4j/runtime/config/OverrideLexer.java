package io.repro4j.runtime.config;

import io.repro4j.runtime.config.OverrideSyntaxError.Shape;
import io.repro4j.runtime.config.OverrideToken.Kind;

/**
 * Splits an override into tokens on demand, as Hydra 1.3's {@code OverrideLexer.g4} does, in its
 * two modes: key mode up to the first {@code =}, value mode after it. Both follow ANTLR's rules:
 * the longest match wins, and among equally long matches the rule listed first in the grammar. So
 * {@code inf} is a float, {@code info} an ID, {@code 007} three INTs (and thus the string "007"),
 * {@code ${a} } an interpolation but {@code ${a} without its brace a {@code $} and more tokens.
 * A character that starts no token is a lexer error, reported where that token starts.
 */
final class OverrideLexer {
  private static final String ESCAPABLE = "\\()[]{}:=, \t";
  private static final String UNQUOTED_CHARS = "/-\\+.$%*@?|";

  private final String text;
  private int pos;
  private int index;
  private boolean valueMode;

  OverrideLexer(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }

  /** The next token; EOF at the end, forever. */
  OverrideToken next() throws OverrideSyntaxError {
    if (pos >= text.length()) {
      return new OverrideToken(Kind.EOF, "", text.length(), text.length(), index);
    }
    OverrideToken token = valueMode ? value() : key();
    pos = token.end();
    index++;
    return token;
  }

  private OverrideToken key() throws OverrideSyntaxError {
    char c = text.charAt(pos);
    switch (c) {
      case '=':
        valueMode = true;
        return token(Kind.EQUAL, blanksEnd(pos + 1));
      case '~':
        return token(Kind.TILDE, pos + 1);
      case '+':
        return token(Kind.PLUS, pos + 1);
      case '@':
        return token(Kind.AT, pos + 1);
      case ':':
        return token(Kind.COLON, pos + 1);
      case '/':
        return token(Kind.SLASH, pos + 1);
      default:
        break;
    }
    // KEY_ID, KEY_SPECIAL, DOT_PATH, in this order on a tie.
    Kind kind = null;
    int end = pos;
    if (isIdStart(c)) {
      kind = Kind.ID;
      end = idEnd(pos);
    }
    int special = keySpecialEnd(pos);
    if (special > end) {
      kind = Kind.KEY_SPECIAL;
      end = special;
    }
    int dotPath = dotPathEnd(pos);
    if (dotPath > end) {
      kind = Kind.DOT_PATH;
      end = dotPath;
    }
    if (kind == null) {
      throw lexerError(keyHint(c));
    }
    return token(kind, end);
  }

  private String keyHint(char c) {
    int equal = text.indexOf('=');
    String keyPart = equal < 0 ? text : text.substring(0, equal);
    if (isBlank(c)) {
      String fixed = keyPart.replace(" ", "").replace("\t", "") + (equal < 0 ? "=<value>" : text.substring(equal));
      return "blanks are not allowed in a key or before '='; write " + fixed;
    }
    if (c == '.') {
      return "a '.' in a key must join two names or indexes, as in optimizer.lr or layers.0.units";
    }
    return "the character '" + shown(pos) + "' is not allowed here in a key; a key is a name (lr), a"
        + " dotted path (optimizer.lr, layers.0.units) or a group path (db/mysql)";
  }

  private OverrideToken value() throws OverrideSyntaxError {
    char c = text.charAt(pos);
    if (isBlank(c)) {
      int blanks = blanksEnd(pos);
      // Separators that allow blanks before them absorb them (longest match).
      if (blanks < text.length()) {
        OverrideToken separator = separator(text.charAt(blanks), blanks);
        if (separator != null) {
          return separator;
        }
      }
      return token(Kind.WS, blanks);
    }
    OverrideToken separator = separator(c, pos);
    if (separator != null) {
      return separator;
    }
    if (c == '\'' || c == '"') {
      int end = quotedEnd(c);
      if (end < 0) {
        throw lexerError(quoteHint(c));
      }
      return token(Kind.QUOTED_VALUE, end);
    }
    if (text.startsWith("${", pos)) {
      int close = text.indexOf('}', pos + 2);
      if (close > pos + 2) {
        return token(Kind.INTERPOLATION, close + 1);
      }
      // No interpolation token: '$' is an UNQUOTED_CHAR, below.
    }
    if (c == '\\' && pos + 1 < text.length() && ESCAPABLE.indexOf(text.charAt(pos + 1)) >= 0) {
      int end = pos;
      while (end + 1 < text.length()
          && text.charAt(end) == '\\'
          && ESCAPABLE.indexOf(text.charAt(end + 1)) >= 0) {
        end += 2;
      }
      return token(Kind.ESC, end);
    }
    // FLOAT, INT, BOOL, NULL, UNQUOTED_CHAR, ID: longest match, the earlier rule on a tie.
    Kind kind = null;
    int end = pos;
    int floatEnd = floatEnd(pos);
    if (floatEnd > end) {
      kind = Kind.FLOAT;
      end = floatEnd;
    }
    int intEnd = signedIntEnd(pos);
    if (intEnd > end) {
      kind = Kind.INT;
      end = intEnd;
    }
    int boolEnd = wordEnd(pos, "true", "false");
    if (boolEnd > end) {
      kind = Kind.BOOL;
      end = boolEnd;
    }
    int nullEnd = wordEnd(pos, "null");
    if (nullEnd > end) {
      kind = Kind.NULL;
      end = nullEnd;
    }
    if (UNQUOTED_CHARS.indexOf(c) >= 0 && pos + 1 > end) {
      kind = Kind.UNQUOTED_CHAR;
      end = pos + 1;
    }
    if (isIdStart(c) && idEnd(pos) > end) {
      kind = Kind.ID;
      end = idEnd(pos);
    }
    if (kind == null) {
      throw lexerError(
          "the character '" + shown(pos) + "' is not allowed in an unquoted value; quote the value,"
              + " e.g. " + suggestQuoted());
    }
    return token(kind, end);
  }

  /** A separator token for {@code c} at {@code at} (blanks from {@code pos} to {@code at}), or null. */
  private OverrideToken separator(char c, int at) {
    boolean blanksBefore = at > pos;
    switch (c) {
      case ',':
        return token(Kind.COMMA, blanksEnd(at + 1));
      case '(':
        return token(Kind.POPEN, blanksEnd(at + 1));
      case ')':
        return token(Kind.PCLOSE, at + 1);
      case '[':
        return blanksBefore ? null : token(Kind.BRACKET_OPEN, blanksEnd(at + 1));
      case ']':
        return token(Kind.BRACKET_CLOSE, at + 1);
      case '{':
        return blanksBefore ? null : token(Kind.BRACE_OPEN, blanksEnd(at + 1));
      case '}':
        return token(Kind.BRACE_CLOSE, at + 1);
      case ':':
        return token(Kind.COLON, blanksEnd(at + 1));
      case '=':
        return token(Kind.EQUAL, blanksEnd(at + 1));
      default:
        return null;
    }
  }

  /**
   * The end of a quoted string starting at {@code pos}: after the first matching quote preceded by
   * an even number of backslashes (so {@code \'} escapes a quote and {@code \\'} is a backslash,
   * then the end); -1 when there is none.
   */
  private int quotedEnd(char quote) {
    int backslashes = 0;
    for (int i = pos + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == quote && backslashes % 2 == 0) {
        return i + 1;
      }
      backslashes = c == '\\' ? backslashes + 1 : 0;
    }
    return -1;
  }

  private String quoteHint(char quote) {
    char before = pos == 0 ? '=' : text.charAt(pos - 1);
    if (before != '=' && before != '[' && before != ',' && before != '(' && before != '{'
        && before != ':' && !isBlank(before)) {
      // Most likely an apostrophe in an unquoted value, as in x=it's.
      return "this " + quote + " starts a quoted string that never ends; quote the whole value"
          + " instead, e.g. " + suggestQuoted();
    }
    return "unterminated quoted string: add the closing " + quote + " at the end";
  }

  /** End of {@code [+-]? (POINT_FLOAT | EXPONENT_FLOAT | inf | nan)} at {@code start}, or start. */
  private int floatEnd(int start) {
    int i = start;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    int best = start;
    int special = wordEnd(i, "inf", "nan");
    if (special > i) {
      best = special;
    }
    // POINT_FLOAT: INT_UNSIGNED '.' | INT_UNSIGNED? '.' DIGIT ('_'? DIGIT)*
    int mantissaEnd = -1;
    int intEnd = unsignedIntEnd(i);
    if (intEnd > i && intEnd < text.length() && text.charAt(intEnd) == '.') {
      int fractionEnd = digitsEnd(intEnd + 1);
      mantissaEnd = fractionEnd > intEnd + 1 ? fractionEnd : intEnd + 1;
    } else if (intEnd == i && i < text.length() && text.charAt(i) == '.') {
      int fractionEnd = digitsEnd(i + 1);
      if (fractionEnd > i + 1) {
        mantissaEnd = fractionEnd;
      }
    }
    if (mantissaEnd > best) {
      best = mantissaEnd;
    }
    // EXPONENT_FLOAT: (INT_UNSIGNED | POINT_FLOAT) [eE] [+-]? DIGIT ('_'? DIGIT)*
    int base = mantissaEnd > 0 ? mantissaEnd : intEnd > i ? intEnd : -1;
    if (base > 0 && base < text.length() && (text.charAt(base) == 'e' || text.charAt(base) == 'E')) {
      int e = base + 1;
      if (e < text.length() && (text.charAt(e) == '+' || text.charAt(e) == '-')) {
        e++;
      }
      int exponentEnd = digitsEnd(e);
      if (exponentEnd > e && exponentEnd > best) {
        best = exponentEnd;
      }
    }
    return best;
  }

  private int signedIntEnd(int start) {
    int i = start;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    int end = unsignedIntEnd(i);
    return end > i ? end : start;
  }

  /** {@code '0' | [1-9] ('_'? DIGIT)*}. */
  private int unsignedIntEnd(int start) {
    if (start >= text.length() || !isDigit(text.charAt(start))) {
      return start;
    }
    if (text.charAt(start) == '0') {
      return start + 1;
    }
    return digitsEnd(start);
  }

  /** {@code DIGIT ('_'? DIGIT)*}, or start. */
  private int digitsEnd(int start) {
    return PythonNumberSyntax.digits(text, start);
  }

  /** {@code [a-zA-Z_$][a-zA-Z0-9_$-]*}, or start. */
  private int keySpecialEnd(int start) {
    char c = text.charAt(start);
    if (!isIdStart(c) && c != '$') {
      return start;
    }
    int i = start + 1;
    while (i < text.length() && (isIdPart(text.charAt(i)) || text.charAt(i) == '$')) {
      i++;
    }
    return i;
  }

  /** {@code (KEY_SPECIAL | INT_UNSIGNED) ('.' (KEY_SPECIAL | INT_UNSIGNED))+}, or start. */
  private int dotPathEnd(int start) {
    int end = segmentEnd(start);
    if (end == start) {
      return start;
    }
    int matched = start;
    while (end < text.length() && text.charAt(end) == '.') {
      int next = segmentEnd(end + 1);
      if (next == end + 1) {
        break;
      }
      end = next;
      matched = end;
    }
    return matched;
  }

  private int segmentEnd(int start) {
    if (start >= text.length()) {
      return start;
    }
    int special = keySpecialEnd(start);
    return special > start ? special : unsignedIntEnd(start);
  }

  /** The end of one of {@code words} (any case) at {@code start}, or start. */
  private int wordEnd(int start, String... words) {
    for (String word : words) {
      if (text.regionMatches(true, start, word, 0, word.length())) {
        return start + word.length();
      }
    }
    return start;
  }

  private int idEnd(int start) {
    int i = start + 1;
    while (i < text.length() && isIdPart(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private int blanksEnd(int start) {
    int i = start;
    while (i < text.length() && isBlank(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private String shown(int at) {
    return new String(Character.toChars(text.codePointAt(at)));
  }

  private String suggestQuoted() {
    int eq = text.indexOf('=');
    String value = text.substring(eq + 1).strip();
    String quote = value.contains("'") ? "\"" : "'";
    return text.substring(0, eq + 1) + quote + value + quote;
  }

  private OverrideToken token(Kind kind, int end) {
    return new OverrideToken(kind, text.substring(pos, end), pos, end, index);
  }

  private OverrideSyntaxError lexerError(String hint) {
    return new OverrideSyntaxError(
        Shape.LEXER, "LexerNoViableAltException", pos, pos + Character.charCount(text.codePointAt(pos)), hint);
  }

  static boolean isIdStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isIdPart(char c) {
    return isIdStart(c) || isDigit(c) || c == '-';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
