package io.repro4j.runtime;

/** Entry point: {@code public static void main(String[] args) { System.exit(Repro4j.run(new MyTrainer(), args)); }}. */
public final class Repro4j {
  private Repro4j() {}

  /** Exit code: training finished. */
  public static final int EXIT_OK = 0;
  /** Exit code: training threw; the run is recorded FAILED with its stack trace. */
  public static final int EXIT_TRAINING_FAILED = 1;
  /** Exit code: bad usage, config or data; no run is created. */
  public static final int EXIT_USAGE = 2;

  /** Runs {@code trainer} with command-line {@code args} and returns the process exit code. */
  public static int run(Trainer trainer, String... args) {
    throw new UnsupportedOperationException("TODO");
  }
}
