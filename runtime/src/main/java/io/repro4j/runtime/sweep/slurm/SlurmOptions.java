package io.repro4j.runtime.sweep.slurm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the trials' job array is requested from SLURM: each value becomes one {@code #SBATCH} line of
 * the array's batch script. {@link #DEFAULTS} asks for nothing the cluster does not default itself,
 * except a 60-minute limit, one CPU per trial, a requeue bound of 3 and the preemption signal 120 s
 * before the limit.
 *
 * <p>{@link #parse} reads the settings from {@code key=value} text (the command line or a YAML
 * map); the keys follow Hydra's submitit launcher where it has one.
 *
 * @param jobName {@code --job-name}
 * @param partition {@code --partition}, or null for the cluster's default
 * @param account {@code --account}, or null
 * @param time {@code --time} in SLURM's syntax ({@code 90}, {@code 1:30:00}, {@code 2-00:00:00})
 * @param cpusPerTask {@code --cpus-per-task}
 * @param memory {@code --mem} in SLURM's syntax ({@code 4G}, {@code 500M}), or null
 * @param gpus GPUs per trial ({@code --gres=gpu:N}); 0 for none
 * @param arrayParallelism at most this many trials run at once ({@code --array=...%N}); 0 for no limit
 * @param signalDelaySeconds seconds before the time limit that SLURM signals a trial to checkpoint
 *     ({@code --signal=B:USR1@N}); SLURM delivers it up to a minute early
 * @param maxRequeues how often a trial that checkpointed on that signal is requeued; 0 turns requeue off
 * @param extraLines further sbatch options, one per {@code #SBATCH} line, e.g. {@code --qos=long}
 */
public record SlurmOptions(
    String jobName,
    String partition,
    String account,
    String time,
    int cpusPerTask,
    String memory,
    int gpus,
    int arrayParallelism,
    int signalDelaySeconds,
    int maxRequeues,
    List<String> extraLines) {

  // SLURM's --time forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S.
  private static final Pattern TIME =
      Pattern.compile("\\d+|\\d+:\\d{1,2}|\\d+:\\d{1,2}:\\d{1,2}|\\d+-\\d+(:\\d{1,2}){0,2}");
  private static final Pattern MEMORY = Pattern.compile("\\d+[KMGT]?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.+-]+");
  private static final Pattern PARTITIONS = Pattern.compile("[A-Za-z0-9_.+-]+(,[A-Za-z0-9_.+-]+)*");
  private static final Pattern OPTION = Pattern.compile("--?[A-Za-z].*");

  /** What {@link #parse} starts from. */
  public static final SlurmOptions DEFAULTS =
      new SlurmOptions("repro4j-sweep", null, null, "60", 1, null, 0, 0, 120, 3, List.of());

  /** The keys {@link #parse} accepts, with what each means. */
  public static final Map<String, String> KEYS = keys();

  public SlurmOptions {
    check(jobName != null && NAME.matcher(jobName).matches(), "job_name", jobName, "letters, digits and _ . + - only");
    check(partition == null || PARTITIONS.matcher(partition).matches(), "partition", partition,
        "a partition name, or several separated by commas");
    check(account == null || NAME.matcher(account).matches(), "account", account, "letters, digits and _ . + - only");
    check(time != null && TIME.matcher(time).matches(), "time", time,
        "SLURM's --time syntax: minutes (90), H:MM:SS (1:30:00) or D-HH:MM:SS (2-00:00:00)");
    check(cpusPerTask >= 1, "cpus_per_task", cpusPerTask, "at least 1");
    check(memory == null || MEMORY.matcher(memory).matches(), "mem", memory,
        "a number of megabytes or a number with K, M, G or T (4G, 500M)");
    check(gpus >= 0, "gpus", gpus, "0 or more");
    check(arrayParallelism >= 0, "array_parallelism", arrayParallelism, "0 (no limit) or more");
    check(signalDelaySeconds >= 0 && signalDelaySeconds <= 65535, "signal_delay_s", signalDelaySeconds,
        "0 to 65535 seconds");
    check(maxRequeues >= 0, "max_requeues", maxRequeues, "0 (never requeue) or more");
    extraLines = List.copyOf(extraLines);
    for (String line : extraLines) {
      check(OPTION.matcher(line).matches() && line.indexOf('\n') < 0 && line.indexOf('\r') < 0, "extra", line,
          "one sbatch option per entry, starting with - or -- (e.g. --qos=long)");
    }
  }

  /**
   * These options with {@code settings} applied over them; keys as in {@link #KEYS}. Values are
   * text, as written on a command line or in YAML; {@code extra} may be given several times by
   * listing it (a YAML list) or by separating lines with newlines.
   *
   * @param source where the settings come from, for messages (e.g. {@code conf/slurm.yaml} or
   *     {@code the command line})
   * @throws IllegalArgumentException naming the key, its value, the source and what is accepted
   */
  public SlurmOptions with(Map<String, ?> settings, String source) {
    String jobName = this.jobName;
    String partition = this.partition;
    String account = this.account;
    String time = this.time;
    int cpus = this.cpusPerTask;
    String memory = this.memory;
    int gpus = this.gpus;
    int parallelism = this.arrayParallelism;
    int signalDelay = this.signalDelaySeconds;
    int requeues = this.maxRequeues;
    List<String> extra = new ArrayList<>(this.extraLines);
    for (Map.Entry<String, ?> entry : settings.entrySet()) {
      String key = entry.getKey();
      Object raw = entry.getValue();
      String value = raw == null ? null : String.valueOf(raw).strip();
      try {
        switch (key) {
          case "job_name" -> jobName = value;
          case "partition" -> partition = emptyToNull(value);
          case "account" -> account = emptyToNull(value);
          case "time" -> time = value;
          case "cpus_per_task" -> cpus = integer(key, value);
          case "mem" -> memory = emptyToNull(value);
          case "gpus" -> gpus = integer(key, value);
          case "array_parallelism" -> parallelism = integer(key, value);
          case "signal_delay_s" -> signalDelay = integer(key, value);
          case "max_requeues" -> requeues = integer(key, value);
          case "extra" -> {
            if (raw instanceof List<?> lines) {
              lines.forEach(line -> extra.add(String.valueOf(line).strip()));
            } else if (value != null) {
              value.lines().map(String::strip).filter(line -> !line.isEmpty()).forEach(extra::add);
            }
          }
          default -> throw new IllegalArgumentException("unknown SLURM option '" + key + "'; the options are: "
              + String.join(", ", KEYS.keySet()));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
      }
    }
    try {
      return new SlurmOptions(jobName, partition, account, time, cpus, memory, gpus, parallelism, signalDelay,
          requeues, extra);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** {@link #DEFAULTS} with {@code settings} applied; see {@link #with}. */
  public static SlurmOptions parse(Map<String, ?> settings, String source) {
    return DEFAULTS.with(settings, source);
  }

  /** The {@code #SBATCH} options these settings stand for, without the array and the log paths. */
  List<String> sbatchOptions() {
    List<String> options = new ArrayList<>();
    options.add("--job-name=" + jobName);
    if (partition != null) {
      options.add("--partition=" + partition);
    }
    if (account != null) {
      options.add("--account=" + account);
    }
    options.add("--time=" + time);
    options.add("--cpus-per-task=" + cpusPerTask);
    if (memory != null) {
      options.add("--mem=" + memory);
    }
    if (gpus > 0) {
      options.add("--gres=gpu:" + gpus);
    }
    if (maxRequeues > 0) {
      // B: signals the batch shell, which passes it on to the JVM; the JVM's run then checkpoints.
      options.add("--signal=B:USR1@" + signalDelaySeconds);
      options.add("--requeue");
    } else {
      options.add("--no-requeue");
    }
    options.addAll(extraLines);
    return options;
  }

  private static int integer(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SLURM option " + key + "='" + value + "' is not a whole number", e);
    }
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException("SLURM option " + key + "='" + value + "' is not valid: expected " + expected);
    }
  }

  private static Map<String, String> keys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("job_name", "--job-name (default repro4j-sweep)");
    keys.put("partition", "--partition (default: the cluster's)");
    keys.put("account", "--account");
    keys.put("time", "--time per trial, SLURM syntax (default 60 minutes)");
    keys.put("cpus_per_task", "--cpus-per-task (default 1)");
    keys.put("mem", "--mem per trial, e.g. 4G");
    keys.put("gpus", "GPUs per trial, --gres=gpu:N (default 0)");
    keys.put("array_parallelism", "at most N trials at once, --array=...%N (default 0: no limit)");
    keys.put("signal_delay_s", "signal USR1 this many seconds before the time limit (default 120)");
    keys.put("max_requeues", "requeue a trial that checkpointed on that signal at most N times (default 3)");
    keys.put("extra", "further sbatch options, one per line, e.g. --qos=long");
    return Collections.unmodifiableMap(keys);
  }
}
