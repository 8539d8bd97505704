package io.repro4j.runtime.config;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Converts raw values to typed ones with OmegaConf 2.2's rules (its {@code IntegerNode},
 * {@code FloatNode}, {@code BooleanNode}, {@code StringNode}, {@code EnumNode} and
 * {@code PathNode}), adding Java's ranges and the declared {@code min}/{@code max}. Every problem
 * goes into a list, so that a caller can report all of them.
 */
final class ValueConverter {
  private ValueConverter() {}

  /** Returned instead of a value when conversion failed; the problem is already recorded. */
  static final Object INVALID = new Object();

  private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final Set<String> TRUE_WORDS = Set.of("yes", "y", "on", "true");
  private static final Set<String> FALSE_WORDS = Set.of("no", "n", "off", "false");

  /**
   * Converts {@code raw} to {@code type}, range-checked against {@code spec}.
   *
   * @param label how messages name the value: the key, or {@code sizes[2]} for a list element
   * @return the typed value, null, or {@link #INVALID} after adding to {@code problems}
   */
  static Object convert(
      ParamSpec spec, String label, ParamType type, RawValue raw, List<ConfigProblem> problems) {
    Object value = raw.value();
    if (value == null) {
      if (type.nullable() && !hasChoices(spec, type)) {
        return null;
      }
      if (type.nullable()) {
        return fail(problems, raw, label, choicesMessage(label, spec, "null"));
      }
      return fail(
          problems,
          raw,
          label,
          "'" + label + "' expects " + type.displayName() + ", got null; "
              + type.displayName() + " cannot be null, so give a value");
    }
    if (value instanceof Map) {
      return fail(
          problems,
          raw,
          label,
          "'" + label + "' expects " + type.displayName() + ", got a mapping; give a value, e.g. "
              + label + ": " + example(type));
    }
    if (value instanceof List && type.kind() != ParamType.Kind.LIST) {
      return wrongType(problems, raw, label, type);
    }
    switch (type.kind()) {
      case BOOLEAN:
        return toBoolean(raw, label, type, problems);
      case INT:
      case LONG:
        return toInteger(spec, raw, label, type, problems);
      case FLOAT:
      case DOUBLE:
        return toFloating(spec, raw, label, type, problems);
      case STRING:
        return toChoice(spec, raw, label, type, problems);
      case ENUM:
      case GROUP:
        return toEnum(raw, label, type, problems);
      case PATH:
        return toPath(raw, label, type, problems);
      case LIST:
        return toList(spec, raw, label, type, problems);
      default:
        throw new AssertionError(type.kind());
    }
  }

  /**
   * OmegaConf's BooleanNode: booleans; integers (0 is false, any other true); strings that are
   * integers, or yes/y/on/true and no/n/off/false in any case.
   */
  private static Object toBoolean(
      RawValue raw, String label, ParamType type, List<ConfigProblem> problems) {
    Object value = raw.value();
    if (value instanceof Boolean) {
      return value;
    }
    BigInteger integer = asInteger(value);
    if (integer == null && value instanceof String s) {
      integer = PyNumbers.parseInt(s);
      if (integer == null) {
        String word = s.toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(word)) {
          return true;
        }
        if (FALSE_WORDS.contains(word)) {
          return false;
        }
      }
    }
    if (integer != null) {
      return integer.signum() != 0;
    }
    return wrongType(problems, raw, label, type);
  }

  /**
   * OmegaConf's IntegerNode: integers, and strings that Python's {@code int()} reads ("5", " 1_000
   * "); not floats, not booleans. Then Java's int/long range and the declared range.
   */
  private static Object toInteger(
      ParamSpec spec, RawValue raw, String label, ParamType type, List<ConfigProblem> problems) {
    Object value = raw.value();
    BigInteger integer = asInteger(value);
    if (integer == null && value instanceof String s) {
      integer = PyNumbers.parseInt(s);
    }
    if (integer == null) {
      return wrongType(problems, raw, label, type);
    }
    boolean isInt = type.kind() == ParamType.Kind.INT;
    BigInteger min = isInt ? INT_MIN : LONG_MIN;
    BigInteger max = isInt ? INT_MAX : LONG_MAX;
    if (integer.compareTo(min) < 0 || integer.compareTo(max) > 0) {
      return fail(
          problems,
          raw,
          label,
          "'" + label + "' expects " + type.displayName() + ", got " + integer
              + ", which is outside " + (isInt ? "int" : "long") + "'s range [" + min + ", " + max
              + "]");
    }
    long number = integer.longValue();
    if (!inRange(spec, number)) {
      return outOfRange(problems, raw, label, spec, Long.toString(number), false);
    }
    return isInt ? (Object) (int) number : (Object) number;
  }

  /**
   * OmegaConf's FloatNode: integers, floats, and strings that Python's {@code float()} reads
   * ("1e-3", "inf", "nan"); not booleans. A float key also refuses what {@code float} cannot hold.
   */
  private static Object toFloating(
      ParamSpec spec, RawValue raw, String label, ParamType type, List<ConfigProblem> problems) {
    Object value = raw.value();
    Double number = null;
    if (value instanceof Double d) {
      number = d;
    } else if (asInteger(value) != null) {
      number = asInteger(value).doubleValue();
      if (number.isInfinite()) {
        return fail(
            problems,
            raw,
            label,
            "'" + label + "' expects " + type.displayName() + ", got " + value
                + ", which is too large for any floating-point number");
      }
    } else if (value instanceof String s) {
      number = PyNumbers.parseFloat(s);
    }
    if (number == null) {
      return wrongType(problems, raw, label, type);
    }
    boolean isFloat = type.kind() == ParamType.Kind.FLOAT;
    if (isFloat && Double.isFinite(number) && Float.isInfinite((float) (double) number)) {
      return fail(
          problems,
          raw,
          label,
          "'" + label + "' expects " + type.displayName() + ", got " + PyNumbers.repr(number)
              + ", which is outside float's range (about -3.4e+38 to 3.4e+38); use double");
    }
    if (!inRange(spec, number)) {
      return outOfRange(problems, raw, label, spec, PyNumbers.repr(number), true);
    }
    return isFloat ? (Object) (float) (double) number : (Object) number;
  }

  /** Any scalar as text; one of {@code spec}'s choices when it has some. */
  private static Object toChoice(
      ParamSpec spec, RawValue raw, String label, ParamType type, List<ConfigProblem> problems) {
    String text = text(raw.value());
    if (!hasChoices(spec, type) || spec.choices().contains(text)) {
      return text;
    }
    StringBuilder shown = new StringBuilder("'").append(text).append('\'');
    Suggestions.closest(text, spec.choices())
        .ifPresent(c -> shown.append(" (did you mean '").append(c).append("'?)"));
    return fail(problems, raw, label, choicesMessage(label, spec, shown.toString()));
  }

  /** Whether {@code type} is the {@code String} of a key with choices (not a list element). */
  static boolean hasChoices(ParamSpec spec, ParamType type) {
    return !spec.choices().isEmpty() && type == spec.type() && type.kind() == ParamType.Kind.STRING;
  }

  /** {@code 'opt' expects one of sgd, adam, got 'adm' (did you mean 'adam'?)}. */
  static String choicesMessage(String label, ParamSpec spec, String got) {
    return "'" + label + "' expects one of " + String.join(", ", spec.choices()) + ", got " + got;
  }

  /** The exact name of a constant; a near miss gets a "did you mean". */
  private static Object toEnum(
      RawValue raw, String label, ParamType type, List<ConfigProblem> problems) {
    Object value = raw.value();
    if (value instanceof String s && type.enumConstants().contains(s)) {
      return s;
    }
    StringBuilder message =
        new StringBuilder("'")
            .append(label)
            .append("' expects ")
            .append(type.displayName())
            .append(" (one of ")
            .append(String.join(", ", type.enumConstants()))
            .append("), got ");
    if (value instanceof String s) {
      message.append('\'').append(s).append('\'');
      Suggestions.closest(s, type.enumConstants())
          .ifPresent(c -> message.append(" (did you mean '").append(c).append("'?)"));
    } else {
      message.append(describe(value));
    }
    return fail(problems, raw, label, message.toString());
  }

  /** OmegaConf's PathNode: strings only. */
  private static Object toPath(
      RawValue raw, String label, ParamType type, List<ConfigProblem> problems) {
    if (!(raw.value() instanceof String s)) {
      return wrongType(problems, raw, label, type);
    }
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      return fail(
          problems,
          raw,
          label,
          "'" + label + "' expects " + type.displayName() + ", but '" + s + "' is not a valid path: "
              + e.getReason());
    }
  }

  /** Element by element; each problem points at its element and is named like {@code sizes[2]}. */
  private static Object toList(
      ParamSpec spec, RawValue raw, String label, ParamType type, List<ConfigProblem> problems) {
    if (!(raw.value() instanceof List<?> elements)) {
      return wrongType(problems, raw, label, type);
    }
    List<Object> converted = new ArrayList<>(elements.size());
    boolean valid = true;
    for (int i = 0; i < elements.size(); i++) {
      RawValue element = (RawValue) elements.get(i);
      Object value = convert(spec, label + "[" + i + "]", type.element(), element, problems);
      valid &= value != INVALID;
      converted.add(value);
    }
    // Not List.copyOf: elements of a List<Integer> may be null.
    return valid ? Collections.unmodifiableList(converted) : INVALID;
  }

  /** A scalar as the text OmegaConf's StringNode makes of it; booleans in lower case. */
  static String text(Object value) {
    if (value instanceof Double d) {
      return PyNumbers.repr(d);
    }
    return String.valueOf(value);
  }

  private static BigInteger asInteger(Object value) {
    if (value instanceof Long l) {
      return BigInteger.valueOf(l);
    }
    if (value instanceof BigInteger b) {
      return b;
    }
    return null;
  }

  static boolean inRange(ParamSpec spec, double value) {
    if (!spec.bounded()) {
      return true;
    }
    return value >= spec.min() && value <= spec.max(); // false for NaN
  }

  /** "'lr' = 20.0 is out of range [0.0, 10.0]", or "... must be at least 0.0" for one bound. */
  static String rangeMessage(String label, String value, ParamSpec spec, boolean floating) {
    String min = bound(spec.min(), floating);
    String max = bound(spec.max(), floating);
    String head = "'" + label + "' = " + value + " is out of range";
    if (spec.max() == Double.POSITIVE_INFINITY) {
      return head + ": it must be at least " + min;
    }
    if (spec.min() == Double.NEGATIVE_INFINITY) {
      return head + ": it must be at most " + max;
    }
    return head + " [" + min + ", " + max + "]";
  }

  /** Bounds of int keys without ".0"; of float keys as Python prints floats. */
  static String bound(double bound, boolean floating) {
    if (!floating && bound == Math.rint(bound) && Math.abs(bound) < 1e18) {
      return Long.toString((long) bound);
    }
    return PyNumbers.repr(bound);
  }

  private static Object outOfRange(
      List<ConfigProblem> problems,
      RawValue raw,
      String label,
      ParamSpec spec,
      String value,
      boolean floating) {
    return fail(problems, raw, label, rangeMessage(label, value, spec, floating));
  }

  private static Object wrongType(
      List<ConfigProblem> problems, RawValue raw, String label, ParamType type) {
    return fail(
        problems,
        raw,
        label,
        "'" + label + "' expects " + type.displayName() + ", got " + describe(raw.value()));
  }

  /** A raw value for messages: {@code 1.5 (a float)}, {@code 'abc' (a string)}, {@code a list}. */
  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Boolean) {
      return value + " (a boolean)";
    }
    if (value instanceof Long || value instanceof BigInteger) {
      return value + " (an int)";
    }
    if (value instanceof Double d) {
      return PyNumbers.repr(d) + " (a float)";
    }
    if (value instanceof String s) {
      String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
      return "'" + shown + "' (a string)";
    }
    if (value instanceof List) {
      return "a list";
    }
    return "a mapping";
  }

  private static String example(ParamType type) {
    switch (type.kind()) {
      case BOOLEAN:
        return "true";
      case INT:
      case LONG:
        return "10";
      case FLOAT:
      case DOUBLE:
        return "0.1";
      case ENUM:
      case GROUP:
        return type.enumConstants().isEmpty() ? "..." : type.enumConstants().get(0);
      case LIST:
        return "[" + example(type.element()) + "]";
      default:
        return "some-text";
    }
  }

  private static Object fail(
      List<ConfigProblem> problems, RawValue raw, String label, String message) {
    problems.add(new ConfigProblem(raw.origin(), label, message));
    return INVALID;
  }
}
