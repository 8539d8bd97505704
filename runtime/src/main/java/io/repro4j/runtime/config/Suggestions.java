package io.repro4j.runtime.config;

import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for keys and enum constants: the closest candidate by edit distance. */
final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code typed}: a case-insensitive match wins outright; otherwise the one
   * with the smallest Damerau-Levenshtein distance (optimal string alignment, compared
   * case-insensitively) if it is at most a third of {@code typed}'s length, and at least 1. Ties go
   * to the first candidate, so declaration order decides.
   */
  static Optional<String> closest(String typed, Iterable<String> candidates) {
    String needle = typed.toLowerCase(Locale.ROOT);
    int limit = Math.max(1, typed.length() / 3);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      if (candidate.equalsIgnoreCase(typed)) {
        return Optional.of(candidate);
      }
      int distance = distance(needle, candidate.toLowerCase(Locale.ROOT));
      if (distance <= limit && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
   * adjacent characters each cost 1 ("lrr" to "lr" is 1, "lr" to "rl" is 1).
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
