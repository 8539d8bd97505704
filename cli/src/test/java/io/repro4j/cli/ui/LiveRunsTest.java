package io.repro4j.cli.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.runtime.tracking.search.OrderBy;
import io.repro4j.runtime.tracking.search.SearchFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI's in-memory runs: read once, then only what changed, on a real store. */
class LiveRunsTest {
  private static final long T0 = 1_790_000_000_000L;

  @TempDir Path tmp;

  List<String> finishedRuns(FileStore store, String exp, int n) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try (RunWriter w = store.createRun(exp, "run-" + i, "ada", T0 + i)) {
        w.logParam("lr", i % 2 == 0 ? "0.1" : "0.01");
        w.logMetric("loss", 1.0, 0, T0);
        w.logMetric("loss", 0.5 / (i + 1), 1, T0);
        w.finish(RunStatus.FINISHED, T0 + i + 10);
        ids.add(w.runId());
      }
    }
    return ids;
  }

  static List<String> ids(List<StoredRun> runs) {
    return runs.stream().map(StoredRun::runId).toList();
  }

  @Test
  void readsOnlyNewRunsChangedMetaAndUnfinishedRuns() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("exp");
    List<String> ids = finishedRuns(store, exp, 5);
    LiveRuns live = LiveRuns.load(store, 0);
    LiveRuns.Snapshot first = live.refreshNow();
    assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)), ids(first.runs()), "newest first");
    assertEquals(List.of(1L), first.runs().get(0).metrics().get("loss").stream().map(p -> p.step()).toList(), "the latest point only");

    // Nothing changed: the same runs, the same generation, the cached search.
    LiveRuns.Snapshot again = live.refreshNow();
    assertEquals(first.generation(), again.generation());
    assertSame(first.runs(), again.runs());
    SearchFilter lr = SearchFilter.parse("params.lr = '0.1'");
    assertSame(live.search(again, lr, List.of()), live.search(live.refreshNow(), lr, List.of()));

    // A finished run whose files change but not its meta.yaml is not read again (the documented
    // limit): no refresh reads the 10,000 runs of a store that did not change.
    Path lrFile = store.root().resolve(exp).resolve(ids.get(0)).resolve("params").resolve("lr");
    Files.writeString(lrFile, "0.5");
    assertEquals("0.1", byId(live.refreshNow(), ids.get(0)).params().get("lr"));
    // ...until its meta.yaml changes: then it is read again in full.
    Path meta = store.root().resolve(exp).resolve(ids.get(0)).resolve("meta.yaml");
    Files.setLastModifiedTime(meta, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    LiveRuns.Snapshot touched = live.refreshNow();
    assertNotEquals(first.generation(), touched.generation());
    assertEquals("0.5", byId(touched, ids.get(0)).params().get("lr"));

    // A new run appears; while it runs, its latest point is read at every refresh.
    try (RunWriter w = store.createRun(exp, "running", "ada", T0 + 100)) {
      w.logMetric("loss", 2.0, 0, T0);
      w.flush();
      StoredRun running = live.refreshNow().runs().get(0);
      assertEquals(w.runId(), running.runId());
      assertEquals(RunStatus.RUNNING, running.status());
      assertEquals(2.0, running.latest("loss").value());
      w.logMetric("loss", 1.5, 1, T0);
      w.flush();
      assertEquals(1.5, live.refreshNow().runs().get(0).latest("loss").value());
      w.finish(RunStatus.FAILED, T0 + 200);
    }
    assertEquals(RunStatus.FAILED, live.refreshNow().runs().get(0).status());

    // A run deleted the way MLflow deletes it (lifecycle_stage in meta.yaml), and one removed.
    Path deletedMeta = store.root().resolve(exp).resolve(ids.get(1)).resolve("meta.yaml");
    Files.writeString(deletedMeta, Files.readString(deletedMeta).replace("lifecycle_stage: active", "lifecycle_stage: deleted"));
    Files.setLastModifiedTime(deletedMeta, FileTime.fromMillis(System.currentTimeMillis() + 120_000));
    deleteTree(store.root().resolve(exp).resolve(ids.get(2)));
    List<String> left = ids(live.refreshNow().runs());
    assertEquals(4, left.size(), left.toString());
    assertTrue(!left.contains(ids.get(1)) && !left.contains(ids.get(2)), left.toString());
  }

  @Test
  void searchesInMlflowSyntaxAndOrderOnTheRunsInMemory() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("exp");
    List<String> ids = finishedRuns(store, exp, 6);
    String other = store.experimentId("other");
    finishedRuns(store, other, 1);
    LiveRuns live = LiveRuns.load(store, 60_000);
    LiveRuns.Snapshot s = live.refreshNow();
    assertEquals(7, s.runs().size(), "every active experiment");
    assertEquals("other", s.experimentNames().get(other));
    LiveRuns.Search search =
        live.search(s, SearchFilter.parse("params.lr = '0.01' and metrics.loss < 0.2"), List.of(OrderBy.parse("metrics.loss DESC")));
    assertEquals(List.of(ids.get(3), ids.get(5)), ids(search.matching()));
    assertEquals("0.01", search.columns().get("params").get("constant").get("lr").asText(), "folded: the same in every match");
  }

  @Test
  void aRequestIsAnsweredAtOnceAndTheRefreshRunsAfterIt() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("exp");
    finishedRuns(store, exp, 1);
    LiveRuns live = LiveRuns.load(store, 0);
    LiveRuns.Snapshot before = live.last();
    finishedRuns(store, exp, 1);
    List<Runnable> background = new ArrayList<>();
    assertSame(before, live.current(background::add));
    assertSame(before, live.current(background::add));
    assertEquals(1, background.size(), "one refresh at a time");
    background.get(0).run();
    assertEquals(2, live.last().runs().size());
  }

  @Test
  void verifyTakesInWhatTheIndexHadStale() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("exp");
    List<String> ids = finishedRuns(store, exp, 3);
    // Settled runs (older than the index's 3 s), so the index stores them.
    try (var files = Files.walk(store.root().resolve(exp))) {
      for (Path p : files.toList()) {
        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
      }
    }
    io.repro4j.runtime.tracking.RunIndex.runs(store, exp);
    // A tag set after the run ended: its meta.yaml is unchanged, so the index entry is reused at load.
    Path tag = store.root().resolve(exp).resolve(ids.get(0)).resolve("tags").resolve("note");
    Files.writeString(tag, "set later");
    LiveRuns live = LiveRuns.load(store, 60_000);
    assertEquals(null, byId(live.refreshNow(), ids.get(0)).tags().get("note"), "as the index had it");
    long generation = live.refreshNow().generation();
    assertEquals(1, live.verify(false));
    assertEquals("set later", byId(live.refreshNow(), ids.get(0)).tags().get("note"));
    assertNotEquals(generation, live.refreshNow().generation());
    assertEquals(0, live.verify(false), "checked once");
  }

  @Test
  void theFullCheckSeesATagSetAfterAFinishedRunWasRead() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("exp");
    List<String> ids = finishedRuns(store, exp, 2);
    LiveRuns live = LiveRuns.load(store, 0);
    live.verify(false);
    // MLflow's set_tag on a finished run writes tags/<key> and leaves meta.yaml alone.
    Files.writeString(store.root().resolve(exp).resolve(ids.get(1)).resolve("tags").resolve("note"), "set later");
    assertEquals(null, byId(live.refreshNow(), ids.get(1)).tags().get("note"), "a refresh stats meta.yaml only");
    assertEquals(0, live.verify(false), "the index's runs were checked already");

    assertEquals(1, live.verify(true));

    assertEquals("set later", byId(live.refreshNow(), ids.get(1)).tags().get("note"));
    assertEquals(0, live.verify(true), "nothing else changed");
  }

  static StoredRun byId(LiveRuns.Snapshot s, String id) {
    return s.runs().stream().filter(r -> r.runId().equals(id)).findFirst().orElseThrow();
  }

  static void deleteTree(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
