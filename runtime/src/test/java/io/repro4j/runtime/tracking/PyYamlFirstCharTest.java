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
}
