package io.repro4j.runtime.config;

import io.repro4j.runtime.config.OverrideSyntaxError.Shape;
import io.repro4j.runtime.config.OverrideToken.Kind;
import io.repro4j.runtime.config.OverrideTree.Arg;
import io.repro4j.runtime.config.OverrideTree.Call;
import io.repro4j.runtime.config.OverrideTree.DictNode;
import io.repro4j.runtime.config.OverrideTree.Entry;
import io.repro4j.runtime.config.OverrideTree.Key;
import io.repro4j.runtime.config.OverrideTree.ListNode;
import io.repro4j.runtime.config.OverrideTree.Node;
import io.repro4j.runtime.config.OverrideTree.Primitive;
import io.repro4j.runtime.config.OverrideTree.SimpleSweep;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A recursive-descent parser for Hydra 1.3's {@code OverrideParser.g4} that behaves like the parser
 * ANTLR generates from it, including where and how it reports the first error: each rule method
 * follows the generated code (the same {@code sync} before each decision, the same single-token
 * deletion and insertion in {@code match}, the same lookahead in the decisions ANTLR predicts
 * adaptively), so that a syntax error gets ANTLR's words ({@code mismatched input ... expecting
 * ...}, {@code extraneous input ...}, {@code missing ... at ...}, {@code no viable alternative at
 * input ...}) for the same token. Tokens are lexed on demand, in the order ANTLR fetches them, so a
 * lexer error wins over a parser error exactly when it does in Hydra.
 *
 * <pre>
 * override : (key EQUAL value? | TILDE key (EQUAL value?)? | PLUS PLUS? key EQUAL value?) EOF;
 * key : packageOrGroup (AT package)?;
 * packageOrGroup : package | ID (SLASH ID)+;
 * package : ( | ID | KEY_SPECIAL | DOT_PATH);
 * value : element | simpleChoiceSweep;
 * element : primitive | listContainer | dictContainer | function;
 * simpleChoiceSweep : element (COMMA element)+;
 * argName : ID EQUAL;
 * function : ID POPEN (argName? element (COMMA argName? element)*)? PCLOSE;
 * listContainer : BRACKET_OPEN (element (COMMA element)*)? BRACKET_CLOSE;
 * dictContainer : BRACE_OPEN (dictKeyValuePair (COMMA dictKeyValuePair)*)? BRACE_CLOSE;
 * dictKeyValuePair : dictKey COLON element;
 * primitive : QUOTED_VALUE | (ID | NULL | INT | FLOAT | BOOL | INTERPOLATION | UNQUOTED_CHAR
 *                             | COLON | ESC | WS)+;
 * dictKey : (ID | NULL | INT | FLOAT | BOOL | UNQUOTED_CHAR | ESC | WS)+;
 * </pre>
 */
final class OverrideParser {
  private static final Set<Kind> PRIMITIVE_TOKENS =
      EnumSet.of(
          Kind.COLON, Kind.FLOAT, Kind.INT, Kind.BOOL, Kind.NULL, Kind.UNQUOTED_CHAR, Kind.ID,
          Kind.ESC, Kind.WS, Kind.INTERPOLATION);
  private static final Set<Kind> DICT_KEY_TOKENS =
      EnumSet.of(
          Kind.FLOAT, Kind.INT, Kind.BOOL, Kind.NULL, Kind.UNQUOTED_CHAR, Kind.ID, Kind.ESC, Kind.WS);
  private static final Set<Kind> FIRST_VALUE =
      union(PRIMITIVE_TOKENS, EnumSet.of(Kind.QUOTED_VALUE, Kind.BRACKET_OPEN, Kind.BRACE_OPEN));
  private static final Set<Kind> FIRST_KEY =
      EnumSet.of(Kind.AT, Kind.KEY_SPECIAL, Kind.DOT_PATH, Kind.ID);
  private static final Set<Kind> NONE = EnumSet.noneOf(Kind.class);
  /** Rule calls nested deeper than this (lists in lists in ...) are refused, not a stack overflow. */
  static final int MAX_DEPTH = 300;

  /** What may follow a rule invocation inside its caller; {@code canEnd}: the caller may end. */
  private record Follow(Set<Kind> tokens, boolean canEnd) {}

  private final String text;
  private final OverrideLexer lexer;
  private final List<OverrideToken> tokens = new ArrayList<>();
  private final Deque<Follow> callers = new ArrayDeque<>();
  private int p;

  OverrideParser(String text) throws OverrideSyntaxError {
    this.text = text;
    this.lexer = new OverrideLexer(text);
    fetch(0); // ANTLR's token stream reads the first token when the parser is created
  }

  // ---------------------------------------------------------------------------------------------
  // Rules.

  /** {@code override}, the start rule. */
  OverrideTree.Override override() throws OverrideSyntaxError {
    sync(
        EnumSet.of(Kind.EQUAL, Kind.TILDE, Kind.PLUS, Kind.AT, Kind.KEY_SPECIAL, Kind.DOT_PATH, Kind.ID),
        false);
    ConfigOverride.Type type;
    Key key;
    Node value = null;
    boolean hasEqual = true;
    int valueStart;
    switch (la(1)) {
      case TILDE:
        type = ConfigOverride.Type.DELETE;
        match(Kind.TILDE, union(FIRST_KEY, EnumSet.of(Kind.EQUAL, Kind.EOF)), false);
        key = key(EnumSet.of(Kind.EQUAL, Kind.EOF));
        sync(EnumSet.of(Kind.EQUAL, Kind.EOF), false);
        hasEqual = la(1) == Kind.EQUAL;
        valueStart = lt(1).start();
        if (hasEqual) {
          valueStart = match(Kind.EQUAL, union(FIRST_VALUE, EnumSet.of(Kind.EOF)), false).end();
          value = optionalValue();
        }
        break;
      case PLUS:
        match(Kind.PLUS, union(FIRST_KEY, EnumSet.of(Kind.PLUS, Kind.EQUAL)), false);
        sync(union(FIRST_KEY, EnumSet.of(Kind.PLUS, Kind.EQUAL)), false);
        type = ConfigOverride.Type.ADD;
        if (la(1) == Kind.PLUS) {
          match(Kind.PLUS, union(FIRST_KEY, EnumSet.of(Kind.EQUAL)), false);
          type = ConfigOverride.Type.FORCE_ADD;
        }
        key = key(EnumSet.of(Kind.EQUAL));
        valueStart = match(Kind.EQUAL, union(FIRST_VALUE, EnumSet.of(Kind.EOF)), false).end();
        value = optionalValue();
        break;
      default:
        type = ConfigOverride.Type.CHANGE;
        key = key(EnumSet.of(Kind.EQUAL));
        valueStart = match(Kind.EQUAL, union(FIRST_VALUE, EnumSet.of(Kind.EOF)), false).end();
        value = optionalValue();
        break;
    }
    match(Kind.EOF, EnumSet.of(Kind.EOF), false);
    return new OverrideTree.Override(type, key, value, valueStart, hasEqual);
  }

  private Node optionalValue() throws OverrideSyntaxError {
    sync(union(FIRST_VALUE, EnumSet.of(Kind.EOF)), false);
    if (!FIRST_VALUE.contains(la(1))) {
      return null;
    }
    callers.push(new Follow(EnumSet.of(Kind.EOF), false));
    try {
      return value();
    } finally {
      callers.pop();
    }
  }

  /** {@code key : packageOrGroup (AT package)?}; {@code follow}: what the override has next. */
  private Key key(Set<Kind> follow) throws OverrideSyntaxError {
    callers.push(new Follow(follow, false));
    try {
      int start = lt(1).start();
      String keyOrGroup = call(new Follow(EnumSet.of(Kind.AT), true), this::packageOrGroup);
      int end = start + keyOrGroup.length();
      String pkg = null;
      if (la(1) == Kind.AT) {
        match(Kind.AT, EnumSet.of(Kind.ID, Kind.KEY_SPECIAL, Kind.DOT_PATH), true);
        pkg = call(new Follow(NONE, true), this::packageRule);
      }
      return new Key(keyOrGroup, start, end, pkg);
    } finally {
      callers.pop();
    }
  }

  /** {@code packageOrGroup : package | ID (SLASH ID)+}, predicted with two tokens. */
  private String packageOrGroup() throws OverrideSyntaxError {
    boolean group = la(1) == Kind.ID && la(2) == Kind.SLASH;
    if (!group) {
      return call(new Follow(NONE, true), this::packageRule);
    }
    StringBuilder path = new StringBuilder(match(Kind.ID, EnumSet.of(Kind.SLASH), false).text());
    sync(EnumSet.of(Kind.SLASH), false);
    do {
      path.append(match(Kind.SLASH, EnumSet.of(Kind.ID), false).text());
      path.append(match(Kind.ID, EnumSet.of(Kind.SLASH), true).text());
    } while (la(1) == Kind.SLASH);
    return path.toString();
  }

  /** {@code package : ( | ID | KEY_SPECIAL | DOT_PATH)}, an LL(1) switch. */
  private String packageRule() throws OverrideSyntaxError {
    switch (la(1)) {
      case EOF:
      case EQUAL:
      case AT:
        return "";
      case ID:
      case KEY_SPECIAL:
      case DOT_PATH:
        return match(la(1), NONE, true).text();
      default:
        throw noViableAlternative(lt(1), lt(1));
    }
  }

  /** {@code value : element | simpleChoiceSweep}, predicted by reading the whole first element. */
  private Node value() throws OverrideSyntaxError {
    sync(FIRST_VALUE, false);
    OverrideToken start = lt(1);
    int next;
    try {
      next = Lookahead.element(this, p);
    } catch (Lookahead.Failure failure) {
      throw noViableAlternative(start, token(failure.index));
    }
    if (token(next).is(Kind.COMMA)) {
      return call(new Follow(NONE, true), this::simpleChoiceSweep);
    }
    // EOF, or anything else: the element alternative finished, so ANTLR picks it.
    return call(new Follow(NONE, true), this::element);
  }

  private Node simpleChoiceSweep() throws OverrideSyntaxError {
    List<Node> elements = new ArrayList<>();
    elements.add(call(new Follow(EnumSet.of(Kind.COMMA), false), this::element));
    sync(EnumSet.of(Kind.COMMA), false);
    do {
      match(Kind.COMMA, FIRST_VALUE, false);
      elements.add(call(new Follow(EnumSet.of(Kind.COMMA), true), this::element));
    } while (la(1) == Kind.COMMA);
    return new SimpleSweep(
        elements, elements.get(0).start(), elements.get(elements.size() - 1).end());
  }

  private Node element() throws OverrideSyntaxError {
    sync(FIRST_VALUE, false);
    switch (la(1)) {
      case BRACKET_OPEN:
        return call(new Follow(NONE, true), this::listContainer);
      case BRACE_OPEN:
        return call(new Follow(NONE, true), this::dictContainer);
      case ID:
        if (la(2) == Kind.POPEN) {
          return call(new Follow(NONE, true), this::function);
        }
        return call(new Follow(NONE, true), this::primitive);
      default:
        return call(new Follow(NONE, true), this::primitive);
    }
  }

  private Node primitive() throws OverrideSyntaxError {
    sync(union(PRIMITIVE_TOKENS, EnumSet.of(Kind.QUOTED_VALUE)), false);
    if (la(1) == Kind.QUOTED_VALUE) {
      OverrideToken quoted = match(Kind.QUOTED_VALUE, NONE, true);
      return new Primitive(List.of(quoted), quoted.start(), quoted.end());
    }
    if (!PRIMITIVE_TOKENS.contains(la(1))) {
      throw noViableAlternative(lt(1), lt(1));
    }
    return tokenRun(PRIMITIVE_TOKENS);
  }

  /** {@code (T1 | T2 | ...)+} over a token set, the body of primitive and dictKey. */
  private Primitive tokenRun(Set<Kind> kinds) throws OverrideSyntaxError {
    sync(kinds, false);
    List<OverrideToken> run = new ArrayList<>();
    do {
      run.add(lt(1));
      consume();
    } while (kinds.contains(la(1)));
    int first = 0;
    int last = run.size() - 1;
    if (run.size() > 1 && run.get(first).is(Kind.WS)) {
      first++;
    }
    if (last > first && run.get(last).is(Kind.WS)) {
      last--;
    }
    return new Primitive(run, run.get(first).start(), run.get(last).end());
  }

  private Node listContainer() throws OverrideSyntaxError {
    int start = match(Kind.BRACKET_OPEN, union(FIRST_VALUE, EnumSet.of(Kind.BRACKET_CLOSE)), false).start();
    Set<Kind> afterElement = EnumSet.of(Kind.COMMA, Kind.BRACKET_CLOSE);
    sync(union(FIRST_VALUE, EnumSet.of(Kind.BRACKET_CLOSE)), false);
    List<Node> elements = new ArrayList<>();
    if (FIRST_VALUE.contains(la(1))) {
      elements.add(call(new Follow(afterElement, false), this::element));
      sync(afterElement, false);
      while (la(1) == Kind.COMMA) {
        match(Kind.COMMA, FIRST_VALUE, false);
        elements.add(call(new Follow(afterElement, false), this::element));
        sync(afterElement, true);
      }
    }
    int end = match(Kind.BRACKET_CLOSE, NONE, true).end();
    return new ListNode(List.copyOf(elements), start, end);
  }

  private Node dictContainer() throws OverrideSyntaxError {
    int start = match(Kind.BRACE_OPEN, union(DICT_KEY_TOKENS, EnumSet.of(Kind.BRACE_CLOSE)), false).start();
    Set<Kind> afterPair = EnumSet.of(Kind.COMMA, Kind.BRACE_CLOSE);
    sync(union(DICT_KEY_TOKENS, EnumSet.of(Kind.BRACE_CLOSE)), false);
    List<Entry> entries = new ArrayList<>();
    if (DICT_KEY_TOKENS.contains(la(1))) {
      entries.add(call(new Follow(afterPair, false), this::dictKeyValuePair));
      sync(afterPair, false);
      while (la(1) == Kind.COMMA) {
        match(Kind.COMMA, DICT_KEY_TOKENS, false);
        entries.add(call(new Follow(afterPair, false), this::dictKeyValuePair));
        sync(afterPair, true);
      }
    }
    int end = match(Kind.BRACE_CLOSE, NONE, true).end();
    return new DictNode(List.copyOf(entries), start, end);
  }

  private Entry dictKeyValuePair() throws OverrideSyntaxError {
    Primitive key = call(new Follow(EnumSet.of(Kind.COLON), false), () -> tokenRun(DICT_KEY_TOKENS));
    match(Kind.COLON, FIRST_VALUE, false);
    Node value = call(new Follow(NONE, true), this::element);
    return new Entry(key, value);
  }

  private Node function() throws OverrideSyntaxError {
    OverrideToken name = match(Kind.ID, EnumSet.of(Kind.POPEN), false);
    match(Kind.POPEN, union(FIRST_VALUE, EnumSet.of(Kind.PCLOSE)), false);
    Set<Kind> afterArg = EnumSet.of(Kind.COMMA, Kind.PCLOSE);
    sync(union(FIRST_VALUE, EnumSet.of(Kind.PCLOSE)), false);
    List<Arg> args = new ArrayList<>();
    if (FIRST_VALUE.contains(la(1))) {
      args.add(argument(afterArg));
      sync(afterArg, false);
      while (la(1) == Kind.COMMA) {
        match(Kind.COMMA, FIRST_VALUE, false);
        args.add(argument(afterArg));
        sync(afterArg, true);
      }
    }
    int end = match(Kind.PCLOSE, NONE, true).end();
    return new Call(name.text(), List.copyOf(args), name.start(), end, text.substring(name.start(), end));
  }

  /** {@code argName? element}; {@code argName?} is predicted with two tokens. */
  private Arg argument(Set<Kind> afterArg) throws OverrideSyntaxError {
    sync(FIRST_VALUE, false);
    OverrideToken first = lt(1);
    String name = null;
    if (la(1) == Kind.ID) {
      switch (la(2)) {
        case EQUAL:
          name = call(new Follow(FIRST_VALUE, false), this::argName);
          break;
        case EOF:
          throw noViableAlternative(first, lt(2));
        default:
          if (!PRIMITIVE_TOKENS.contains(la(2))
              && la(2) != Kind.POPEN
              && la(2) != Kind.COMMA
              && la(2) != Kind.PCLOSE) {
            throw noViableAlternative(first, lt(2));
          }
      }
    }
    Node value = call(new Follow(afterArg, false), this::element);
    return new Arg(name, value, first.trimmedStart());
  }

  private String argName() throws OverrideSyntaxError {
    String name = match(Kind.ID, EnumSet.of(Kind.EQUAL), false).text();
    match(Kind.EQUAL, FIRST_VALUE, false);
    return name;
  }

  // ---------------------------------------------------------------------------------------------
  // ANTLR's token stream and error strategy.

  private interface RuleBody<T> {
    T parse() throws OverrideSyntaxError;
  }

  private <T> T call(Follow follow, RuleBody<T> rule) throws OverrideSyntaxError {
    if (callers.size() > MAX_DEPTH) {
      throw tooDeep(lt(1));
    }
    callers.push(follow);
    try {
      return rule.parse();
    } finally {
      callers.pop();
    }
  }

  OverrideToken token(int index) throws OverrideSyntaxError {
    fetch(index);
    return tokens.get(Math.min(index, tokens.size() - 1));
  }

  private void fetch(int index) throws OverrideSyntaxError {
    while (tokens.size() <= index
        && (tokens.isEmpty() || !tokens.get(tokens.size() - 1).is(Kind.EOF))) {
      tokens.add(lexer.next());
    }
  }

  private OverrideToken lt(int k) throws OverrideSyntaxError {
    return token(p + k - 1);
  }

  private Kind la(int k) throws OverrideSyntaxError {
    return lt(k).kind();
  }

  private void consume() throws OverrideSyntaxError {
    if (!lt(1).is(Kind.EOF)) {
      p++;
      fetch(p);
    }
  }

  /**
   * {@code DefaultErrorStrategy.sync} at a decision whose lookahead is {@code expected} (never
   * empty-able; where ANTLR's state could reach the rule end, the generated sync never fails and
   * the call is left out). At a loop-back state an unexpected token is "extraneous"; elsewhere it
   * is extraneous only if the token after it is expected, else "mismatched".
   */
  private void sync(Set<Kind> expected, boolean loopBack) throws OverrideSyntaxError {
    if (expected.contains(la(1))) {
      return;
    }
    if (loopBack || expected.contains(la(2))) {
      throw extraneous(lt(1), expected);
    }
    throw mismatched(lt(1), expected);
  }

  /**
   * {@code Parser.match} with {@code recoverInline}: the expected token, else single-token
   * deletion (the next token is the expected one: "extraneous input"), else single-token insertion
   * (the current token could follow the expected one: "missing X at"), else "mismatched input".
   * {@code after}/{@code canEnd}: what may follow the expected token within this rule.
   */
  private OverrideToken match(Kind kind, Set<Kind> after, boolean canEnd) throws OverrideSyntaxError {
    OverrideToken current = lt(1);
    if (current.is(kind)) {
      consume();
      return current;
    }
    Set<Kind> expected = EnumSet.of(kind);
    if (la(2) == kind) {
      throw extraneous(current, expected);
    }
    if (followWithCallers(after, canEnd).contains(current.kind())) {
      throw error(
          Shape.OTHER,
          "missing " + names(expected) + " at " + current.errorDisplay(),
          current,
          hintMissing(kind, current));
    }
    throw mismatched(current, expected);
  }

  /** ANTLR's {@code nextTokens(state, ctx)}: {@code after}, and what follows each caller. */
  private Set<Kind> followWithCallers(Set<Kind> after, boolean canEnd) {
    Set<Kind> result = EnumSet.noneOf(Kind.class);
    result.addAll(after);
    boolean open = canEnd;
    for (Follow caller : callers) {
      if (!open) {
        break;
      }
      result.addAll(caller.tokens());
      open = caller.canEnd();
    }
    if (open) {
      result.add(Kind.EOF);
    }
    return result;
  }

  private OverrideSyntaxError extraneous(OverrideToken token, Set<Kind> expected) {
    return error(
        Shape.OTHER,
        "extraneous input " + token.errorDisplay() + " expecting " + names(expected),
        token,
        hintUnexpected(token, expected));
  }

  private OverrideSyntaxError mismatched(OverrideToken token, Set<Kind> expected) {
    return error(
        Shape.RECOGNITION,
        "mismatched input " + token.errorDisplay() + " expecting " + names(expected),
        token,
        hintUnexpected(token, expected));
  }

  private OverrideSyntaxError noViableAlternative(OverrideToken start, OverrideToken offending) {
    String input;
    if (start.is(Kind.EOF)) {
      input = "<EOF>";
    } else {
      StringBuilder joined = new StringBuilder();
      for (int i = start.index(); i <= offending.index() && i < tokens.size(); i++) {
        if (tokens.get(i).is(Kind.EOF)) {
          break;
        }
        joined.append(tokens.get(i).text());
      }
      input = joined.toString();
    }
    String shown = input.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    return error(
        Shape.RECOGNITION,
        "no viable alternative at input '" + shown + "'",
        offending,
        hintUnexpected(offending, null));
  }

  OverrideSyntaxError tooDeep(OverrideToken at) {
    return error(
        Shape.OTHER,
        "the value is nested too deeply (lists, dicts and calls more than " + MAX_DEPTH / 3
            + " levels deep)",
        at,
        "flatten the value");
  }

  private OverrideSyntaxError error(Shape shape, String detail, OverrideToken at, String hint) {
    int start = at.is(Kind.EOF) ? text.length() : at.trimmedStart();
    int end = at.is(Kind.EOF) ? text.length() : at.trimmedEnd();
    return new OverrideSyntaxError(shape, detail, start, end, hint);
  }

  /** An interval set as ANTLR prints it: one name bare, several in braces. */
  static String names(Set<Kind> kinds) {
    String joined = kinds.stream().map(k -> k.display).collect(Collectors.joining(", "));
    return kinds.size() == 1 ? joined : "{" + joined + "}";
  }

  private static Set<Kind> union(Set<Kind> a, Set<Kind> b) {
    Set<Kind> result = EnumSet.noneOf(Kind.class);
    result.addAll(a);
    result.addAll(b);
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // Hints: how to fix the most common mistakes, added below Hydra's words.

  private boolean inValue(OverrideToken token) {
    int firstEqual = -1;
    for (OverrideToken t : tokens) {
      if (t.is(Kind.EQUAL)) {
        firstEqual = t.end();
        break;
      }
    }
    return firstEqual >= 0 && token.start() >= firstEqual;
  }

  private String keyText() {
    int equal = text.indexOf('=');
    String key = (equal < 0 ? text : text.substring(0, equal)).replaceFirst("^[+~]+", "");
    return key;
  }

  private String hintMissing(Kind kind, OverrideToken at) {
    if (kind == Kind.EQUAL && !inValue(at)) {
      String key = keyText();
      if (at.is(Kind.EOF)) {
        return "missing '=' after the key '" + key + "'; write " + key + "=<value>";
      }
      if (at.is(Kind.COLON)) {
        String keyBefore = text.substring(0, at.start()).replaceFirst("^[+~]+", "");
        return "expected '=' after the key '" + keyBefore + "', found ':'; write " + keyBefore + "=<value>";
      }
    }
    if (kind == Kind.ID && at.is(Kind.EQUAL)) {
      return "a group path needs a name after each '/', as in db/mysql";
    }
    return hintUnexpected(at, null);
  }

  private String hintUnexpected(OverrideToken at, Set<Kind> expected) {
    if (!inValue(at)) {
      if (at.is(Kind.EOF)) {
        String key = keyText();
        return key.isEmpty() ? "an override is key=value, e.g. lr=0.1" : "write " + key + "=<value>";
      }
      return "an override is key=value, +key=value, ++key=value, ~key or ~key=value; keys are names"
          + " (lr), dotted paths (optimizer.lr) or group paths (db/mysql)";
    }
    String valueText = text.substring(text.indexOf('=') + 1);
    OverrideToken previous = at.index() > 0 && at.index() <= tokens.size() ? tokens.get(at.index() - 1) : null;
    if (at.is(Kind.WS) && at.end() == text.length()) {
      return "remove the blanks at the end: after a quoted string, a list, a dict or a call they are"
          + " not part of the value";
    }
    if (previous != null && previous.is(Kind.QUOTED_VALUE)
        && (PRIMITIVE_TOKENS.contains(at.kind()) || at.is(Kind.QUOTED_VALUE))) {
      return "a quoted string must be the whole value (or a whole list element); put everything"
          + " inside the quotes";
    }
    if (at.is(Kind.BRACE_OPEN) && previous != null && previous.text().equals("$")) {
      return "unterminated interpolation: close it with '}', as in ${model.lr}, or escape the brace"
          + " as \\{";
    }
    switch (at.kind()) {
      case EOF:
        String unclosed = unclosed();
        if (!unclosed.isEmpty()) {
          return "unterminated " + unclosed;
        }
        OverrideToken last = tokens.size() > 1 ? tokens.get(tokens.size() - 2) : null;
        if (last != null && last.is(Kind.COMMA)) {
          return "a value is missing after the last ','";
        }
        return "the value ends too early";
      case EQUAL:
        return "'=' in a value must be escaped as \\= or the value quoted";
      case QUOTED_VALUE:
        return "a quoted string must be the whole value (or a whole list element); put everything"
            + " inside the quotes";
      case BRACE_CLOSE:
        if (valueText.contains("${")) {
          return "a nested interpolation must be quoted, e.g. x='${a.${b}}', and a literal '}'"
              + " escaped as \\}";
        }
        return closerHint(at);
      case BRACKET_CLOSE:
      case PCLOSE:
      case COMMA:
        return closerHint(at);
      case POPEN:
      case BRACKET_OPEN:
      case BRACE_OPEN:
      case COLON:
        String c = at.text().strip();
        return "unexpected '" + c + "'; escape it as \\" + c + " or quote the value";
      default:
        return "";
    }
  }

  private String closerHint(OverrideToken at) {
    OverrideToken previous = at.index() > 0 ? tokens.get(at.index() - 1) : null;
    String c = at.text().strip();
    if (previous != null
        && EnumSet.of(Kind.COMMA, Kind.BRACKET_OPEN, Kind.BRACE_OPEN, Kind.POPEN, Kind.EQUAL, Kind.COLON)
            .contains(previous.kind())) {
      return "a value is missing before '" + c + "'";
    }
    return "unexpected '" + c + "'; escape it as \\" + c + " or quote the value";
  }

  /** What the tokens read so far leave open: {@code list: add ']' at the end}, or "". */
  private String unclosed() {
    Deque<Kind> open = new ArrayDeque<>();
    for (OverrideToken t : tokens) {
      switch (t.kind()) {
        case BRACKET_OPEN:
        case BRACE_OPEN:
        case POPEN:
          open.push(t.kind());
          break;
        case BRACKET_CLOSE:
        case BRACE_CLOSE:
        case PCLOSE:
          if (!open.isEmpty()) {
            open.pop();
          }
          break;
        default:
          break;
      }
    }
    if (open.isEmpty()) {
      return "";
    }
    switch (open.peek()) {
      case BRACKET_OPEN:
        return "list: add ']' at the end";
      case BRACE_OPEN:
        return "dict: add '}' at the end";
      default:
        return "function call: add ')' at the end";
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * ANTLR's adaptive prediction of {@code value}: it simulates both alternatives through the whole
   * first element, so it fails at the first token that no way of reading the element accepts
   * (reported as "no viable alternative" from the value's first token). This recognizer reads
   * elements the same way without building anything and returns the index after the element.
   */
  static final class Lookahead {
    private Lookahead() {}

    static final class Failure extends Exception {
      private static final long serialVersionUID = 1L;
      final int index;

      Failure(int index) {
        super(null, null, false, false);
        this.index = index;
      }
    }

    static int element(OverrideParser parser, int i) throws OverrideSyntaxError, Failure {
      return element(parser, i, 0);
    }

    private static int element(OverrideParser parser, int i, int depth) throws OverrideSyntaxError, Failure {
      if (depth > MAX_DEPTH / 3) {
        throw parser.tooDeep(parser.token(i));
      }
      Kind kind = parser.token(i).kind();
      switch (kind) {
        case QUOTED_VALUE:
          return i + 1;
        case BRACKET_OPEN:
          return sequence(parser, i + 1, Kind.BRACKET_CLOSE, false, depth);
        case BRACE_OPEN:
          return sequence(parser, i + 1, Kind.BRACE_CLOSE, true, depth);
        case ID:
          if (parser.token(i + 1).is(Kind.POPEN)) {
            return call(parser, i + 2, depth);
          }
          return run(parser, i, PRIMITIVE_TOKENS);
        default:
          if (PRIMITIVE_TOKENS.contains(kind)) {
            return run(parser, i, PRIMITIVE_TOKENS);
          }
          throw new Failure(i);
      }
    }

    private static int run(OverrideParser parser, int i, Set<Kind> kinds) throws OverrideSyntaxError {
      int j = i;
      while (kinds.contains(parser.token(j).kind())) {
        j++;
      }
      return j;
    }

    /** The items of a list or dict after its opening bracket, and its closing bracket. */
    private static int sequence(OverrideParser parser, int i, Kind close, boolean dict, int depth)
        throws OverrideSyntaxError, Failure {
      if (parser.token(i).is(close)) {
        return i + 1;
      }
      int j = i;
      while (true) {
        if (dict) {
          if (!DICT_KEY_TOKENS.contains(parser.token(j).kind())) {
            throw new Failure(j);
          }
          j = run(parser, j, DICT_KEY_TOKENS);
          if (!parser.token(j).is(Kind.COLON)) {
            throw new Failure(j);
          }
          j++;
        }
        j = element(parser, j, depth + 1);
        Kind next = parser.token(j).kind();
        if (next == close) {
          return j + 1;
        }
        if (next != Kind.COMMA) {
          throw new Failure(j);
        }
        j++;
      }
    }

    /** Function arguments after {@code name(}, and the closing parenthesis. */
    private static int call(OverrideParser parser, int i, int depth) throws OverrideSyntaxError, Failure {
      if (parser.token(i).is(Kind.PCLOSE)) {
        return i + 1;
      }
      int j = i;
      while (true) {
        if (parser.token(j).is(Kind.ID) && parser.token(j + 1).is(Kind.EQUAL)) {
          j += 2;
        }
        j = element(parser, j, depth + 1);
        Kind next = parser.token(j).kind();
        if (next == Kind.PCLOSE) {
          return j + 1;
        }
        if (next != Kind.COMMA) {
          throw new Failure(j);
        }
        j++;
      }
    }
  }
}
