package io.repro4j.cli;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import java.nio.file.Path;

/** Another JVM finishing a run: {@code <store> <experiment> <run name> <lr> <accuracy>}, prints the run id. */
public final class FinishRunMain {
  private FinishRunMain() {}

  public static void main(String[] args) throws Exception {
    FileStore store = FileStore.open(Path.of(args[0]));
    long now = System.currentTimeMillis();
    try (RunWriter run = store.createRun(store.experimentId(args[1]), args[2], "other-jvm", now)) {
      run.logParam("lr", args[3]);
      run.logMetric("accuracy", Double.parseDouble(args[4]), 1, now);
      run.finish(RunStatus.FINISHED, now + 1);
      System.out.println(run.runId());
    }
  }
}
