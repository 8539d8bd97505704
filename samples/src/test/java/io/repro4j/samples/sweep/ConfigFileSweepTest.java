package io.repro4j.samples.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.sweep.SweepFile;
import io.repro4j.runtime.sweep.SweepStatus;
import io.repro4j.runtime.sweep.Trial;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.samples.RunHarness;
import io.repro4j.samples.RunHarness.Outcome;
import io.repro4j.samples.fixtures.SweptTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sweep:} key of a config file: swept by --multirun, before the command line. */
class ConfigFileSweepTest {
  @TempDir Path temp;

  @Test
  void theConfigFilesSweepIsExpandedFirst() throws IOException {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new SweptTrainer(), store, "-m");
    assertEquals(0, outcome.exitCode(), outcome.err());
    assertEquals(List.of(List.of("lr=0.1", "layers=1"), List.of("lr=0.1", "layers=2"),
            List.of("lr=0.01", "layers=1"), List.of("lr=0.01", "layers=2")),
        overrides(store));
    // loss = lr * layers: the smallest is trial #2.
    assertTrue(outcome.out().contains("repro4j: best trial #2 "), outcome.out());
  }

  @Test
  void theCommandLineReplacesAValueInItsPlace() throws IOException {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new SweptTrainer(), store, "-m", "layers=5", "lr=0.5");
    assertEquals(0, outcome.exitCode(), outcome.err());
    assertEquals(List.of(List.of("lr=0.5", "layers=5")), overrides(store));
  }

  @Test
  void aSingleRunIgnoresTheSweep() throws IOException {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new SweptTrainer(), store);
    assertEquals(0, outcome.exitCode(), outcome.err());
    StoredRun run = RunHarness.runs(store).get(0);
    assertEquals("0.05", run.params().get("lr"));
  }

  private static List<List<String>> overrides(Path store) throws IOException {
    StoredRun parent = RunHarness.runs(store).stream()
        .filter(r -> r.tags().containsKey("repro4j.sweep.strategy")).findFirst().orElseThrow();
    SweepStatus status = SweepStatus.read(FileStore.open(store), parent.runId());
    assertTrue(status.rows().stream().allMatch(SweepStatus.Row::finished));
    return SweepFile.read(parent.dir()).trials().stream().map(Trial::overrides).toList();
  }
}
