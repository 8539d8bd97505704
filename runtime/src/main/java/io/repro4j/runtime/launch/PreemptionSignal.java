package io.repro4j.runtime.launch;

import java.util.Map;
import java.util.Set;

/**
 * Turns a signal into {@link io.repro4j.runtime.RunContext#preemptionRequested()}. Installed only
 * when {@value #VARIABLE} names the signal (the SLURM launcher's task script sets it), so an
 * ordinary run keeps the JVM's default signal handling. The handler runs on the JVM's signal
 * thread and only sets a volatile flag.
 */
final class PreemptionSignal {
  /** The environment variable naming the signal that requests preemption, e.g. {@code USR1}. */
  static final String VARIABLE = "REPRO4J_PREEMPT_SIGNAL";
  // TERM and INT stay with the shutdown hook that marks a run KILLED; USR2 is HotSpot's own.
  private static final Set<String> ALLOWED = Set.of("USR1", "HUP", "URG");

  private volatile boolean requested;

  private PreemptionSignal() {}

  /**
   * The handler named by the environment, installed, or null when the variable is unset.
   *
   * @throws IllegalArgumentException when the variable names a signal that cannot be used
   */
  static PreemptionSignal install(Map<String, String> environment) {
    String name = environment.get(VARIABLE);
    if (name == null || name.isBlank()) {
      return null;
    }
    String signal = name.trim().toUpperCase(java.util.Locale.ROOT);
    if (signal.startsWith("SIG")) {
      signal = signal.substring(3);
    }
    if (!ALLOWED.contains(signal)) {
      throw new IllegalArgumentException(VARIABLE + "=" + name + " cannot request preemption; use USR1 (or HUP,"
          + " URG): TERM and INT mark the run KILLED and USR2 belongs to the JVM");
    }
    PreemptionSignal handler = new PreemptionSignal();
    // sun.misc.Signal (module jdk.unsupported) is the JDK's only way to catch a signal; javac warns.
    try {
      sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> handler.requested = true);
    } catch (IllegalArgumentException e) { // the JVM or the OS reserves that signal
      throw new IllegalArgumentException(VARIABLE + "=" + name + ": this JVM cannot catch SIG" + signal + " ("
          + e.getMessage() + "); set " + VARIABLE + " to another signal", e);
    }
    return handler;
  }

  boolean requested() {
    return requested;
  }
}
