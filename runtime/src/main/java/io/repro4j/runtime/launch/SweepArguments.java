package io.repro4j.runtime.launch;

import io.repro4j.runtime.sweep.SweepOptions;
import io.repro4j.runtime.sweep.slurm.SlurmLauncher;
import java.util.ArrayList;
import java.util.List;

/** Collects the sweep options of a command line ({@code -m}, {@code --jobs N}, ...). */
final class SweepArguments {
  private boolean multirun;
  private Integer jobs;
  private boolean isolate;
  private boolean failFast;
  private Integer trials;
  private Long seed;
  private String resume;
  private String optimize;
  private String launcher;
  private final List<String> slurm = new ArrayList<>();
  private boolean detach;

  /**
   * Takes the option at {@code args[i]} if it is a sweep option.
   *
   * @return how many arguments it used (0 when it is not a sweep option)
   */
  int accept(String[] args, int i) throws CommandLine.UsageException {
    String arg = args[i];
    if (arg.equals("--multirun") || arg.equals("-m")) {
      multirun = true;
      return 1;
    }
    if (arg.equals("--isolate")) {
      isolate = true;
      return 1;
    }
    if (arg.equals("--fail-fast")) {
      failFast = true;
      return 1;
    }
    if (arg.equals("--detach")) {
      detach = true;
      return 1;
    }
    String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
    switch (name) {
      case "--jobs", "--trials", "--sweep-seed", "--resume", "--optimize", "--launcher", "--slurm" -> { }
      default -> {
        return 0;
      }
    }
    String value;
    int used;
    if (arg.contains("=")) {
      value = arg.substring(arg.indexOf('=') + 1);
      used = 1;
    } else if (i + 1 < args.length) {
      value = args[i + 1];
      used = 2;
    } else {
      value = "";
      used = 1;
    }
    switch (name) {
      case "--jobs" -> jobs = positive(name, value, 1024);
      case "--trials" -> trials = positive(name, value, 1_000_000);
      case "--sweep-seed" -> seed = seed(value);
      case "--resume" -> resume = word(name, value, "the sweep's id, as printed when it started (repro4j sweep status lists it)");
      case "--optimize" -> optimize = word(name, value, "a @Metric name, optionally with :min or :max, e.g. --optimize accuracy:max");
      case "--slurm" -> slurm.add(word(name, value, "KEY=VALUE, e.g. --slurm partition=gpu; the keys are: "
          + String.join(", ", io.repro4j.runtime.sweep.slurm.SlurmOptions.KEYS.keySet())));
      default -> launcher = launcher(value);
    }
    return used;
  }

  SweepOptions options(boolean inspecting) throws CommandLine.UsageException {
    boolean sweeping = multirun || resume != null;
    if (!sweeping) {
      String given = jobs != null ? "--jobs" : isolate ? "--isolate" : failFast ? "--fail-fast"
          : trials != null ? "--trials" : seed != null ? "--sweep-seed" : optimize != null ? "--optimize"
          : launcher != null ? "--launcher" : !slurm.isEmpty() ? "--slurm" : detach ? "--detach" : null;
      if (given != null) {
        throw new CommandLine.UsageException(
            given + " applies to sweeps only; add --multirun (-m) and sweep a key, e.g. -m lr=0.1,0.01");
      }
      return SweepOptions.NONE;
    }
    if (inspecting) {
      throw new CommandLine.UsageException(
          "--cfg, --info, --lock and --lock-check work on one config; drop --multirun, or give one value of each"
              + " swept key");
    }
    boolean onSlurm = "slurm".equals(launcher);
    if (!onSlurm && (!slurm.isEmpty() || detach)) {
      throw new CommandLine.UsageException((detach ? "--detach" : "--slurm") + " applies to the SLURM launcher only;"
          + " add --launcher slurm");
    }
    if (onSlurm && isolate) {
      throw new CommandLine.UsageException("--isolate applies to the local launcher; under --launcher slurm every trial"
          + " runs in its own JVM anyway: drop --isolate");
    }
    if (onSlurm) {
      if (jobs != null) {
        // --jobs N caps the trials at once, as locally; a later --slurm array_parallelism=M wins
        slurm.add(0, "array_parallelism=" + jobs);
      }
      try {
        SlurmLauncher.options(slurm);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.UsageException(e.getMessage());
      }
    }
    if (isolate && jobs == null) {
      jobs = 1;
    }
    return new SweepOptions(
        true, jobs == null ? 1 : jobs, isolate, failFast, trials == null ? 0 : trials, seed == null ? 0 : seed,
        resume, optimize, launcher == null ? "local" : launcher, slurm, detach);
  }

  private static int positive(String option, String value, int max) throws CommandLine.UsageException {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CommandLine.UsageException(
        option + " needs a whole number from 1 to " + max + ", e.g. " + option + " 4; got '" + value + "'");
  }

  private static long seed(String value) throws CommandLine.UsageException {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new CommandLine.UsageException("--sweep-seed needs a whole number, e.g. --sweep-seed 7; got '" + value + "'");
    }
  }

  private static String word(String option, String value, String what) throws CommandLine.UsageException {
    if (value.isBlank() || value.startsWith("-")) {
      throw new CommandLine.UsageException(option + " needs " + what);
    }
    return value.trim();
  }

  private static String launcher(String value) throws CommandLine.UsageException {
    if (!value.equals("local") && !value.equals("slurm")) {
      throw new CommandLine.UsageException(
          "--launcher '" + value + "' is not known; the launchers are: local, slurm");
    }
    return value;
  }
}
