package io.repro4j.cli;

/** A mistake the user can fix (unknown run, bad filter, missing store): exit code 2, message only. */
final class UsageError extends RuntimeException {
  UsageError(String message) {
    super(message);
  }
}
