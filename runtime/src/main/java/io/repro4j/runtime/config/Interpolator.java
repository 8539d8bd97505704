package io.repro4j.runtime.config;

import io.repro4j.runtime.config.InterpolationParser.Arg;
import io.repro4j.runtime.config.InterpolationParser.Literal;
import io.repro4j.runtime.config.InterpolationParser.NodeRef;
import io.repro4j.runtime.config.InterpolationParser.Piece;
import io.repro4j.runtime.config.InterpolationParser.ResolverCall;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OmegaConf's interpolation on a merged config: {@code ${a.b}} (the value of another key, keeping
 * its type when it is the whole value), relative {@code ${.b}} / {@code ${..b}} (one dot per level
 * up from the node that holds the value), {@code ${oc.env:VAR}} / {@code ${oc.env:VAR,default}}
 * (also {@code ${env:...}}), text around interpolations ({@code v${a}} is a string), escapes
 * ({@code \${a}} is text) and nested keys ({@code ${a.${b}}}).
 *
 * <p>Two uses. {@link #check} looks at one value on its own, as javac can: syntax, resolver names
 * and keys that exist nowhere; env variables are not read. {@link #resolveAll} resolves the values
 * that won the merge, after every source is in, and before they are converted to their key's
 * type: cycles, missing env variables and the types of resolved values are found there. Every
 * problem names the origin of the value that holds the interpolation.
 *
 * <p>Where OmegaConf's {@code str()} would write {@code True}, {@code False} and {@code None} into
 * a concatenation (and into the default of {@code oc.env}), this writes {@code true}, {@code false}
 * and {@code null}, the spelling of every other string conversion here.
 */
public final class Interpolator {
  /** Hydra's and OmegaConf's marker of a value that must be given elsewhere. */
  public static final String MISSING = "???";

  /** The resolvers this implementation knows, for "unsupported interpolation type" messages. */
  static final List<String> RESOLVERS = List.of("oc.env", "env");

  private final ConfigSchema schema;
  private final Map<String, Object> values;
  private final Map<String, RawValue> pending;
  private final Set<String> failed;
  private final Map<String, String> environment;
  private final List<ConfigProblem> problems;
  private final Map<String, State> states = new HashMap<>();
  private final List<String> stack = new ArrayList<>();

  private enum State {
    RESOLVING,
    DONE,
    FAILED,
    MISSING
  }

  /** Signals that a value cannot be produced; the reason is already recorded (or is "missing"). */
  private static final class Unresolvable extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean missing;

    Unresolvable(boolean missing) {
      super(null, null, false, false);
      this.missing = missing;
    }
  }

  private Interpolator(
      ConfigSchema schema,
      Map<String, Object> values,
      Map<String, RawValue> pending,
      Set<String> failed,
      Map<String, String> environment,
      List<ConfigProblem> problems) {
    this.schema = schema;
    this.values = values;
    this.pending = pending;
    this.failed = failed;
    this.environment = environment;
    this.problems = problems;
  }

  /** Whether {@code raw} is Hydra's {@code ???}: no value yet, one must come from elsewhere. */
  public static boolean isMissing(RawValue raw) {
    return MISSING.equals(raw.value());
  }

  /**
   * A field default that is not a value yet: a {@code String} or {@code Path} holding an
   * interpolation, or the {@code String} {@code ???}; as a raw value to resolve like a file's.
   */
  static Optional<RawValue> template(Object defaultValue, Origin origin) {
    if (defaultValue instanceof String s && (s.equals(MISSING) || InterpolationParser.isInterpolated(s))) {
      return Optional.of(new RawValue(s, origin));
    }
    if (defaultValue instanceof Path p && InterpolationParser.isInterpolated(p.toString())) {
      return Optional.of(new RawValue(p.toString(), origin));
    }
    return Optional.empty();
  }

  /** A raw value without origins: lists of {@link RawValue} become lists of their values. */
  static Object plain(Object raw) {
    if (raw instanceof List<?> list) {
      List<Object> plain = new ArrayList<>(list.size());
      for (Object element : list) {
        plain.add(plain(element instanceof RawValue r ? r.value() : element));
      }
      return Collections.unmodifiableList(plain);
    }
    return raw;
  }

  /** Whether {@code raw} holds an interpolation: a string with <code>${</code>, or a list holding one. */
  public static boolean isInterpolated(RawValue raw) {
    if (raw.value() instanceof String s) {
      return InterpolationParser.isInterpolated(s);
    }
    if (raw.value() instanceof List<?> list) {
      for (Object element : list) {
        if (isInterpolated((RawValue) element)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Every problem {@code raw} (an interpolated value of {@code spec}) has on its own: syntax,
   * unknown resolvers, keys that exist nowhere in {@code schema}, relative keys that go above the
   * top; in a list, also the plain elements' types. What depends on other values (cycles, env
   * variables, the type of a resolved value) is left to {@link #resolveAll}.
   */
  public static void check(ConfigSchema schema, ParamSpec spec, RawValue raw, List<ConfigProblem> problems) {
    check(schema, spec, spec.key(), spec.type(), raw, List.of(), problems);
  }

  private static void check(
      ConfigSchema schema,
      ParamSpec spec,
      String label,
      ParamType type,
      RawValue raw,
      List<String> listPath,
      List<ConfigProblem> problems) {
    if (raw.value() instanceof String s && InterpolationParser.isInterpolated(s)) {
      List<Piece> pieces;
      try {
        pieces = InterpolationParser.parse(s);
      } catch (InterpolationParser.SyntaxError e) {
        problems.add(problem(raw, label, s, e.getMessage()));
        return;
      }
      List<String> node = containingNode(spec.key(), listPath);
      for (Piece piece : pieces) {
        checkPiece(schema, piece, node, raw, label, s, problems);
      }
    } else if (raw.value() instanceof List<?> list && type.kind() == ParamType.Kind.LIST) {
      for (int i = 0; i < list.size(); i++) {
        List<String> path = new ArrayList<>(listPath);
        path.add(Integer.toString(i));
        check(schema, spec, label + "[" + i + "]", type.element(), (RawValue) list.get(i), path, problems);
      }
    } else {
      ValueConverter.convert(spec, label, type, raw, problems);
    }
  }

  private static void checkPiece(
      ConfigSchema schema,
      Piece piece,
      List<String> node,
      RawValue raw,
      String label,
      String text,
      List<ConfigProblem> problems) {
    if (piece instanceof NodeRef ref) {
      boolean allLiteral = true;
      for (Piece segment : ref.segments()) {
        checkPiece(schema, segment, node, raw, label, text, problems);
        allLiteral &= segment instanceof Literal;
      }
      if (!allLiteral) {
        return; // the key depends on another value: known only when resolving
      }
      List<String> segments = new ArrayList<>();
      ref.segments().forEach(s -> segments.add(((Literal) s).text()));
      try {
        String key = absoluteKey(ref, segments, node);
        lookUp(schema, key);
      } catch (BadReference e) {
        problems.add(problem(raw, label, text, e.getMessage()));
      }
    } else if (piece instanceof ResolverCall call) {
      for (Piece segment : call.name()) {
        checkPiece(schema, segment, node, raw, label, text, problems);
      }
      for (Arg arg : call.args()) {
        for (Piece argPiece : arg.pieces()) {
          checkPiece(schema, argPiece, node, raw, label, text, problems);
        }
      }
      if (call.name().stream().allMatch(s -> s instanceof Literal)) {
        String name = resolverName(call.name().stream().map(s -> ((Literal) s).text()).toList());
        Optional<String> problem = resolverProblem(name, call);
        problem.ifPresent(p -> problems.add(problem(raw, label, text, p)));
      }
    }
  }

  /** What is wrong with calling {@code name} as {@code call} does, if anything. */
  private static Optional<String> resolverProblem(String name, ResolverCall call) {
    if (!RESOLVERS.contains(name)) {
      return Optional.of(
          "unsupported interpolation type '" + name + "' in " + call.source() + "; supported: "
              + String.join(", ", RESOLVERS) + " (${oc.env:VAR} or ${oc.env:VAR,default})");
    }
    int count = call.args().size();
    if (count < 1 || count > 2) {
      return Optional.of(
          call.source() + " takes the name of an environment variable and an optional default,"
              + " e.g. ${" + name + ":HOME} or ${" + name + ":DATA_DIR,/tmp/data}; it got " + count
              + " argument" + (count == 1 ? "" : "s"));
    }
    return Optional.empty();
  }

  private static String resolverName(List<String> segments) {
    return String.join(".", segments);
  }

  /**
   * Resolves every value of {@code pending} (the interpolated or {@code ???} values that won the
   * merge) into {@code values}, converted to its key's type. Problems go to {@code problems}; keys
   * that cannot be resolved because of a problem reported elsewhere, or because a value they need
   * is missing, are left out silently.
   *
   * @param values the typed values of the keys that won with a plain value; receives the resolved
   *     ones
   * @param failed keys whose winning value was invalid: interpolations that need them are skipped
   *     without a second message
   * @param environment what {@code oc.env} reads
   * @return the keys that have no value: {@code ???}, or no source at all, in schema order
   */
  static Set<String> resolveAll(
      ConfigSchema schema,
      Map<String, Object> values,
      Map<String, RawValue> pending,
      Set<String> failed,
      Map<String, String> environment,
      List<ConfigProblem> problems) {
    Interpolator interpolator = new Interpolator(schema, values, pending, failed, environment, problems);
    Set<String> missing = new LinkedHashSet<>();
    for (ParamSpec spec : schema.params()) {
      try {
        interpolator.valueOf(spec.key());
      } catch (Unresolvable e) {
        if (e.missing && interpolator.isMissingItself(spec.key())) {
          missing.add(spec.key());
        }
      }
    }
    return missing;
  }

  /** Whether {@code key} itself has no value, rather than needing one that is missing. */
  private boolean isMissingItself(String key) {
    RawValue raw = pending.get(key);
    return !failed.contains(key) && !values.containsKey(key) && (raw == null || isMissing(raw));
  }

  /** The typed value of {@code key}, resolving it first if needed. */
  private Object valueOf(String key) throws Unresolvable {
    if (values.containsKey(key)) {
      return values.get(key);
    }
    if (failed.contains(key)) {
      throw new Unresolvable(false);
    }
    RawValue raw = pending.get(key);
    if (raw == null || isMissing(raw)) {
      throw new Unresolvable(true);
    }
    State state = states.get(key);
    if (state == State.RESOLVING) {
      reportCycle(key);
      throw new Unresolvable(false);
    }
    if (state == State.FAILED) {
      throw new Unresolvable(false);
    }
    if (state == State.MISSING) {
      throw new Unresolvable(true);
    }
    ParamSpec spec = schema.find(key).orElseThrow();
    states.put(key, State.RESOLVING);
    stack.add(key);
    try {
      RawValue resolved = evaluate(spec, spec.key(), raw, List.of());
      List<ConfigProblem> conversion = new ArrayList<>();
      Object value = ValueConverter.convert(spec, key, spec.type(), resolved, conversion);
      if (value == ValueConverter.INVALID) {
        for (ConfigProblem problem : conversion) {
          problems.add(
              new ConfigProblem(
                  problem.origin(),
                  problem.key(),
                  problem.message() + " (resolved from " + shown(raw) + ")"));
        }
        states.put(key, State.FAILED);
        throw new Unresolvable(false);
      }
      values.put(key, value);
      states.put(key, State.DONE);
      return value;
    } catch (Unresolvable e) {
      // A cycle marks its members FAILED while unwinding; keep that.
      if (states.get(key) == State.RESOLVING) {
        states.put(key, e.missing ? State.MISSING : State.FAILED);
      }
      throw e;
    } finally {
      stack.remove(stack.size() - 1);
    }
  }

  private void reportCycle(String key) {
    List<String> chain = new ArrayList<>(stack.subList(stack.indexOf(key), stack.size()));
    chain.add(key);
    for (String member : chain) {
      states.put(member, State.FAILED);
    }
    RawValue raw = pending.get(key);
    problems.add(
        problem(
            raw,
            key,
            shownText(raw),
            "Recursive interpolation detected: " + String.join(" -> ", chain)
                + "; one of these keys needs a value of its own"));
  }

  /**
   * The raw value {@code raw} of {@code spec} stands for: a string's interpolations replaced (a
   * whole-value interpolation keeps the type of what it refers to), a list element by element.
   */
  private RawValue evaluate(ParamSpec spec, String label, RawValue raw, List<String> listPath)
      throws Unresolvable {
    if (raw.value() instanceof List<?> list) {
      List<RawValue> elements = new ArrayList<>(list.size());
      boolean ok = true;
      for (int i = 0; i < list.size(); i++) {
        List<String> path = new ArrayList<>(listPath);
        path.add(Integer.toString(i));
        try {
          elements.add(evaluate(spec, label + "[" + i + "]", (RawValue) list.get(i), path));
        } catch (Unresolvable e) {
          if (e.missing) {
            throw e;
          }
          ok = false; // report every element's problem, then give up
        }
      }
      if (!ok) {
        throw new Unresolvable(false);
      }
      return new RawValue(Collections.unmodifiableList(elements), raw.origin());
    }
    if (!(raw.value() instanceof String text) || !InterpolationParser.isInterpolated(text)) {
      return raw;
    }
    List<Piece> pieces;
    try {
      pieces = InterpolationParser.parse(text);
    } catch (InterpolationParser.SyntaxError e) {
      // check() reported it already for values from files and overrides; not for defaults.
      problems.add(problem(raw, label, text, e.getMessage()));
      throw new Unresolvable(false);
    }
    Context context = new Context(containingNode(spec.key(), listPath), raw, label, text);
    if (pieces.size() == 1 && !(pieces.get(0) instanceof Literal)) {
      return new RawValue(value(pieces.get(0), context), raw.origin());
    }
    StringBuilder out = new StringBuilder();
    for (Piece piece : pieces) {
      out.append(piece instanceof Literal literal ? literal.text() : display(value(piece, context)));
    }
    return new RawValue(out.toString(), raw.origin());
  }

  /** Where an interpolation sits: for relative keys and messages. */
  private record Context(List<String> node, RawValue raw, String label, String text) {}

  /** The value of one interpolation, as a raw value (Long, Double, String, List, ...). */
  private Object value(Piece piece, Context context) throws Unresolvable {
    if (piece instanceof Literal literal) {
      return literal.text();
    }
    if (piece instanceof NodeRef ref) {
      List<String> segments = new ArrayList<>();
      for (Piece segment : ref.segments()) {
        segments.add(keySegment(segment, ref, context));
      }
      String target;
      Reference reference;
      try {
        target = absoluteKey(ref, segments, context.node());
        reference = lookUp(schema, target);
      } catch (BadReference e) {
        throw fail(context, e.getMessage());
      }
      Object value = toRaw(valueOf(reference.key()), context.raw().origin());
      for (int index : reference.indices()) {
        if (!(value instanceof List<?> list)) {
          throw fail(context, "'" + target + "' indexes into a value that is not a list");
        }
        if (index >= list.size()) {
          throw fail(
              context,
              "'" + target + "': index " + index + " is out of range; '" + reference.key() + "' has "
                  + list.size() + " element" + (list.size() == 1 ? "" : "s"));
        }
        value = ((RawValue) list.get(index)).value();
      }
      return value;
    }
    ResolverCall call = (ResolverCall) piece;
    List<String> nameSegments = new ArrayList<>();
    for (Piece segment : call.name()) {
      nameSegments.add(keySegment(segment, call, context));
    }
    String name = resolverName(nameSegments);
    Optional<String> problem = resolverProblem(name, call);
    if (problem.isPresent()) {
      throw fail(context, problem.get());
    }
    List<Object> args = new ArrayList<>();
    for (Arg arg : call.args()) {
      args.add(argument(arg, context));
    }
    return environmentVariable(call, name, args, context);
  }

  /** {@code oc.env}: the variable as a string, else the default as a string (null stays null). */
  private Object environmentVariable(ResolverCall call, String name, List<Object> args, Context context)
      throws Unresolvable {
    if (!(args.get(0) instanceof String variable)) {
      throw fail(
          context,
          call.source() + ": the name of an environment variable must be a string, not "
              + ValueConverter.describe(args.get(0)));
    }
    String found = environment.get(variable);
    if (found != null) {
      return found;
    }
    if (args.size() == 2) {
      Object fallback = args.get(1);
      return fallback == null ? null : display(fallback);
    }
    throw fail(
        context,
        "Environment variable '" + variable + "' not found; set it, or give a default: ${" + name + ":"
            + variable + ",default}");
  }

  /** A resolver argument's value: typed when it is one plain token, its interpolation's value when it is one. */
  private Object argument(Arg arg, Context context) throws Unresolvable {
    if (arg.typed() != InterpolationParser.UNTYPED) {
      return arg.typed();
    }
    if (arg.pieces().size() == 1 && !(arg.pieces().get(0) instanceof Literal)) {
      return value(arg.pieces().get(0), context);
    }
    StringBuilder text = new StringBuilder();
    for (Piece piece : arg.pieces()) {
      text.append(piece instanceof Literal literal ? literal.text() : display(value(piece, context)));
    }
    return text.toString();
  }

  /** A key segment or resolver name segment; a nested interpolation must give a string. */
  private String keySegment(Piece segment, Piece owner, Context context) throws Unresolvable {
    if (segment instanceof Literal literal) {
      return literal.text();
    }
    Object value = value(segment, context);
    if (!(value instanceof String s)) {
      String source = segment instanceof NodeRef ref ? ref.source() : ((ResolverCall) segment).source();
      throw fail(
          context,
          source + " is used as part of a key in " + sourceOf(owner) + ", so it must give a string, but"
              + " it gave " + ValueConverter.describe(value));
    }
    return s;
  }

  private static String sourceOf(Piece piece) {
    return piece instanceof NodeRef ref ? ref.source() : ((ResolverCall) piece).source();
  }

  private Unresolvable fail(Context context, String message) {
    problems.add(problem(context.raw(), context.label(), context.text(), message));
    return new Unresolvable(false);
  }

  /** A key that was looked up, and the list indices that follow it ({@code sizes.1}). */
  private record Reference(String key, List<Integer> indices) {}

  /** Why a reference does not lead to a value. */
  private static final class BadReference extends Exception {
    private static final long serialVersionUID = 1L;

    BadReference(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The node (dotted path) holding a value: a key's parent, or, for a list element, the list
   * itself, as OmegaConf sees it.
   */
  private static List<String> containingNode(String key, List<String> listPath) {
    List<String> parts = new ArrayList<>(Arrays.asList(key.split("\\.")));
    if (listPath.isEmpty()) {
      parts.remove(parts.size() - 1);
    } else {
      parts.addAll(listPath.subList(0, listPath.size() - 1));
    }
    return parts;
  }

  /** {@code segments} made absolute: one dot is the containing node, each further dot one level up. */
  private static String absoluteKey(NodeRef ref, List<String> segments, List<String> node) throws BadReference {
    String path = String.join(".", segments);
    if (ref.dots() == 0) {
      return path;
    }
    int up = ref.dots() - 1;
    if (up > node.size()) {
      throw new BadReference(
          "the relative key '" + ".".repeat(ref.dots()) + path + "' in " + ref.source()
              + " goes above the top of the config: '.' is the node that holds this value ("
              + (node.isEmpty() ? "the top level" : "'" + String.join(".", node) + "'")
              + ") and each further dot goes one level up");
    }
    List<String> base = new ArrayList<>(node.subList(0, node.size() - up));
    base.add(path);
    return String.join(".", base);
  }

  /** The key {@code target} names, with list indices after a list key. */
  private static Reference lookUp(ConfigSchema schema, String target) throws BadReference {
    if (schema.find(target).isPresent()) {
      return new Reference(target, List.of());
    }
    String[] parts = target.split("\\.", -1);
    for (int end = parts.length - 1; end > 0; end--) {
      String prefix = String.join(".", Arrays.asList(parts).subList(0, end));
      Optional<ParamSpec> list = schema.find(prefix).filter(p -> p.type().kind() == ParamType.Kind.LIST);
      if (list.isEmpty()) {
        continue;
      }
      List<Integer> indices = new ArrayList<>();
      for (int i = end; i < parts.length; i++) {
        if (!parts[i].matches("0|[1-9][0-9]{0,8}")) {
          throw new BadReference(
              "'" + target + "': '" + prefix + "' is a list, so what follows it must be an index"
                  + " (" + prefix + ".0), not '" + parts[i] + "'");
        }
        indices.add(Integer.parseInt(parts[i]));
      }
      return new Reference(prefix, indices);
    }
    List<String> below = new ArrayList<>();
    List<String> known = new ArrayList<>();
    for (ParamSpec param : schema.params()) {
      known.add(param.key());
      if (param.key().startsWith(target + ".")) {
        below.add(param.key());
      }
    }
    if (!below.isEmpty()) {
      throw new BadReference(
          "'" + target + "' only groups the keys " + String.join(", ", below)
              + ", so it has no value of its own; interpolate one of those");
    }
    String message = "interpolation key '" + target + "' not found";
    Optional<String> closest = schema.closest(target);
    if (closest.isPresent()) {
      message += " (did you mean '" + closest.get() + "'?)";
    } else if (!known.isEmpty()) {
      message += "; known keys: " + String.join(", ", known);
    }
    throw new BadReference(message);
  }

  /**
   * A typed value (as {@link ConfigChecker#convert} returns it) back in raw form; list elements get
   * {@code origin}, the value that holds the interpolation, so that errors point there.
   */
  private static Object toRaw(Object typed, Origin origin) {
    if (typed instanceof Integer i) {
      return (long) i;
    }
    if (typed instanceof Float f) {
      return Double.parseDouble(f.toString()); // 0.1f is 0.1, as it prints
    }
    if (typed instanceof Path p) {
      return p.toString();
    }
    if (typed instanceof List<?> list) {
      List<RawValue> elements = new ArrayList<>(list.size());
      for (Object element : list) {
        elements.add(new RawValue(toRaw(element, origin), origin));
      }
      return Collections.unmodifiableList(elements);
    }
    return typed;
  }

  /** A raw value as text inside a string: {@code 0.001}, {@code true}, {@code [1, 'a']}. */
  static String display(Object value) {
    if (value instanceof List<?> list) {
      List<String> elements = new ArrayList<>();
      for (Object element : list) {
        Object inner = element instanceof RawValue raw ? raw.value() : element;
        elements.add(inner instanceof String s ? "'" + s + "'" : display(inner));
      }
      return "[" + String.join(", ", elements) + "]";
    }
    if (value instanceof Map<?, ?>) {
      return "{}";
    }
    return ValueConverter.text(value);
  }

  private static ConfigProblem problem(RawValue raw, String label, String text, String message) {
    String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
    return new ConfigProblem(raw.origin(), label, "'" + label + "' = '" + shown + "': " + message);
  }

  private static String shownText(RawValue raw) {
    return raw.value() instanceof String s ? s : display(raw.value());
  }

  private static String shown(RawValue raw) {
    return "'" + shownText(raw) + "'";
  }
}
