package io.repro4j.runtime.sweep.slurm;

import java.util.Set;

/**
 * One trial's array task as last seen.
 *
 * @param index the trial's index (SLURM's array task id)
 * @param state SLURM's job state ({@code PENDING}, {@code RUNNING}, {@code COMPLETED}, {@code FAILED},
 *     {@code CANCELLED}, {@code TIMEOUT}, ...), or {@code UNKNOWN} when the controller has forgotten
 *     the task (after its {@code MinJobAge}) and the task left no exit file
 * @param reason SLURM's reason for a pending task, or what is known about an unknown one; "" if none
 * @param exitCode the trial JVM's exit code once the task finished and it is known, else null
 * @param restarts how often the task was requeued so far
 */
public record TaskState(int index, String state, String reason, Integer exitCode, int restarts) {
  private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY",
      "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "UNKNOWN");

  /** Whether the task will not run again. */
  public boolean finished() {
    return FINISHED.contains(state);
  }

  /** Whether the trial's JVM ran to its end and exited 0. */
  public boolean succeeded() {
    return state.equals("COMPLETED") && exitCode != null && exitCode == 0;
  }

  static boolean finished(String state) {
    return FINISHED.contains(state);
  }
}
