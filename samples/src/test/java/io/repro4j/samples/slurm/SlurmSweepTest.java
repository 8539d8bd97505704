package io.repro4j.samples.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.cli.Repro4jCli;
import io.repro4j.runtime.tracking.RunLease;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.samples.RunHarness;
import io.repro4j.samples.RunHarness.Outcome;
import io.repro4j.samples.fixtures.FlakyTrainer;
import io.repro4j.samples.fixtures.SlurmConfiguredTrainer;
import io.repro4j.samples.iris.IrisTrainer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --multirun --launcher slurm} end to end on a real SLURM (see {@link LocalSlurm}): the
 * trainer's own command line submits the array, each trial runs in a JVM of its own on the node,
 * and the sweep reads the trials' runs back from the store.
 */
@Tag("slurm")
class SlurmSweepTest {
  @TempDir Path temp;

  @BeforeAll
  static void cluster() {
    LocalSlurm.requireRunning();
  }

  @Test
  @Timeout(180)
  void anIrisSweepOnSlurmNestsEveryTrialUnderTheSweepAndNamesTheBest() throws Exception {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new IrisTrainer(), store, "-m", "--launcher", "slurm",
        "--slurm", "time=5", "--slurm", "job_name=repro4j-sweep-it", "--slurm", "extra=--comment=repro4j-it",
        "epochs=3,5,8");
    assertEquals(0, outcome.exitCode(), outcome.out() + outcome.err());
    assertTrue(outcome.out().contains("launching 3 of 3 trials as a SLURM job array"), outcome.out());
    assertTrue(outcome.out().contains("repro4j: submitted SLURM array "), outcome.out());
    assertTrue(outcome.out().contains("SLURM array "), outcome.out());

    StoredRun parent = parent(store);
    assertEquals(RunStatus.FINISHED, parent.status());
    Map<Integer, StoredRun> trials = trials(store, parent);
    assertEquals(List.of(0, 1, 2), List.copyOf(trials.keySet()));
    for (Map.Entry<Integer, StoredRun> trial : trials.entrySet()) {
      assertEquals(RunStatus.FINISHED, trial.getValue().status());
      assertEquals(List.of("3", "5", "8").get(trial.getKey()), trial.getValue().params().get("epochs"));
    }
    String best = parent.tags().get("repro4j.sweep.best_run");
    assertTrue(outcome.out().contains("repro4j: best trial #" + trials.entrySet().stream()
        .filter(e -> e.getValue().runId().equals(best)).findFirst().orElseThrow().getKey() + " (run " + best + ")"),
        outcome.out());
    Path script = parent.dir().resolve("artifacts/repro4j/slurm/array.sbatch");
    String text = Files.readString(script);
    assertTrue(text.contains("#SBATCH --array=0-2\n"), text);
    assertTrue(text.contains("#SBATCH --time=5\n"), text);
    assertTrue(text.contains("#SBATCH --comment=repro4j-it\n"), text);
  }

  @Test
  @Timeout(180)
  void theConfigFilesSlurmSectionGoesIntoTheBatchScriptUnderTheCommandLine() throws Exception {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new SlurmConfiguredTrainer(), store, "-m", "--launcher", "slurm",
        "--slurm", "job_name=repro4j-cli-wins", "--slurm", "extra=--comment=from-cli", "id=4,7");
    assertEquals(0, outcome.exitCode(), outcome.out() + outcome.err());
    StoredRun parent = parent(store);
    assertEquals(RunStatus.FINISHED, parent.status());
    assertEquals(2, trials(store, parent).size());
    String text = Files.readString(parent.dir().resolve("artifacts/repro4j/slurm/array.sbatch"));
    assertTrue(text.contains("#SBATCH --time=5\n"), text); // slurm-configured.yaml
    assertTrue(text.contains("#SBATCH --cpus-per-task=1\n"), text);
    assertTrue(text.contains("#SBATCH --job-name=repro4j-cli-wins\n"), text); // --slurm over the YAML
    assertFalse(text.contains("repro4j-yaml-it"), text);
    assertTrue(text.indexOf("#SBATCH --comment=from-yaml\n") >= 0
        && text.indexOf("#SBATCH --comment=from-yaml\n") < text.indexOf("#SBATCH --comment=from-cli\n"), text);
  }

  @Test
  @Timeout(180)
  void aFailingTrialFailsTheSweepAndTheOthersFinish() throws Exception {
    Path store = temp.resolve("mlruns");
    Path marker = Files.createFile(temp.resolve("fail-now"));
    Outcome outcome = RunHarness.run(new FlakyTrainer(), store, "-m", "--launcher", "slurm", "--jobs", "2",
        "--slurm", "time=5", "id=0,1,2", "failOn=1", "marker=" + marker);
    assertEquals(1, outcome.exitCode(), outcome.out() + outcome.err());
    assertTrue(outcome.err().contains("repro4j: trial #1 FAILED (exit 1); log "), outcome.err());
    assertTrue(outcome.err().contains("trial with id 1 failed"), outcome.err()); // the tail of the task's log
    StoredRun parent = parent(store);
    assertEquals(RunStatus.FAILED, parent.status());
    Map<Integer, StoredRun> trials = trials(store, parent);
    assertEquals(RunStatus.FAILED, trials.get(1).status());
    assertEquals(RunStatus.FINISHED, trials.get(0).status());
    assertEquals(RunStatus.FINISHED, trials.get(2).status());
    assertTrue(Files.readString(parent.dir().resolve("artifacts/repro4j/slurm/array.sbatch"))
        .contains("#SBATCH --array=0-2%2\n"));
  }

  @Test
  @Timeout(180)
  void aDetachedSweepReturnsAtOnceAndSweepStatusFollowsItsArray() throws Exception {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new FlakyTrainer(), store, "-m", "--launcher", "slurm", "--detach",
        "--slurm", "time=5", "id=4,7");
    assertEquals(0, outcome.exitCode(), outcome.out() + outcome.err());
    StoredRun parent = parent(store);
    assertTrue(outcome.out().contains("follow it with: repro4j sweep status " + parent.runId()), outcome.out());
    assertEquals(RunStatus.RUNNING, parent.status());
    // no process holds the detached sweep's run, so `repro4j doctor --fix` does not mark it KILLED
    assertFalse(Files.exists(parent.dir().resolve(RunLease.FILE)));
    assertEquals(parent.tags().get("repro4j.sweep.slurm_job"),
        Files.readString(parent.dir().resolve("artifacts/repro4j/slurm/job-id")).strip());

    String status = "";
    for (int i = 0; i < 240 && !status.contains("2 trials: 2 COMPLETED"); i++) {
      Thread.sleep(500);
      status = sweepStatus(store, parent.runId());
    }
    assertTrue(status.contains("SLURM array "), status);
    assertTrue(status.contains("2 trials: 2 COMPLETED"), status);
    assertTrue(status.contains("best so far: trial #1"), status); // id=7 scores highest
    Map<Integer, StoredRun> trials = trials(store, parent);
    assertEquals(RunStatus.FINISHED, trials.get(0).status());
    assertEquals(RunStatus.FINISHED, trials.get(1).status());

    // --resume after the array ended records the best trial and ends the parent run
    Outcome resumed = RunHarness.run(new FlakyTrainer(), store, "-m", "--launcher", "slurm", "--resume",
        parent.runId());
    assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
    assertTrue(resumed.out().contains("launching 0 of 2 trials"), resumed.out());
    assertEquals(RunStatus.FINISHED, parent(store).status());
    assertEquals(trials.get(1).runId(), parent(store).tags().get("repro4j.sweep.best_run"));
  }

  @Test
  @Timeout(60)
  void anArraySlurmRefusesFailsTheSweepWithSbatchsMessage() throws Exception {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new FlakyTrainer(), store, "-m", "--launcher", "slurm",
        "--slurm", "partition=no_such_partition", "id=1,2");
    assertEquals(2, outcome.exitCode(), outcome.out() + outcome.err());
    assertTrue(outcome.err().contains("the SLURM array was not submitted: SLURM refused the array"), outcome.err());
    assertTrue(outcome.err().toLowerCase(java.util.Locale.ROOT).contains("partition"), outcome.err());
    assertEquals(RunStatus.FAILED, parent(store).status());
    assertEquals(Map.of(), trials(store, parent(store)));
  }

  private static String sweepStatus(Path store, String sweep) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = Repro4jCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("sweep", "status", "--tracking-uri", store.toString(), sweep);
    assertEquals(0, code, out + "\n" + err);
    return out.toString();
  }

  private static StoredRun parent(Path store) throws Exception {
    List<StoredRun> parents = RunHarness.runs(store).stream()
        .filter(run -> !run.tags().containsKey("mlflow.parentRunId")).toList();
    assertEquals(1, parents.size(), parents.toString());
    return parents.get(0);
  }

  private static Map<Integer, StoredRun> trials(Path store, StoredRun parent) throws Exception {
    Map<Integer, StoredRun> trials = new TreeMap<>();
    for (StoredRun run : RunHarness.runs(store)) {
      if (parent.runId().equals(run.tags().get("mlflow.parentRunId"))) {
        trials.put(Integer.parseInt(run.tags().get("repro4j.sweep.trial")), run);
      }
    }
    return trials;
  }
}
