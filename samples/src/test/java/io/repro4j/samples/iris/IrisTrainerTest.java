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
    Outcome outcome = RunHarness.run(new IrisTrainer(), store, "epochs=30", "optimizer.lr=0.2");
    assertEquals(0, outcome.exitCode(), outcome.err());

    List<StoredExperiment> experiments = FileStore.open(store).experiments();
    assertTrue(experiments.stream().anyMatch(e -> e.name().equals("iris-softmax")), experiments.toString());
    List<StoredRun> runs = RunHarness.runs(store);
    assertEquals(1, runs.size());
    StoredRun run = runs.get(0);
    assertAll(
        () -> assertEquals(RunStatus.FINISHED, run.status()),
        () -> assertEquals("sgd", run.params().get("optimizer")),
        () -> assertEquals("0.2", run.params().get("optimizer.lr")),
        // From conf/optimizer/sgd.yaml, the option file iris.yaml's defaults list chooses.
        () -> assertEquals("0.0", run.params().get("optimizer.momentum")),
        () -> assertEquals("30", run.params().get("epochs")),
        // From iris.yaml, not the field initialiser.
        () -> assertEquals("0.0001", run.params().get("l2")),
        () -> assertEquals("42", run.params().get("seed")),
        () -> assertEquals("samples/data/iris.csv", run.params().get("iris")),
        () -> assertEquals("d69a16ea6136ccb02a7c37c66375ebba", run.tags().get("repro4j.dataset.iris.md5")),
        () -> assertEquals("md5", run.tags().get("repro4j.dataset.iris.mode")),
        () -> assertEquals("1", run.tags().get("repro4j.dataset.iris.nfiles")),
        () -> assertEquals("true", run.tags().get("repro4j.dataset.iris.matched")),
        () -> assertEquals("d69a16ea6136ccb02a7c37c66375ebba", run.tags().get("repro4j.dataset.iris.pinned")),
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
    assertTrue(config.startsWith("defaults:\n- optimizer: sgd\n- _self_\noptimizer:\n  lr: 0.2\n"), config);
    assertTrue(config.contains("epochs: 30\n"), config);
    assertEquals("- epochs=30\n- optimizer.lr=0.2\n",
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
    Outcome outcome =
        RunHarness.run(new IrisTrainer(), store, "optimizer.lrr=0.1", "epochs=abc", "optimizer.lr=20");
    assertEquals(2, outcome.exitCode());
    String err = outcome.err();
    assertTrue(err.contains("3 config errors"), err);
    assertTrue(err.contains("unknown key 'optimizer.lrr'"), err);
    assertTrue(err.contains("did you mean 'optimizer.lr'"), err);
    assertTrue(err.contains("  optimizer.lrr=0.1\n  ^^^^^^^^^^^^^\n"), err);
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
    assertTrue(help.contains("optimizer     Optimizer  value=sgd  config group: sgd, adam"), help);
    assertTrue(help.contains("    sgd (chosen)\n      optimizer.lr        double  value=0.1  range [0, 10]\n"), help);
    assertTrue(help.contains("learning rate of gradient descent"), help);
    assertTrue(help.contains("    adam\n      optimizer.lr        double  range [0, 10]\n"), help);
    assertTrue(help.contains("optimizer.beta2"), help);
    assertTrue(help.contains("epochs        int        value=200  range [1, 100000]"), help);
    assertTrue(help.contains("  --slurm KEY=VALUE     a SLURM option, repeatable: job_name, partition, account, time,"), help);
    assertTrue(help.contains("md5 d69a16ea6136ccb02a7c37c66375ebba"), help);
    assertTrue(help.contains("accuracy  goal maximize") && help.contains("loss      goal minimize"), help);
    assertFalse(Files.exists(temp.resolve("mlruns")));
  }

  @Test
  void cfgPrintsTheResolvedConfig() {
    Outcome outcome = RunHarness.run(new IrisTrainer(), temp.resolve("mlruns"), "--cfg", "l2=1e-5", "epochs=7");
    assertEquals(0, outcome.exitCode(), outcome.err());
    assertEquals("defaults:\n- optimizer: sgd\n- _self_\noptimizer:\n  lr: 0.1\n  momentum: 0.0\nepochs: 7\n"
        + "l2: 1.0e-05\nbatchSize: 16\nseed: 42\ntestFraction: 0.2\niris: samples/data/iris.csv\n", outcome.out());
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Outcome outcome = RunHarness.run(new IrisTrainer(), temp.resolve("mlruns"), "--epochs", "3");
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.err().contains("unknown option '--epochs'"), outcome.err());
  }

  @Test
  void theReadmesAdamCommandTrainsWithAdamAndRecordsTheGroup() throws Exception {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new IrisTrainer(), store, "optimizer=adam", "optimizer.lr=0.01", "epochs=40");
    assertEquals(0, outcome.exitCode(), outcome.err());
    StoredRun run = RunHarness.runs(store).get(0);
    assertAll(
        () -> assertEquals("adam", run.params().get("optimizer")),
        () -> assertEquals("0.01", run.params().get("optimizer.lr")),
        // conf/optimizer/adam.yaml
        () -> assertEquals("0.999", run.params().get("optimizer.beta2")),
        () -> assertEquals("1e-08", run.params().get("optimizer.eps")),
        () -> assertFalse(run.params().containsKey("optimizer.momentum"), run.params().toString()));
    String config = Files.readString(run.dir().resolve("artifacts/repro4j/config.yaml"), StandardCharsets.UTF_8);
    assertTrue(config.startsWith("defaults:\n- optimizer: adam\n- _self_\noptimizer:\n  lr: 0.01\n  beta1: 0.9\n"),
        config);
    List<MetricPoint> accuracy = run.metrics().get("accuracy");
    assertTrue(accuracy.get(39).value() > 0.8, "Adam learns Iris too: " + accuracy);

    // Bit for bit again with the same seed and config, and different from SGD's.
    Path again = temp.resolve("again");
    assertEquals(0, RunHarness.run(new IrisTrainer(), again, "optimizer=adam", "optimizer.lr=0.01", "epochs=40")
        .exitCode());
    List<Double> first = run.metrics().get("loss").stream().map(MetricPoint::value).toList();
    List<Double> second = RunHarness.runs(again).get(0).metrics().get("loss").stream().map(MetricPoint::value).toList();
    assertEquals(first, second);
    Path sgd = temp.resolve("sgd");
    assertEquals(0, RunHarness.run(new IrisTrainer(), sgd, "optimizer.lr=0.01", "epochs=40").exitCode());
    assertFalse(first.equals(RunHarness.runs(sgd).get(0).metrics().get("loss").stream().map(MetricPoint::value).toList()));
  }

  @Test
  void anUnknownOptionOrAKeyOfAnotherOptionIsAConfigError() {
    Path store = temp.resolve("mlruns");
    Outcome outcome = RunHarness.run(new IrisTrainer(), store, "optimizer=adamm", "optimizer=adam", "optimizer.momentum=0.9");
    assertEquals(2, outcome.exitCode());
    String err = outcome.err();
    assertTrue(err.contains("2 config errors"), err);
    assertTrue(err.contains("override 'optimizer=adamm': Could not find 'optimizer/adamm' (did you mean 'adam'?);"
        + " available options in 'optimizer': sgd, adam\n  optimizer=adamm\n            ^^^^^"), err);
    assertTrue(err.contains("'optimizer.momentum' belongs to option 'sgd'"), err);
    assertFalse(Files.exists(store));
  }

  @Test
  void theGroupsChoiceShowsInInfoAndComposedYamlAndFollowsHydrasOverrideTypes() throws Exception {
    Path store = temp.resolve("mlruns");
    Outcome info = RunHarness.run(new IrisTrainer(), store, "--info", "optimizer=adam", "optimizer.lr=0.01");
    assertEquals(0, info.exitCode(), info.err());
    assertTrue(
        info.out().matches(
            "(?s).*\noptimizer +adam +override 'optimizer=adam' \\(config group; options sgd, adam\\)\n"
                + "optimizer\\.lr +0\\.01 +override 'optimizer\\.lr=0\\.01'\n.*"),
        info.out());
    assertTrue(info.out().matches("(?s).*\noptimizer\\.beta2 +0\\.999 +conf/optimizer/adam\\.yaml:5:8\n.*"), info.out());

    Outcome plus = RunHarness.run(new IrisTrainer(), store, "+optimizer=adam");
    assertEquals(2, plus.exitCode());
    assertTrue(plus.err().contains("Multiple values for optimizer: option 'sgd' is chosen already (iris.yaml:5:16).\n"
        + "Either remove + prefix: 'optimizer=adam'"), plus.err());
    Outcome tilde = RunHarness.run(new IrisTrainer(), store, "~optimizer=adam", "optimizer/adam=x");
    assertEquals(2, tilde.exitCode());
    assertTrue(tilde.err().contains("Could not delete from config. The value of 'optimizer' is sgd and not adam."),
        tilde.err());
    assertTrue(tilde.err().contains("group paths (a/b=x) and packages (key@package=x) are not supported; choose an"
        + " option of a config group with GROUP=OPTION, e.g. optimizer=adam"), tilde.err());
    assertFalse(Files.exists(store));

    Outcome adam = RunHarness.run(new IrisTrainer(), store, "optimizer=adam", "optimizer.lr=0.01", "epochs=5");
    assertEquals(0, adam.exitCode(), adam.err());
    StoredRun run = RunHarness.runs(store).get(0);
    String composed = Files.readString(run.dir().resolve("artifacts/repro4j/composed.yaml"), StandardCharsets.UTF_8);
    assertTrue(composed.startsWith("defaults:\n- optimizer: adam\n- _self_\noptimizer:\n  lr: 0.01\n"), composed);
  }
}
