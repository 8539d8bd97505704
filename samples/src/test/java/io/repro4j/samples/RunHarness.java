package io.repro4j.samples;

import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.launch.Launcher;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.StoredExperiment;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs a trainer in this JVM as its {@code main} would, with its own streams and store. */
public final class RunHarness {
  /** The repository root: the samples' default dataset paths are relative to it. */
  public static final Path REPO_ROOT = Path.of("..").toAbsolutePath().normalize();

  public record Outcome(int exitCode, String out, String err) {}

  private RunHarness() {}

  public static Outcome run(Trainer trainer, Path store, String... args) {
    return run(trainer, store, Map.of(), args);
  }

  /** As {@link #run(Trainer, Path, String...)}, with {@code environment} as the process's. */
  public static Outcome run(Trainer trainer, Path store, Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = Stream.concat(Stream.of("--tracking-uri", store.toString()), Stream.of(args))
        .toArray(String[]::new);
    int code = new Launcher(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            REPO_ROOT,
            environment)
        .run(trainer, all);
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Every run of every experiment in the store. */
  public static List<StoredRun> runs(Path store) throws IOException {
    FileStore fileStore = FileStore.open(store);
    List<StoredRun> runs = new ArrayList<>();
    for (StoredExperiment experiment : fileStore.experiments()) {
      runs.addAll(fileStore.runs(experiment.id()));
    }
    return runs;
  }
}
