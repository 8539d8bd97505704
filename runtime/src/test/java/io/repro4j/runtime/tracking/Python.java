package io.repro4j.runtime.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Runs python3 scripts for cross-checks; tests using it are skipped when python3 is missing. */
final class Python {
  private Python() {}

  private static final Map<String, Boolean> AVAILABLE = new ConcurrentHashMap<>();

  /** Whether {@code python3} runs and can import {@code module} (e.g. "yaml"); cached. */
  static boolean available(String module) {
    return AVAILABLE.computeIfAbsent(
        module,
        m -> {
          try {
            run("import " + m, "");
            return true;
          } catch (IOException | RuntimeException e) {
            return false;
          }
        });
  }

  /** Runs {@code script} with {@code stdin}; returns stdout; throws on a non-zero exit. */
  static String run(String script, String stdin) throws IOException {
    Process p =
        new ProcessBuilder("python3", "-c", script)
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread t1 = pump(p.getInputStream(), out);
    Thread t2 = pump(p.getErrorStream(), err);
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("python3 timed out");
      }
      t1.join();
      t2.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("python3 failed: " + err.toString(StandardCharsets.UTF_8));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream out) {
    Thread t =
        new Thread(
            () -> {
              try (in) {
                in.transferTo(out);
              } catch (IOException ignored) {
                // the exit code tells
              }
            });
    t.start();
    return t;
  }
}
