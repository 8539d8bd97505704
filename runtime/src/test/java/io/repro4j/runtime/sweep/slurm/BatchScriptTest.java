package io.repro4j.runtime.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch script run by a real bash, as slurmd runs it (the SLURM_* variables it sets), with a
 * real JVM as the task: what reaches the trial, what the task leaves behind, and its exit code.
 * No SLURM is needed; the integration tests in samples submit the same script to a real one.
 */
class BatchScriptTest {
  @TempDir Path temp;

  private record Ran(int exitCode, String output) {}

  private Ran runTask(List<String> trialArgs, int exitCode, int restartCount, int maxRequeues) throws Exception {
    Path slurm = temp.resolve("sweep/slurm");
    SlurmArray.Command command = SlurmArray.Command.currentJvm(WriteArgsMain.class.getName(),
        List.of(Integer.toString(exitCode), temp.resolve("args").toString()), Map.of("GREETING", "hello 'world'"),
        temp);
    SlurmOptions options = SlurmOptions.parse(Map.of("max_requeues", Integer.toString(maxRequeues)), "the test");
    Path script = SlurmArray.writeFiles(slurm, command,
        List.of(new SlurmArray.Task(0, List.of("unused")), new SlurmArray.Task(1, trialArgs)), options);
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
    builder.environment().put("SLURM_ARRAY_TASK_ID", "1");
    // No job of that id exists, so a requeue cannot succeed (with or without SLURM on this machine).
    builder.environment().put("SLURM_JOB_ID", "987654321");
    builder.environment().put("PATH", System.getenv("PATH"));
    if (restartCount > 0) {
      builder.environment().put("SLURM_RESTART_COUNT", Integer.toString(restartCount));
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    return new Ran(process.exitValue(), output);
  }

  private String exitFile() throws Exception {
    return Files.readString(temp.resolve("sweep/slurm/tasks/1.exit")).strip();
  }

  @Test
  void theTrialGetsItsArgumentsWordForWordAndTheCommandsEnvironment() throws Exception {
    List<String> awkward = List.of("lr=0.1", "label='two words'", "", "a \"quoted\" $HOME `id` *", "new\nline",
        "back\\slash", "ünïcode");

    Ran ran = runTask(awkward, 0, 0, 3);

    assertEquals(0, ran.exitCode(), ran.output());
    String written = Files.readString(temp.resolve("args"), StandardCharsets.UTF_8);
    assertEquals(awkward, List.of(written.split("\0", -1)));
    assertEquals("hello 'world'\nUSR1\n1", Files.readString(temp.resolve("args.env")));
    assertEquals("exit=0 restarts=0 outcome=exited", exitFile());
    assertTrue(ran.output().contains("repro4j: array task 1, job 987654321, attempt 1"), ran.output());
  }

  @Test
  void aFailingTrialsExitCodeIsTheTasksAndIsKeptInItsExitFile() throws Exception {
    Ran ran = runTask(List.of(), 1, 0, 3);

    assertEquals(1, ran.exitCode(), ran.output());
    assertEquals("exit=1 restarts=0 outcome=exited", exitFile());
  }

  @Test
  void aPreemptedTrialThatCannotBeRequeuedEndsWithExitCode3() throws Exception {
    Ran ran = runTask(List.of(), 3, 0, 3);

    assertEquals(3, ran.exitCode(), ran.output());
    assertTrue(ran.output().contains("scontrol requeue 987654321 failed"), ran.output());
    assertEquals("exit=3 restarts=0 outcome=requeue-failed", exitFile());
  }

  @Test
  void aPreemptedTrialAtItsRequeueBoundIsNotRequeuedAgain() throws Exception {
    Ran ran = runTask(List.of(), 3, 2, 2);

    assertEquals(3, ran.exitCode(), ran.output());
    assertTrue(ran.output().contains("preempted again after 2 requeues (max_requeues=2)"), ran.output());
    assertEquals("exit=3 restarts=2 outcome=requeue-limit", exitFile());
  }

  @Test
  void theScriptAsksForTheArrayAndTheOptionsInItsSbatchLines() throws Exception {
    SlurmOptions options = SlurmOptions.parse(Map.of("partition", "gpu", "account", "ml", "time", "1:30:00",
        "cpus_per_task", "4", "mem", "16G", "gpus", "2", "array_parallelism", "4", "signal_delay_s", "300",
        "extra", "--qos=long\n--constraint=a100"), "the test");
    List<SlurmArray.Task> tasks = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      tasks.add(new SlurmArray.Task(i, List.of()));
    }
    Path script = SlurmArray.writeFiles(temp.resolve("slurm"),
        SlurmArray.Command.currentJvm("Main", List.of(), Map.of(), temp), tasks, options);

    List<String> sbatch = Files.readAllLines(script).stream().filter(line -> line.startsWith("#SBATCH ")).toList();
    assertEquals(List.of("#SBATCH --array=0-15%4", "#SBATCH --open-mode=append", "#SBATCH --job-name=repro4j-sweep",
        "#SBATCH --partition=gpu", "#SBATCH --account=ml", "#SBATCH --time=1:30:00", "#SBATCH --cpus-per-task=4",
        "#SBATCH --mem=16G", "#SBATCH --gres=gpu:2", "#SBATCH --signal=B:USR1@300", "#SBATCH --requeue",
        "#SBATCH --qos=long", "#SBATCH --constraint=a100"), sbatch);
    assertTrue(Files.readString(script).startsWith("#!/bin/bash\n"));
  }
}
