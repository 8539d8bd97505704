package io.repro4j.runtime.sweep;

import java.util.List;

/**
 * One trial of a sweep: its number (Hydra's {@code hydra.job.num}, from 0) and the overrides that
 * make its config, each one value (no sweep), in the order Hydra passes them to a job.
 */
public record Trial(int index, List<String> overrides) {
  public Trial {
    overrides = List.copyOf(overrides);
  }

  /** The overrides joined by blanks, as Hydra prints a job ({@code #3 : db=postgres lr=0.01}). */
  public String describe() {
    return String.join(" ", overrides);
  }
}
