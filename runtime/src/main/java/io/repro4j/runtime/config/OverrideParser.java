package io.repro4j.runtime.config;

import io.repro4j.runtime.config.OverrideToken.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for Hydra's override grammar ({@code OverrideParser.g4}), one method
 * per rule. The simple forms are implemented; the rest of the grammar ({@code +}/{@code ++}/{@code
 * ~} prefixes, {@code @package}, config groups, sweeps, functions, dicts) is recognised at the
 * point where it would be parsed and rejected as not supported yet, so adding it later means
 * filling in those methods.
 */
final class OverrideParser {
  /** Tokens that make up an unquoted primitive, concatenated when there are several. */
  private static final Set<Kind> PRIMITIVE =
      EnumSet.of(
          Kind.ID,
          Kind.NULL,
          Kind.INT,
          Kind.FLOAT,
          Kind.BOOL,
          Kind.INTERPOLATION,
          Kind.UNQUOTED_CHAR,
          Kind.COLON,
          Kind.ESC,
          Kind.WS);

  private final String text;
  private final OverrideLexer lexer;
  private OverrideToken current;
  private OverrideToken lookahead;

  OverrideParser(String text) throws ConfigException {
    this.text = text;
    this.lexer = new OverrideLexer(text);
    this.current = lexer.next();
  }

  /** {@code override: key EQUAL value? EOF} (the other alternatives are refused). */
  ConfigOverride override() throws ConfigException {
    if (current.is(Kind.EOF)) {
      throw error(0, 0, "empty override; write key=value, e.g. lr=0.1");
    }
    if (current.is(Kind.PLUS)) {
      boolean twice = peek().is(Kind.PLUS);
      throw error(
          0,
          twice ? 2 : 1,
          twice
              ? "'++key=value' (add or override a key) is not supported yet; every key is declared"
                  + " by the trainer, so remove the '++'"
              : "'+key=value' (add a key) is not supported yet; every key is declared by the"
                  + " trainer, so remove the '+'");
    }
    if (current.is(Kind.TILDE)) {
      throw error(
          0,
          1,
          "'~key' (delete a key) is not supported yet; to reset a key to its default, leave the"
              + " override out");
    }
    String key = key();
    if (!current.is(Kind.EQUAL)) {
      throw missingEqual(key);
    }
    advance();
    RawValue value = value();
    return new ConfigOverride(text, key, value);
  }

  /** {@code key: ID ('.' (ID | NUMBER))*}, the dotted-path subset of Hydra's key rule. */
  private String key() throws ConfigException {
    if (current.is(Kind.EQUAL)) {
      throw error(current.start(), current.start() + 1, "missing key before '='; write key=value");
    }
    if (!current.is(Kind.ID)) {
      throw error(
          current.start(),
          current.end(),
          "a key must start with a letter or '_', not '" + current.text() + "'");
    }
    StringBuilder key = new StringBuilder(current.text());
    advance();
    while (current.is(Kind.DOT)) {
      OverrideToken dot = current;
      advance();
      if (current.is(Kind.ID)) {
        key.append('.').append(current.text());
      } else if (current.is(Kind.NUMBER)) {
        if (current.text().length() > 1 && current.text().startsWith("0")) {
          throw error(
              current.start(),
              current.end(),
              "a list index must not have leading zeros; write "
                  + new BigInteger(current.text()));
        }
        key.append('.').append(current.text());
      } else {
        String found = current.is(Kind.EOF) ? "the end" : "'" + current.text().strip() + "'";
        int at = current.is(Kind.EOF) ? dot.end() : current.start();
        throw error(at, at + 1, "expected a name or an index after '.', found " + found);
      }
      advance();
    }
    return key.toString();
  }

  private ConfigException missingEqual(String key) {
    int equal = text.indexOf('=');
    int keyPartEnd = equal < 0 ? text.length() : equal;
    switch (current.kind()) {
      case EOF:
        return error(
            text.length(),
            text.length(),
            "missing '=' after the key '" + key + "'; write " + key + "=<value>");
      case AT:
        return error(
            current.start(),
            keyPartEnd,
            "packages (key@package) are not supported yet; write " + key + "=<value>");
      case SLASH:
        return error(
            0,
            keyPartEnd,
            "config groups (group/option) are not supported yet; set keys with dotted names,"
                + " e.g. optimizer.lr=0.1");
      case COLON:
        return error(
            current.start(),
            current.end(),
            "expected '=' after the key '" + key + "', found ':'; write " + key + "=<value>");
      default:
        if (OverrideLexer.isBlank(current.text().charAt(0))) {
          return error(
              current.start(),
              current.end(),
              "blanks are not allowed in a key or before '='; write " + key + "=<value>");
        }
        return error(
            current.start(),
            current.end(),
            "the character '"
                + current.text()
                + "' is not allowed in a key; keys are names like lr or optimizer.lr");
    }
  }

  /** {@code value: element | simpleChoiceSweep}; empty means the empty string. */
  private RawValue value() throws ConfigException {
    if (current.is(Kind.EOF)) {
      return new RawValue("", new Origin.InOverride(text, text.length(), text.length()));
    }
    int start = current.start();
    RawValue element = element();
    if (current.is(Kind.COMMA)) {
      throw error(
          start,
          trimmedEnd(),
          "'"
              + text.substring(start, trimmedEnd())
              + "' is a sweep; sweeps need --multirun, which is not supported yet; give one value"
              + " per run");
    }
    if (!current.is(Kind.EOF)) {
      throw unexpected("after the value");
    }
    return element;
  }

  /** {@code element: primitive | listContainer | dictContainer | function}. */
  private RawValue element() throws ConfigException {
    switch (current.kind()) {
      case BRACKET_OPEN:
        return list();
      case BRACE_OPEN:
        throw error(
            current.start(),
            closingEnd(Kind.BRACE_OPEN, Kind.BRACE_CLOSE),
            "dict values like {a: 1} are not supported yet; set each key on its own, e.g."
                + " optimizer.lr=0.1");
      case QUOTED_VALUE:
        return quoted();
      case ID:
        if (peek().is(Kind.POPEN)) {
          int start = current.start();
          String name = current.text();
          advance();
          int end = closingEnd(Kind.POPEN, Kind.PCLOSE);
          throw error(
              start,
              end,
              "functions like " + name + "(...) are not supported yet; write a plain value");
        }
        return primitive();
      default:
        if (PRIMITIVE.contains(current.kind())) {
          return primitive();
        }
        throw unexpected(current.is(Kind.EOF) ? "" : "where a value should start");
    }
  }

  /** {@code listContainer: '[' (element (',' element)*)? ']'}. */
  private RawValue list() throws ConfigException {
    int start = current.start();
    advance();
    List<RawValue> elements = new ArrayList<>();
    if (!current.is(Kind.BRACKET_CLOSE)) {
      while (true) {
        if (current.is(Kind.BRACKET_CLOSE) || current.is(Kind.COMMA)) {
          int at = current.start() + current.text().indexOf(current.text().strip());
          throw error(at, at + 1, "expected a value before '" + current.text().strip() + "'");
        }
        if (current.is(Kind.EOF)) {
          throw error(text.length(), text.length(), "unterminated list: add ']' at the end");
        }
        elements.add(element());
        if (current.is(Kind.COMMA)) {
          advance();
        } else if (current.is(Kind.BRACKET_CLOSE)) {
          break;
        } else if (current.is(Kind.EOF)) {
          throw error(text.length(), text.length(), "unterminated list: add ']' at the end");
        } else {
          throw unexpected("in the list; separate values with ','");
        }
      }
    }
    int end = current.end();
    advance();
    return new RawValue(
        Collections.unmodifiableList(elements), new Origin.InOverride(text, start, end));
  }

  /** A quoted string, with Hydra's un-escaping: {@code \'} is a quote, other backslashes stay. */
  private RawValue quoted() throws ConfigException {
    OverrideToken token = current;
    advance();
    if (current.is(Kind.WS)) {
      advance(); // blanks after the closing quote are dropped like any trailing blanks
    }
    if (PRIMITIVE.contains(current.kind()) || current.is(Kind.QUOTED_VALUE)) {
      throw error(
          token.start(),
          current.end(),
          "a quoted string must be the whole value; put everything inside the quotes");
    }
    return new RawValue(
        unquote(token.text()), new Origin.InOverride(text, token.start(), token.end()));
  }

  static String unquote(String token) {
    char quote = token.charAt(0);
    String body = token.substring(1, token.length() - 1);
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c != '\\') {
        out.append(c);
        i++;
        continue;
      }
      int run = i;
      while (run < body.length() && body.charAt(run) == '\\') {
        run++;
      }
      int count = run - i;
      if (run < body.length() && body.charAt(run) == quote) {
        out.append("\\".repeat(count / 2)).append(quote); // an escaped quote inside
        i = run + 1;
      } else if (run == body.length()) {
        out.append("\\".repeat(count / 2)); // escaped backslashes before the closing quote
        i = run;
      } else {
        out.append("\\".repeat(count)); // other backslashes are literal
        i = run;
      }
    }
    return out.toString();
  }

  /**
   * {@code primitive}: a run of tokens without leading/trailing blanks. One token is typed (int,
   * float, bool, null; anything else a string); several are concatenated into a string with
   * escapes resolved.
   */
  private RawValue primitive() throws ConfigException {
    List<OverrideToken> tokens = new ArrayList<>();
    while (PRIMITIVE.contains(current.kind())) {
      tokens.add(current);
      advance();
    }
    if (current.is(Kind.QUOTED_VALUE)) {
      throw error(
          tokens.get(0).start(),
          current.end(),
          "a quoted string must be the whole value; put everything inside the quotes");
    }
    if (current.is(Kind.POPEN)) {
      throw unexpected("in an unquoted value");
    }
    while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).is(Kind.WS)) {
      tokens.remove(tokens.size() - 1);
    }
    while (!tokens.isEmpty() && tokens.get(0).is(Kind.WS)) {
      tokens.remove(0);
    }
    if (tokens.isEmpty()) {
      throw unexpected("where a value should start");
    }
    int start = tokens.get(0).start();
    int end = tokens.get(tokens.size() - 1).end();
    Origin origin = new Origin.InOverride(text, start, end);
    if (tokens.size() == 1) {
      return new RawValue(typed(tokens.get(0)), origin);
    }
    StringBuilder joined = new StringBuilder();
    for (OverrideToken token : tokens) {
      joined.append(token.is(Kind.ESC) ? unescape(token.text()) : token.text());
    }
    return new RawValue(joined.toString(), origin);
  }

  private static Object typed(OverrideToken token) {
    String t = token.text();
    switch (token.kind()) {
      case INT:
        return PyNumbers.integer(new BigInteger(t.replace("_", "")));
      case FLOAT:
        String f = t.replace("_", "").toLowerCase(Locale.ROOT);
        if (f.endsWith("inf")) {
          return f.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (f.endsWith("nan")) {
          return Double.NaN;
        }
        return Double.parseDouble(f); // 1e400 overflows to Infinity, as Python's float() does
      case BOOL:
        return t.equalsIgnoreCase("true");
      case NULL:
        return null;
      case ESC:
        return unescape(t);
      default:
        return t;
    }
  }

  /** {@code \,} to {@code ,}: every other character of an escape run. */
  private static String unescape(String esc) {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < esc.length(); i += 2) {
      out.append(esc.charAt(i));
    }
    return out.toString();
  }

  private ConfigException unexpected(String where) {
    if (current.is(Kind.EOF)) {
      return error(text.length(), text.length(), "missing value at the end");
    }
    String shown = current.text().strip();
    int start = current.start() + current.text().indexOf(shown);
    int end = start + shown.length();
    switch (current.kind()) {
      case EQUAL:
        return error(start, end, "'=' in a value must be escaped as \\= or the value quoted");
      case BRACE_CLOSE:
        return error(
            start,
            end,
            "unexpected '}'; a nested interpolation must be quoted, e.g. x='${a.${b}}', and a"
                + " literal '}' escaped as \\}");
      case QUOTED_VALUE:
        return error(
            start, end, "a quoted string must be the whole value; put everything inside the quotes");
      default:
        String escape =
            shown.length() == 1 && "()[]{},:=".contains(shown)
                ? "; escape it as \\" + shown + " or quote the value"
                : "";
        return error(start, end, "unexpected '" + shown + "' " + where + escape);
    }
  }

  /** The end of the construct opened by the current token, or of the text if it is not closed. */
  private int closingEnd(Kind open, Kind close) {
    int depth = 0;
    try {
      while (!current.is(Kind.EOF)) {
        if (current.is(open)) {
          depth++;
        } else if (current.is(close) && --depth == 0) {
          return current.end();
        }
        advance();
      }
    } catch (ConfigException e) {
      // A lexical error further on does not matter: the construct is refused anyway.
    }
    return trimmedEnd();
  }

  private int trimmedEnd() {
    return text.stripTrailing().length();
  }

  private OverrideToken peek() throws ConfigException {
    if (lookahead == null) {
      lookahead = lexer.next();
    }
    return lookahead;
  }

  private void advance() throws ConfigException {
    if (lookahead != null) {
      current = lookahead;
      lookahead = null;
    } else {
      current = lexer.next();
    }
  }

  private ConfigException error(int start, int end, String message) {
    return lexer.error(start, end, message);
  }
}
