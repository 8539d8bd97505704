package io.repro4j.runtime.launch;

import io.repro4j.runtime.sweep.SweepOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a trainer's {@code main}: Hydra-style overrides ({@code lr=0.01}) and a few
 * options. Parsed by hand: the grammar of the options is a handful of words, and the runtime stays small.
 *
 * @param help {@code --help} / {@code -h}
 * @param printConfig {@code --cfg}: print the resolved config as YAML and exit
 * @param info {@code --info}: print every key's value and where it came from, and exit
 * @param trackingUri {@code --tracking-uri URI}, else {@code MLFLOW_TRACKING_URI}, else {@code ./mlruns}
 * @param overrides the override texts in order
 * @param systemMetrics {@code --system-metrics} (or {@code REPRO4J_SYSTEM_METRICS=true}): sample CPU,
 *     memory, heap and GC as {@code system/*} metrics while training
 * @param systemMetricsIntervalMs {@code --system-metrics-interval SECONDS}, in milliseconds
 * @param lock {@code --lock}: write or update the lock file with the datasets' hashes, and exit
 * @param lockCheck {@code --lock-check}: exit 2 when the lock file is not up to date, and exit
 * @param lockFile {@code --lock-file PATH}, or {@code null} for {@code ./repro4j.lock}
 * @param allowDataDrift {@code --allow-data-drift}: run on data that does not match the lock file,
 *     recording the drift
 * @param hashCache {@code --hash-cache DIR}, {@link #NO_HASH_CACHE} for {@code --no-hash-cache},
 *     or null for the default ({@code REPRO4J_CACHE_DIR}, else {@code .repro4j/cache/hashes})
 * @param sweep {@code --multirun} and the other sweep options
 */
record CommandLine(
    boolean help,
    boolean printConfig,
    boolean info,
    String trackingUri,
    List<String> overrides,
    boolean systemMetrics,
    long systemMetricsIntervalMs,
    boolean lock,
    boolean lockCheck,
    String lockFile,
    boolean allowDataDrift,
    String hashCache,
    SweepOptions sweep) {

  static final String DEFAULT_TRACKING_URI = "./mlruns";
  /** {@link #hashCache()} when {@code --no-hash-cache} was given. */
  static final String NO_HASH_CACHE = "";

  /** Thrown for arguments that are not options we know nor overrides. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static CommandLine parse(String[] args, Map<String, String> environment) throws UsageException {
    boolean help = false;
    boolean printConfig = false;
    boolean info = false;
    String trackingUri = null;
    Boolean systemMetrics = null;
    long systemMetricsIntervalMs = SystemMetricsSampler.DEFAULT_INTERVAL_MS;
    List<String> overrides = new ArrayList<>();
    boolean lock = false;
    boolean lockCheck = false;
    String lockFile = null;
    boolean allowDataDrift = false;
    String hashCache = null;
    SweepArguments sweep = new SweepArguments();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int consumed = sweep.accept(args, i);
      if (consumed > 0) {
        i += consumed - 1;
      } else if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
      } else if (arg.equals("--cfg")) {
        printConfig = true;
      } else if (arg.equals("--info")) {
        info = true;
      } else if (arg.equals("--tracking-uri")) {
        if (i + 1 == args.length || args[i + 1].isEmpty()) {
          throw new UsageException("--tracking-uri needs a value, e.g. --tracking-uri ./mlruns");
        }
        trackingUri = args[++i];
      } else if (arg.startsWith("--tracking-uri=")) {
        trackingUri = arg.substring("--tracking-uri=".length());
        if (trackingUri.isEmpty()) {
          throw new UsageException("--tracking-uri needs a value, e.g. --tracking-uri=./mlruns");
        }
      } else if (arg.equals("--system-metrics")) {
        systemMetrics = true;
      } else if (arg.equals("--system-metrics-interval") || arg.startsWith("--system-metrics-interval=")) {
        String seconds;
        if (arg.contains("=")) {
          seconds = arg.substring(arg.indexOf('=') + 1);
        } else if (i + 1 == args.length) {
          seconds = "";
        } else {
          seconds = args[++i];
        }
        systemMetricsIntervalMs = intervalMs(seconds);
        systemMetrics = true; // an interval asks for the sampling
      } else if (arg.equals("--lock")) {
        lock = true;
      } else if (arg.equals("--lock-check")) {
        lockCheck = true;
      } else if (arg.equals("--allow-data-drift")) {
        allowDataDrift = true;
      } else if (arg.equals("--lock-file") || arg.startsWith("--lock-file=")) {
        lockFile = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : i + 1 < args.length ? args[++i] : "";
        if (lockFile.isEmpty()) {
          throw new UsageException("--lock-file needs a path, e.g. --lock-file repro4j.lock");
        }
      } else if (arg.equals("--no-hash-cache") || arg.equals("--hash-cache") || arg.startsWith("--hash-cache=")) {
        String dir = arg.equals("--no-hash-cache") ? NO_HASH_CACHE
            : arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
            : i + 1 < args.length ? args[++i] : null;
        if (dir == null || (dir.isEmpty() && !arg.equals("--no-hash-cache"))) {
          throw new UsageException("--hash-cache needs a directory, e.g. --hash-cache .repro4j/cache/hashes");
        }
        if (hashCache != null && !hashCache.equals(dir)) {
          throw new UsageException("--hash-cache and --no-hash-cache are given more than once with"
              + " different values; give one");
        }
        hashCache = dir;
      } else if (arg.startsWith("-") && !arg.contains("=")) {
        throw new UsageException(
            "unknown option '" + arg + "'; the options are --help, --cfg, --info, --tracking-uri URI,"
                + " --system-metrics, --system-metrics-interval SECONDS, --lock, --lock-check,"
                + " --lock-file PATH, --allow-data-drift, --hash-cache DIR, --no-hash-cache, and for sweeps --multirun (-m),"
                + " --jobs N, --isolate, --fail-fast, --trials N, --sweep-seed N, --optimize METRIC[:min|max],"
                + " --resume SWEEP, --launcher local|slurm, --slurm KEY=VALUE, --detach;"
                + " everything else is an override KEY=VALUE");
      } else {
        overrides.add(arg);
      }
    }
    if (trackingUri == null) {
      String fromEnvironment = environment.get("MLFLOW_TRACKING_URI");
      trackingUri =
          fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_TRACKING_URI : fromEnvironment;
    }
    if (systemMetrics == null) {
      systemMetrics = systemMetricsFromEnvironment(environment.get(SYSTEM_METRICS_VARIABLE));
    }
    if (lock && lockCheck) {
      throw new UsageException("--lock writes the lock file and --lock-check only checks it: pass one of them");
    }
    if (allowDataDrift && (lock || lockCheck)) {
      throw new UsageException("--allow-data-drift is for a run; --lock and --lock-check do not run");
    }
    return new CommandLine(
        help, printConfig, info, trackingUri, List.copyOf(overrides), systemMetrics, systemMetricsIntervalMs,
        lock, lockCheck, lockFile, allowDataDrift, hashCache, sweep.options(printConfig || info || lock || lockCheck));
  }

  static final String SYSTEM_METRICS_VARIABLE = "REPRO4J_SYSTEM_METRICS";

  private static boolean systemMetricsFromEnvironment(String value) throws UsageException {
    if (value == null || value.isBlank()) {
      return false;
    }
    String word = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (word.equals("true") || word.equals("1")) {
      return true;
    }
    if (word.equals("false") || word.equals("0")) {
      return false;
    }
    throw new UsageException(
        SYSTEM_METRICS_VARIABLE + "='" + value + "' is not a boolean; set it to true or false (or unset it)");
  }

  /** Seconds as the user writes them ({@code 5}, {@code 0.5}) to milliseconds, at least 10 ms. */
  private static long intervalMs(String seconds) throws UsageException {
    double value;
    try {
      value = Double.parseDouble(seconds.trim());
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (seconds.isBlank() || !(value >= 0.01 && value <= 86_400)) {
      throw new UsageException("--system-metrics-interval needs a number of seconds from 0.01 to 86400,"
          + " e.g. --system-metrics-interval 5; got '" + seconds + "'");
    }
    return Math.round(value * 1000);
  }
}
