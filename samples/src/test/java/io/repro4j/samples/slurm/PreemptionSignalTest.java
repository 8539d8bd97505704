package io.repro4j.samples.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.samples.RunHarness;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's half of requeue, without SLURM: in a real JVM started with
 * {@code REPRO4J_PREEMPT_SIGNAL=USR1} (as the SLURM task script starts it), SIGUSR1 turns
 * {@code preemptionRequested()} true; the trainer saves its checkpoint and throws {@code Preempted};
 * the run is KILLED and tagged, the exit code is 3; the next attempt resumes.
 */
class PreemptionSignalTest {
  @TempDir Path temp;

  private Process start(Path store, String signal, String... overrides) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        CheckpointingTrainer.class.getName(), "--tracking-uri", store.toString()));
    command.addAll(List.of(overrides));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("REPRO4J_PREEMPT_SIGNAL", signal);
    return builder.start();
  }

  @Test
  void usr1CheckpointsTheRunWhichIsKilledAndTaggedThenTheNextAttemptResumes() throws Exception {
    Path store = temp.resolve("mlruns");
    Path checkpoint = temp.resolve("ckpt");
    String[] overrides = {"steps=100000", "stepMillis=10", "stepMillisAfterResume=0", "checkpoint=" + checkpoint};
    Process first = start(store, "USR1", overrides);
    StringBuilder said = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("training from step 0")) {
        said.append(line).append('\n');
      }
      assertNotNull(line, "the trainer never started: " + said);
      Thread.sleep(200);
      assertEquals(0, new ProcessBuilder("kill", "-USR1", Long.toString(first.pid())).start().waitFor());
      assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      out.lines().forEach(rest -> said.append(rest).append('\n'));
    } finally {
      first.destroyForcibly();
    }
    assertEquals(3, first.exitValue(), said.toString());
    assertTrue(said.toString().contains("preempted after"), said.toString());
    long savedStep = Long.parseLong(Files.readString(checkpoint).strip());
    assertTrue(savedStep > 0, "steps were taken before the signal");
    StoredRun killed = RunHarness.runs(store).get(0);
    assertEquals(RunStatus.KILLED, killed.status());
    assertEquals("true", killed.tags().get("repro4j.preempted"));

    // The requeued attempt: a new run that starts where the checkpoint says.
    Process second = start(store, "USR1", "steps=" + (savedStep + 5), "stepMillis=10",
        "checkpoint=" + checkpoint);
    String secondSaid = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(second.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, second.exitValue(), secondSaid);
    StoredRun resumed = RunHarness.runs(store).stream().filter(run -> run.status() == RunStatus.FINISHED)
        .findFirst().orElseThrow();
    assertEquals((double) savedStep, resumed.latest("resumedFrom").value());
  }

  @Test
  void aSignalThatCannotRequestPreemptionIsAUsageErrorBeforeAnyRun() throws Exception {
    Path store = temp.resolve("mlruns");
    Process process = start(store, "TERM", "steps=1");
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue(), said);
    assertTrue(said.contains("REPRO4J_PREEMPT_SIGNAL=TERM cannot request preemption; use USR1"), said);
    assertEquals(List.of(), RunHarness.runs(store));
  }
}
