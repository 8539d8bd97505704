package io.repro4j.runtime.sweep;

import java.nio.file.Path;

/**
 * How one trial's run ended.
 *
 * @param index the trial's index
 * @param exitCode its exit code: 0 finished, 1 training failed, 2 config or data error (no run)
 * @param log the file holding what the run printed
 */
public record TrialOutcome(int index, int exitCode, Path log) {
  public boolean ok() {
    return exitCode == 0;
  }
}
