package io.repro4j.runtime.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SlurmOptionsTest {
  @Test
  void theDefaultsAskForAnHourOneCpuAndRequeueOnTheSignal() {
    assertEquals(List.of("--job-name=repro4j-sweep", "--time=60", "--cpus-per-task=1", "--signal=B:USR1@120",
        "--requeue"), SlurmOptions.DEFAULTS.sbatchOptions());
  }

  @Test
  void noRequeuesMeansNoSignalAndNoRequeue() {
    assertEquals(List.of("--job-name=repro4j-sweep", "--time=60", "--cpus-per-task=1", "--no-requeue"),
        SlurmOptions.parse(Map.of("max_requeues", "0"), "x").sbatchOptions());
  }

  @Test
  void extraLinesComeFromAYamlListOrFromLinesOfText() {
    assertEquals(List.of("--qos=a", "--exclusive"),
        SlurmOptions.parse(Map.of("extra", List.of("--qos=a", "--exclusive")), "x").extraLines());
    assertEquals(List.of("--qos=a", "--exclusive"),
        SlurmOptions.parse(Map.of("extra", " --qos=a\n\n--exclusive "), "x").extraLines());
  }

  @Test
  void slurmsTimeFormsAreAccepted() {
    for (String time : List.of("5", "5:30", "1:00:00", "2-0", "2-12:00", "2-12:00:00")) {
      assertEquals(time, SlurmOptions.parse(Map.of("time", time), "x").time());
    }
  }

  @Test
  void anUnknownKeyIsNamedWithItsSourceAndTheKeysThatExist() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SlurmOptions.parse(Map.of("gpus_per_node", "1"), "conf/slurm.yaml"));
    assertEquals("conf/slurm.yaml: unknown SLURM option 'gpus_per_node'; the options are: job_name, partition,"
        + " account, time, cpus_per_task, mem, gpus, array_parallelism, signal_delay_s, max_requeues, extra",
        e.getMessage());
  }

  @Test
  void badValuesSayWhatIsExpected() {
    assertEquals("the command line: SLURM option time='1h' is not valid: expected SLURM's --time syntax: minutes"
        + " (90), H:MM:SS (1:30:00) or D-HH:MM:SS (2-00:00:00)",
        assertThrows(IllegalArgumentException.class,
            () -> SlurmOptions.parse(Map.of("time", "1h"), "the command line")).getMessage());
    assertEquals("x: SLURM option mem='4GB' is not valid: expected a number of megabytes or a number with K, M, G"
        + " or T (4G, 500M)",
        assertThrows(IllegalArgumentException.class, () -> SlurmOptions.parse(Map.of("mem", "4GB"), "x"))
            .getMessage());
    assertEquals("x: SLURM option cpus_per_task='two' is not a whole number",
        assertThrows(IllegalArgumentException.class, () -> SlurmOptions.parse(Map.of("cpus_per_task", "two"), "x"))
            .getMessage());
    assertEquals("x: SLURM option extra='qos=long' is not valid: expected one sbatch option per entry, starting"
        + " with - or -- (e.g. --qos=long)",
        assertThrows(IllegalArgumentException.class, () -> SlurmOptions.parse(Map.of("extra", "qos=long"), "x"))
            .getMessage());
  }

  @Test
  void theArraySpecIsCompactAndCarriesTheThrottle() {
    assertEquals("0-15", SlurmArray.arraySpec(new TreeSet<>(range(0, 16)), 0));
    assertEquals("0-3,7,9-10%2", SlurmArray.arraySpec(new TreeSet<>(List.of(10, 0, 1, 2, 3, 7, 9)), 2));
  }

  private static List<Integer> range(int from, int to) {
    return java.util.stream.IntStream.range(from, to).boxed().toList();
  }
}
