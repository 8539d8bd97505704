package io.repro4j.runtime.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Output captured from SLURM 22.05 (Debian 12) on the one-node test cluster. */
class SlurmOutputTest {
  @Test
  void squeueGivesEveryTaskItsOwnLinePendingOnesToo() {
    Map<Integer, String[]> tasks = SlurmOutput.squeue("""
        1|PENDING|JobArrayTaskLimit
        2|PENDING|JobArrayTaskLimit
        0|RUNNING|None
        """);
    assertEquals(3, tasks.size());
    assertArrayEquals(new String[] {"PENDING", "JobArrayTaskLimit"}, tasks.get(2));
    assertArrayEquals(new String[] {"RUNNING", "None"}, tasks.get(0));
  }

  @Test
  void scontrolGivesExitCodesOfSingleTasksAndSkipsGroupedPendingOnes() {
    Map<Integer, SlurmOutput.Ended> ended = SlurmOutput.scontrol(
        "JobId=1 JobName=wrap UserId=root(0) ArrayJobId=1 ArrayTaskId=1-3%1 JobState=CANCELLED Restarts=0"
            + " ExitCode=0:0\n"
            + "JobId=2 JobName=wrap ArrayJobId=1 ArrayTaskId=0 JobState=CANCELLED Reason=None Restarts=0"
            + " ExitCode=0:15\n"
            + "JobId=5 ArrayJobId=4 ArrayTaskId=7 JobState=FAILED Requeue=1 Restarts=2 ExitCode=3:0\n");
    assertEquals(Map.of(0, new SlurmOutput.Ended(143, 0), 7, new SlurmOutput.Ended(3, 2)), ended);
  }
}
