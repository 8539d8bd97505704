package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run finished with {@link FinishDurability#DEFERRED} (a trial of an in-process sweep) is the
 * same record as a synced one, and the store is then synced with one call.
 */
class DeferredFinishTest {
  @TempDir Path tmp;

  @Test
  void aDeferredFinishRecordsTheSameRunAndTheStoreSyncsAtOnce() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("trials");
    String[] ids = new String[2];
    FinishDurability[] modes = {FinishDurability.SYNCED, FinishDurability.DEFERRED};
    for (int i = 0; i < 2; i++) {
      try (RunWriter run = store.createRun(exp, "r" + i, "alice", 1700000000000L)) {
        run.logMetric("loss", 0.5, 0, 1700000000001L);
        run.finish(RunStatus.FINISHED, 1700000000002L, modes[i]);
        ids[i] = run.runId();
        assertFalse(Files.exists(run.runDir().resolve(RunLease.FILE)), "the lease ends either way");
      }
    }
    for (String id : ids) {
      StoredRun run = store.run(id).orElseThrow();
      assertEquals(RunStatus.FINISHED, run.status());
      assertEquals(1700000000002L, run.endTime());
      assertEquals(List.of("1700000000001 0.5 0"), Files.readAllLines(run.dir().resolve("metrics/loss")));
    }
    // meta.yaml differs only by the run's own fields
    String synced = Files.readString(store.run(ids[0]).orElseThrow().dir().resolve("meta.yaml"));
    String deferred = Files.readString(store.run(ids[1]).orElseThrow().dir().resolve("meta.yaml"));
    assertEquals(synced.replace(ids[0], "ID").replace("run_name: r0", "run_name: r"),
        deferred.replace(ids[1], "ID").replace("run_name: r1", "run_name: r"));
    assertNull(StoreSync.syncFileSystem(store.root()), "sync --file-system (GNU coreutils) or sync");
  }
}
