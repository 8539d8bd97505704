package io.repro4j.runtime.config;

import io.repro4j.runtime.config.OverrideToken.Kind;
import java.util.List;

/**
 * Splits an override into tokens on demand, in Hydra's two modes: key mode up to the first
 * {@code =}, value mode after it. Value mode follows ANTLR's rules: the longest match wins, and
 * among equally long matches the rule listed first in {@code OverrideLexer.g4} ({@code FLOAT},
 * {@code INT}, {@code BOOL}, {@code NULL}, {@code UNQUOTED_CHAR}, {@code ID}). So {@code inf} is a
 * float, {@code info} an ID, {@code 007} three INTs (and thus the string "007").
 */
final class OverrideLexer {
  private static final String ESCAPABLE = "\\()[]{}:=, \t";
  private static final String UNQUOTED_CHARS = "/-\\+.$%*@?|";

  private final String text;
  private int pos;
  private boolean valueMode;

  OverrideLexer(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }

  /** The next token; EOF at the end, forever. */
  OverrideToken next() throws ConfigException {
    if (pos >= text.length()) {
      return new OverrideToken(Kind.EOF, "", text.length(), text.length());
    }
    OverrideToken token = valueMode ? value() : key();
    pos = token.end();
    return token;
  }

  private OverrideToken key() {
    char c = text.charAt(pos);
    if (isIdStart(c)) {
      return token(Kind.ID, idEnd(pos));
    }
    if (isDigit(c)) {
      int end = pos;
      while (end < text.length() && isDigit(text.charAt(end))) {
        end++;
      }
      return token(Kind.NUMBER, end);
    }
    switch (c) {
      case '.':
        return token(Kind.DOT, pos + 1);
      case '~':
        return token(Kind.TILDE, pos + 1);
      case '+':
        return token(Kind.PLUS, pos + 1);
      case '@':
        return token(Kind.AT, pos + 1);
      case '/':
        return token(Kind.SLASH, pos + 1);
      case ':':
        return token(Kind.COLON, pos + 1);
      case '=':
        valueMode = true;
        return token(Kind.EQUAL, blanksEnd(pos + 1));
      default:
        return token(Kind.OTHER, pos + Character.charCount(text.codePointAt(pos)));
    }
  }

  private OverrideToken value() throws ConfigException {
    char c = text.charAt(pos);
    if (isBlank(c)) {
      int blanks = blanksEnd(pos);
      // Separators absorb the blanks before them (and some the blanks after), as in Hydra.
      if (blanks < text.length()) {
        OverrideToken separator = separator(text.charAt(blanks), blanks);
        if (separator != null) {
          return new OverrideToken(
              separator.kind(), text.substring(pos, separator.end()), pos, separator.end());
        }
      }
      return token(Kind.WS, blanks);
    }
    OverrideToken separator = separator(c, pos);
    if (separator != null) {
      return separator;
    }
    if (c == '\'' || c == '"') {
      return quoted(c);
    }
    if (text.startsWith("${", pos)) {
      return interpolation();
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
    // Longest match; on a tie the earlier rule wins, hence the strict '>' below.
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
      throw error(
          pos,
          pos + Character.charCount(text.codePointAt(pos)),
          "the character '"
              + new String(Character.toChars(text.codePointAt(pos)))
              + "' is not allowed in an unquoted value; quote the value, e.g. "
              + suggestQuoted());
    }
    return token(kind, end);
  }

  /** A separator token starting with {@code c} at {@code at}, or null. */
  private OverrideToken separator(char c, int at) {
    switch (c) {
      case ',':
        return new OverrideToken(Kind.COMMA, slice(pos, blanksEnd(at + 1)), pos, blanksEnd(at + 1));
      case '(':
        return new OverrideToken(Kind.POPEN, slice(pos, blanksEnd(at + 1)), pos, blanksEnd(at + 1));
      case ')':
        return new OverrideToken(Kind.PCLOSE, slice(pos, at + 1), pos, at + 1);
      case '[':
        return at == pos
            ? new OverrideToken(Kind.BRACKET_OPEN, slice(pos, blanksEnd(at + 1)), pos, blanksEnd(at + 1))
            : null;
      case ']':
        return new OverrideToken(Kind.BRACKET_CLOSE, slice(pos, at + 1), pos, at + 1);
      case '{':
        return at == pos
            ? new OverrideToken(Kind.BRACE_OPEN, slice(pos, blanksEnd(at + 1)), pos, blanksEnd(at + 1))
            : null;
      case '}':
        return new OverrideToken(Kind.BRACE_CLOSE, slice(pos, at + 1), pos, at + 1);
      case ':':
        return new OverrideToken(Kind.COLON, slice(pos, blanksEnd(at + 1)), pos, blanksEnd(at + 1));
      case '=':
        return new OverrideToken(Kind.EQUAL, slice(pos, blanksEnd(at + 1)), pos, blanksEnd(at + 1));
      default:
        return null;
    }
  }

  /**
   * A quoted string: it ends at the first matching quote preceded by an even number of
   * backslashes (so {@code \'} escapes a quote and {@code \\'} is a backslash, then the end).
   */
  private OverrideToken quoted(char quote) throws ConfigException {
    int i = pos + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\') {
        int run = i;
        while (run < text.length() && text.charAt(run) == '\\') {
          run++;
        }
        if (run < text.length() && text.charAt(run) == quote && (run - i) % 2 == 0) {
          return token(Kind.QUOTED_VALUE, run + 1);
        }
        i = run < text.length() && text.charAt(run) == quote ? run + 1 : run;
      } else if (c == quote) {
        return token(Kind.QUOTED_VALUE, i + 1);
      } else {
        i++;
      }
    }
    char before = text.charAt(pos - 1);
    if (before != '=' && before != '[' && before != ',' && !isBlank(before)) {
      // Most likely an apostrophe in an unquoted value, as in x=it's.
      throw error(
          pos,
          pos + 1,
          "this " + quote + " starts a quoted string that never ends; quote the whole value"
              + " instead, e.g. " + suggestQuoted());
    }
    throw error(
        pos, pos + 1, "unterminated quoted string: add the closing " + quote + " at the end");
  }

  private OverrideToken interpolation() throws ConfigException {
    int close = text.indexOf('}', pos + 2);
    if (close < 0) {
      throw error(pos, text.length(), "unterminated interpolation: add the closing '}'");
    }
    if (close == pos + 2) {
      throw error(pos, close + 1, "empty interpolation '${}'; name a key inside, e.g. ${model.lr}");
    }
    return token(Kind.INTERPOLATION, close + 1);
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
    if (start >= text.length() || !isDigit(text.charAt(start))) {
      return start;
    }
    int i = start + 1;
    while (i < text.length()) {
      if (isDigit(text.charAt(i))) {
        i++;
      } else if (text.charAt(i) == '_' && i + 1 < text.length() && isDigit(text.charAt(i + 1))) {
        i += 2;
      } else {
        break;
      }
    }
    return i;
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

  private String suggestQuoted() {
    int eq = text.indexOf('=');
    String value = text.substring(eq + 1).strip();
    String quote = value.contains("'") ? "\"" : "'";
    return text.substring(0, eq + 1) + quote + value + quote;
  }

  private OverrideToken token(Kind kind, int end) {
    return new OverrideToken(kind, text.substring(pos, end), pos, end);
  }

  private String slice(int start, int end) {
    return text.substring(start, end);
  }

  ConfigException error(int start, int end, String message) {
    return new ConfigException(
        List.of(new ConfigProblem(new Origin.InOverride(text, start, end), "", message)));
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
