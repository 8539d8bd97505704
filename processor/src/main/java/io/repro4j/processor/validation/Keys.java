package io.repro4j.processor.validation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules for config keys (Hydra's identifiers) and metric names (MLflow's keys). */
final class Keys {
  private Keys() {}

  /** MLflow's limit for param and metric keys. */
  static final int MAX_LENGTH = 250;

  private static final Pattern CONFIG_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  // MLflow's regex ^[/\w.\- :]*$ runs on Python str, where \w is Unicode-aware.
  private static final Pattern METRIC_NAME =
      Pattern.compile("[/\\w.\\- :]*", Pattern.UNICODE_CHARACTER_CLASS);

  /** Why {@code key} is not a valid config key, or empty when it is. */
  static Optional<String> configKeyProblem(String key) {
    if (key.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (key.length() > MAX_LENGTH) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "it is %d characters long, more than MLflow's limit of %d for param names",
              key.length(),
              MAX_LENGTH));
    }
    if (CONFIG_KEY.matcher(key).matches()) {
      return Optional.empty();
    }
    int first = key.codePointAt(0);
    if (!(isAsciiLetter(first) || first == '_')) {
      return Optional.of("it starts with '" + new String(Character.toChars(first)) + "'");
    }
    int bad = key.codePoints().filter(c -> !(isAsciiLetter(c) || isAsciiDigit(c) || c == '_' || c == '-')).findFirst().orElse('?');
    if (bad == '.') {
      return Optional.of("it contains '.', which separates the keys of nested configs (for one, make the field's type a record)");
    }
    return Optional.of("it contains '" + new String(Character.toChars(bad)) + "'");
  }

  /** Why {@code name} is not a valid MLflow metric key, or empty when it is. */
  static Optional<String> metricNameProblem(String name) {
    if (name.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "it is %d characters long, more than MLflow's limit of %d",
              name.length(),
              MAX_LENGTH));
    }
    if (!METRIC_NAME.matcher(name).matches()) {
      int bad =
          name.codePoints()
              .filter(c -> !METRIC_NAME.matcher(new String(Character.toChars(c))).matches())
              .findFirst()
              .orElse('?');
      return Optional.of(
          "it contains '"
              + new String(Character.toChars(bad))
              + "', but MLflow keys hold only letters, digits, '_', '-', '.', ' ', ':' and '/'");
    }
    if (name.startsWith("/")) {
      return Optional.of("it starts with '/'");
    }
    String normalized = normpath(name);
    if (!normalized.equals(name) || normalized.equals(".") || normalized.startsWith("..")) {
      return Optional.of(
          "it is not a normalized path (MLflow rejects '//', a trailing '/', '.' and '..'"
              + " segments, and a leading '..')");
    }
    return Optional.empty();
  }

  /** Python's {@code posixpath.normpath}, which MLflow compares keys with. */
  static String normpath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    int initialSlashes = 0;
    if (path.startsWith("/")) {
      initialSlashes = path.startsWith("//") && !path.startsWith("///") ? 2 : 1;
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (!part.equals("..") || (initialSlashes == 0 && parts.isEmpty()) || (!parts.isEmpty() && parts.peekLast().equals(".."))) {
        parts.addLast(part);
      } else if (!parts.isEmpty()) {
        parts.removeLast();
      }
    }
    String joined = "/".repeat(initialSlashes) + String.join("/", parts);
    return joined.isEmpty() ? "." : joined;
  }

  private static boolean isAsciiLetter(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAsciiDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
