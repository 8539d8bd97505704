package io.repro4j.runtime.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The YAML {@link ConfigYaml} writes, without SnakeYAML, for the documents where every choice
 * SnakeYAML's emitter makes is known in advance: nested non-empty maps of plain keys, and leaves
 * that are numbers, booleans, null or plain-safe strings; or a list of plain-safe strings. Every
 * trial of a sweep writes three such documents, and SnakeYAML's serializer, emitter and resolver
 * patterns are most of a fresh JVM's compile work for a trivial trial. Anything else (quoting, a
 * list in a map, an empty map, {@code ???}) is left to SnakeYAML: {@link #write} answers null.
 * The tests compare both writers' bytes.
 *
 * <p>A plain-safe string starts with a letter, {@code _} or {@code /}, continues with letters,
 * digits and {@code _ . / = + -}, and is not one of YAML 1.1's boolean or null words: SnakeYAML's
 * resolver reads it back as a string and its scalar analysis allows it plain in block context
 * (no indicator, space, colon, hash or line break), so it is written as it is.
 */
final class SimpleBlockYaml {
  private SimpleBlockYaml() {}

  // SnakeYAML's Resolver.BOOL and Resolver.NULL words: a plain scalar that reads as another type.
  private static final Set<String> NOT_STRINGS = Set.of(
      "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
      "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL");

  private static final int INDENT = 2;
  private static final int MAX_SIMPLE_KEY = 100;

  /** The document for {@code root} (a non-empty map, or a non-empty list), or null when not simple. */
  static String write(Object root) {
    StringBuilder out = new StringBuilder(64);
    if (root instanceof Map<?, ?> map && !map.isEmpty()) {
      return mapping(map, 0, out) ? out.toString() : null;
    }
    if (root instanceof List<?> list && !list.isEmpty()) {
      for (Object item : list) {
        if (!(item instanceof String s) || !plainSafe(s)) {
          return null;
        }
        out.append("- ").append(s).append('\n');
      }
      return out.toString();
    }
    return null;
  }

  private static boolean mapping(Map<?, ?> map, int indent, StringBuilder out) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      // SnakeYAML writes a key of 128 characters or more as an explicit "? key"; 100 keeps clear of it.
      if (!(entry.getKey() instanceof String key) || key.length() >= MAX_SIMPLE_KEY || !plainSafe(key)) {
        return false;
      }
      out.append(" ".repeat(indent)).append(key).append(':');
      Object value = entry.getValue();
      if (value instanceof Map<?, ?> nested) {
        if (nested.isEmpty()) {
          return false;
        }
        out.append('\n');
        if (!mapping(nested, indent + INDENT, out)) {
          return false;
        }
        continue;
      }
      String scalar = scalar(value);
      if (scalar == null) {
        return false;
      }
      out.append(' ').append(scalar).append('\n');
    }
    return true;
  }

  /** How a leaf is written plain, or null when SnakeYAML may write it otherwise. */
  private static String scalar(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
      return value.toString();
    }
    // ConfigYaml's representer: PyYAML's float text, which SnakeYAML's FLOAT resolver reads back.
    if (value instanceof Double d) {
      return ConfigYaml.pyYamlFloat(d);
    }
    if (value instanceof Float f) {
      return ConfigYaml.pyYamlFloat(Double.parseDouble(f.toString()));
    }
    if (value instanceof String s && plainSafe(s)) {
      return s;
    }
    return null;
  }

  static boolean plainSafe(String s) {
    if (s.isEmpty() || NOT_STRINGS.contains(s)) {
      return false;
    }
    char first = s.charAt(0);
    if (!(isLetter(first) || first == '_' || first == '/')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isLetter(c) || (c >= '0' && c <= '9') || "_./=+-".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
