package io.repro4j.samples.iris;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.MetricPoint;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.StoredExperiment;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.samples.RunHarness;
import io.repro4j.samples.RunHarness.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample end to end, in this JVM: config, data check, training, and the run in the store. */
class IrisTrainerTest {
  @TempDir Path temp;

  @Test
  void recordsAFinishedRunWithParamsMetricsTagsAndArtifacts() throws Exception {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new IrisTrainer(), store, "epochs=30", "lr=0.2");
    assertEquals(0, outcome.exitCode(), outcome.err());

    List<StoredExperiment> experiments = FileStore.open(store).experiments();
    assertTrue(experiments.stream().anyMatch(e -> e.name().equals("iris-softmax")), experiments.toString());
    List<StoredRun> runs = RunHarness.runs(store);
    assertEquals(1, runs.size());
    StoredRun run = runs.get(0);
    assertAll(
        () -> assertEquals(RunStatus.FINISHED, run.status()),
        () -> assertEquals("0.2", run.params().get("lr")),
        () -> assertEquals("30", run.params().get("epochs")),
        // From iris.yaml, not the field initialiser.
        () -> assertEquals("0.0001", run.params().get("l2")),
        () -> assertEquals("42", run.params().get("seed")),
        () -> assertEquals("samples/data/iris.csv", run.params().get("iris")),
        () -> assertEquals("d69a16ea6136ccb02a7c37c66375ebba", run.tags().get("repro4j.dataset.iris.md5")),
        () -> assertEquals("LOCAL", run.tags().get("mlflow.source.type")),
        () -> assertEquals(run.runName(), run.tags().get("mlflow.runName")),
        () -> assertEquals(30, run.metrics().get("loss").size()),
        () -> assertEquals(30, run.metrics().get("accuracy").size()));

    List<MetricPoint> accuracy = run.metrics().get("accuracy");
    assertEquals(1, accuracy.get(0).step());
    assertEquals(30, accuracy.get(29).step());
    assertTrue(accuracy.get(29).value() > 0.8, "a softmax regression learns Iris: " + accuracy);
    List<MetricPoint> loss = run.metrics().get("loss");
    assertTrue(loss.get(29).value() < loss.get(0).value(), "loss falls: " + loss);

    Path artifacts = run.dir().resolve("artifacts");
    String config = Files.readString(artifacts.resolve("repro4j/config.yaml"), StandardCharsets.UTF_8);
    assertTrue(config.contains("lr: 0.2\n"), config);
    assertTrue(config.contains("epochs: 30\n"), config);
    assertEquals("- epochs=30\n- lr=0.2\n",
        Files.readString(artifacts.resolve("repro4j/overrides.yaml"), StandardCharsets.UTF_8));
    assertTrue(Files.readString(artifacts.resolve("repro4j/environment.json")).contains("\"java.version\""));
    assertTrue(Files.exists(artifacts.resolve("repro4j/command.txt")));
    assertTrue(Files.readString(artifacts.resolve("model.csv")).startsWith("class,bias,w0,w1,w2,w3\nsetosa,"));
  }

  @Test
  void sameSeedAndConfigGiveTheSameMetricsBitForBit() throws Exception {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");
    assertEquals(0, RunHarness.run(new IrisTrainer(), first, "epochs=20").exitCode());
    assertEquals(0, RunHarness.run(new IrisTrainer(), second, "epochs=20").exitCode());
    StoredRun a = RunHarness.runs(first).get(0);
    StoredRun b = RunHarness.runs(second).get(0);
    for (String key : List.of("loss", "accuracy")) {
      List<Double> valuesA = a.metrics().get(key).stream().map(MetricPoint::value).toList();
      List<Double> valuesB = b.metrics().get(key).stream().map(MetricPoint::value).toList();
      assertEquals(valuesA, valuesB, key);
    }

    Path third = temp.resolve("third");
    assertEquals(0, RunHarness.run(new IrisTrainer(), third, "epochs=20", "seed=7").exitCode());
    List<Double> otherSeed = RunHarness.runs(third).get(0).metrics().get("loss").stream()
        .map(MetricPoint::value).toList();
    assertFalse(otherSeed.equals(a.metrics().get("loss").stream().map(MetricPoint::value).toList()),
        "another seed gives another split and order");
  }

  @Test
  void configErrorsAreAllListedWithTheirOriginAndNoRunIsCreated() {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new IrisTrainer(), store, "lrr=0.1", "epochs=abc", "lr=20");
    assertEquals(2, outcome.exitCode());
    String err = outcome.err();
    assertTrue(err.contains("3 config errors"), err);
    assertTrue(err.contains("unknown key 'lrr'"), err);
    assertTrue(err.contains("did you mean 'lr'"), err);
    assertTrue(err.contains("  lrr=0.1\n  ^^^"), err);
    assertTrue(err.contains("epochs=abc"), err);
    assertTrue(err.contains("out of range"), err);
    assertFalse(Files.exists(store), "nothing is created for a bad config");
  }

  @Test
  void aSweepWithoutMultirunIsAUsageErrorAndTildeRestoresTheFieldDefault() throws Exception {
    Path store = temp.resolve("mlruns");
    Outcome sweep = RunHarness.run(new IrisTrainer(), store, "lr=0.1,0.2", "epochs=range(10,30,10)");
    assertEquals(2, sweep.exitCode());
    assertTrue(sweep.err().contains("Ambiguous value for argument 'lr=0.1,0.2'"), sweep.err());
    assertTrue(sweep.err().contains("Sweep parameters 'epochs=range(10,30,10)' requires --multirun"), sweep.err());
    assertFalse(Files.exists(store));

    // iris.yaml sets l2 to 0.0001; ~l2 drops that and uses the field's initial value.
    Outcome reset = RunHarness.run(new IrisTrainer(), store, "epochs=5", "~l2", "++seed=7");
    assertEquals(0, reset.exitCode(), reset.err());
    StoredRun run = RunHarness.runs(store).get(0);
    assertEquals(String.valueOf(new IrisTrainer().l2), run.params().get("l2"));
    assertEquals("7", run.params().get("seed"));
  }

  @Test
  void aDatasetThatDoesNotMatchItsPinStopsBeforeAnyRun() throws Exception {
    Path store = temp.resolve("mlruns");
    Path tampered = temp.resolve("iris.csv");
    Files.writeString(tampered, Files.readString(RunHarness.REPO_ROOT.resolve("samples/data/iris.csv"))
        .replace("5.1,3.5,1.4,0.2,0", "5.1,3.5,1.4,0.3,0"));
    Outcome outcome = RunHarness.run(new IrisTrainer(), store, "iris=" + tampered);
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.err().contains(tampered.toString()), outcome.err());
    assertTrue(outcome.err().contains("expected: d69a16ea6136ccb02a7c37c66375ebba"), outcome.err());
    assertTrue(outcome.err().contains("actual:   "), outcome.err());
    assertFalse(Files.exists(store));
  }

  @Test
  void aMissingDatasetSaysWhereItLooked() {
    Outcome outcome = RunHarness.run(new IrisTrainer(), temp.resolve("mlruns"), "iris=nowhere/iris.csv");
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.err().contains("file not found: " + RunHarness.REPO_ROOT.resolve("nowhere/iris.csv")),
        outcome.err());
  }

  @Test
  void helpListsEveryKeyWithTypeValueRangeAndHelp() {
    Outcome outcome = RunHarness.run(new IrisTrainer(), temp.resolve("mlruns"), "--help");
    assertEquals(0, outcome.exitCode(), outcome.err());
    String help = outcome.out();
    assertTrue(help.contains("lr"), help);
    assertTrue(help.contains("double"), help);
    assertTrue(help.contains("value=0.1"), help);
    assertTrue(help.contains("range [0, 10]"), help);
    assertTrue(help.contains("Learning rate of gradient descent."), help);
    assertTrue(help.contains("md5 d69a16ea6136ccb02a7c37c66375ebba"), help);
    assertTrue(help.contains("accuracy  goal maximize") && help.contains("loss      goal minimize"), help);
    assertFalse(Files.exists(temp.resolve("mlruns")));
  }

  @Test
  void cfgPrintsTheResolvedConfig() {
    Outcome outcome = RunHarness.run(new IrisTrainer(), temp.resolve("mlruns"), "--cfg", "l2=1e-5", "epochs=7");
    assertEquals(0, outcome.exitCode(), outcome.err());
    assertEquals("lr: 0.1\nepochs: 7\nl2: 1.0e-05\nbatchSize: 16\nseed: 42\ntestFraction: 0.2\n"
        + "iris: samples/data/iris.csv\n", outcome.out());
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Outcome outcome = RunHarness.run(new IrisTrainer(), temp.resolve("mlruns"), "--epochs", "3");
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.err().contains("unknown option '--epochs'"), outcome.err());
  }
}
