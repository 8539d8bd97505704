package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the override parser, checked on 1000 generated inputs each (a fixed seed, so a
 * failure repeats; the failing input is in the message):
 *
 * <ol>
 *   <li>printing a parsed value canonically (Hydra's {@code value_str}) and parsing that again
 *       gives the same value, and the same canonical text;
 *   <li>any string, and any mutation of a valid override, either parses or fails with a {@link
 *       ConfigException} whose message starts with one of Hydra's documented shapes, with a caret
 *       inside the override; nothing else is thrown, and sweeps expand or fail the same way.
 * </ol>
 *
 * <p>The generator leaves out what Hydra itself cannot print back: {@code str(...)} results that
 * look like numbers, and interpolations containing characters that are not allowed unquoted.
 */
class OverridePropertiesTest {
  private static final int TRIES = 1000;
  private static final List<String> DOCUMENTED_STARTS =
      List.of(
          "LexerNoViableAltException: ",
          "mismatched input ",
          "no viable alternative at input ",
          "extraneous input ",
          "missing ",
          "positional argument follows keyword argument",
          "nesting sweeps is not supported",
          "Trying to parse a primitive that is all whitespaces");
  private static final String EVALUATION = "^[A-Za-z]+ while evaluating '(?s:.*)";

  // ---------------------------------------------------------------------------------------------
  // Generators.

  private static final String ID_START = "abcxyzABZ_";
  private static final String ID_PART = "abcxyz019_-";
  private static final String SPECIAL = "/-+.$%*@?|:";
  private static final String ANY = "ab z_09.,=+~@/:[](){}'\"\\$%*?|#é\t ";

  private final Random random = new Random(20261129L);

  private String id() {
    StringBuilder id = new StringBuilder().append(pick(ID_START));
    for (int i = random.nextInt(4); i > 0; i--) {
      id.append(pick(ID_PART));
    }
    return id.toString();
  }

  private char pick(String chars) {
    return chars.charAt(random.nextInt(chars.length()));
  }

  /** A value written the many ways the grammar allows. */
  private String element(int depth) {
    int choice = random.nextInt(depth > 2 ? 9 : 12);
    switch (choice) {
      case 0:
        return Long.toString(random.nextInt(2000) - 1000);
      case 1:
        return random.nextBoolean() ? "123456789012345678901234567890" : "1_000";
      case 2:
        String[] floats = {"1.5", "-0.0", ".5", "1.", "1e-3", "1E+16", "inf", "-INF", "nan", "2.5e-7", "1e400"};
        return floats[random.nextInt(floats.length)];
      case 3:
        return random.nextBoolean() ? "true" : "FaLsE";
      case 4:
        return random.nextBoolean() ? "null" : "NULL";
      case 5:
        return quoted();
      case 6:
        return unquotedString();
      case 7:
        return "${" + id() + (random.nextBoolean() ? "." + id() : "") + "}";
      case 8:
        String[] casts = {"int", "float", "bool"};
        String cast = casts[random.nextInt(casts.length)];
        return cast + "(" + (cast.equals("bool") ? (random.nextBoolean() ? "1" : "'TRUE'") : "'" + random.nextInt(100) + "'") + ")";
      case 9:
      case 10:
        List<String> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          items.add(element(depth + 1));
        }
        return "[" + String.join(blankOr(","), items) + "]";
      default:
        List<String> entries = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          entries.add(id() + blankOr(":") + element(depth + 1));
        }
        return "{" + String.join(blankOr(","), entries) + "}";
    }
  }

  private String blankOr(String separator) {
    return (random.nextInt(3) == 0 ? " " : "") + separator + (random.nextInt(3) == 0 ? " " : "");
  }

  private String quoted() {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(6); i > 0; i--) {
      text.append(pick(ANY));
    }
    char quote = random.nextBoolean() ? '\'' : '"';
    return OverrideValues.withQuotes(new OverrideValues.Quoted(text.toString(), quote));
  }

  private String unquotedString() {
    StringBuilder text = new StringBuilder(id());
    for (int i = random.nextInt(4); i > 0; i--) {
      switch (random.nextInt(4)) {
        case 0:
          text.append(pick(SPECIAL));
          break;
        case 1:
          text.append('\\').append(pick("\\()[]{}:=, \t"));
          break;
        case 2:
          text.append(random.nextBoolean() ? " " : "\t").append(id());
          break;
        default:
          text.append(id());
      }
    }
    return text.toString();
  }

  private String override() {
    String key = random.nextInt(4) == 0 ? id() + "." + random.nextInt(3) + "." + id() : id();
    String[] prefixes = {"", "", "+", "++", "~"};
    return prefixes[random.nextInt(prefixes.length)] + key + "=" + (random.nextBoolean() ? " " : "") + element(0);
  }

  private String randomText() {
    StringBuilder text = new StringBuilder();
    if (random.nextBoolean()) {
      text.append(id()).append('=');
    }
    String[] words = {"int(", "choice(", "range(", "sort(", "shuffle(", "tag(", "glob(", "interval(", "str(", "${", "reverse=", "'", "\""};
    for (int i = random.nextInt(14); i > 0; i--) {
      if (random.nextInt(5) == 0) {
        text.append(words[random.nextInt(words.length)]);
      } else {
        text.append(pick(ANY));
      }
    }
    return text.toString();
  }

  private String mutated(String valid) {
    StringBuilder text = new StringBuilder(valid);
    for (int i = 1 + random.nextInt(2); i > 0; i--) {
      int at = random.nextInt(text.length() + 1);
      switch (random.nextInt(3)) {
        case 0:
          text.insert(at, pick(ANY));
          break;
        case 1:
          if (at < text.length()) {
            text.deleteCharAt(at);
          }
          break;
        default:
          if (at < text.length()) {
            text.setCharAt(at, pick(ANY));
          }
      }
    }
    return text.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Properties.

  @Test
  void canonicalTextParsesBackToTheSameValue() {
    int checked = 0;
    for (int i = 0; i < TRIES; i++) {
      String text = override();
      if (text.startsWith("~") && random.nextBoolean()) {
        text = text.substring(0, text.indexOf('='));
      }
      ConfigOverride parsed;
      try {
        parsed = ConfigOverride.parse(text);
      } catch (ConfigException e) {
        fail("a generated override does not parse: " + text + "\n" + e.getMessage());
        return;
      }
      if (!parsed.hasValue()) {
        continue;
      }
      String canonical = parsed.canonicalValue();
      String again = parsed.canonicalKey() + "=" + canonical;
      try {
        ConfigOverride reparsed = ConfigOverride.parse(again);
        assertEquals(normal(parsed.value()), normal(reparsed.value()), text + " -> " + again);
        assertEquals(canonical, reparsed.canonicalValue(), text + " -> " + again);
        assertEquals(parsed.type(), reparsed.type(), text);
        assertEquals(parsed.key(), reparsed.key(), text);
        checked++;
      } catch (ConfigException e) {
        fail(text + " printed as " + again + ", which does not parse:\n" + e.getMessage());
      }
    }
    assertTrue(checked > TRIES / 2, "checked " + checked);
  }

  @Test
  void anyTextParsesOrFailsWithADocumentedMessage() {
    int parsed = 0;
    for (int i = 0; i < TRIES; i++) {
      parsed += check(randomText()) ? 1 : 0;
    }
    assertBothOutcomes(parsed);
  }

  @Test
  void mutatedOverridesParseOrFailWithADocumentedMessage() {
    int parsed = 0;
    for (int i = 0; i < TRIES; i++) {
      parsed += check(mutated(override())) ? 1 : 0;
    }
    assertBothOutcomes(parsed);
  }

  /** The generators must reach both sides, or the property says little. */
  private static void assertBothOutcomes(int parsed) {
    assertTrue(parsed > TRIES / 20 && parsed < TRIES - TRIES / 20, parsed + " of " + TRIES + " parsed");
  }

  /** Whether {@code text} parsed; fails the test on anything but a documented error. */
  private static boolean check(String text) {
    try {
      ConfigOverride parsed = ConfigOverride.parse(text);
      if (parsed.sweep().isPresent()) {
        try {
          parsed.sweep().get().expansion();
        } catch (ConfigException expected) {
          assertEquals(1, expected.problems().size(), text);
        }
      }
      if (parsed.hasValue()) {
        parsed.canonicalValue();
      }
      return true;
    } catch (ConfigException e) {
      assertEquals(1, e.problems().size(), text);
      ConfigProblem problem = e.problems().get(0);
      String message = problem.message();
      assertTrue(
          DOCUMENTED_STARTS.stream().anyMatch(message::startsWith) || message.matches(EVALUATION),
          "undocumented message for " + text + ": " + message);
      Origin.InOverride origin = (Origin.InOverride) problem.origin();
      assertEquals(text, origin.text());
      assertTrue(
          0 <= origin.start() && origin.start() <= origin.end() && origin.end() <= text.length(),
          text + ": " + origin);
      assertTrue(problem.format().contains("^"), text);
      assertTrue(ConfigOverride.hydraError(text).isPresent(), text);
      return false;
    } catch (RuntimeException | AssertionError e) {
      throw new AssertionError("'" + text + "' threw " + e, e);
    }
  }

  /** Values compared as data: RawValues unwrapped, NaN equal to NaN. */
  private static Object normal(Object value) {
    if (value instanceof RawValue raw) {
      return normal(raw.value());
    }
    if (value instanceof List<?> list) {
      return list.stream().map(OverridePropertiesTest::normal).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, normal(v)));
      return out;
    }
    if (value instanceof Double d && d.isNaN()) {
      return "NaN";
    }
    return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
  }
}
