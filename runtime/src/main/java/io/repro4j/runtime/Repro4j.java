package io.repro4j.runtime;

import io.repro4j.runtime.launch.Launcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Entry point of a trainer's {@code main}:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   System.exit(Repro4j.run(new IrisTrainer(), args));
 * }
 * }</pre>
 *
 * <p>Arguments are Hydra-style overrides ({@code lr=0.01 epochs=50}) and the options
 * {@code --help}, {@code --cfg} and {@code --tracking-uri URI}.
 */
public final class Repro4j {
  private Repro4j() {}

  /** Exit code: training finished. */
  public static final int EXIT_OK = 0;
  /** Exit code: training threw; the run is recorded FAILED with its stack trace. */
  public static final int EXIT_TRAINING_FAILED = 1;
  /** Exit code: bad usage, config or data; no run is created. */
  public static final int EXIT_USAGE = 2;
  /**
   * Exit code: the trainer saved its state and threw {@link Preempted}; the run is recorded KILLED
   * and the SLURM launcher's task script requeues the trial.
   */
  public static final int EXIT_PREEMPTED = 3;

  /**
   * Resolves the config, checks the datasets, records a run in the tracking store and calls
   * {@link Trainer#train}. Returns the process exit code: {@link #EXIT_OK},
   * {@link #EXIT_TRAINING_FAILED}, {@link #EXIT_USAGE} or {@link #EXIT_PREEMPTED}.
   */
  public static int run(Trainer trainer, String... args) {
    return new Launcher(System.out, System.err, Path.of(""), System.getenv()).run(trainer, args);
  }

  /** This library's version, as built. */
  public static String version() {
    try (InputStream in = Repro4j.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
