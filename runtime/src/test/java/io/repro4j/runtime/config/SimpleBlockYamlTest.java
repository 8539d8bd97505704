package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Where the hand-written writer answers, its bytes are SnakeYAML's; elsewhere it declines. */
class SimpleBlockYamlTest {
  private static final String[] STRINGS = {
    "adam", "x", "lr", "data/x.csv", "/abs/path", "x=3", "opt.name=sgd", "a+b", "a-b", "_self_", "y", "n",
    "yes", "No", "ON", "off", "null", "Null", "true", "False", "~", "", "???", "-x", "+x=1", "1e5", "0x1F",
    "2026-11-29", "a b", "a: b", "a #b", "#c", "'q'", "\"q\"", "x\ny", "é", "key:", "a,b", "[a]", "{a}", "&a",
    "*a", "!a", "|a", "%a", "@a", "`a", "---", "...", ".inf", ".5", "=", "<<", "a:b", "a=", "x".repeat(130),
    "ok_" + "k".repeat(97), "ok_" + "k".repeat(98)};

  private static Object leaf(SplittableRandom random) {
    switch (random.nextInt(9)) {
      case 0: return random.nextInt(-1000, 1000);
      case 1: return random.nextLong();
      case 2: return random.nextBoolean();
      case 3: return null;
      case 4: return random.nextDouble() * Math.pow(10, random.nextInt(-8, 20)) * (random.nextBoolean() ? 1 : -1);
      case 5: return (float) random.nextDouble();
      case 6: return new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e16, 100.0}
          [random.nextInt(6)];
      default: return STRINGS[random.nextInt(STRINGS.length)];
    }
  }

  private static Map<String, Object> mapping(SplittableRandom random, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    int size = random.nextInt(depth == 0 ? 1 : 0, 4);
    for (int i = 0; i < size; i++) {
      String key = STRINGS[random.nextInt(STRINGS.length)];
      map.put(key, depth < 2 && random.nextInt(4) == 0 ? mapping(random, depth + 1) : leaf(random));
    }
    return map;
  }

  @Test
  void writesWhatSnakeYamlWritesOrDeclines() {
    SplittableRandom random = new SplittableRandom(6);
    int written = 0;
    for (int i = 0; i < 20_000; i++) {
      Object root;
      if (random.nextInt(3) == 0) {
        List<Object> list = new ArrayList<>();
        for (int k = random.nextInt(1, 4); k > 0; k--) {
          list.add(STRINGS[random.nextInt(STRINGS.length)]);
        }
        root = list;
      } else {
        root = mapping(random, 0);
      }
      String simple = SimpleBlockYaml.write(root);
      if (simple != null) {
        written++;
        assertEquals(ConfigYaml.dumpWithSnakeYaml(root), simple, String.valueOf(root));
      }
    }
    // The comparison above must have had something to compare.
    assertEquals(true, written > 1_000, "written " + written);
  }

  @Test
  void declinesWhatItCannotBeSureOf() {
    assertNull(SimpleBlockYaml.write(Map.of()));
    assertNull(SimpleBlockYaml.write(List.of()));
    assertNull(SimpleBlockYaml.write(Map.of("a", Map.of())));
    assertNull(SimpleBlockYaml.write(Map.of("a", List.of(1))));
    assertNull(SimpleBlockYaml.write(Map.of("a", "???")));
    assertNull(SimpleBlockYaml.write(Map.of("on", 1)));
    assertNull(SimpleBlockYaml.write(List.of("x=1", "a b")));
    Map<String, Object> opt = new LinkedHashMap<>();
    opt.put("name", "adam");
    opt.put("lr", 0.001);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("x", 3);
    root.put("opt", opt);
    assertEquals("x: 3\nopt:\n  name: adam\n  lr: 0.001\n", SimpleBlockYaml.write(root));
  }
}
