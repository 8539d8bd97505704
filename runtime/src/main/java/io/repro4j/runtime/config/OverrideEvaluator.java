package io.repro4j.runtime.config;

import io.repro4j.runtime.config.OverrideSyntaxError.Shape;
import io.repro4j.runtime.config.OverrideToken.Kind;
import io.repro4j.runtime.config.OverrideTree.Arg;
import io.repro4j.runtime.config.OverrideTree.Call;
import io.repro4j.runtime.config.OverrideTree.DictNode;
import io.repro4j.runtime.config.OverrideTree.Entry;
import io.repro4j.runtime.config.OverrideTree.ListNode;
import io.repro4j.runtime.config.OverrideTree.Node;
import io.repro4j.runtime.config.OverrideTree.Primitive;
import io.repro4j.runtime.config.OverrideTree.SimpleSweep;
import io.repro4j.runtime.config.OverrideValues.Quoted;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Turns a parse tree into values the way Hydra's {@code HydraOverrideVisitor} does: primitives
 * typed, quoted strings kept as {@link Quoted}, functions evaluated with {@link GrammarFunctions}
 * after the whole override parsed (so a syntax error anywhere wins over a failing function), and
 * the first failure reported as Hydra words it ({@code ValueError while evaluating 'int(abc)':
 * ...}).
 */
final class OverrideEvaluator {
  private final String text;
  private final Random shuffleRandom;

  OverrideEvaluator(String text) {
    this.text = text;
    this.shuffleRandom = new Random(text.hashCode());
  }

  String text() {
    return text;
  }

  Random shuffleRandom() {
    return shuffleRandom;
  }

  Origin.InOverride span(int start, int end) {
    return new Origin.InOverride(text, start, end);
  }

  /** The value of {@code node}: an element, or a sweep at the top. */
  RawValue evaluate(Node node) throws OverrideSyntaxError {
    if (node instanceof Primitive primitive) {
      return primitive(primitive);
    }
    if (node instanceof ListNode list) {
      List<RawValue> elements = new ArrayList<>();
      for (Node element : list.elements()) {
        elements.add(noSweep(evaluate(element), "a list"));
      }
      return new RawValue(Collections.unmodifiableList(elements), span(list.start(), list.end()));
    }
    if (node instanceof DictNode dict) {
      Map<String, RawValue> entries = new LinkedHashMap<>();
      for (Entry entry : dict.entries()) {
        entries.put(dictKey(entry.key()), noSweep(evaluate(entry.value()), "a dict"));
      }
      return new RawValue(Collections.unmodifiableMap(entries), span(dict.start(), dict.end()));
    }
    if (node instanceof SimpleSweep sweep) {
      List<RawValue> elements = new ArrayList<>();
      for (Node element : sweep.elements()) {
        elements.add(noSweep(evaluate(element), "a sweep"));
      }
      Origin.InOverride origin = span(sweep.start(), sweep.end());
      return new RawValue(new Sweep.Choice(true, elements, java.util.Set.of(), false, origin), origin);
    }
    Call call = (Call) node;
    List<RawValue> args = new ArrayList<>();
    Map<String, RawValue> kwargs = new LinkedHashMap<>();
    boolean named = false;
    for (Arg arg : call.args()) {
      if (arg.name() != null) {
        named = true;
        kwargs.put(arg.name(), evaluate(arg.value()));
      } else {
        if (named) {
          throw new OverrideSyntaxError(
              Shape.OTHER,
              "positional argument follows keyword argument",
              arg.start(),
              arg.value().end(),
              "name this argument too, or move it before the named ones");
        }
        args.add(evaluate(arg.value()));
      }
    }
    return GrammarFunctions.call(this, call, args, kwargs);
  }

  /** Sweeps are whole values; inside a list, a dict or another sweep Hydra cannot use them. */
  private RawValue noSweep(RawValue value, String where) throws OverrideSyntaxError {
    if (value.value() instanceof Sweep && value.origin() instanceof Origin.InOverride o) {
      throw new OverrideSyntaxError(
          Shape.OTHER,
          "nesting sweeps is not supported: a sweep cannot be an element of " + where,
          o.start(),
          o.end(),
          "a sweep must be the whole value, e.g. x=choice(1,2) or x=[1,2],[3,4]");
    }
    return value;
  }

  /** Hydra's {@code _createPrimitive}. */
  private RawValue primitive(Primitive primitive) throws OverrideSyntaxError {
    List<OverrideToken> tokens = primitive.tokens();
    Origin.InOverride origin = span(primitive.start(), primitive.end());
    OverrideToken only = tokens.get(0);
    if (tokens.size() == 1 && only.is(Kind.QUOTED_VALUE)) {
      return new RawValue(new Quoted(unquote(only.text()), only.text().charAt(0)), origin);
    }
    if (tokens.size() == 1 && only.is(Kind.WS)) {
      throw new OverrideSyntaxError(
          Shape.OTHER,
          "Trying to parse a primitive that is all whitespaces",
          only.start(),
          only.end(),
          "give a value, or quote the blanks: x=' '");
    }
    List<OverrideToken> inner = trimmed(tokens);
    if (inner.size() > 1) {
      return new RawValue(joined(inner), origin);
    }
    return new RawValue(typed(inner.get(0)), origin);
  }

  /** A dict key: like a primitive, but kept as text. */
  private String dictKey(Primitive key) {
    return joined(trimmed(key.tokens()));
  }

  private static List<OverrideToken> trimmed(List<OverrideToken> tokens) {
    int first = tokens.get(0).is(Kind.WS) ? 1 : 0;
    int last = tokens.get(tokens.size() - 1).is(Kind.WS) ? tokens.size() - 1 : tokens.size();
    return tokens.subList(first, Math.max(first, last));
  }

  private static String joined(List<OverrideToken> tokens) {
    StringBuilder out = new StringBuilder();
    for (OverrideToken token : tokens) {
      out.append(token.is(Kind.ESC) ? unescape(token.text()) : token.text());
    }
    return out.toString();
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

  /**
   * Hydra's {@code _unescape_quoted_string}: a run of backslashes before a quote is halved, and
   * an odd run escapes the quote; other backslashes are literal.
   */
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
        out.append("\\".repeat(count / 2));
        if (count % 2 == 1) {
          out.append(quote);
        }
        i = run + (count % 2 == 1 ? 1 : 0);
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
}
