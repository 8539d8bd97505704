package io.repro4j.runtime.sweep.slurm;

import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ConfigProblem;
import io.repro4j.runtime.config.LauncherSetting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SLURM options of a sweep: {@link SlurmOptions#DEFAULTS}, then the entries of the config
 * files' {@code slurm:} sections in merge order, then {@code --slurm KEY=VALUE} from the command
 * line, a later setting of a key replacing an earlier one ({@code extra} lines add up, the command
 * line's last, so that sbatch lets them win).
 */
public final class SlurmSettings {
  private SlurmSettings() {}

  /**
   * Applies the config files' settings, then the command line's.
   *
   * @throws ConfigException one problem per bad entry of a {@code slurm:} section (unknown option,
   *     bad value), each at the entry's file, line and column
   * @throws IllegalArgumentException for a bad {@code --slurm} setting (the command line checks
   *     these first)
   */
  public static SlurmOptions combine(List<LauncherSetting> fromConfig, List<String> commandLine)
      throws ConfigException {
    SlurmOptions options = SlurmOptions.DEFAULTS;
    List<ConfigProblem> problems = new ArrayList<>();
    for (LauncherSetting setting : fromConfig) {
      Map<String, Object> one = new HashMap<>(); // a YAML null is a value here (no partition)
      one.put(setting.key(), setting.value());
      try {
        options = options.with(one, setting.origin().toString());
      } catch (IllegalArgumentException e) {
        String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        problems.add(new ConfigProblem(setting.origin(), "slurm." + setting.key(),
            reason + "; fix it under 'slurm:' in " + setting.origin().file()
                + " (or override it with --slurm KEY=VALUE)"));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return SlurmLauncher.options(options, commandLine);
  }
}
