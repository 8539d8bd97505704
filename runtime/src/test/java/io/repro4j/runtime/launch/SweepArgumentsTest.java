package io.repro4j.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.sweep.SweepOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepArgumentsTest {
  private static CommandLine parse(String... args) throws CommandLine.UsageException {
    return CommandLine.parse(args, Map.of());
  }

  @Test
  void sweepOptionsAreRecognisedAndOverridesKeepTheirOrder() throws Exception {
    CommandLine line = parse("-m", "lr=0.1,0.2", "--jobs", "3", "--fail-fast", "--trials=5", "--sweep-seed", "-7",
        "--optimize", "accuracy:max", "epochs=2");
    SweepOptions sweep = line.sweep();
    assertTrue(sweep.multirun());
    assertEquals(3, sweep.jobs());
    assertTrue(sweep.failFast());
    assertFalse(sweep.isolate());
    assertEquals(5, sweep.trials());
    assertEquals(-7, sweep.seed());
    assertEquals("accuracy:max", sweep.optimize());
    assertEquals("local", sweep.launcher());
    assertEquals(List.of("lr=0.1,0.2", "epochs=2"), line.overrides());
    assertEquals(SweepOptions.NONE, parse("lr=0.1").sweep());
    assertTrue(parse("--resume", "abc").sweep().multirun());
  }

  @Test
  void sweepOptionsWithoutASweepOrWithBadValuesAreUsageErrors() {
    assertEquals("--jobs applies to sweeps only; add --multirun (-m) and sweep a key, e.g. -m lr=0.1,0.01",
        assertThrows(CommandLine.UsageException.class, () -> parse("--jobs", "2")).getMessage());
    assertTrue(assertThrows(CommandLine.UsageException.class, () -> parse("-m", "--jobs", "0"))
        .getMessage().contains("--jobs needs a whole number from 1 to 1024"));
    assertTrue(assertThrows(CommandLine.UsageException.class, () -> parse("-m", "--trials"))
        .getMessage().contains("got ''"));
    assertTrue(assertThrows(CommandLine.UsageException.class, () -> parse("-m", "--launcher", "slurm"))
        .getMessage().contains("the launchers are: local"));
    assertTrue(assertThrows(CommandLine.UsageException.class, () -> parse("-m", "--cfg"))
        .getMessage().contains("--cfg, --info, --lock and --lock-check work on one config"));
  }
}
