package io.repro4j.runtime.tracking;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment variables a run records in {@code environment.json}: those that change what a
 * job computes or where it ran ({@code SLURM_*}, {@code CUDA_VISIBLE_DEVICES}, thread counts,
 * {@code JAVA_HOME}, {@code HOSTNAME}, {@code USER}) plus every name on the comma-separated
 * allow-list in {@code REPRO4J_ENV} ({@code REPRO4J_ENV=MY_SEED,PBS_*}; a trailing {@code *} takes
 * a prefix). The rest of the environment is not recorded: it is mostly noise and often secret.
 */
public final class EnvironmentVariables {
  private EnvironmentVariables() {}

  /** The variable naming extra variables (or {@code PREFIX_*} patterns) to record. */
  public static final String ALLOW_LIST_VARIABLE = "REPRO4J_ENV";

  private static final Set<String> ALWAYS =
      Set.of(
          "CUDA_VISIBLE_DEVICES",
          "OMP_NUM_THREADS",
          "MKL_NUM_THREADS",
          "JAVA_HOME",
          "HOSTNAME",
          "USER",
          ALLOW_LIST_VARIABLE);

  private static final String ALWAYS_PREFIX = "SLURM_";

  /**
   * The recorded variables of {@code environment}, sorted by name; the value of each one whose name
   * {@linkplain Secrets#looksSecret looks secret} is {@link Secrets#MASK}, whatever selected it.
   */
  public static Map<String, String> recorded(Map<String, String> environment) {
    String[] allowList = environment.getOrDefault(ALLOW_LIST_VARIABLE, "").split(",");
    Map<String, String> recorded = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (selected(name, allowList)) {
            recorded.put(name, Secrets.looksSecret(name) ? Secrets.MASK : value);
          }
        });
    return recorded;
  }

  private static boolean selected(String name, String[] allowList) {
    if (ALWAYS.contains(name) || name.startsWith(ALWAYS_PREFIX)) {
      return true;
    }
    for (String entry : allowList) {
      String pattern = entry.trim();
      if (pattern.isEmpty()) {
        continue;
      }
      boolean matches =
          pattern.endsWith("*")
              ? name.startsWith(pattern.substring(0, pattern.length() - 1))
              : name.equals(pattern);
      if (matches) {
        return true;
      }
    }
    return false;
  }
}
