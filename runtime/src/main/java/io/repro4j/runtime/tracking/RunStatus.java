package io.repro4j.runtime.tracking;

/**
 * A run's status, with the integer MLflow stores in a run's {@code meta.yaml} (proto {@code
 * RunStatus}).
 */
public enum RunStatus {
  /** Started and not finished (also what a crashed process leaves behind). */
  RUNNING(1),
  /** Created, not started. */
  SCHEDULED(2),
  /** Ended normally. */
  FINISHED(3),
  /** Ended with an error. */
  FAILED(4),
  /** Stopped from outside (interrupt, signal, cancelled sweep). */
  KILLED(5);

  private final int code;

  RunStatus(int code) {
    this.code = code;
  }

  /** The integer in {@code meta.yaml}. */
  public int code() {
    return code;
  }

  /** Whether the run has ended: {@link #FINISHED}, {@link #FAILED} or {@link #KILLED}. */
  public boolean isTerminal() {
    return this == FINISHED || this == FAILED || this == KILLED;
  }

  /**
   * The status stored as {@code code}.
   *
   * @throws IllegalArgumentException for codes other than 1 to 5
   */
  public static RunStatus ofCode(int code) {
    for (RunStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "Unknown MLflow run status code " + code + "; expected 1 (RUNNING) to 5 (KILLED)");
  }
}
