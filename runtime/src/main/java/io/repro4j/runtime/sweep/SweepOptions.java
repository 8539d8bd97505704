package io.repro4j.runtime.sweep;

import java.util.List;

/**
 * The sweep options of a trainer's command line.
 *
 * @param multirun {@code --multirun} / {@code -m}: expand the sweeps in the overrides, one trial per
 *     combination (or {@code --resume})
 * @param jobs {@code --jobs N}: trials run at once by the local launcher
 * @param isolate {@code --isolate}: one JVM per trial instead of threads of this JVM
 * @param failFast {@code --fail-fast}: launch no further trial once one has failed
 * @param trials {@code --trials N}: random search with N trials; 0 for the grid
 * @param seed {@code --sweep-seed N}: the seed of the random search
 * @param resume {@code --resume SWEEP}: the parent run id of a sweep to finish, or null
 * @param optimize {@code --optimize METRIC[:min|max]}, or null for the first {@code @Metric} with a
 *     goal
 * @param launcher {@code --launcher NAME}: {@code local} (the default) or {@code slurm}
 * @param slurm {@code --slurm KEY=VALUE}, in order, for the SLURM launcher ({@code SlurmOptions}'s keys)
 * @param detach {@code --detach}: submit the SLURM array and return without waiting for it
 */
public record SweepOptions(
    boolean multirun,
    int jobs,
    boolean isolate,
    boolean failFast,
    int trials,
    long seed,
    String resume,
    String optimize,
    String launcher,
    List<String> slurm,
    boolean detach) {

  public SweepOptions {
    slurm = List.copyOf(slurm);
  }

  /** A single run: no sweep option given. */
  public static final SweepOptions NONE = new SweepOptions(false, 1, false, false, 0, 0, null, null, "local", List.of(), false);

  /** Whether random search was asked for. */
  public boolean random() {
    return trials > 0;
  }
}
