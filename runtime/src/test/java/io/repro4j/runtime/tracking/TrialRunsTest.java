package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's shortcuts for its in-process trials record the same runs as the general path. */
class TrialRunsTest {
  @TempDir Path tmp;

  @Test
  void aTrialRunIsTheRunCreateRunMakesAndLiveFromItsFirstMoment() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("sweep");
    RunWriter parent = store.createRun(exp, "sweep-parent", "u", 1000);
    TrialRuns trials = TrialRuns.of(store, exp, parent.runId());

    RunWriter viaTrials = trials.createRun("t", "u", 2000);
    RunWriter viaStore = store.createRun(exp, "s", "u", 2000, parent.runId());
    // The lease is in the directory as soon as the run is: doctor never sees a RUNNING run without one.
    assertTrue(RunLease.read(viaTrials.runDir()).isPresent());
    assertEquals(entries(viaStore.runDir()), entries(viaTrials.runDir()));
    StoredRun run = store.run(viaTrials.runId()).orElseThrow();
    assertEquals(parent.runId(), run.tags().get(FileStore.PARENT_RUN_ID_TAG));
    assertEquals(RunStatus.RUNNING, run.status());

    viaTrials.setTag("k", "v");
    viaTrials.writeArtifact("repro4j/a/b.txt", "x");
    viaTrials.writeArtifact("repro4j/a/c.txt", "y"); // into a folder the writer made: not resolved again
    viaTrials.finish(RunStatus.FINISHED, 3000, FinishDurability.DEFERRED);
    viaTrials.close();
    assertFalse(Files.exists(viaTrials.runDir().resolve(RunLease.FILE)));
    assertEquals("y", Files.readString(viaTrials.artifactsDir().resolve("repro4j/a/c.txt")));
    assertEquals(RunStatus.FINISHED, store.run(viaTrials.runId()).orElseThrow().status());
    viaStore.close();
    parent.close();
  }

  @Test
  void aMissingParentOrExperimentIsRefused() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("sweep");
    IllegalArgumentException noParent =
        assertThrows(IllegalArgumentException.class,
            () -> TrialRuns.of(store, exp, "0123456789abcdef0123456789abcdef"));
    assertTrue(noParent.getMessage().contains("is not an active run"), noParent.getMessage());
    try (RunWriter parent = store.createRun(exp, "sweep", "u", 1)) {
      IllegalArgumentException noExperiment =
          assertThrows(IllegalArgumentException.class, () -> TrialRuns.of(store, "123456789", parent.runId()));
      assertTrue(noExperiment.getMessage().contains("No experiment with id '123456789'"), noExperiment.getMessage());
    }
  }

  @Test
  void aMetaFileChangedSinceThisJvmWroteItIsReadFromTheFile() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("sweep");
    RunWriter run = store.createRun(exp, "before", "u", 5);
    run.finish(RunStatus.FINISHED, 7, FinishDurability.DEFERRED);
    run.close();
    assertEquals("before", store.run(run.runId()).orElseThrow().runName());
    // A rename in the MLflow UI rewrites meta.yaml: the bytes differ, so the file is parsed.
    Path meta = run.runDir().resolve("meta.yaml");
    Files.writeString(meta, Files.readString(meta).replace("run_name: before", "run_name: after"));
    StoredRun read = store.run(run.runId()).orElseThrow();
    assertEquals("after", read.runName());
    assertEquals(7L, read.endTime());
  }

  @Test
  void fieldsKeptForAWrittenMetaAreWhatParsingGives() {
    for (String name : List.of("plain", "123", "true", "null", "~", "a: b", "ünï cödé", "-1.5e3", "'quoted'", " x ")) {
      for (Long end : new Long[] {null, 0L, 1L, 3_000_000_000L}) {
        Map<String, Object> fields = RunWriter.runMeta("file:///tmp/x%20y/artifacts", end, "123456789012345678",
            "active", "0123456789abcdef0123456789abcdef", name, 1_700_000_000_000L, RunStatus.FINISHED, "u", end);
        String text = PyYaml.dump(fields);
        assertEquals(PyYaml.load(text), WrittenMeta.asParsed(fields), name + " / " + end);
        WrittenMeta.remember(tmp.resolve("m.yaml"), text.getBytes(StandardCharsets.UTF_8), fields);
        Map<String, Object> kept = WrittenMeta.lookUp(tmp.resolve("m.yaml"), text);
        assertNotNull(kept);
        assertEquals(PyYaml.load(text), kept);
      }
    }
  }

  @Test
  void oneRunAfterAnotherReusesTheMetricWriterThread() throws Exception {
    Thread[] writers = new Thread[2];
    for (int i = 0; i < 2; i++) {
      int run = i;
      java.util.concurrent.CountDownLatch beat = new java.util.concurrent.CountDownLatch(1);
      MetricAppender appender = new MetricAppender(Files.createDirectories(tmp.resolve("m" + i)), "repro4j-metrics-t" + i,
          16, 1024, 1000, () -> {
            writers[run] = Thread.currentThread();
            beat.countDown();
          }, 1);
      appender.submit(appender.intern("loss"), 1.5, 0, 1);
      assertTrue(beat.await(10, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals("repro4j-metrics-t" + i, writers[run].getName());
      appender.stop();
      assertEquals(List.of("1 1.5 0"), Files.readAllLines(tmp.resolve("m" + i).resolve("loss")));
      assertFalse(appender.running());
      Thread.sleep(100); // the pooled thread goes back to wait for the next run
    }
    assertTrue(writers[0] == writers[1], "a second thread was started: " + writers[1]);
  }

  @Test
  void childRunsReadsTheChildrenOfOneParentWithOnlyTheNamedTagsAndMetrics() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("sweep");
    RunWriter parent = store.createRun(exp, "p", "u", 1);
    RunWriter other = store.createRun(exp, "o", "u", 1);
    RunWriter child = store.createRun(exp, "c", "u", 2, parent.runId());
    child.setTag("repro4j.sweep.trial", "3");
    child.setTag("unrelated", "x");
    child.logParam("lr", "0.1");
    child.logMetric("loss", 0.5, 0, 10);
    child.logMetric("acc", 0.9, 0, 10);
    child.finish(RunStatus.FINISHED, 5, FinishDurability.DEFERRED);
    RunWriter stranger = store.createRun(exp, "s", "u", 3, other.runId());
    store.createRun(exp, "plain", "u", 4).close();
    // A link to the child's directory is not a run of this experiment.
    Files.createSymbolicLink(child.runDir().resolveSibling("0123456789abcdef0123456789abcdef"), child.runDir());

    List<StoredRun> runs = ChildRuns.of(store, exp, parent.runId(),
        List.of(FileStore.PARENT_RUN_ID_TAG, "repro4j.sweep.trial"), List.of("loss"));
    assertEquals(1, runs.size());
    StoredRun read = runs.get(0);
    StoredRun full = store.run(child.runId()).orElseThrow();
    assertEquals(full.runId(), read.runId());
    assertEquals(full.status(), read.status());
    assertEquals(full.startTime(), read.startTime());
    assertEquals(full.endTime(), read.endTime());
    assertEquals(full.runName(), read.runName());
    assertEquals(Map.of(FileStore.PARENT_RUN_ID_TAG, parent.runId(), "repro4j.sweep.trial", "3"), read.tags());
    assertEquals(full.metrics().get("loss"), read.metrics().get("loss"));
    assertEquals(Set.of("loss"), read.metrics().keySet());
    assertTrue(read.params().isEmpty());
    for (RunWriter run : List.of(parent, other, child, stranger)) {
      run.close();
    }
  }

  @Test
  void theExceptionFreeLooksAnswerAsNioDoesWithoutFollowingLinks() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    Path file = Files.writeString(tmp.resolve("file"), "x");
    Path linkToDir = Files.createSymbolicLink(tmp.resolve("link-dir"), dir);
    Path linkToFile = Files.createSymbolicLink(tmp.resolve("link-file"), file);
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
    for (Path path : List.of(dir, file, linkToDir, linkToFile, dangling, tmp.resolve("missing"))) {
      assertEquals(Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS), StoreFiles.isPlainDirectory(path),
          path.toString());
      assertEquals(Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS), StoreFiles.isPlainFile(path),
          path.toString());
    }
  }

  @Test
  void anArtifactFolderThatIsALinkLeadingNowhereIsRefusedAndNothingIsMadeThere() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    try (RunWriter run = store.createRun(store.experimentId("e"), "r", "u", 1)) {
      Path nowhere = tmp.resolve("outside-not-yet");
      Files.createSymbolicLink(run.artifactsDir().resolve("d"), nowhere);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> run.writeArtifact("d/x.txt", "pwned"));
      assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
      assertFalse(Files.exists(nowhere));
    }
  }

  private static Set<String> entries(Path runDir) throws Exception {
    try (var walk = Files.walk(runDir)) {
      return walk.map(p -> runDir.relativize(p).toString()).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  @Test
  void finishedRunsAreWhatChildRunsReadsBackOrNothingWhenATrialIsNotPlain() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("sweep");
    RunWriter parent = store.createRun(exp, "sweep-parent", "u", 1000);
    TrialRuns sweep = TrialRuns.of(store, exp, parent.runId());
    for (int i = 0; i < 3; i++) {
      TrialRuns trial = sweep.forTrial(i);
      try (RunWriter run = trial.createRun("trial-" + i, "u", 2000 + i)) {
        run.setTag(TrialRuns.TRIAL_TAG, Integer.toString(i));
        run.logMetric("accuracy", 0.5 + i / 10.0, 0, 3000 + i);
        run.finish(RunStatus.FINISHED, 4000 + i, FinishDurability.DEFERRED);
      }
      trial.trialEnded();
    }
    Map<Integer, StoredRun> fromMemory = sweep.finishedRuns(List.of(0, 1, 2), "accuracy").orElseThrow();
    Map<Integer, StoredRun> fromStore = ChildRuns.of(store, exp, parent.runId(),
            List.of(FileStore.PARENT_RUN_ID_TAG, TrialRuns.TRIAL_TAG), List.of("accuracy")).stream()
        .collect(Collectors.toMap(run -> Integer.valueOf(run.tags().get(TrialRuns.TRIAL_TAG)), run -> run));
    assertEquals(fromStore.keySet(), fromMemory.keySet());
    for (int i = 0; i < 3; i++) {
      StoredRun read = fromStore.get(i);
      StoredRun kept = fromMemory.get(i);
      assertEquals(List.of(read.runId(), read.runName(), read.status(), read.startTime(), read.endTime(),
              read.tags(), read.metrics()),
          List.of(kept.runId(), kept.runName(), kept.status(), kept.startTime(), kept.endTime(),
              kept.tags(), kept.metrics()), "trial " + i);
    }

    assertTrue(sweep.finishedRuns(List.of(0, 1, 2, 3), "accuracy").isEmpty(), "trial 3 never ended");
    TrialRuns failed = sweep.forTrial(4);
    try (RunWriter run = failed.createRun("trial-4", "u", 5000)) {
      run.finish(RunStatus.FAILED, 5001, FinishDurability.DEFERRED);
    }
    failed.trialEnded();
    assertTrue(sweep.finishedRuns(List.of(4), null).isEmpty(), "a FAILED run is read from the store");
    TrialRuns twice = sweep.forTrial(5);
    for (int k = 0; k < 2; k++) {
      try (RunWriter run = twice.createRun("trial-5-" + k, "u", 6000)) {
        run.finish(RunStatus.FINISHED, 6001, FinishDurability.DEFERRED);
      }
    }
    twice.trialEnded();
    assertTrue(sweep.finishedRuns(List.of(5), null).isEmpty(), "two runs in one trial: read from the store");
    parent.close();
  }
}
