package io.repro4j.cli;

import io.repro4j.cli.ui.UiServer;
import io.repro4j.runtime.tracking.FileStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code repro4j ui}: the report's pages served live from the store, read-only, on 127.0.0.1. */
@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description = {
      // one string per paragraph: picocli wraps it to the width
      "Serves the report's pages live from the store on http://127.0.0.1:PORT/ (this machine only;"
          + " from elsewhere use an SSH tunnel: ssh -L PORT:127.0.0.1:PORT host). Read-only; reads the runs"
          + " once at start, then only what changed; curves of running runs refresh every few seconds;"
          + " search in MLflow's filter syntax. Ctrl-C stops it."
    })
final class UiCommand extends StoreCommand {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "5050", description = "The port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--refresh",
      paramLabel = "SECONDS",
      defaultValue = "3",
      description = "How often the page polls for new points (default ${DEFAULT-VALUE}).")
  double refreshSeconds;

  @Override
  int execute(PrintWriter out) throws IOException {
    if (port < 0 || port > 65535) {
      throw new UsageError("--port must be 0..65535, got " + port);
    }
    if (!(refreshSeconds >= 0.2)) {
      throw new UsageError("--refresh must be at least 0.2 seconds, got " + refreshSeconds);
    }
    FileStore store = openStore();
    UiServer server;
    long started = System.nanoTime();
    try {
      server = UiServer.start(store, port, Math.round(refreshSeconds * 1000));
    } catch (BindException e) {
      throw new UsageError("Port " + port + " on 127.0.0.1 is in use; pass another with --port, or --port 0 for any free one");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    out.printf(
        java.util.Locale.ROOT,
        "repro4j ui: read %d runs in %.2f s; serving %s read-only at %s (Ctrl-C stops)%n",
        server.runCount(), (System.nanoTime() - started) / 1e9, store.root(), server.url());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return 0;
  }
}
