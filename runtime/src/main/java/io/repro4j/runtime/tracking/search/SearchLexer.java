package io.repro4j.runtime.tracking.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a filter or order-by text into tokens, the way the SQL tokenizer MLflow uses (sqlparse)
 * splits the forms MLflow accepts. Quoted strings have no escapes: MLflow only trims the quotes,
 * so a quote can never appear inside a value.
 */
final class SearchLexer {
  private final String text;
  private int pos;

  private SearchLexer(String text) {
    this.text = text;
  }

  static List<Token> tokenize(String text) {
    SearchLexer lexer = new SearchLexer(text);
    List<Token> tokens = new ArrayList<>();
    Token t;
    do {
      t = lexer.next();
      tokens.add(t);
    } while (t.kind() != Token.Kind.END);
    return tokens;
  }

  private Token next() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    int start = pos;
    if (pos >= text.length()) {
      return new Token(Token.Kind.END, "", "", start);
    }
    char c = text.charAt(pos);
    switch (c) {
      case '`':
        return quoted('`', Token.Kind.BACKTICKED, "backtick");
      case '\'':
        return quoted('\'', Token.Kind.SINGLE_QUOTED, "single quote");
      case '"':
        return quoted('"', Token.Kind.DOUBLE_QUOTED, "double quote");
      case '.':
        if (pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1))) {
          return number();
        }
        pos++;
        return new Token(Token.Kind.DOT, ".", ".", start);
      case '(':
        pos++;
        return new Token(Token.Kind.LEFT_PAREN, "(", "(", start);
      case ')':
        pos++;
        return new Token(Token.Kind.RIGHT_PAREN, ")", ")", start);
      case ',':
        pos++;
        return new Token(Token.Kind.COMMA, ",", ",", start);
      case '=':
        pos++;
        return new Token(Token.Kind.OPERATOR, "=", "=", start);
      case '!':
        if (text.startsWith("!=", pos)) {
          pos += 2;
          return new Token(Token.Kind.OPERATOR, "!=", "!=", start);
        }
        throw new SearchSyntaxException("Unexpected '!'; did you mean '!='?", text, start);
      case '<':
      case '>':
        pos++;
        if (pos < text.length() && text.charAt(pos) == '=') {
          pos++;
        } else if (c == '<' && pos < text.length() && text.charAt(pos) == '>') {
          pos++;
          // SQL's <>, which MLflow does not accept either: the comparator check says to use !=.
          return new Token(Token.Kind.OPERATOR, "<>", "<>", start);
        }
        String op = text.substring(start, pos);
        return new Token(Token.Kind.OPERATOR, op, op, start);
      default:
        break;
    }
    if (Character.isDigit(c) || (c == '-' && pos + 1 < text.length() && isNumberStart(text.charAt(pos + 1)))) {
      return number();
    }
    if (Character.isLetter(c) || c == '_') {
      while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      String word = text.substring(start, pos);
      return new Token(Token.Kind.WORD, word, word, start);
    }
    throw new SearchSyntaxException(
        "Unexpected character '" + c + "'; quote keys with special characters in backticks,"
            + " e.g. metrics.`train/loss`",
        text,
        start);
  }

  private static boolean isNumberStart(char c) {
    return Character.isDigit(c) || c == '.';
  }

  /** {@code -?(digits[.digits*] | .digits)([eE][+-]?digits)?}, as sqlparse's number rules. */
  private Token number() {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    digits();
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      digits();
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int mark = pos;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      int digitsAt = pos;
      digits();
      if (pos == digitsAt) {
        pos = mark;
      }
    }
    if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
      throw new SearchSyntaxException(
          "Malformed number '" + text.substring(start, wordEnd(pos)) + "'", text, start);
    }
    String n = text.substring(start, pos);
    return new Token(Token.Kind.NUMBER, n, n, start);
  }

  private int wordEnd(int from) {
    int i = from;
    while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
      i++;
    }
    return i;
  }

  private void digits() {
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
  }

  private Token quoted(char quote, Token.Kind kind, String name) {
    int start = pos;
    int close = text.indexOf(quote, pos + 1);
    if (close < 0) {
      throw new SearchSyntaxException("Unterminated " + name + " string: no closing " + quote, text, start);
    }
    pos = close + 1;
    return new Token(kind, text.substring(start, pos), text.substring(start + 1, close), start);
  }
}
