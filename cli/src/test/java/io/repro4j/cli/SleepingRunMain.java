package io.repro4j.cli;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunWriter;
import java.nio.file.Path;

/**
 * A training process to kill: logs 1000 points, flushes, says so on stdout, then keeps logging a
 * point every 10 ms until it is killed. Its run stays RUNNING with a lease, as after a crash.
 */
public final class SleepingRunMain {
  private SleepingRunMain() {}

  public static void main(String[] args) throws Exception {
    FileStore store = FileStore.open(Path.of(args[0]));
    RunWriter run = store.createRun(store.experimentId("killed"), "victim", "test", System.currentTimeMillis());
    System.out.println("RUN " + run.runId());
    for (int i = 0; i < 1000; i++) {
      run.logMetric("loss", 1.0 / (i + 1), i, System.currentTimeMillis());
    }
    run.flush();
    System.out.println("FLUSHED");
    System.out.flush();
    for (long i = 1000; ; i++) {
      run.logMetric("loss", 0.5, i, System.currentTimeMillis());
      Thread.sleep(10);
    }
  }
}
