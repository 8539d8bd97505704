package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code runs --filter} with the search index: each test builds the index, then changes the store
 * behind its back the way MLflow, a person or another JVM would, and checks the next search sees
 * the change and agrees with a search from the files alone (index deleted first).
 *
 * <p>Most tests first age the store by an hour (every mtime set back), as for runs that finished
 * a while ago: only those are stored in the index. The writes that follow then get new mtimes, as
 * in real use.
 */
class RunsIndexTest {
  private static final long T0 = 1_790_000_000_000L;

  @TempDir Path tmp;
  Path root;
  FileStore store;
  String exp;
  Path expDir;
  Map<String, String> ids = new LinkedHashMap<>(); // run name -> id

  @BeforeEach
  void store() throws IOException {
    root = tmp.resolve("mlruns");
    store = FileStore.open(root);
    exp = store.experimentId("sweep");
    expDir = root.resolve(exp);
    write("alpha", T0, "0.01", 0.95, "nlp");
    write("beta", T0 + 1000, "0.1", 0.80, "nlp");
    write("gamma", T0 + 2000, "0.01", 0.91, "cv");
    write("delta", T0 + 3000, "0.1", 0.97, "cv");
  }

  private void write(String name, long start, String lr, double acc, String team) throws IOException {
    try (RunWriter w = store.createRun(exp, name, "alice", start)) {
      w.logParam("lr", lr);
      w.setTag("team", team);
      w.logMetric("accuracy", 0.1, 0, start + 1);
      w.logMetric("accuracy", acc, 1, start + 2);
      w.finish(RunStatus.FINISHED, start + 500);
      ids.put(name, w.runId());
    }
  }

  /** Sets every mtime in the store an hour back: runs that finished long ago. */
  private void age() throws IOException {
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1));
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
  }

  private Path index() {
    return expDir.resolve(".repro4j-runs-index");
  }

  private String csv(String filter) {
    CommandLine cli = Repro4jCli.commandLine(Map.of(), tmp, ZoneOffset.UTC);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("runs", "--tracking-uri=" + root, "--filter", filter, "--csv");
    assertEquals(0, code, err.toString());
    return out.toString();
  }

  /** The run names a filter selects, checked against a search from the files alone. */
  private List<String> names(String filter) throws IOException {
    String served = csv(filter);
    byte[] indexBytes = Files.exists(index()) ? Files.readAllBytes(index()) : null;
    Files.deleteIfExists(index());
    assertEquals(csv(filter), served, "the index gave another answer than the files for: " + filter);
    if (indexBytes != null) {
      Files.write(index(), indexBytes); // put it back, so the next search uses it again
    }
    List<String> names = new ArrayList<>();
    String[] lines = served.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      names.add(lines[i].split(",", -1)[1]);
    }
    return names;
  }

  /** Builds the index over aged runs and checks it is used. */
  private void indexBuilt() throws IOException {
    age();
    assertTrue(names("").containsAll(List.of("delta", "gamma", "beta", "alpha")));
    assertTrue(Files.isRegularFile(index(), LinkOption.NOFOLLOW_LINKS));
  }

  private Path run(String name) {
    return expDir.resolve(ids.get(name));
  }

  /** Overwrites a file in place (same inode), as MLflow's open(path, "w") does. */
  private static void overwriteInPlace(Path file, String content) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static void appendInPlace(Path file, String line) throws IOException {
    Files.writeString(file, line, StandardOpenOption.APPEND);
  }

  @Test
  void theIndexIsAPlainFileThatMlflowNeverLists() throws IOException {
    Set<String> dirsBefore = directories(root);
    indexBuilt();
    // MLflow lists only directories: of the root as experiments, of an experiment as runs.
    assertEquals(dirsBefore, directories(root));
    try (Stream<Path> files = Files.list(expDir)) {
      assertEquals(
          List.of(".repro4j-runs-index"),
          files.filter(p -> !Files.isDirectory(p)).map(p -> p.getFileName().toString()).filter(n -> !n.equals("meta.yaml")).toList());
    }
    assertEquals(4, store.runs(exp).size());
  }

  private static Set<String> directories(Path root) throws IOException {
    Set<String> dirs = new TreeSet<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            dirs.add(root.relativize(dir).toString());
            return FileVisitResult.CONTINUE;
          }
        });
    return dirs;
  }

  @Test
  void searchesAreServedFromTheIndex() throws IOException {
    indexBuilt();
    // Change a value without changing its stats (same inode, size, mtime): only a search that
    // uses the index still sees the old value. That a stat change is then seen is what every
    // other test shows.
    Path lr = run("alpha").resolve("params/lr");
    FileTime mtime = Files.getLastModifiedTime(lr);
    overwriteInPlace(lr, "0.02");
    Files.setLastModifiedTime(lr, mtime);
    assertTrue(csv("params.lr = '0.01'").contains(ids.get("alpha")));
    Files.setLastModifiedTime(lr, FileTime.fromMillis(System.currentTimeMillis()));
    assertEquals(List.of("alpha"), names("params.lr = '0.02'"));
  }

  @Test
  void aTagSetByMlflowIsSeen() throws IOException {
    indexBuilt();
    Files.writeString(run("beta").resolve("tags/reviewed"), "yes"); // a new tag file
    assertEquals(List.of("beta"), names("tags.reviewed = 'yes'"));
  }

  @Test
  void aParamOrMetricAddedUnderANewOrExistingFolderIsSeen() throws IOException {
    Files.createDirectories(run("delta").resolve("params/opt"));
    Files.writeString(run("delta").resolve("params/opt/name"), "adam");
    indexBuilt();
    // The entries have no file for these keys: the folder on the way shows the new file.
    Files.createDirectories(run("beta").resolve("params/opt"));
    Files.writeString(run("beta").resolve("params/opt/name"), "sgd"); // new folder in params
    Files.writeString(run("delta").resolve("params/opt/beta"), "0.9"); // new file in params/opt
    Files.createDirectories(run("alpha").resolve("metrics/val"));
    Files.writeString(run("alpha").resolve("metrics/val/loss"), (T0 + 5) + " 0.25 0\n");
    assertEquals(List.of("beta"), names("params.`opt/name` = 'sgd'"));
    assertEquals(List.of("delta"), names("params.`opt/beta` = '0.9'"));
    assertEquals(List.of("alpha"), names("metrics.`val/loss` < 1"));
  }

  @Test
  void aParamReplacedByRenameWithTheSameSizeAndMtimeIsSeen() throws IOException {
    indexBuilt();
    // An editor's save: a new file renamed over the old one. Only the inode tells (the folder is
    // not looked at for a key whose file the entry has).
    Path lr = run("gamma").resolve("params/lr");
    FileTime mtime = Files.getLastModifiedTime(lr);
    Path temp = run("gamma").resolve("params/.lr.swp");
    Files.writeString(temp, "0.05");
    Files.setLastModifiedTime(temp, mtime);
    Files.move(temp, lr, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    assertEquals(List.of("alpha"), names("params.lr = '0.01'"));
    assertEquals(List.of("gamma"), names("params.lr = '0.05'"));
  }

  @Test
  void aNewFileOfAnotherKeyDoesNotMakeTheFilterReadTheRunAgain() throws IOException {
    indexBuilt();
    // As in searchesAreServedFromTheIndex, a value changed without any stat changing shows
    // whether the index served the run: a new param in the same folder does not make a filter on
    // params.lr read the run again (its folder is not looked at)...
    Path lr = run("alpha").resolve("params/lr");
    FileTime mtime = Files.getLastModifiedTime(lr);
    overwriteInPlace(lr, "0.02");
    Files.setLastModifiedTime(lr, mtime);
    Files.writeString(run("alpha").resolve("params/momentum"), "0.9");
    assertFalse(csv("params.lr = '0.02'").contains(ids.get("alpha")));
    // ...but a run the filter selects is checked in full before it is listed: read again, it no
    // longer matches.
    assertFalse(csv("params.lr = '0.01'").contains(ids.get("alpha")));
    assertTrue(csv("params.lr = '0.01'").contains(ids.get("gamma")));
  }

  @Test
  void aTagValueChangedInPlaceWithTheSameLengthIsSeen() throws IOException {
    indexBuilt();
    overwriteInPlace(run("alpha").resolve("tags/team"), "cvx");
    assertEquals(List.of("alpha"), names("tags.team = 'cvx'"));
    assertEquals(List.of("beta"), names("tags.team = 'nlp'"));
  }

  @Test
  void aRunRenamedByMlflowIsSeen() throws IOException {
    indexBuilt();
    // MLflow's rename: the tag, then meta.yaml rewritten in place.
    Path meta = run("gamma").resolve("meta.yaml");
    overwriteInPlace(run("gamma").resolve("tags/mlflow.runName"), "renamed");
    overwriteInPlace(meta, Files.readString(meta).replace("run_name: gamma", "run_name: renamed"));
    assertEquals(List.of("renamed"), names("attributes.run_name = 'renamed'"));
    assertEquals(List.of(), names("attributes.run_name = 'gamma'"));
  }

  @Test
  void runsDeletedAndRestoredByMlflowAreSeen() throws IOException {
    indexBuilt();
    Path meta = run("delta").resolve("meta.yaml");
    String active = Files.readString(meta);
    overwriteInPlace(meta, active.replace("lifecycle_stage: active", "lifecycle_stage: deleted") + "deleted_time: 1\n");
    assertEquals(List.of("gamma", "alpha"), names("metrics.accuracy > 0.9"));
    assertEquals(List.of("beta"), names("params.lr = '0.1'"));
    overwriteInPlace(meta, active);
    assertEquals(List.of("delta", "beta"), names("params.lr = '0.1'"));
  }

  @Test
  void aRunDirectoryRemovedFromDiskIsGone() throws IOException {
    indexBuilt();
    try (Stream<Path> all = Files.walk(run("beta"))) {
      for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
    assertEquals(List.of("delta"), names("params.lr = '0.1'"));
  }

  @Test
  void aHandEditedParamIsSeen() throws IOException {
    indexBuilt();
    overwriteInPlace(run("gamma").resolve("params/lr"), "0.02"); // same length: only the mtime tells
    assertEquals(List.of("alpha"), names("params.lr = '0.01'"));
    assertEquals(List.of("gamma"), names("params.lr = '0.02'"));
  }

  @Test
  void whatTheFilterDoesNotReadIsStillCurrentInTheRunsListed() throws IOException {
    indexBuilt();
    // The filter reads metrics.accuracy only; the listed runs' other columns are checked too.
    overwriteInPlace(run("gamma").resolve("params/lr"), "0.03");
    appendInPlace(run("delta").resolve("metrics/accuracy"), (T0 + 3010) + " 0.99 1\n"); // step 1: 0.99 wins
    String csv = csv("metrics.accuracy > 0.9");
    assertTrue(csv.contains(",0.03,"), csv);
    assertTrue(csv.contains(",0.99\r\n"), csv);
    assertEquals(List.of("delta", "gamma", "alpha"), names("metrics.accuracy > 0.9"));
    assertEquals(List.of("delta", "gamma", "beta", "alpha"), names("attributes.status = 'FINISHED'"));
  }

  @Test
  void aMetricLoggedToAFinishedRunIsSeen() throws IOException {
    indexBuilt();
    // MLflow appends to a finished run's metric file (log_metric only checks the run is active).
    appendInPlace(run("alpha").resolve("metrics/accuracy"), (T0 + 10) + " 0.5 2\n");
    assertEquals(List.of("delta", "gamma"), names("metrics.accuracy > 0.9"));
    assertEquals(List.of("alpha"), names("metrics.accuracy = 0.5"));
  }

  @Test
  void theMetricsOfARunningRunAreReadAsTheyGrow() throws IOException {
    String running;
    try (RunWriter w = store.createRun(exp, "epsilon", "alice", T0 + 4000)) {
      w.logMetric("accuracy", 0.5, 0, T0 + 4001);
      w.flush();
      running = w.runId(); // closed without finish: stays RUNNING
    }
    indexBuilt();
    assertEquals(List.of(), names("metrics.accuracy = 0.99"));
    appendInPlace(expDir.resolve(running).resolve("metrics/accuracy"), (T0 + 4002) + " 0.99 1\n");
    assertEquals(List.of("epsilon"), names("metrics.accuracy = 0.99"));
    appendInPlace(expDir.resolve(running).resolve("metrics/accuracy"), (T0 + 4003) + " 0.42 2\n");
    assertEquals(List.of("epsilon"), names("metrics.accuracy = 0.42"));
  }

  @Test
  void aRunFinishedByAnotherJvmIsSeen() throws Exception {
    indexBuilt();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), FinishRunMain.class.getName(),
                root.toString(), "sweep", "zeta", "0.01", "0.99")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String runId = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor());
    assertEquals(List.of("zeta", "delta", "gamma", "alpha"), names("metrics.accuracy > 0.9"));
    assertTrue(csv("params.lr = '0.01'").contains(runId));
  }

  @Test
  void runsWrittenJustNowAreNotTrustedFromTheIndexYet() throws IOException {
    // No aging: the runs were written within the last seconds. A change in the same time-stamp
    // tick, same size, leaves every stat as it was (simulated by restoring the mtime); it is
    // seen because recently changed runs are not stored in the index but read from their files.
    assertEquals(List.of("gamma", "alpha"), names("params.lr = '0.01'"));
    Path lr = run("gamma").resolve("params/lr");
    FileTime mtime = Files.getLastModifiedTime(lr);
    overwriteInPlace(lr, "0.02");
    Files.setLastModifiedTime(lr, mtime);
    assertEquals(List.of("alpha"), names("params.lr = '0.01'"));
  }

  @Test
  void aCorruptIndexIsDetectedAndRebuilt() throws IOException {
    indexBuilt();
    byte[] good = Files.readAllBytes(index());
    byte[] bad = good.clone();
    bad[bad.length / 2] ^= 0x20; // one flipped bit in the middle: the checksum no longer matches
    Files.write(index(), bad);
    assertEquals(List.of("delta", "gamma", "alpha"), names("metrics.accuracy > 0.9"));
    assertArrayEquals(good, Files.readAllBytes(index()), "rebuilt from the files, byte for byte");
  }

  @Test
  void aTruncatedIndexIsDetectedAndRebuilt() throws IOException {
    indexBuilt();
    byte[] good = Files.readAllBytes(index());
    for (int length : new int[] {0, 7, 24, good.length / 2, good.length - 1}) {
      Files.write(index(), Arrays.copyOf(good, length));
      assertEquals(List.of("delta", "alpha"), names("metrics.accuracy > 0.92"));
      assertArrayEquals(good, Files.readAllBytes(index()), "rebuilt after truncation to " + length);
    }
  }

  @Test
  void anIndexCopiedFromAnotherExperimentIsNotTrusted() throws IOException {
    indexBuilt();
    String other = store.experimentId("other");
    try (RunWriter w = store.createRun(other, "omega", "bob", T0)) {
      w.logParam("lr", "0.01");
      w.finish(RunStatus.FINISHED, T0 + 1);
    }
    age();
    Files.copy(index(), root.resolve(other).resolve(".repro4j-runs-index"));
    CommandLine cli = Repro4jCli.commandLine(Map.of(), tmp, ZoneOffset.UTC);
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    assertEquals(0, cli.execute("runs", "--tracking-uri=" + root, "--experiment", "other", "--filter", "params.lr = '0.01'", "--csv"));
    String[] lines = out.toString().split("\r\n");
    assertEquals(2, lines.length, out.toString());
    assertTrue(lines[1].contains("omega"));
    assertFalse(out.toString().contains(ids.get("alpha")));
  }
}
