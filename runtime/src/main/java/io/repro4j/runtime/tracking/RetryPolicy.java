package io.repro4j.runtime.tracking;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a call to an MLflow tracking server is repeated: exponential backoff
 * with jitter, on connection errors, HTTP 429 and 5xx only (a 4xx other than 429 is the request's
 * fault and is reported at once).
 *
 * @param maxAttempts calls in all, at least 1
 * @param initialDelayMs the wait before the second attempt; each further wait doubles
 * @param maxDelayMs the longest single wait
 */
public record RetryPolicy(int maxAttempts, long initialDelayMs, long maxDelayMs) {
  /** The environment variable that sets {@link #maxAttempts} (default 6: waits of about 0.5+1+2+4+8 s). */
  public static final String ATTEMPTS_VARIABLE = "REPRO4J_HTTP_RETRIES";

  /** Six attempts, 0.5 s doubling up to 8 s: about 15 s before a server counts as unreachable. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(6, 500, 8000);

  public RetryPolicy {
    if (maxAttempts < 1 || initialDelayMs < 0 || maxDelayMs < initialDelayMs) {
      throw new IllegalArgumentException(
          "Retry policy needs maxAttempts >= 1 and 0 <= initialDelayMs <= maxDelayMs, got "
              + maxAttempts + ", " + initialDelayMs + ", " + maxDelayMs);
    }
  }

  /**
   * The default policy, with {@value #ATTEMPTS_VARIABLE} from {@code environment} as the number of
   * attempts when set.
   *
   * @throws IllegalArgumentException naming the variable when its value is not a number from 1 to 100
   */
  public static RetryPolicy fromEnvironment(Map<String, String> environment) {
    String value = environment.get(ATTEMPTS_VARIABLE);
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    try {
      int attempts = Integer.parseInt(value.trim());
      if (attempts >= 1 && attempts <= 100) {
        return new RetryPolicy(attempts, DEFAULT.initialDelayMs, DEFAULT.maxDelayMs);
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(
        ATTEMPTS_VARIABLE + "='" + value + "' is not a number of attempts from 1 to 100; unset it for the"
            + " default of " + DEFAULT.maxAttempts);
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based): {@code initialDelayMs * 2^(attempt-1)},
   * capped, then scaled by a random factor in [0.5, 1) so that many clients do not retry in step.
   */
  long delayMs(int attempt) {
    long exponential = initialDelayMs << Math.min(attempt - 1, 30);
    long capped = Math.min(maxDelayMs, exponential < 0 ? maxDelayMs : exponential);
    return (long) (capped * (0.5 + ThreadLocalRandom.current().nextDouble() / 2));
  }
}
