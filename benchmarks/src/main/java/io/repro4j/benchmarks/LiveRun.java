package io.repro4j.benchmarks;

import io.repro4j.runtime.RunContext;
import io.repro4j.runtime.launch.Launcher;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A {@link FourMetricTrainer} run by the real launcher into a temporary MLflow file store. */
final class LiveRun implements AutoCloseable {
  final FourMetricTrainer trainer = new FourMetricTrainer();
  final RunContext ctx;
  final Path store;
  private final Thread launcher;

  LiveRun() throws Exception {
    store = Files.createTempDirectory("repro4j-bench");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    launcher =
        new Thread(
            () ->
                new Launcher(quiet, System.err, store, Map.of())
                    .run(trainer, new String[] {"--tracking-uri", store.resolve("mlruns").toString()}),
            "bench-launcher");
    launcher.start();
    ctx = trainer.context.get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    trainer.release.countDown();
    launcher.join();
    deleteTree(store);
  }

  static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
