package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void aRunStillWrittenByItsProcessIsNotReopened() throws IOException {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    try (RunWriter live = store.createRun(store.experimentId("e"), "live", "ada", 1_000)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.reopenRun(live.runId()));
      assertTrue(e.getMessage().contains("still writes it"), e.getMessage());
      live.finish(RunStatus.FINISHED, 2_000);
    }
  }
}
