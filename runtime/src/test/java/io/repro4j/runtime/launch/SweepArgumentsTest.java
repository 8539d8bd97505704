package io.repro4j.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.sweep.SweepOptions;
import io.repro4j.runtime.sweep.slurm.SlurmLauncher;
import io.repro4j.runtime.sweep.slurm.SlurmOptions;
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
    assertTrue(assertThrows(CommandLine.UsageException.class, () -> parse("-m", "--launcher", "pbs"))
        .getMessage().contains("the launchers are: local, slurm"));
    assertTrue(assertThrows(CommandLine.UsageException.class, () -> parse("-m", "--cfg"))
        .getMessage().contains("--cfg, --info, --lock and --lock-check work on one config"));
  }

  @Test
  void slurmOptionsAreCheckedWhenTheCommandLineIsRead() throws Exception {
    SweepOptions sweep = parse("-m", "--launcher", "slurm", "--jobs", "4", "--slurm", "partition=gpu",
        "--slurm=extra=--qos=long", "--slurm", "extra=--comment=x", "--detach", "lr=0.1,0.2").sweep();
    assertEquals("slurm", sweep.launcher());
    assertTrue(sweep.detach());
    assertEquals(List.of("array_parallelism=4", "partition=gpu", "extra=--qos=long", "extra=--comment=x"),
        sweep.slurm());
    SlurmOptions options = SlurmLauncher.options(sweep.slurm());
    assertEquals(4, options.arrayParallelism());
    assertEquals("gpu", options.partition());
    assertEquals(List.of("--qos=long", "--comment=x"), options.extraLines());
    // a later setting wins over --jobs
    assertEquals(2, SlurmLauncher.options(parse("-m", "--launcher", "slurm", "--jobs", "4", "--slurm",
        "array_parallelism=2").sweep().slurm()).arrayParallelism());

    assertEquals("--slurm: SLURM option time='forever' is not valid: expected SLURM's --time syntax: minutes (90),"
            + " H:MM:SS (1:30:00) or D-HH:MM:SS (2-00:00:00)",
        assertThrows(CommandLine.UsageException.class,
            () -> parse("-m", "--launcher", "slurm", "--slurm", "time=forever")).getMessage());
    assertTrue(assertThrows(CommandLine.UsageException.class,
            () -> parse("-m", "--launcher", "slurm", "--slurm", "qos=long")).getMessage()
        .contains("unknown SLURM option 'qos'; the options are: job_name, partition"));
    assertTrue(assertThrows(CommandLine.UsageException.class,
            () -> parse("-m", "--launcher", "slurm", "--slurm", "partition")).getMessage()
        .contains("expected KEY=VALUE, e.g. --slurm partition=gpu"));
    assertEquals("--detach applies to the SLURM launcher only; add --launcher slurm",
        assertThrows(CommandLine.UsageException.class, () -> parse("-m", "--detach")).getMessage());
    assertTrue(assertThrows(CommandLine.UsageException.class,
            () -> parse("-m", "--launcher", "slurm", "--isolate")).getMessage()
        .contains("every trial runs in its own JVM anyway"));
    assertTrue(assertThrows(CommandLine.UsageException.class, () -> parse("--slurm", "time=5")).getMessage()
        .startsWith("--slurm applies to sweeps only"));
  }
}
