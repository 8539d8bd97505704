package io.repro4j.runtime.sweep;

import io.repro4j.runtime.Repro4j;
import java.nio.file.Path;

/**
 * How one trial's run ended.
 *
 * @param index the trial's index
 * @param exitCode its exit code: 0 finished, 1 training failed, 2 config or data error (no run),
 *     3 preempted (checkpointed and stopped; resumable)
 * @param log the file holding what the run printed
 */
public record TrialOutcome(int index, int exitCode, Path log) {
  public boolean ok() {
    return exitCode == 0;
  }

  /** Whether the trial checkpointed and stopped on the scheduler's request (exit 3): not a failure. */
  public boolean preempted() {
    return exitCode == Repro4j.EXIT_PREEMPTED;
  }
}
