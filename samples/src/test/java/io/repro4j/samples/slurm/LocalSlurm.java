package io.repro4j.samples.slurm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The SLURM cluster the integration tests submit to ({@code .ci/slurm/slurm-local.sh start}). Without
 * one the tests are skipped on a developer machine, and fail under {@code -Pslurm} or in CI
 * ({@code CI=true}), where a missing cluster is a broken set-up rather than a reason to skip.
 */
final class LocalSlurm {
  private LocalSlurm() {}

  static void requireRunning() {
    String why = problem();
    if (why == null) {
      return;
    }
    String message = "no SLURM cluster answers (" + why + "); start one with: sudo .ci/slurm/slurm-local.sh start";
    if (Boolean.getBoolean("repro4j.slurm.required") || "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
  }

  private static String problem() {
    try {
      Process ping = new ProcessBuilder("scontrol", "ping").redirectErrorStream(true).start();
      if (!ping.waitFor(15, TimeUnit.SECONDS)) {
        ping.destroyForcibly();
        return "`scontrol ping` did not answer within 15 s";
      }
      String out = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return out.contains("is UP") ? null : "`scontrol ping`: " + out;
    } catch (IOException e) {
      return "scontrol: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
