package io.repro4j.runtime.sweep.slurm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the SLURM client programs (sbatch, squeue, scontrol, scancel) as subprocesses, each bounded
 * by a timeout: with the controller down they retry for about 10 s per call.
 */
final class SlurmCommands {
  /** What a finished command printed. */
  record Result(List<String> command, int exitCode, String out, String err) {
    boolean ok() {
      return exitCode == 0;
    }

    /** The command line and what it said, for error messages. */
    String describe() {
      String said = (err.strip() + "\n" + out.strip()).strip();
      return "`" + String.join(" ", command) + "` exited with " + exitCode + (said.isEmpty() ? "" : ": " + said);
    }
  }

  private final Duration timeout;

  SlurmCommands(Duration timeout) {
    this.timeout = timeout;
  }

  Result run(List<String> command) throws SlurmException, InterruptedException {
    Path out;
    Path err;
    try {
      // Files, not pipes: a hung command cannot block us on a full pipe, and waitFor's timeout holds.
      out = Files.createTempFile("repro4j-slurm", ".out");
      err = Files.createTempFile("repro4j-slurm", ".err");
    } catch (IOException e) {
      throw new SlurmException("cannot create a temporary file for the output of " + command.get(0) + ": " + e, e);
    }
    try {
      Process process;
      try {
        process = new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
      } catch (IOException e) {
        throw new SlurmException("cannot run " + command.get(0) + " (" + e.getMessage() + "): the SLURM launcher"
            + " needs the SLURM client programs on PATH (Debian: apt-get install slurm-client) and a reachable"
            + " controller", e);
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new SlurmException("`" + String.join(" ", command) + "` did not answer within " + timeout.toSeconds()
            + " s; is slurmctld running? (`scontrol ping`)");
      }
      return new Result(List.copyOf(command), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SlurmException("cannot read the output of " + command.get(0) + ": " + e, e);
    } finally {
      try {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      } catch (IOException ignored) {
        // a temporary file left behind is harmless
      }
    }
  }
}
