package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** PyYAML's resolvers are keyed by first character; skipping the patterns on others changes nothing. */
class PyYamlFirstCharTest {
  @Test
  void theFirstCharacterShortcutAgreesWithEveryPattern() {
    String alphabet = "aAbyYnNtTfFoOeEx-+0123456789.:<~= _/TZrue";
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(12);
      for (int k = 0; k < length; k++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = text.toString();
      assertEquals(PyYaml.noResolverMatches(s), PyYaml.plainIsString(s), "'" + s + "'");
    }
    for (String s : new String[] {"file:///tmp/mlruns/0/x/artifacts", "active", "a1b2", "True", "off", "~", "",
        "2026-11-29", "1:30", "<<", "=", ".inf", "Null", "0x1F", "on"}) {
      assertEquals(PyYaml.noResolverMatches(s), PyYaml.plainIsString(s), "'" + s + "'");
    }
  }
  @Test
  void theAlphabetShortcutForLongStringsAgreesWithEveryPattern() {
    // Strings near the patterns' edges: ones that match, each with one character changed or added.
    String[] matching = {"0x1F_ab", "-0b1011", "+0x_dead", "0o7777", "2026-11-29T10:20:30.5Z", "2026-1-2 3:04:05 +01:00",
        "1_000.5e+10", "190:20:30.15", "+12345678", "-.5e-10", ".12345", "017_777", "-1:30:00", "1.0e+05"};
    String alphabet = "0123456789abcdefxABCDEFXbtTzZeE_-+.:/ \tinfNaNyoul~<=";
    Random random = new Random(6);
    for (String base : matching) {
      assertEquals(PyYaml.noResolverMatches(base), PyYaml.plainIsString(base), "'" + base + "'");
      for (int i = 0; i < 3_000; i++) {
        StringBuilder text = new StringBuilder(base);
        int at = random.nextInt(text.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        if (at < text.length() && random.nextBoolean()) {
          text.setCharAt(at, c);
        } else {
          text.insert(at, c);
        }
        String s = text.toString();
        assertEquals(PyYaml.noResolverMatches(s), PyYaml.plainIsString(s), "'" + s + "'");
      }
    }
    for (String s : new String[] {"3f2a9c0d1e4b4a5f9e8d7c6b5a493827", "0123456789", "1e+100", "123456.", "TRUE_1"}) {
      assertEquals(PyYaml.noResolverMatches(s), PyYaml.plainIsString(s), "'" + s + "'");
    }
  }
}
