package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreDoctorTest {
  @TempDir Path tmp;
  FileStore store;
  String exp;

  @BeforeEach
  void setUp() throws IOException {
    store = FileStore.open(tmp.resolve("mlruns"));
    exp = store.experimentId("doc");
  }

  /** A run left RUNNING with the given lease, as a dead writer leaves it. */
  private Path abandoned(RunLease lease) throws IOException {
    RunWriter run = store.createRun(exp, "r", "u", 1000);
    run.close(); // no finish: stays RUNNING, like a crash
    lease.write(run.runDir());
    return run.runDir();
  }

  private static List<String> problems(StoreDoctor.Report r) {
    return r.findings().stream().map(f -> f.path().getFileName() + " " + f.problem()).toList();
  }

  @Test
  void aLiveRunIsANoteAndItsLeaseGoesAwayOnFinish() throws IOException {
    try (RunWriter run = store.createRun(exp, "live", "u", 1000)) {
      RunLease lease = RunLease.read(run.runDir()).orElseThrow();
      assertEquals(ProcessHandle.current().pid(), lease.pid());
      StoreDoctor.Report r = StoreDoctor.examine(store.root(), true, System.currentTimeMillis());
      assertEquals(List.of(), r.findings());
      assertTrue(r.notes().get(0).contains("RUNNING, held by live process " + lease.pid()), r.notes().toString());
      run.finish(RunStatus.FINISHED, 2000);
      assertTrue(RunLease.read(run.runDir()).isEmpty());
    }
    assertTrue(StoreDoctor.examine(store.root(), false, System.currentTimeMillis()).healthy());
  }

  @Test
  void aStaleHeartbeatFromAnotherHostIsDeadAndFixedAsKilled() throws IOException {
    long beat = 1_700_000_000_000L;
    Path runDir = abandoned(new RunLease(42, "some-other-host.invalid", 5, beat, 2000));
    StoreDoctor.Report seen = StoreDoctor.examine(store.root(), false, beat + 6000);
    assertEquals(List.of(), seen.findings(), "3 periods exactly is not stale yet");
    seen = StoreDoctor.examine(store.root(), false, beat + 6001);
    assertFalse(seen.healthy());
    assertTrue(problems(seen).get(0).contains("heartbeat from some-other-host.invalid (pid 42) stopped at"), problems(seen).toString());

    StoreDoctor.Report fixed = StoreDoctor.examine(store.root(), true, beat + 6001);
    assertTrue(fixed.healthy());
    StoredRun run = store.runs(exp).get(0);
    assertEquals(RunStatus.KILLED, run.status());
    assertEquals(Long.valueOf(beat), run.endTime());
    assertEquals("r", run.runName());
    assertFalse(Files.exists(runDir.resolve(RunLease.FILE)));
  }

  @Test
  void aReusedPidIsToldApartByItsStartTime() throws IOException {
    // Our own pid, but a process start time that is not ours: the writer died, the pid was reused.
    long now = System.currentTimeMillis();
    RunLease lease = new RunLease(ProcessHandle.current().pid(), RunLease.thisHost(), 1234, now, 2000);
    assertEquals(java.util.Optional.of(true), lease.processGone());
    abandoned(lease);
    StoreDoctor.Report r = StoreDoctor.examine(store.root(), false, now);
    assertTrue(problems(r).get(0).contains("is RUNNING but its process " + lease.pid() + " on "), problems(r).toString());
  }

  @Test
  void damagedFilesAreReportedAndWhatCanBeIsRepaired() throws IOException {
    Path runDir;
    try (RunWriter run = store.createRun(exp, "r", "u", 1000)) {
      run.logMetric("loss", 0.5, 0, 1);
      run.logMetric("loss", 0.25, 1, 2);
      run.finish(RunStatus.FINISHED, 3000);
      runDir = run.runDir();
    }
    Path loss = runDir.resolve("metrics/loss");
    Files.writeString(loss, "3 0.1", java.nio.file.StandardOpenOption.APPEND); // torn last line
    Files.writeString(runDir.resolve("metrics/acc"), "1 oops 0\n2 0.5 1\n");
    Files.delete(runDir.resolve("params"));
    Path other;
    try (RunWriter run = store.createRun(exp, "broken", "u", 1000)) {
      run.finish(RunStatus.FINISHED, 3000);
      other = run.runDir();
    }
    Files.writeString(other.resolve("meta.yaml"), "status: [unclosed\n");

    StoreDoctor.Report r = StoreDoctor.examine(store.root(), true, System.currentTimeMillis());
    assertEquals(2, r.runs());
    String all = String.join("\n", problems(r));
    assertTrue(all.contains("acc line 1 '1 oops 0' is not '<timestamp ms> <value> <step>'"), all);
    assertTrue(all.contains("loss ends in an incomplete line '3 0.1' (a crash mid-write); Repro4j skips it, MLflow would fail (cut off)"), all);
    assertTrue(all.contains("params is missing; MLflow expects the folder 'params' in every run (created, empty)"), all);
    assertTrue(all.contains("meta.yaml is not a readable YAML mapping"), all);
    assertFalse(r.healthy()); // the bad line and the meta.yaml need a human
    assertEquals("1 0.5 0\n2 0.25 1\n", Files.readString(loss, StandardCharsets.UTF_8));
    assertTrue(Files.isDirectory(runDir.resolve("params")));
  }

  @Test
  void mlflowsMetricLineRules() {
    assertTrue(StoreDoctor.mlflowAccepts("1 0.5 3"));
    assertTrue(StoreDoctor.mlflowAccepts("1 nan"));
    assertTrue(StoreDoctor.mlflowAccepts("1 -inf -2"));
    assertTrue(StoreDoctor.mlflowAccepts("1 0.5 3 trainset 066351ab")); // MLflow 3.x, with a dataset
    assertTrue(StoreDoctor.mlflowAccepts("1_000 0.5 1_0"));
    assertFalse(StoreDoctor.mlflowAccepts("1_ 0.5 3"));
    assertFalse(StoreDoctor.mlflowAccepts("1 0.5 3 4"));
    assertFalse(StoreDoctor.mlflowAccepts("1.5 0.5 3"));
    assertFalse(StoreDoctor.mlflowAccepts("1"));
  }
}
