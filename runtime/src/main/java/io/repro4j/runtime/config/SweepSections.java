package io.repro4j.runtime.config;

import java.util.List;

/**
 * What a sweep reads from its primary config files besides their values, from one reading of
 * them: the overrides under their {@code sweep:} keys and the entries under their {@code slurm:}
 * keys, each file by file in merge order.
 *
 * @param sweep the overrides a multirun sweeps before the command line's (Hydra's {@code
 *     hydra.sweeper.params})
 * @param slurm the SLURM launcher's options before {@code --slurm} overrides them (a later
 *     file's entry wins)
 */
public record SweepSections(List<String> sweep, List<LauncherSetting> slurm) {
  /** Copies both lists. */
  public SweepSections {
    sweep = List.copyOf(sweep);
    slurm = List.copyOf(slurm);
  }
}
