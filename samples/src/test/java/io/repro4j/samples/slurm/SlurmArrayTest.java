package io.repro4j.samples.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.launch.Launcher;
import io.repro4j.runtime.sweep.slurm.ArrayStatus;
import io.repro4j.runtime.sweep.slurm.SlurmArray;
import io.repro4j.runtime.sweep.slurm.SlurmOptions;
import io.repro4j.runtime.sweep.slurm.TaskState;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.samples.RunHarness;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real job arrays on a real SLURM (see {@link LocalSlurm}): each task runs
 * {@link CheckpointingTrainer} in its own JVM, which records its run in the store. Run with
 * {@code mvn verify -Pslurm} once {@code .ci/slurm/slurm-local.sh start} has started the cluster.
 */
@Tag("slurm")
class SlurmArrayTest {
  @TempDir Path temp;

  @BeforeAll
  static void cluster() {
    LocalSlurm.requireRunning();
  }

  private SlurmArray.Command command(Path store, Map<String, String> environment) {
    return SlurmArray.Command.currentJvm(CheckpointingTrainer.class.getName(),
        List.of("--tracking-uri", store.toString()), environment, RunHarness.REPO_ROOT);
  }

  private static SlurmOptions options(Map<String, String> settings) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("job_name", "repro4j-it", "time", "5"));
    all.putAll(settings);
    return SlurmOptions.parse(all, "the test");
  }

  @Test
  @Timeout(180)
  void everyTrialRunsWithItsOwnOverridesAndIsNestedUnderTheSweepRun() throws Exception {
    Path store = temp.resolve("mlruns");
    FileStore fileStore = FileStore.open(store);
    String parentId;
    try (RunWriter parent = fileStore.createRun(fileStore.experimentId("checkpointing"), "sweep", "ci", 1)) {
      parentId = parent.runId();
    }
    // Spaces, both quote kinds, $ and * reach the trial's JVM as one word each.
    List<String> labels = List.of("plain", "two words", "it's \"quoted\" $HOME *");
    List<SlurmArray.Task> tasks = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      String label = labels.get(i);
      tasks.add(new SlurmArray.Task(i, List.of("steps=3", "stepMillis=10",
          "label='" + label.replace("'", "\\'") + "'")));
    }
    List<ArrayStatus> seen = new ArrayList<>();
    SlurmArray array = SlurmArray.submit(temp.resolve("sweep"),
        command(store, Map.of(Launcher.PARENT_RUN_ID_VARIABLE, parentId)), tasks, options(Map.of()));

    ArrayStatus done = array.await(seen::add);

    assertTrue(done.succeeded(), done.toString());
    assertFalse(seen.isEmpty());
    assertTrue(seen.get(seen.size() - 1).finished());
    for (TaskState task : done.tasks()) {
      assertEquals("COMPLETED", task.state(), task.toString());
      assertEquals(0, task.exitCode(), task.toString());
      assertTrue(Files.readString(array.stdout(task.index())).contains("FINISHED"), "stdout of " + task);
    }
    List<StoredRun> children = RunHarness.runs(store).stream()
        .filter(run -> parentId.equals(run.tags().get("mlflow.parentRunId"))).toList();
    assertEquals(3, children.size());
    assertEquals(new TreeSet<>(labels), new TreeSet<>(children.stream().map(run -> run.params().get("label")).toList()));
    children.forEach(run -> assertEquals(RunStatus.FINISHED, run.status(), run.runId()));
    // Another process sees the same outcome, from the sweep directory alone.
    assertEquals(done.tasks(), SlurmArray.attach(temp.resolve("sweep")).status().tasks());
  }

  @Test
  @Timeout(180)
  void aFailingTrialFailsWithItsExitCodeAndItsRunIsRecordedFailed() throws Exception {
    Path store = temp.resolve("mlruns");
    SlurmArray array = SlurmArray.submit(temp.resolve("sweep"), command(store, Map.of()),
        List.of(new SlurmArray.Task(0, List.of("steps=3", "stepMillis=10")),
            new SlurmArray.Task(1, List.of("steps=3", "stepMillis=10", "failAt=1"))),
        options(Map.of()));

    ArrayStatus done = array.await(status -> {});

    assertFalse(done.succeeded());
    assertEquals(new TaskState(0, "COMPLETED", "", 0, 0), done.task(0));
    assertEquals("FAILED", done.task(1).state());
    assertEquals(1, done.task(1).exitCode(), "Repro4j's exit code for a failed training");
    assertTrue(Files.readString(array.stderr(1)).contains("failing at step 1 as asked"));
    List<StoredRun> runs = RunHarness.runs(store);
    assertEquals(2, runs.size());
    StoredRun failed = runs.stream().filter(run -> run.status() == RunStatus.FAILED).findFirst().orElseThrow();
    assertTrue(Files.readString(failed.dir().resolve("artifacts/repro4j/stacktrace.txt")).contains("failing at step 1"));
  }

  @Test
  @Timeout(180)
  void stoppingTheLauncherCancelsItsArrayAndTheRunningTrialsAreRecordedKilled() throws Exception {
    Path store = temp.resolve("mlruns");
    Path sweep = temp.resolve("sweep");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process launcher = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            SubmitAndAwaitMain.class.getName(), sweep.toString(), store.toString(), "2", "steps=100000",
            "stepMillis=50")
        .directory(RunHarness.REPO_ROOT.toFile())
        .redirectErrorStream(true)
        .start();
    StringBuilder said = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.endsWith("2 trials: 2 RUNNING")) {
        said.append(line).append('\n');
      }
      assertNotNull(line, "the trials never ran: " + said);
      // Both trials' runs exist once both JVMs have started training.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (RunHarness.runs(store).size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      // Ctrl-C
      assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor());
      assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher exits on SIGINT");
      out.lines().forEach(rest -> said.append(rest).append('\n'));
    } finally {
      launcher.destroyForcibly();
    }
    assertTrue(said.toString().contains("cancelling SLURM array"), said.toString());

    SlurmArray array = SlurmArray.attach(sweep);
    ArrayStatus status = array.status();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!status.finished() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      status = array.status();
    }
    assertEquals(Map.of("CANCELLED", 2), status.counts(), status.toString());
    List<StoredRun> runs = RunHarness.runs(store);
    assertEquals(2, runs.size());
    runs.forEach(run -> assertEquals(RunStatus.KILLED, run.status(), run.runId()));
  }

  @Test
  @Timeout(300)
  void aTrialAtItsTimeLimitCheckpointsOnSlurmsSignalAndIsRequeuedWhereItLeftOff() throws Exception {
    Path store = temp.resolve("mlruns");
    Path checkpoint = temp.resolve("trial-0.ckpt");
    // A one-minute limit with the signal 50 s before it: SLURM signals some 10-40 s into the run.
    // The first attempt would need 100 s; resumed, the trial finishes in about a second.
    SlurmArray array = SlurmArray.submit(temp.resolve("sweep"), command(store, Map.of()),
        List.of(new SlurmArray.Task(0, List.of("steps=100", "stepMillis=1000", "stepMillisAfterResume=5",
            "checkpoint=" + checkpoint))),
        options(Map.of("time", "1", "signal_delay_s", "50", "max_requeues", "2")));

    ArrayStatus done = array.await(status -> {});

    TaskState task = done.task(0);
    assertEquals("COMPLETED", task.state(), task + "\n" + Files.readString(array.stderr(0)));
    assertEquals(0, task.exitCode());
    assertTrue(task.restarts() >= 1, task.toString());
    String log = Files.readString(array.stderr(0));
    assertTrue(log.contains("attempt 2"), log);
    List<StoredRun> runs = RunHarness.runs(store);
    List<StoredRun> preempted = runs.stream().filter(run -> run.status() == RunStatus.KILLED).toList();
    List<StoredRun> finished = runs.stream().filter(run -> run.status() == RunStatus.FINISHED).toList();
    assertEquals(task.restarts(), preempted.size(), runs.toString());
    preempted.forEach(run -> assertEquals("true", run.tags().get("repro4j.preempted"), run.runId()));
    assertEquals(1, finished.size());
    StoredRun last = finished.get(0);
    assertEquals(1.0, last.latest("resumed").value(), "the last attempt resumed from the checkpoint");
    assertEquals(100.0, last.latest("step").value(), "the field after the last step");
    assertNull(last.tags().get("repro4j.preempted"));
  }
}
