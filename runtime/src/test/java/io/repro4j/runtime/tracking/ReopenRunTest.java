package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resumed sweep reopens its parent run. */
class ReopenRunTest {
  @TempDir Path tmp;

  @Test
  void anEndedRunIsRunningAgainWithWhatItHeld() throws IOException {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String id;
    try (RunWriter run = store.createRun(store.experimentId("e"), "sweep-x", "ada", 1_000)) {
      id = run.runId();
      run.setTag("kept", "yes");
      run.finish(RunStatus.FAILED, 2_000);
    }
    try (RunWriter reopened = store.reopenRun(id)) {
      StoredRun running = store.run(id).orElseThrow();
      assertEquals(RunStatus.RUNNING, running.status());
      assertNull(running.endTime());
      assertEquals(1_000, running.startTime());
      assertEquals("yes", running.tags().get("kept"));
      assertTrue(Files.exists(running.dir().resolve(RunLease.FILE)));
      reopened.finish(RunStatus.FINISHED, 3_000);
    }
    StoredRun finished = store.run(id).orElseThrow();
    assertEquals(RunStatus.FINISHED, finished.status());
    assertEquals(3_000L, finished.endTime());
    assertEquals("sweep-x", finished.runName());
  }

  @Test
  void reopeningReadsNeitherParamsNorMetricFiles() throws IOException {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String id;
    Path dir;
    try (RunWriter run = store.createRun(store.experimentId("e"), "sweep-x", "ada", 1_000)) {
      id = run.runId();
      dir = run.runDir();
      run.logMetric("best", 0.5, 0, 1_500);
      run.finish(RunStatus.FINISHED, 2_000);
    }
    // A damaged metric line is the doctor's business; it does not keep a sweep from resuming.
    Files.writeString(dir.resolve("metrics/best"), "1_ oops\n", StandardOpenOption.APPEND);
    assertThrows(IOException.class, () -> store.run(id));

    try (RunWriter reopened = store.reopenRun(id)) {
      assertEquals(RunStatus.RUNNING, FileStore.status(FileStore.readMeta(dir.resolve(FileStore.META)).get("status"), dir));
      reopened.finish(RunStatus.FINISHED, 3_000);
    }
    assertEquals(3_000L, FileStore.longOrNull(FileStore.readMeta(dir.resolve(FileStore.META)).get("end_time")));
    assertEquals("1500 0.5 0\n1_ oops\n", Files.readString(dir.resolve("metrics/best")));
  }

  @Test
  void aRunStillWrittenByItsProcessIsNotReopened() throws IOException {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    try (RunWriter live = store.createRun(store.experimentId("e"), "live", "ada", 1_000)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.reopenRun(live.runId()));
      assertTrue(e.getMessage().contains("still writes it"), e.getMessage());
      live.finish(RunStatus.FINISHED, 2_000);
    }
  }
}
