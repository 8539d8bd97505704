package io.repro4j.samples.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.samples.RunHarness;
import io.repro4j.samples.RunHarness.Outcome;
import io.repro4j.samples.fixtures.PreemptedTrainer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trial that checkpointed and stopped (exit 3) is preempted, not failed, in the sweep's accounting. */
class PreemptedSweepTest {
  @TempDir Path temp;

  @Test
  void aPreemptedTrialStopsTheSweepWithExit3AndTheSweepIsKilledNotFailed() throws Exception {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new PreemptedTrainer(), store, "-m", "id=0,1,2", "preemptOn=1");
    assertEquals(3, outcome.exitCode(), outcome.out() + outcome.err());
    assertTrue(outcome.out().contains("repro4j: trial #1 PREEMPTED : id=1 preemptOn=1"), outcome.out());
    assertTrue(outcome.err().contains("repro4j: trial #1 PREEMPTED (exit 3): it saved a checkpoint"), outcome.err());
    assertFalse(outcome.err().contains("FAILED"), outcome.err());
    List<StoredRun> runs = RunHarness.runs(store);
    StoredRun parent = runs.stream().filter(r -> !r.tags().containsKey("mlflow.parentRunId")).findFirst().orElseThrow();
    assertEquals(RunStatus.KILLED, parent.status());
    assertTrue(outcome.out().contains("--resume " + parent.runId()), outcome.out());
    assertEquals(2, runs.stream().filter(r -> r.status() == RunStatus.FINISHED).count());
  }
}
