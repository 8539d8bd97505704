package io.repro4j.runtime.tracking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Forces everything written to a store to disk at once, for runs finished with {@link
 * FinishDurability#DEFERRED}: one {@code syncfs(2)} of the store's file system (GNU {@code sync
 * --file-system}, which Java cannot call itself) instead of three {@code fsync}s per run. Where
 * that is not available (not GNU coreutils), a plain {@code sync} of every file system.
 */
public final class StoreSync {
  /** How long a sync may take before it is given up (a hung network file system). */
  private static final long TIMEOUT_SECONDS = 300;

  private StoreSync() {}

  /**
   * Syncs the file system holding {@code root}; returns null when done, or why it could not be
   * (the files are then as durable as the operating system's write-back makes them).
   */
  public static String syncFileSystem(Path root) {
    String first = run(List.of("sync", "--file-system", root.toString()));
    if (first == null) {
      return null;
    }
    String plain = run(List.of("sync"));
    return plain == null ? null : first + "; " + plain;
  }

  private static String run(List<String> command) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return String.join(" ", command) + " could not be started: " + e.getMessage();
    }
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroy();
        return String.join(" ", command) + " took more than " + TIMEOUT_SECONDS + " s";
      }
      int code = process.exitValue();
      return code == 0 ? null : String.join(" ", command) + " exited with " + code;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      return String.join(" ", command) + " was interrupted";
    }
  }
}
