package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.MetricPoint;
import io.repro4j.runtime.tracking.RunLease;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repro4j doctor} on a run whose JVM was killed with SIGKILL mid-run. */
class DoctorCommandTest {
  @TempDir Path tmp;

  @Test
  void aKilledTrainingJvmIsFoundAndMarkedKilled() throws Exception {
    Path store = tmp.resolve("mlruns");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), SleepingRunMain.class.getName(),
                store.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String runId;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine();
      assertTrue(first != null && first.startsWith("RUN "), "child said: " + first);
      runId = first.substring(4);
      assertEquals("FLUSHED", out.readLine());
      Thread.sleep(300); // a few more points, some flushed, some not
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no finish()
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    } finally {
      p.destroyForcibly();
    }
    FileStore files = FileStore.open(store);
    StoredRun before = files.run(runId).orElseThrow();
    assertEquals(RunStatus.RUNNING, before.status());
    Path runDir = store.resolve(before.experimentId()).resolve(runId);
    RunLease lease = RunLease.read(runDir).orElseThrow();
    assertEquals(p.pid(), lease.pid());

    Repro4jCliTest.Result check = Repro4jCliTest.run("doctor", "--tracking-uri", store.toString());
    assertEquals(1, check.exitCode(), check.out() + check.err());
    assertTrue(
        check.out().contains("problem: " + runDir + " is RUNNING but its process " + p.pid() + " on "),
        check.out());
    assertTrue(check.out().contains("1 runs checked: 0 fixed, 1 problem left (run with --fix"), check.out());

    Repro4jCliTest.Result fixed =
        Repro4jCliTest.run("doctor", "--tracking-uri", store.toString(), "--fix");
    assertEquals(0, fixed.exitCode(), fixed.out() + fixed.err());
    assertTrue(fixed.out().contains("fixed: " + runDir + " is RUNNING but its process"), fixed.out());

    StoredRun after = files.run(runId).orElseThrow();
    assertEquals(RunStatus.KILLED, after.status());
    assertEquals(Long.valueOf(lease.heartbeatMs()), after.endTime());
    assertTrue(Files.notExists(runDir.resolve(RunLease.FILE)));
    List<MetricPoint> loss = after.metrics().get("loss");
    assertTrue(loss.size() >= 1000, "points up to the flush survive: " + loss.size());
    for (int i = 0; i < 1000; i++) {
      assertEquals(i, loss.get(i).step());
      assertEquals(1.0 / (i + 1), loss.get(i).value());
    }
    String meta = Files.readString(runDir.resolve("meta.yaml"));
    assertTrue(meta.contains("status: 5\n") && meta.contains("run_name: victim\n"), meta);

    Repro4jCliTest.Result again = Repro4jCliTest.run("doctor", "--tracking-uri", store.toString());
    assertEquals(0, again.exitCode(), again.out());
    assertTrue(again.out().contains("1 runs checked: healthy"), again.out());
  }

  @Test
  void anUnreadableStoreIsAUsageError() {
    Repro4jCliTest.Result r =
        Repro4jCliTest.run("doctor", "--tracking-uri", tmp.resolve("nothing").toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("is not a folder; give the tracking store with --tracking-uri"), r.err());
  }
}
