package io.repro4j.samples.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repro4j.runtime.ExperimentBinding;
import io.repro4j.runtime.config.ConfigFileCache;
import io.repro4j.runtime.data.DataLock;
import io.repro4j.runtime.launch.ConfigLoading;
import io.repro4j.runtime.sweep.SweepOptions;
import io.repro4j.runtime.sweep.Sweeper;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.samples.RunHarness;
import io.repro4j.samples.iris.IrisTrainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep of the real Iris trainer parses its config files once, however many trials it has. */
class SweepConfigParsingTest {
  @TempDir Path temp;

  @Test
  void aSweepParsesEachConfigFileOnceForAllItsTrials() throws IOException {
    ConfigFileCache files = ConfigLoading.configFileCache(IrisTrainer.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new Sweeper(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            RunHarness.REPO_ROOT,
            Map.of())
        .run(
            new IrisTrainer(),
            ExperimentBinding.forClass(IrisTrainer.class),
            List.of("optimizer=sgd,adam", "epochs=1,2,3,4", "seed=1,2"),
            temp.resolve("mlruns").toString(),
            List.of(),
            new SweepOptions(true, 1, false, false, 0, 0, null, null, "local", List.of(), false),
            new Sweeper.DataLockOptions(RunHarness.REPO_ROOT.resolve(DataLock.DEFAULT_FILE_NAME), false, false, null),
            files);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));

    List<StoredRun> runs = RunHarness.runs(temp.resolve("mlruns"));
    assertEquals(1 + 16, runs.size());
    runs.forEach(run -> assertEquals(RunStatus.FINISHED, run.status(), run.runId()));
    // iris.yaml, conf/optimizer/sgd.yaml and conf/optimizer/adam.yaml, once each for 16 trials
    assertEquals(3, files.parses());
  }
}
