package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NestedRunsTest {
  @TempDir Path tmp;

  @Test
  void aChildRunCarriesItsParentsIdFromTheStartAndReadsBack() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("sweep");
    String parentId;
    try (RunWriter parent = store.createRun(exp, "sweep", "ada", 1_000)) {
      parentId = parent.runId();
      try (RunWriter child = store.createRun(exp, "trial-1", "ada", 2_000, parentId)) {
        assertEquals(parentId, Files.readString(child.runDir().resolve("tags/mlflow.parentRunId")),
            "written when the run directory appears");
        child.finish(RunStatus.FINISHED, 3_000);
      }
      parent.finish(RunStatus.FINISHED, 4_000);
    }
    List<StoredRun> runs = store.runs(exp);
    assertEquals(2, runs.size());
    StoredRun child = runs.stream().filter(r -> r.tags().containsKey(FileStore.PARENT_RUN_ID_TAG)).findFirst()
        .orElseThrow();
    assertEquals(parentId, child.tags().get("mlflow.parentRunId"));
    assertEquals("trial-1", child.tags().get("mlflow.runName"));
    StoredRun parent = store.run(parentId).orElseThrow();
    assertFalse(parent.tags().containsKey("mlflow.parentRunId"), "the parent is a top-level run");
  }

  @Test
  void anUnknownOrInvalidParentIsRefusedAndNoRunIsCreated() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("sweep");
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class,
            () -> store.createRun(exp, "t", "ada", 1, "0123456789abcdef0123456789abcdef"));
    assertTrue(unknown.getMessage().startsWith("Parent run '0123456789abcdef0123456789abcdef' is not an active"
        + " run of the store "), unknown.getMessage());
    IllegalArgumentException invalid =
        assertThrows(IllegalArgumentException.class, () -> store.createRun(exp, "t", "ada", 1, "../x"));
    assertTrue(invalid.getMessage().startsWith("Parent run id '../x' is not a run id"), invalid.getMessage());
    try (Stream<Path> files = Files.list(tmp.resolve("mlruns").resolve(exp))) {
      assertEquals(List.of("meta.yaml"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
