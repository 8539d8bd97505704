package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunNamesTest {
  @Test
  void shapeAndLength() {
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 5000; i++) {
      String name = RunNames.random(r);
      assertTrue(name.matches("[a-z]+-[a-z]+-(0|[1-9][0-9]{0,2})"), name);
      assertTrue(name.length() <= 20, name);
      MlflowNames.checkKey("tag name", name); // usable anywhere a key is
    }
  }

  @Test
  void wordListsAreLargeShortAndDistinct() {
    assertTrue(RunNames.ADJECTIVES.size() >= 50 && RunNames.NOUNS.size() >= 50);
    assertEquals(RunNames.ADJECTIVES.size(), new HashSet<>(RunNames.ADJECTIVES).size());
    assertEquals(RunNames.NOUNS.size(), new HashSet<>(RunNames.NOUNS).size());
    int longest =
        RunNames.ADJECTIVES.stream().mapToInt(String::length).max().getAsInt()
            + RunNames.NOUNS.stream().mapToInt(String::length).max().getAsInt()
            + 5;
    assertTrue(longest <= 20, "longest possible name has " + longest + " characters");
  }

  @Test
  void deterministicForASeed() {
    assertEquals(RunNames.random(new SplittableRandom(9)), RunNames.random(new SplittableRandom(9)));
  }
}
