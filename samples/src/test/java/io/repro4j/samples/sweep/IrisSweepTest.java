package io.repro4j.samples.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.sweep.SweepFile;
import io.repro4j.runtime.sweep.SweepStatus;
import io.repro4j.runtime.sweep.Trial;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.MetricPoint;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.samples.RunHarness;
import io.repro4j.samples.RunHarness.Outcome;
import io.repro4j.samples.fixtures.FlakyTrainer;
import io.repro4j.samples.iris.IrisTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps of the real Iris trainer (and a flaky fixture), end to end, through its command line. */
class IrisSweepTest {
  @TempDir Path temp;

  @Test
  void aGridRunsEveryTrialInHydrasOrderNestedUnderTheSweep() throws IOException {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new IrisTrainer(), store, "-m", "optimizer=sgd,adam", "epochs=3,5");
    assertEquals(0, outcome.exitCode(), outcome.err());

    StoredRun parent = parent(store);
    assertEquals(RunStatus.FINISHED, parent.status());
    assertEquals(List.of(
            List.of("optimizer=sgd", "epochs=3"), List.of("optimizer=sgd", "epochs=5"),
            List.of("optimizer=adam", "epochs=3"), List.of("optimizer=adam", "epochs=5")),
        SweepFile.read(parent.dir()).trials().stream().map(Trial::overrides).toList());
    Map<Integer, StoredRun> trials = trials(store, parent);
    assertEquals(4, trials.size());
    for (StoredRun trial : trials.values()) {
      assertEquals(RunStatus.FINISHED, trial.status());
      assertEquals(parent.runId(), trial.tags().get("mlflow.parentRunId"));
    }
    assertEquals("sgd", trials.get(1).params().get("optimizer"));
    assertEquals("5", trials.get(1).params().get("epochs"));
    assertEquals("adam", trials.get(2).params().get("optimizer"));
    assertEquals("3", trials.get(2).params().get("epochs"));

    // The table is sorted by loss (IrisTrainer's first @Metric with a goal), the best named.
    StoredRun best = trials.values().stream()
        .min(Comparator.comparingDouble(r -> r.latest("loss").value())).orElseThrow();
    assertTrue(outcome.out().contains("repro4j: best trial #" + best.tags().get("repro4j.sweep.trial")
        + " (run " + best.runId() + "): loss="), outcome.out());
    assertTrue(outcome.out().contains("trial  status    loss (min)"), outcome.out());
    assertEquals(best.runId(), parent.tags().get("repro4j.sweep.best_run"));
    assertTrue(outcome.out().contains("#0 : optimizer=sgd epochs=3"), outcome.out());
    // Every trial ran in this JVM, so the table came from memory: it is the one the store gives.
    assertTrue(outcome.out().contains(SweepStatus.read(FileStore.open(store), parent.runId()).table()),
        outcome.out());
  }

  @Test
  void randomSearchIsReproducibleForItsSeed() throws IOException {
    String[] args = {"-m", "--trials", "4", "--sweep-seed", "11", "--optimize", "accuracy",
        "epochs=int(interval(2,6))", "l2=tag(log,interval(1e-5,1e-2))", "optimizer=sgd,adam"};
    Outcome first = RunHarness.run(new IrisTrainer(), temp.resolve("a"), args);
    Outcome second = RunHarness.run(new IrisTrainer(), temp.resolve("b"), args);
    assertEquals(0, first.exitCode(), first.err());
    assertEquals(0, second.exitCode(), second.err());
    List<Trial> a = SweepFile.read(parent(temp.resolve("a")).dir()).trials();
    List<Trial> b = SweepFile.read(parent(temp.resolve("b")).dir()).trials();
    assertEquals(a, b);
    assertEquals(4, a.size());
    for (Trial trial : a) {
      int epochs = Integer.parseInt(trial.overrides().get(0).substring("epochs=".length()));
      double l2 = Double.parseDouble(trial.overrides().get(1).substring("l2=".length()));
      assertTrue(epochs >= 2 && epochs <= 6, trial.toString());
      assertTrue(l2 >= 1e-5 && l2 < 1e-2, trial.toString());
    }
    assertTrue(first.out().contains("accuracy (max)"), first.out());

    Outcome other = RunHarness.run(new IrisTrainer(), temp.resolve("c"), "-m", "--trials", "4", "--sweep-seed", "12",
        "epochs=int(interval(2,6))", "l2=tag(log,interval(1e-5,1e-2))", "optimizer=sgd,adam");
    assertEquals(0, other.exitCode(), other.err());
    assertNotEquals(a, SweepFile.read(parent(temp.resolve("c")).dir()).trials());
  }

  @Test
  void everyInvalidTrialIsListedAndNothingIsLaunched() throws IOException {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new IrisTrainer(), store, "-m", "epochs=3,0,4", "testFraction=0.2,0.99");
    assertEquals(2, outcome.exitCode(), outcome.out());
    String err = outcome.err();
    // Trials 1 (epochs=0), 2..5 ... every trial with epochs=0 or testFraction=0.99 is named.
    assertTrue(err.contains("trial #1 : epochs=3 testFraction=0.99"), err);
    assertTrue(err.contains("trial #2 : epochs=0 testFraction=0.2"), err);
    assertTrue(err.contains("trial #3 : epochs=0 testFraction=0.99"), err);
    assertTrue(err.contains("trial #5 : epochs=4 testFraction=0.99"), err);
    assertFalse(err.contains("trial #0 "), err);
    assertFalse(err.contains("trial #4 "), err);
    assertTrue(err.contains("4 of 6 trials are invalid"), err);
    assertTrue(err.contains("^"), err); // the caret under the bad value
    assertFalse(outcome.out().contains("launching"), outcome.out());
    assertEquals(List.of(), Files.exists(store) ? RunHarness.runs(store) : List.of());
  }

  @Test
  void aFailedTrialDoesNotStopTheOthersAndResumeRunsOnlyWhatDidNotFinish() throws IOException {
    Path store = temp.resolve("mlruns");
    Path marker = Files.createFile(temp.resolve("fail-now"));
    Outcome outcome = RunHarness.run(new FlakyTrainer(), store, "-m", "id=0,1,2,3", "failOn=2", "marker=" + marker);
    assertEquals(1, outcome.exitCode(), outcome.out());
    assertTrue(outcome.err().contains("repro4j: trial #2 FAILED (exit 1); log "), outcome.err());
    assertTrue(outcome.err().contains("trial with id 2 failed"), outcome.err()); // the log's tail
    StoredRun parent = parent(store);
    assertEquals(RunStatus.FAILED, parent.status());
    Map<Integer, StoredRun> trials = trials(store, parent);
    assertEquals(RunStatus.FAILED, trials.get(2).status());
    for (int i : new int[] {0, 1, 3}) {
      assertEquals(RunStatus.FINISHED, trials.get(i).status());
    }
    assertTrue(outcome.out().contains("best trial #3"), outcome.out());
    assertTrue(outcome.out().contains("--resume " + parent.runId()), outcome.out());

    Outcome withOverrides = RunHarness.run(new FlakyTrainer(), store, "-m", "--resume", parent.runId(), "id=9");
    assertEquals(2, withOverrides.exitCode(), withOverrides.out());
    assertTrue(withOverrides.err().contains("--resume reruns the sweep's trials with the configs it recorded"),
        withOverrides.err());
    Outcome unknown = RunHarness.run(new FlakyTrainer(), store, "-m", "--resume", "0123456789abcdef0123456789abcdef");
    assertEquals(2, unknown.exitCode(), unknown.out());
    assertTrue(unknown.err().contains("--resume: no run '0123456789abcdef0123456789abcdef'"), unknown.err());

    Files.delete(marker);
    Outcome resumed = RunHarness.run(new FlakyTrainer(), store, "-m", "--resume", parent.runId());
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertTrue(resumed.out().contains("launching 1 of 4 trials"), resumed.out());
    assertTrue(resumed.out().contains("#2 : id=2 failOn=2 marker="), resumed.out());
    List<StoredRun> children = RunHarness.runs(store).stream()
        .filter(r -> parent.runId().equals(r.tags().get("mlflow.parentRunId"))).toList();
    assertEquals(5, children.size()); // the failed attempt stays recorded
    assertEquals(RunStatus.FINISHED, parent(store).status());
    assertEquals(RunStatus.FINISHED, trials(store, parent).get(2).status());
  }

  @Test
  void failFastLaunchesNoTrialAfterAFailure() throws IOException {
    Path store = temp.resolve("mlruns");
    Path marker = Files.createFile(temp.resolve("fail-now"));
    Outcome outcome = RunHarness.run(new FlakyTrainer(), store, "-m", "--fail-fast", "id=0,1,2,3", "failOn=1",
        "marker=" + marker);
    assertEquals(1, outcome.exitCode(), outcome.out());
    assertTrue(outcome.err().contains("2 trials not started (--fail-fast): #2, #3"), outcome.err());
    assertEquals(2, trials(store, parent(store)).size());
  }

  @Test
  void twoTrialsAtOnceGiveTheSameMetricsAsOneAtATime() throws IOException {
    String[] grid = {"optimizer=sgd,adam", "epochs=4,6"};
    Outcome serial = RunHarness.run(new IrisTrainer(), temp.resolve("one"), concat(new String[] {"-m"}, grid));
    Outcome parallel =
        RunHarness.run(new IrisTrainer(), temp.resolve("two"), concat(new String[] {"-m", "--jobs", "2"}, grid));
    assertEquals(0, serial.exitCode(), serial.err());
    assertEquals(0, parallel.exitCode(), parallel.err());
    assertTrue(parallel.out().contains("2 at once"), parallel.out());
    assertTrue(parallel.out().contains(
        SweepStatus.read(FileStore.open(temp.resolve("two")), parent(temp.resolve("two")).runId()).table()),
        parallel.out());
    Map<Integer, StoredRun> a = trials(temp.resolve("one"), parent(temp.resolve("one")));
    Map<Integer, StoredRun> b = trials(temp.resolve("two"), parent(temp.resolve("two")));
    assertEquals(4, b.size());
    for (int i = 0; i < 4; i++) {
      assertEquals(values(a.get(i).metrics().get("loss")), values(b.get(i).metrics().get("loss")), "trial " + i);
      assertEquals(values(a.get(i).metrics().get("accuracy")), values(b.get(i).metrics().get("accuracy")));
      assertTrue(Files.isRegularFile(b.get(i).dir().resolve("artifacts/model.csv")));
    }
  }

  @Test
  void isolateRunsEachTrialInItsOwnJvm() throws IOException {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new IrisTrainer(), store, "-m", "--isolate", "epochs=2,3");
    assertEquals(0, outcome.exitCode(), outcome.err() + outcome.out());
    StoredRun parent = parent(store);
    Map<Integer, StoredRun> trials = trials(store, parent);
    assertEquals(2, trials.size());
    for (StoredRun trial : trials.values()) {
      assertEquals(RunStatus.FINISHED, trial.status());
    }
    // The child JVM's output is in the trial's log, and its run recorded the child's command.
    String log = Files.readString(parent.dir().resolve("artifacts/repro4j/trials/trial-1.log"));
    assertTrue(log.contains("run " + trials.get(1).runId() + " FINISHED"), log);
    String command = Files.readString(trials.get(1).dir().resolve("artifacts/repro4j/command.txt"));
    assertTrue(command.contains("io.repro4j.runtime.sweep.TrialMain io.repro4j.samples.iris.IrisTrainer"), command);
    assertTrue(command.contains("epochs=3"), command);
  }

  private static List<Double> values(List<MetricPoint> points) {
    return points.stream().map(MetricPoint::value).toList();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static StoredRun parent(Path store) throws IOException {
    List<StoredRun> parents = RunHarness.runs(store).stream()
        .filter(r -> r.tags().containsKey("repro4j.sweep.strategy")).toList();
    assertEquals(1, parents.size(), parents.toString());
    return parents.get(0);
  }

  private static Map<Integer, StoredRun> trials(Path store, StoredRun parent) throws IOException {
    Map<Integer, StoredRun> trials = new TreeMap<>();
    for (StoredRun run : RunHarness.runs(store)) {
      if (parent.runId().equals(run.tags().get("mlflow.parentRunId"))) {
        int index = Integer.parseInt(run.tags().get("repro4j.sweep.trial"));
        StoredRun previous = trials.get(index);
        if (previous == null || run.startTime() >= previous.startTime()) {
          trials.put(index, run);
        }
      }
    }
    return trials;
  }
}
