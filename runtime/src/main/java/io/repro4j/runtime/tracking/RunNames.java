package io.repro4j.runtime.tracking;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random run names in MLflow's style, {@code <adjective>-<noun>-<0..999>} (e.g. {@code
 * calm-otter-418}), from our own word lists. Words have at most 7 letters, so a name has at most
 * 7 + 1 + 7 + 1 + 3 = 19 characters (MLflow keeps them within 20).
 */
public final class RunNames {
  private RunNames() {}

  static final List<String> ADJECTIVES =
      List.of(
          "able", "agile", "amber", "bold", "brave", "brisk", "bright", "calm", "clever", "cosmic",
          "crisp", "daring", "deft", "eager", "early", "fair", "fancy", "fast", "fierce", "gentle",
          "giddy", "glad", "grand", "happy", "hardy", "honest", "jolly", "keen", "kind", "lively",
          "loyal", "lucid", "lucky", "merry", "mighty", "modest", "nimble", "noble", "plucky",
          "polite", "proud", "quick", "quiet", "rapid", "serene", "sharp", "shiny", "steady",
          "sunny", "swift", "tidy", "vivid", "wise", "witty", "zesty");

  static final List<String> NOUNS =
      List.of(
          "badger", "bass", "bat", "bear", "beaver", "bee", "bison", "carp", "cat", "colt", "crab",
          "crane", "crow", "deer", "dove", "duck", "eagle", "eel", "elk", "falcon", "finch", "fox",
          "frog", "gecko", "goat", "goose", "hare", "hawk", "heron", "horse", "ibis", "koala",
          "lark", "lemur", "lion", "llama", "lynx", "mole", "moose", "moth", "newt", "otter", "owl",
          "panda", "pike", "puma", "quail", "raven", "robin", "seal", "shark", "sloth", "snail",
          "stork", "swan", "tiger", "toad", "trout", "whale", "wolf", "wren", "yak", "zebra");

  /** A name such as {@code brisk-heron-72}, drawn from {@code r}. */
  public static String random(RandomGenerator r) {
    return ADJECTIVES.get(r.nextInt(ADJECTIVES.size()))
        + "-"
        + NOUNS.get(r.nextInt(NOUNS.size()))
        + "-"
        + r.nextInt(1000);
  }
}
