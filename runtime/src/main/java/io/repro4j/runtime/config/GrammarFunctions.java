package io.repro4j.runtime.config;

import io.repro4j.runtime.config.OverrideSyntaxError.Shape;
import io.repro4j.runtime.config.OverrideTree.Call;
import io.repro4j.runtime.config.OverrideValues.Quoted;
import io.repro4j.runtime.tracking.PythonRepr;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Hydra 1.3's override functions ({@code create_functions}: the casts {@code int float str bool},
 * the sweeps {@code choice range interval glob}, and {@code tag sort shuffle}), called the way
 * Hydra's {@code Functions.eval} calls them: quoted top-level arguments unquoted, arguments bound
 * to the Python signature ({@code inspect.Signature.bind}, with its messages), each bound argument
 * checked against its annotation ({@code mismatch type argument start: str is incompatible with
 * Union[int, float]}), then the function itself, whose Python exceptions become {@code
 * <Type> while evaluating '<call>': <message>}.
 */
final class GrammarFunctions {
  private GrammarFunctions() {}

  /** A Python exception: its class name and message. */
  static final class PyError extends Exception {
    private static final long serialVersionUID = 1L;
    final String type;

    PyError(String type, String message) {
      super(message, null, false, false);
      this.type = type;
    }
  }

  /** A parameter annotation: the values it admits and how OmegaConf's {@code type_str} shows it. */
  private record PyType(String display, Predicate<Object> admits) {}

  private enum ParamKind {
    POSITIONAL_OR_KEYWORD,
    VAR_POSITIONAL,
    KEYWORD_ONLY
  }

  private record Param(String name, ParamKind kind, boolean hasDefault, PyType type) {}

  private interface Body {
    Object apply(OverrideEvaluator ev, Call call, Map<String, Object> bound) throws PyError;
  }

  private record Function(List<Param> params, Body body) {}

  private static boolean isInt(Object v) {
    return v instanceof Long || v instanceof BigInteger || v instanceof Boolean;
  }

  private static boolean isNumber(Object v) {
    return isInt(v) || v instanceof Double;
  }

  private static boolean isSweep(Object v) {
    return v instanceof Sweep.Choice || v instanceof Sweep.Range || v instanceof Sweep.Interval;
  }

  private static boolean isElement(Object v) {
    return v instanceof String || isNumber(v) || v instanceof List || v instanceof Map;
  }

  private static final PyType CAST =
      new PyType(
          "Optional[Union[str, int, float, bool, List[Any], Dict[str, Any], QuotedString, Sweep]]",
          v -> !(v instanceof Sweep.Glob));
  private static final PyType CHOICE_ARG =
      new PyType(
          "Union[str, int, float, bool, Dict[Any, Any], List[Any], ChoiceSweep]",
          v -> isElement(v) || v instanceof Sweep.Choice);
  private static final PyType NUMBER = new PyType("Union[int, float]", GrammarFunctions::isNumber);
  private static final PyType OPTIONAL_NUMBER =
      new PyType("Optional[Union[int, float]]", v -> v == null || isNumber(v));
  private static final PyType TAG_ARG =
      new PyType("Union[str, Sweep]", v -> v instanceof String || isSweep(v));
  private static final PyType OPTIONAL_SWEEP =
      new PyType("Optional[Sweep]", v -> v == null || isSweep(v));
  private static final PyType ORDER_ARG =
      new PyType(
          "Union[str, int, bool, float, List[Any], Dict[str, Any], ChoiceSweep, RangeSweep]",
          v -> isElement(v) || v instanceof Sweep.Choice || v instanceof Sweep.Range);
  private static final PyType OPTIONAL_CHOICE_OR_RANGE =
      new PyType(
          "Optional[Union[ChoiceSweep, RangeSweep]]",
          v -> v == null || v instanceof Sweep.Choice || v instanceof Sweep.Range);
  private static final PyType OPTIONAL_LIST = new PyType("Optional[List[Any]]", v -> v == null || v instanceof List);
  private static final PyType BOOL = new PyType("bool", v -> v instanceof Boolean);
  private static final PyType PATTERNS =
      new PyType("Union[List[str], str]", v -> v instanceof List || v instanceof String);
  private static final PyType OPTIONAL_PATTERNS =
      new PyType("Optional[Union[List[str], str]]", v -> v == null || v instanceof List || v instanceof String);

  private static final Map<String, Function> FUNCTIONS = new LinkedHashMap<>();

  static {
    for (String cast : List.of("int", "str", "bool", "float")) {
      FUNCTIONS.put(
          cast,
          new Function(
              List.of(
                  new Param("args", ParamKind.VAR_POSITIONAL, false, CAST),
                  new Param("value", ParamKind.KEYWORD_ONLY, true, CAST)),
              (ev, call, bound) -> cast(cast, normalizeCast(args(bound), bound.get("value")))));
    }
    FUNCTIONS.put(
        "choice",
        new Function(
            List.of(new Param("args", ParamKind.VAR_POSITIONAL, false, CHOICE_ARG)),
            (ev, call, bound) -> choice(ev, call, args(bound))));
    FUNCTIONS.put(
        "range",
        new Function(
            List.of(
                new Param("start", ParamKind.POSITIONAL_OR_KEYWORD, false, NUMBER),
                new Param("stop", ParamKind.POSITIONAL_OR_KEYWORD, true, OPTIONAL_NUMBER),
                new Param("step", ParamKind.POSITIONAL_OR_KEYWORD, true, NUMBER)),
            (ev, call, bound) -> {
              Object start = integerOrFloat(v(bound.get("start")));
              Object stop = integerOrFloat(v(bound.get("stop")));
              Object step = bound.containsKey("step") ? integerOrFloat(v(bound.get("step"))) : (Object) 1L;
              if (stop == null) {
                stop = start;
                start = 0L;
              }
              return new Sweep.Range(
                  (Number) start, (Number) stop, (Number) step, Set.of(), false, ev.span(call.start(), call.end()));
            }));
    FUNCTIONS.put(
        "interval",
        new Function(
            List.of(
                new Param("start", ParamKind.POSITIONAL_OR_KEYWORD, false, NUMBER),
                new Param("end", ParamKind.POSITIONAL_OR_KEYWORD, false, NUMBER)),
            (ev, call, bound) ->
                new Sweep.Interval(
                    toFloat(v(bound.get("start"))), toFloat(v(bound.get("end"))), Set.of(), ev.span(call.start(), call.end()))));
    FUNCTIONS.put(
        "tag",
        new Function(
            List.of(
                new Param("args", ParamKind.VAR_POSITIONAL, false, TAG_ARG),
                new Param("sweep", ParamKind.KEYWORD_ONLY, true, OPTIONAL_SWEEP)),
            (ev, call, bound) -> tag(args(bound), v(bound.get("sweep")))));
    FUNCTIONS.put(
        "sort",
        new Function(
            List.of(
                new Param("args", ParamKind.VAR_POSITIONAL, false, ORDER_ARG),
                new Param("sweep", ParamKind.KEYWORD_ONLY, true, OPTIONAL_CHOICE_OR_RANGE),
                new Param("list", ParamKind.KEYWORD_ONLY, true, OPTIONAL_LIST),
                new Param("reverse", ParamKind.KEYWORD_ONLY, true, BOOL)),
            (ev, call, bound) ->
                sort(ev, call, args(bound), v(bound.get("sweep")), v(bound.get("list")),
                    Boolean.TRUE.equals(v(bound.get("reverse"))))));
    FUNCTIONS.put(
        "shuffle",
        new Function(
            List.of(
                new Param("args", ParamKind.VAR_POSITIONAL, false, ORDER_ARG),
                new Param("sweep", ParamKind.KEYWORD_ONLY, true, OPTIONAL_CHOICE_OR_RANGE),
                new Param("list", ParamKind.KEYWORD_ONLY, true, OPTIONAL_LIST)),
            (ev, call, bound) -> shuffle(ev, call, args(bound), v(bound.get("sweep")), v(bound.get("list")))));
    FUNCTIONS.put(
        "glob",
        new Function(
            List.of(
                new Param("include", ParamKind.POSITIONAL_OR_KEYWORD, false, PATTERNS),
                new Param("exclude", ParamKind.POSITIONAL_OR_KEYWORD, true, OPTIONAL_PATTERNS)),
            (ev, call, bound) ->
                new Sweep.Glob(
                    patterns(v(bound.get("include"))), patterns(v(bound.get("exclude"))), ev.span(call.start(), call.end()))));
  }

  /** The function names, sorted, as Hydra lists them after "Available:". */
  static List<String> names() {
    List<String> names = new ArrayList<>(FUNCTIONS.keySet());
    Collections.sort(names);
    return names;
  }

  /** Evaluates {@code call} with evaluated arguments (quoted strings still {@link Quoted}). */
  static RawValue call(OverrideEvaluator ev, Call call, List<RawValue> args, Map<String, RawValue> kwargs)
      throws OverrideSyntaxError {
    Origin.InOverride origin = ev.span(call.start(), call.end());
    try {
      Function function = FUNCTIONS.get(call.name());
      if (function == null) {
        throw new PyError(
            "HydraException",
            "Unknown function '" + call.name() + "'\nAvailable: " + String.join(",", names()) + "\n");
      }
      // Functions.eval unquotes top-level quoted strings.
      List<Object> positional = new ArrayList<>();
      for (RawValue arg : args) {
        positional.add(new RawValue(unquoteTop(arg.value()), arg.origin()));
      }
      Map<String, Object> named = new LinkedHashMap<>();
      for (Map.Entry<String, RawValue> e : kwargs.entrySet()) {
        named.put(e.getKey(), new RawValue(unquoteTop(e.getValue().value()), e.getValue().origin()));
      }
      Map<String, Object> bound = bind(function.params(), positional, named);
      check(function.params(), bound);
      Object result = v(function.body().apply(ev, call, bound));
      return new RawValue(relocate(result, origin), origin);
    } catch (PyError e) {
      String hint = "";
      if (!FUNCTIONS.containsKey(call.name())) {
        Optional<String> closest = Suggestions.closest(call.name(), FUNCTIONS.keySet());
        hint = closest.map(c -> "did you mean '" + c + "'?").orElse("");
      }
      throw new OverrideSyntaxError(
          Shape.OTHER,
          e.type + " while evaluating '" + call.text() + "': " + e.getMessage(),
          call.start(),
          call.end(),
          hint);
    }
  }

  /** Sweeps made by a function are located at the call. */
  private static Object relocate(Object result, Origin.InOverride origin) {
    if (result instanceof Sweep.Choice c) {
      return c.at(origin);
    }
    if (result instanceof Sweep.Range r) {
      return r.at(origin);
    }
    if (result instanceof Sweep.Interval i) {
      return i.at(origin);
    }
    if (result instanceof Sweep.Glob g) {
      return g.at(origin);
    }
    return result;
  }

  /** The value of an argument (arguments are RawValues, so that values keep their origin). */
  private static Object v(Object arg) {
    return arg instanceof RawValue raw ? raw.value() : arg;
  }

  private static Object unquoteTop(Object value) {
    return value instanceof Quoted q ? q.text() : value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> args(Map<String, Object> bound) {
    Object args = bound.get("args");
    return args == null ? List.of() : (List<Object>) args;
  }

  /** Python 3.11's {@code inspect.Signature.bind}, for the parameter kinds used here. */
  private static Map<String, Object> bind(List<Param> params, List<Object> args, Map<String, Object> kwargs)
      throws PyError {
    Map<String, Object> bound = new LinkedHashMap<>();
    Map<String, Object> remaining = new LinkedHashMap<>(kwargs);
    int next = 0;
    int p = 0;
    List<Param> keywordPhase = new ArrayList<>();
    while (true) {
      if (next >= args.size()) {
        if (p >= params.size()) {
          break;
        }
        Param param = params.get(p);
        if (param.kind() == ParamKind.VAR_POSITIONAL) {
          p++;
          break;
        }
        if (remaining.containsKey(param.name()) || param.hasDefault()) {
          break;
        }
        throw new PyError("TypeError", "missing a required argument: '" + param.name() + "'");
      }
      if (p >= params.size() || params.get(p).kind() == ParamKind.KEYWORD_ONLY) {
        throw new PyError("TypeError", "too many positional arguments");
      }
      Param param = params.get(p);
      if (param.kind() == ParamKind.VAR_POSITIONAL) {
        bound.put(param.name(), new ArrayList<>(args.subList(next, args.size())));
        next = args.size();
        p++;
        break;
      }
      if (remaining.containsKey(param.name())) {
        throw new PyError("TypeError", "multiple values for argument '" + param.name() + "'");
      }
      bound.put(param.name(), args.get(next++));
      p++;
    }
    keywordPhase.addAll(params.subList(Math.min(p, params.size()), params.size()));
    for (Param param : keywordPhase) {
      if (param.kind() == ParamKind.VAR_POSITIONAL) {
        continue;
      }
      if (remaining.containsKey(param.name())) {
        bound.put(param.name(), remaining.remove(param.name()));
      } else if (!param.hasDefault()) {
        throw new PyError("TypeError", "missing a required argument: '" + param.name() + "'");
      }
    }
    if (!remaining.isEmpty()) {
      throw new PyError(
          "TypeError", "got an unexpected keyword argument '" + remaining.keySet().iterator().next() + "'");
    }
    // Python fills the arguments in parameter order.
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (Param param : params) {
      if (bound.containsKey(param.name())) {
        ordered.put(param.name(), bound.get(param.name()));
      }
    }
    return ordered;
  }

  /** Hydra's check of each bound argument against its annotation. */
  private static void check(List<Param> params, Map<String, Object> bound) throws PyError {
    for (Param param : params) {
      if (!bound.containsKey(param.name())) {
        continue;
      }
      Object value = bound.get(param.name());
      if (param.kind() == ParamKind.VAR_POSITIONAL) {
        List<?> values = (List<?>) value;
        for (int i = 0; i < values.size(); i++) {
          if (!param.type().admits().test(v(values.get(i)))) {
            throw mismatch(param.name() + "[" + i + "]", values.get(i), param.type());
          }
        }
      } else if (!param.type().admits().test(v(value))) {
        throw mismatch(param.name(), value, param.type());
      }
    }
  }

  private static PyError mismatch(String name, Object value, PyType type) {
    return new PyError(
        "TypeError",
        "mismatch type argument " + name + ": " + OverrideValues.pythonType(value)
            + " is incompatible with " + type.display());
  }

  // ---------------------------------------------------------------------------------------------
  // Casts.

  private static Object normalizeCast(List<Object> args, Object valueArg) throws PyError {
    Object value = v(valueArg) == null ? null : valueArg;
    if (!args.isEmpty() && value != null) {
      throw new PyError("TypeError", "cannot use both position and named arguments");
    }
    if (value != null) {
      return value;
    }
    if (args.isEmpty()) {
      throw new PyError("TypeError", "No positional args or value specified");
    }
    if (args.size() == 1) {
      return args.get(0);
    }
    return simpleChoice(args);
  }

  /** Hydra's {@code _list_to_simple_choice}, which asserts that no argument is a sweep. */
  private static Sweep.Choice simpleChoice(List<Object> args) throws PyError {
    List<RawValue> choices = new ArrayList<>();
    for (Object arg : args) {
      if (v(arg) instanceof Sweep) {
        throw new PyError("AssertionError", "");
      }
      choices.add(arg instanceof RawValue raw ? raw : new RawValue(arg, null));
    }
    return new Sweep.Choice(true, choices, Set.of(), false, null);
  }

  private static Object cast(String function, Object value) throws PyError {
    if (value instanceof RawValue raw) {
      return new RawValue(cast(function, raw.value()), raw.origin());
    }
    if (value instanceof Quoted q) {
      return cast(function, q.text());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, RawValue> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put((String) e.getKey(), (RawValue) cast(function, e.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> list) {
      List<RawValue> out = new ArrayList<>();
      for (Object element : list) {
        out.add((RawValue) cast(function, element));
      }
      return Collections.unmodifiableList(out);
    }
    if (value instanceof Sweep.Choice choice) {
      List<RawValue> out = new ArrayList<>();
      for (RawValue element : choice.parsedChoices()) {
        out.add((RawValue) cast(function, element));
      }
      // Hydra's cast_choice keeps the form but drops tags and shuffle.
      return choice.with(choice.simple(), out, Set.of(), false);
    }
    if (value instanceof Sweep.Range range) {
      if (!function.equals("int") && !function.equals("float")) {
        throw new PyError("ValueError", "Range can only be cast to int or float");
      }
      return range.with(
          (Number) cast(function, range.start()),
          (Number) cast(function, range.stop()),
          (Number) cast(function, range.step()),
          Set.of(),
          false);
    }
    if (value instanceof Sweep.Interval interval) {
      if (function.equals("str")) {
        throw new PyError("ValueError", "Intervals cannot be cast to str");
      }
      if (function.equals("bool")) {
        throw new PyError("ValueError", "Intervals cannot be cast to bool");
      }
      return interval.with(
          (Number) cast(function, interval.start()), (Number) cast(function, interval.end()), interval.tags());
    }
    switch (function) {
      case "int":
        return toInt(value);
      case "float":
        return toFloat(value);
      case "str":
        return toStr(value);
      default:
        return toBool(value);
    }
  }

  private static Object toInt(Object value) throws PyError {
    if (value instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (value instanceof Long || value instanceof BigInteger) {
      return value;
    }
    if (value instanceof Double d) {
      if (d.isNaN()) {
        throw new PyError("ValueError", "cannot convert float NaN to integer");
      }
      if (d.isInfinite()) {
        throw new PyError("OverflowError", "cannot convert float infinity to integer");
      }
      return PyNumbers.integer(new BigDecimal(d).toBigInteger());
    }
    if (value instanceof String s) {
      BigInteger parsed = PyNumbers.parseInt(s);
      if (parsed == null) {
        throw new PyError("ValueError", "invalid literal for int() with base 10: " + PythonRepr.reprString(s));
      }
      return PyNumbers.integer(parsed);
    }
    throw new PyError("AssertionError", "");
  }

  private static Double toFloat(Object value) throws PyError {
    if (value instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (value instanceof Long l) {
      return (double) l;
    }
    if (value instanceof BigInteger b) {
      double d = b.doubleValue();
      if (Double.isInfinite(d)) {
        throw new PyError("OverflowError", "int too large to convert to float");
      }
      return d;
    }
    if (value instanceof Double d) {
      return d;
    }
    if (value instanceof String s) {
      Double parsed = PyNumbers.parseFloat(s);
      if (parsed == null) {
        throw new PyError("ValueError", "could not convert string to float: " + PythonRepr.reprString(s));
      }
      return parsed;
    }
    throw new PyError("AssertionError", "");
  }

  private static String toStr(Object value) throws PyError {
    if (value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (value instanceof String || isNumber(value)) {
      return OverrideValues.pythonStr(value);
    }
    throw new PyError("AssertionError", "");
  }

  private static Boolean toBool(Object value) throws PyError {
    if (value instanceof String s) {
      if (s.equalsIgnoreCase("false")) {
        return false;
      }
      if (s.equalsIgnoreCase("true")) {
        return true;
      }
      throw new PyError("ValueError", "Cannot cast '" + s + "' to bool");
    }
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Double d) {
      return d != 0.0;
    }
    if (value instanceof Long l) {
      return l != 0;
    }
    if (value instanceof BigInteger b) {
      return b.signum() != 0;
    }
    return true; // any other object is truthy
  }

  /** range() keeps ints and floats; a bool is the int it stands for. */
  private static Object integerOrFloat(Object value) {
    if (value instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------
  // Sweeps and helpers.

  private static Object choice(OverrideEvaluator ev, Call call, List<Object> args) throws PyError {
    if (args.isEmpty()) {
      throw new PyError("ValueError", "empty choice is not legal");
    }
    if (args.size() == 1 && v(args.get(0)) instanceof Sweep.Choice first) {
      if (first.simple()) {
        return first.with(false, first.parsedChoices(), first.tags(), first.shuffled());
      }
      throw new PyError("ValueError", "nesting choices is not supported");
    }
    List<RawValue> choices = new ArrayList<>();
    for (Object arg : args) {
      if (v(arg) instanceof Sweep) {
        // Hydra accepts a choice among several arguments and fails when the sweep runs.
        throw new PyError("ValueError", "nesting choices is not supported");
      }
      choices.add(asRaw(arg, ev, call));
    }
    return new Sweep.Choice(false, choices, Set.of(), false, ev.span(call.start(), call.end()));
  }

  private static RawValue asRaw(Object value, OverrideEvaluator ev, Call call) {
    return value instanceof RawValue raw ? raw : new RawValue(value, ev.span(call.start(), call.end()));
  }

  private static Object tag(List<Object> args, Object sweep) throws PyError {
    if (args.isEmpty()) {
      throw new PyError("ValueError", "Not enough arguments to tag, must take at least a sweep");
    }
    List<Object> all = new ArrayList<>(args);
    if (sweep != null) {
      all.add(sweep);
    }
    Object last = v(all.get(all.size() - 1));
    if (!isSweep(last)) {
      // Hydra names the type of its (then None) sweep parameter here.
      throw new PyError(
          "ValueError", "Last argument to tag() must be a choice(), range() or interval(), got NoneType");
    }
    Set<String> tags = new LinkedHashSet<>();
    for (Object t : all.subList(0, all.size() - 1)) {
      if (!(v(t) instanceof String s)) {
        throw new PyError("ValueError", "tag arguments type must be string, got " + OverrideValues.pythonType(t));
      }
      tags.add(s);
    }
    if (last instanceof Sweep.Choice c) {
      return c.with(c.simple(), c.parsedChoices(), tags, c.shuffled());
    }
    if (last instanceof Sweep.Range r) {
      return r.with(r.start(), r.stop(), r.step(), tags, r.shuffled());
    }
    Sweep.Interval i = (Sweep.Interval) last;
    return i.with(i.start(), i.end(), tags);
  }

  private static Object shuffle(OverrideEvaluator ev, Call call, List<Object> args, Object sweep, Object list)
      throws PyError {
    if (list != null) {
      return shuffle(ev, call, List.of(list), null, null);
    }
    if (sweep != null) {
      return shuffle(ev, call, List.of(sweep), null, null);
    }
    if (args.size() == 1) {
      Object arg = v(args.get(0));
      if (arg instanceof Sweep.Choice c) {
        return c.with(c.simple(), c.parsedChoices(), c.tags(), true);
      }
      if (arg instanceof Sweep.Range r) {
        return r.with(r.start(), r.stop(), r.step(), r.tags(), true);
      }
      if (arg instanceof List<?> elements) {
        List<Object> copy = new ArrayList<>(elements);
        Collections.shuffle(copy, ev.shuffleRandom());
        return Collections.unmodifiableList(copy);
      }
      return List.of(asRaw(args.get(0), ev, call));
    }
    Sweep.Choice choice = simpleChoice(args);
    return choice.with(true, raws(choice.parsedChoices(), ev, call), Set.of(), true);
  }

  private static List<RawValue> raws(List<RawValue> values, OverrideEvaluator ev, Call call) {
    List<RawValue> out = new ArrayList<>();
    for (RawValue v : values) {
      out.add(v.origin() == null ? asRaw(v.value(), ev, call) : v);
    }
    return out;
  }

  private static Object sort(
      OverrideEvaluator ev, Call call, List<Object> args, Object sweep, Object list, boolean reverse)
      throws PyError {
    if (list != null) {
      return sort(ev, call, List.of(list), null, null, reverse);
    }
    if (sweep != null) {
      return sortSweep(sweep, reverse);
    }
    if (args.size() == 1) {
      Object arg = v(args.get(0));
      if (arg instanceof Sweep.Choice || arg instanceof Sweep.Range) {
        return sortSweep(arg, reverse);
      }
      if (arg instanceof List<?> elements) {
        return Collections.unmodifiableList(PySort.sorted(elements, reverse));
      }
      return arg;
    }
    for (Object arg : args) {
      if (!(v(arg) instanceof String || isNumber(v(arg)))) {
        throw new PyError("TypeError", "Invalid arguments: " + tupleRepr(args));
      }
    }
    if (args.isEmpty()) {
      throw new PyError("ValueError", "empty sort input");
    }
    Sweep.Choice choice = simpleChoice(args);
    return sortSweep(choice.with(true, raws(choice.parsedChoices(), ev, call), Set.of(), false), reverse);
  }

  private static String tupleRepr(List<Object> args) {
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < args.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(OverrideValues.pythonRepr(args.get(i)));
    }
    return out.append(args.size() == 1 ? ",)" : ")").toString();
  }

  /** Hydra 1.3's {@code _sort_sweep}, including its arithmetic for ranges. */
  private static Object sortSweep(Object sweep, boolean reverse) throws PyError {
    if (sweep instanceof Sweep.Choice c) {
      List<RawValue> sorted = PySort.sorted(c.parsedChoices(), reverse);
      return c.with(c.simple(), sorted, c.tags(), c.shuffled());
    }
    Sweep.Range r = (Sweep.Range) sweep;
    Number start = r.start();
    Number stop = r.stop();
    Number step = r.step();
    Number absStep = PyNumbers.abs(step);
    if (!reverse && PyNumbers.compare(start, stop) > 0) {
      return r.with(PyNumbers.add(stop, absStep), PyNumbers.add(start, absStep), PyNumbers.negate(step), r.tags(), r.shuffled());
    }
    if (reverse && PyNumbers.compare(start, stop) < 0) {
      return r.with(PyNumbers.subtract(stop, absStep), PyNumbers.subtract(start, absStep), PyNumbers.negate(step), r.tags(), r.shuffled());
    }
    return r;
  }

  private static List<String> patterns(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof String s) {
      return List.of(s);
    }
    List<String> out = new ArrayList<>();
    for (Object element : (List<?>) value) {
      Object v = element instanceof RawValue raw ? raw.value() : element;
      out.add(v instanceof Quoted q ? q.text() : OverrideValues.pythonStr(v));
    }
    return out;
  }
}
