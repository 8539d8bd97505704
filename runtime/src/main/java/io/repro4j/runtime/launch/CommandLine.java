package io.repro4j.runtime.launch;

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
 */
record CommandLine(
    boolean help, boolean printConfig, boolean info, String trackingUri, List<String> overrides) {

  static final String DEFAULT_TRACKING_URI = "./mlruns";

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
    List<String> overrides = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
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
      } else if (arg.startsWith("-") && !arg.contains("=")) {
        throw new UsageException(
            "unknown option '" + arg + "'; the options are --help, --cfg, --info and --tracking-uri URI,"
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
    return new CommandLine(help, printConfig, info, trackingUri, List.copyOf(overrides));
  }
}
