package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** meta.yaml written line by line is byte for byte what the emitter transcription writes. */
class PyYamlFlatLinesTest {
  private static final String[] STRINGS = {
    "0", "890651861615041377", "3f2a9c0d1e4b4a5f9e8d7c6b5a493827", "f00d", "active", "deleted", "root",
    "file:///tmp/mlruns/0/3f2a/artifacts", "trial-3", "x=3", "sweep-omniscient-hound-12", "yes", "No", "on",
    "null", "~", "a~b", "", " ", "a b", "a:", "a: b", "a:b", ":a", "-a", "-", "?a", "...", "..a", ".a", ".inf",
    "1e5", "1.5", "0x1F", "0b101", "2026-11-29", "1:30", "<<", "=", "#a", "a#b", "'a'", "a'b", "\"a\"", "é",
    "a\nb", "_self_", "/abs/p", "+1", "x".repeat(101), "k".repeat(100), "a" + "b c ".repeat(30)};

  private static Object value(SplittableRandom random) {
    switch (random.nextInt(7)) {
      case 0: return null;
      case 1: return random.nextBoolean();
      case 2: return random.nextInt();
      case 3: return random.nextLong();
      case 4: return List.of();
      default: return STRINGS[random.nextInt(STRINGS.length)];
    }
  }

  @Test
  void flatLinesAgreeWithTheEmitter() {
    SplittableRandom random = new SplittableRandom(6);
    int flat = 0;
    for (int i = 0; i < 20_000; i++) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int k = random.nextInt(1, 6); k > 0; k--) {
        String key = random.nextInt(3) == 0 ? STRINGS[random.nextInt(STRINGS.length)] : "key" + random.nextInt(20);
        if (!key.isEmpty() && !key.contains("\n") && key.length() < 120) {
          map.put(key, value(random));
        }
      }
      if (map.isEmpty()) {
        continue;
      }
      String lines = PyYaml.flatLines(map);
      if (lines != null) {
        flat++;
        assertEquals(PyYaml.dumpByEmitter(map), lines, String.valueOf(map));
      }
    }
    assertTrue(flat > 2_000, "compared " + flat);
  }

  @Test
  void otherMapsGoToTheEmitter() {
    assertNull(PyYaml.flatLines(Map.of()));
    assertNull(PyYaml.flatLines(Map.of("k", "a b")));
    assertNull(PyYaml.flatLines(Map.of("k", Map.of("a", 1))));
    assertNull(PyYaml.flatLines(Map.of("k", List.of("a"))));
    assertNull(PyYaml.flatLines(Map.of("yes", 1)));
    assertEquals("experiment_id: '0'\nsource_name: ''\nstatus: 3\n",
        PyYaml.flatLines(Map.of("status", 3, "experiment_id", "0", "source_name", "")));
  }
}
