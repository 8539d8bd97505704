package io.repro4j.samples.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.samples.RunHarness;
import io.repro4j.samples.RunHarness.Outcome;
import io.repro4j.samples.fixtures.BadSlurmTrainer;
import io.repro4j.samples.fixtures.SlurmConfiguredTrainer;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code slurm:} key of a config file, without a cluster: checked on every sweep before
 * anything is created, and never part of the trainer's config. (On a real SLURM: {@code
 * SlurmSweepTest}.)
 */
class SlurmSectionSweepTest {
  @TempDir Path temp;

  @Test
  void aBadSlurmSectionStopsTheSweepBeforeAnyRunWithEveryProblemAtItsLine() {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new BadSlurmTrainer(), store, "-m", "--launcher", "slurm", "id=1,2");
    assertEquals(2, outcome.exitCode(), outcome.out() + outcome.err());
    assertTrue(outcome.err().contains("bad-slurm.yaml:3:13: unknown SLURM option 'partiton'; the options are: "),
        outcome.err());
    assertTrue(outcome.err().contains("bad-slurm.yaml:4:9: SLURM option time='soon' is not valid: expected SLURM's"
        + " --time syntax"), outcome.err());
    assertTrue(outcome.err().contains("fix it under 'slurm:' in bad-slurm.yaml"), outcome.err());
    assertTrue(outcome.err().contains("no trial was launched and no run was created"), outcome.err());
    assertFalse(Files.exists(store), "nothing may be created in the store");
  }

  @Test
  void theSectionIsCheckedOnALocalSweepToo() {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new BadSlurmTrainer(), store, "-m", "id=1,2");
    assertEquals(2, outcome.exitCode(), outcome.out() + outcome.err());
    assertTrue(outcome.err().contains("bad-slurm.yaml:3:13: unknown SLURM option 'partiton'"), outcome.err());
    assertFalse(Files.exists(store));
  }

  @Test
  void aSingleRunIgnoresTheSectionAndNoSlurmOptionIsAParam() throws IOException {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new BadSlurmTrainer(), store, "id=3");
    assertEquals(0, outcome.exitCode(), outcome.out() + outcome.err());
    Outcome local = RunHarness.run(new SlurmConfiguredTrainer(), store, "-m", "id=1,2");
    assertEquals(0, local.exitCode(), local.out() + local.err());
    for (StoredRun run : RunHarness.runs(store)) {
      assertTrue(run.params().keySet().stream().noneMatch(k -> k.startsWith("slurm")), run.params().toString());
      Path config = run.dir().resolve("artifacts/repro4j/config.yaml");
      if (Files.exists(config)) {
        assertFalse(Files.readString(config).contains("slurm"), Files.readString(config));
      }
    }
    assertEquals(List.of("1", "2"), RunHarness.runs(store).stream()
        .filter(r -> r.tags().containsKey("repro4j.sweep.trial") && r.params().containsKey("id")
            && !r.params().get("id").equals("3"))
        .map(r -> r.params().get("id")).sorted().toList());
  }
}
