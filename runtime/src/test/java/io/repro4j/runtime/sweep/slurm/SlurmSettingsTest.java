package io.repro4j.runtime.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.LauncherSetting;
import io.repro4j.runtime.config.YamlConfigReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The config files' {@code slurm:} sections under the command line's {@code --slurm}. */
class SlurmSettingsTest {
  private static List<LauncherSetting> yaml(String text) throws ConfigException {
    return YamlConfigReader.readPrimary("conf/exp.yaml", text).slurm();
  }

  @Test
  void theYamlSetsTheOptionsAndTheCommandLineOverridesThem() throws ConfigException {
    SlurmOptions options = SlurmSettings.combine(
        yaml("slurm:\n  partition: gpu\n  time: 2-00:00:00\n  mem: 4G\n  gpus: 2\n  array_parallelism: 4\n"
            + "  extra: [--qos=long]\n"),
        List.of("partition=debug", "extra=--qos=short"));
    assertEquals("debug", options.partition());
    assertEquals("2-00:00:00", options.time());
    assertEquals("4G", options.memory());
    assertEquals(2, options.gpus());
    assertEquals(4, options.arrayParallelism());
    // the command line's extra lines come last, so that sbatch lets them win
    assertEquals(List.of("--qos=long", "--qos=short"), options.extraLines());
    List<String> sbatch = options.sbatchOptions();
    assertTrue(sbatch.contains("--partition=debug"), sbatch.toString());
    assertTrue(sbatch.contains("--gres=gpu:2"), sbatch.toString());
  }

  @Test
  void withoutASectionTheDefaultsAndTheCommandLineApply() throws ConfigException {
    assertEquals(SlurmOptions.DEFAULTS, SlurmSettings.combine(yaml("lr: 1\n"), List.of()));
    assertEquals("7", SlurmSettings.combine(List.of(), List.of("time=7")).time());
  }

  @Test
  void aNullValueAsksForNothing() throws ConfigException {
    SlurmOptions options = SlurmSettings.combine(yaml("slurm:\n  partition: ~\n  mem: null\n"), List.of());
    assertNull(options.partition());
    assertNull(options.memory());
    assertTrue(options.sbatchOptions().stream().noneMatch(o -> o.startsWith("--partition") || o.startsWith("--mem")));
  }

  @Test
  void everyBadEntryIsReportedAtItsLineWithTheWayToFixIt() {
    ConfigException e = assertThrows(ConfigException.class, () -> SlurmSettings.combine(
        yaml("lr: 1\nslurm:\n  partiton: gpu\n  time: soon\n  cpus_per_task: two\n  extra: qos=long\n"),
        List.of()));
    assertEquals(4, e.problems().size(), e.problems().toString());
    String unknown = e.problems().get(0).format();
    assertTrue(unknown.startsWith("conf/exp.yaml:3:13: unknown SLURM option 'partiton'; the options are: job_name,"
        + " partition,"), unknown);
    assertTrue(unknown.endsWith("; fix it under 'slurm:' in conf/exp.yaml (or override it with --slurm KEY=VALUE)"),
        unknown);
    assertTrue(e.problems().get(1).format().startsWith("conf/exp.yaml:4:9: SLURM option time='soon' is not valid:"
        + " expected SLURM's --time syntax"), e.problems().get(1).format());
    assertTrue(e.problems().get(2).format().startsWith("conf/exp.yaml:5:18: SLURM option cpus_per_task='two' is not"
        + " a whole number"), e.problems().get(2).format());
    assertTrue(e.problems().get(3).format().startsWith("conf/exp.yaml:6:10: SLURM option extra='qos=long' is not"
        + " valid: expected one sbatch option per entry, starting with - or --"), e.problems().get(3).format());
    assertEquals("slurm.partiton", e.problems().get(0).key());
  }

  @Test
  void aBadCommandLineSettingIsAUsageError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SlurmSettings.combine(yaml("slurm:\n  time: 5\n"), List.of("gpus=-1")));
    assertTrue(e.getMessage().startsWith("--slurm: SLURM option gpus='-1' is not valid"), e.getMessage());
  }
}
