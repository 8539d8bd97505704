package io.repro4j.runtime.sweep.slurm;

import java.io.IOException;

/**
 * A SLURM command failed or could not be run. The message names the command, what it printed and
 * how to fix it.
 */
public class SlurmException extends IOException {
  private static final long serialVersionUID = 1L;

  /** @param message what failed, what SLURM said and how to fix it */
  public SlurmException(String message) {
    super(message);
  }

  /**
   * @param message what failed, what SLURM said and how to fix it
   * @param cause the underlying failure
   */
  public SlurmException(String message, Throwable cause) {
    super(message, cause);
  }
}
