package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.repro4j.runtime.data.Md5;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunWriterTest {
  @TempDir Path tmp;
  FileStore store;
  String exp;

  @BeforeEach
  void setUp() throws IOException {
    store = FileStore.open(tmp.resolve("mlruns"));
    exp = store.experimentId("iris");
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  @Test
  void writesAndReadsBackTheExactBytes() throws IOException {
    String runId;
    Path runDir;
    try (RunWriter run = store.createRun(exp, "r1", "alice", 1700000000000L)) {
      runId = run.runId();
      runDir = run.runDir();
      assertTrue(runId.matches("[0-9a-f]{32}"), runId);
      assertEquals(store.root().resolve(exp).resolve(runId), runDir);
      for (String d : List.of("metrics", "params", "artifacts", "tags")) {
        assertTrue(Files.isDirectory(runDir.resolve(d)), d);
      }
      String runningMeta = read(runDir.resolve("meta.yaml"));
      assertTrue(runningMeta.contains("end_time: null\n") && runningMeta.contains("status: 1\n"));

      run.logParam("lr", "0.01");
      run.logParam("opt/name", "adam");
      run.logMetric("loss", 0.5, 0, 1700000000001L);
      run.logMetric("loss", 1e-5, 1, 1700000000002L);
      run.logMetric("loss", 0.1 + 0.2, 2, 1700000000003L);
      run.logMetric("loss", Double.NaN, 3, 1700000000004L);
      run.logMetric("train/acc", 1.0, -1, 1700000000005L);
      run.finish(RunStatus.FINISHED, 1700000000999L);
    }
    String uri = "file://" + store.root() + "/" + exp + "/" + runId + "/artifacts";
    assertEquals(
        "artifact_uri: " + uri + "\n"
            + "end_time: 1700000000999\n"
            + "entry_point_name: ''\n"
            + "experiment_id: '" + exp + "'\n"
            + "lifecycle_stage: active\n"
            + "run_id: " + runId + "\n"
            + "run_name: r1\n"
            + "run_uuid: " + runId + "\n"
            + "source_name: ''\n"
            + "source_type: 4\n"
            + "source_version: ''\n"
            + "start_time: 1700000000000\n"
            + "status: 3\n"
            + "tags: []\n"
            + "user_id: alice\n",
        read(runDir.resolve("meta.yaml")));
    assertEquals("0.01", read(runDir.resolve("params/lr")));
    assertEquals("adam", read(runDir.resolve("params/opt/name")));
    assertEquals(
        "1700000000001 0.5 0\n"
            + "1700000000002 1e-05 1\n"
            + "1700000000003 0.30000000000000004 2\n"
            + "1700000000004 nan 3\n",
        read(runDir.resolve("metrics/loss")));
    assertEquals("1700000000005 1.0 -1\n", read(runDir.resolve("metrics/train/acc")));
    assertEquals("r1", read(runDir.resolve("tags/mlflow.runName")));
    assertEquals("alice", read(runDir.resolve("tags/mlflow.user")));

    StoredRun back = store.run(runId).orElseThrow();
    assertEquals(runId, back.runId());
    assertEquals(exp, back.experimentId());
    assertEquals("r1", back.runName());
    assertEquals(RunStatus.FINISHED, back.status());
    assertEquals(1700000000000L, back.startTime());
    assertEquals(1700000000999L, back.endTime());
    assertEquals("alice", back.userId());
    assertEquals(uri, back.artifactUri());
    assertEquals(runDir, back.dir());
    assertEquals(Map.of("lr", "0.01", "opt/name", "adam"), back.params());
    assertEquals(Map.of("mlflow.runName", "r1", "mlflow.user", "alice"), back.tags());
    List<MetricPoint> loss = back.metrics().get("loss");
    assertEquals(4, loss.size());
    assertEquals(new MetricPoint(1700000000002L, 1e-5, 1), loss.get(1));
    assertTrue(Double.isNaN(loss.get(3).value()));
    assertEquals(List.of(new MetricPoint(1700000000005L, 1.0, -1)), back.metrics().get("train/acc"));
    assertEquals(List.of(back), store.runs(exp));
    assertEquals(3, back.latest("loss").step());
  }

  @Test
  void randomRunNameAndUnknownUser() throws IOException {
    try (RunWriter run = store.createRun(exp, null, null, 5)) {
      StoredRun back = store.run(run.runId()).orElseThrow();
      assertTrue(back.runName().matches("[a-z]+-[a-z]+-\\d{1,3}"), back.runName());
      assertEquals("unknown", back.userId());
      assertEquals(RunStatus.RUNNING, back.status());
      assertNull(back.endTime());
    }
  }

  @Test
  void createRunErrors() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> store.createRun("123", "r", "u", 0));
    assertThrows(IllegalArgumentException.class, () -> store.createRun("../x", "r", "u", 0));
    assertThrows(IllegalArgumentException.class, () -> store.createRun(exp, "r", "u", -1));
  }

  @Test
  void paramsAreImmutableLikeMlflow() throws IOException {
    try (RunWriter run = store.createRun(exp, "r", "u", 0)) {
      run.logParam("lr", "0.01");
      run.logParam("lr", "0.01"); // same value: no-op
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> run.logParam("lr", "0.02"));
      assertEquals(
          "Changing param values is not allowed. Param with key='lr' was already logged with"
              + " value='0.01' for run ID='" + run.runId() + "'. Attempted logging new value '0.02'.",
          e.getMessage());
      run.logParam("none", null);
      assertEquals("", read(run.runDir().resolve("params/none")));
      run.logParam("long", "x".repeat(7000));
      assertEquals(6000, read(run.runDir().resolve("params/long")).length());
      run.logParam("long", "x".repeat(6500)); // truncates to the same value: accepted
      assertThrows(IllegalArgumentException.class, () -> run.logParam("a/../b", "1"));
      run.logParam("nest/x", "1");
      assertThrows(IllegalArgumentException.class, () -> run.logParam("nest", "1"));
      assertThrows(IllegalArgumentException.class, () -> run.logParam("nest/x/y", "1"));
    }
  }

  @Test
  void tagsOverwriteAndRunNameTagUpdatesMeta() throws IOException {
    try (RunWriter run = store.createRun(exp, "first", "u", 0)) {
      run.setTag("note", "a");
      run.setTag("note", "b");
      assertEquals("b", read(run.runDir().resolve("tags/note")));
      run.setTag("mlflow.runName", "second");
      assertTrue(read(run.runDir().resolve("meta.yaml")).contains("run_name: second\n"));
      run.finish(RunStatus.FAILED, 10);
      StoredRun back = store.run(run.runId()).orElseThrow();
      assertEquals("second", back.runName());
      assertEquals(RunStatus.FAILED, back.status());
      run.setTag("after", "finish is fine, as in MLflow");
      String tooLong = "t".repeat(8001);
      run.setTag("big", tooLong);
      assertEquals(8000, read(run.runDir().resolve("tags/big")).length());
    }
  }

  @Test
  void metricsAreValidatedOnTheCallingThread() throws IOException {
    try (RunWriter run = store.createRun(exp, "r", "u", 0)) {
      assertThrows(IllegalArgumentException.class, () -> run.logMetric("bad!", 1, 0, 0));
      assertThrows(IllegalArgumentException.class, () -> run.logMetric("../x", 1, 0, 0));
      assertThrows(IllegalArgumentException.class, () -> run.logMetric("ok", 1, 0, -1));
      run.logMetric("loss", 1, 0, 0);
      IllegalArgumentException clash =
          assertThrows(IllegalArgumentException.class, () -> run.logMetric("loss/train", 1, 0, 0));
      assertTrue(clash.getMessage().contains("clashes with metric 'loss'"), clash.getMessage());
      run.close();
      assertThrows(IllegalStateException.class, () -> run.logMetric("loss", 1, 0, 0));
      assertThrows(IllegalStateException.class, () -> run.logParam("p", "1"));
    }
  }

  @Test
  void metricsReachDiskWithinASecondWithoutFinish() throws Exception {
    try (RunWriter run = store.createRun(exp, "r", "u", 0)) {
      run.logMetric("live", 2.5, 7, 123);
      Path file = run.runDir().resolve("metrics/live");
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (!(Files.exists(file) && read(file).equals("123 2.5 7\n")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals("123 2.5 7\n", read(file));
    }
  }

  @Test
  void manyPointsAreNeverDroppedAndKeepTheirOrder() throws IOException {
    int n = 100_000; // several times the queue capacity: the producer has to block
    try (RunWriter run = store.createRun(exp, "r", "u", 0)) {
      for (int i = 0; i < n; i++) {
        run.logMetric(i % 2 == 0 ? "a" : "b/c", i * 0.5, i, 1000 + i);
      }
      run.finish(RunStatus.FINISHED, 1);
    }
    StoredRun back = store.runs(exp).get(0);
    List<MetricPoint> a = back.metrics().get("a");
    List<MetricPoint> b = back.metrics().get("b/c");
    assertEquals(n / 2, a.size());
    assertEquals(n / 2, b.size());
    for (int i = 0; i < n / 2; i++) {
      assertEquals(new MetricPoint(1000 + 2L * i, i, 2L * i), a.get(i));
    }
  }

  @Test
  void finishIsIdempotentAndCloseDoesNotSetAStatus() throws IOException {
    String closedOnly;
    try (RunWriter run = store.createRun(exp, "r", "u", 0)) {
      closedOnly = run.runId();
      run.logMetric("m", 1, 0, 0);
    }
    StoredRun notFinished = store.run(closedOnly).orElseThrow();
    assertEquals(RunStatus.RUNNING, notFinished.status());
    assertEquals(1, notFinished.metrics().get("m").size(), "close() flushed the metric");

    RunWriter run = store.createRun(exp, "r", "u", 0);
    assertThrows(IllegalArgumentException.class, () -> run.finish(RunStatus.RUNNING, 1));
    run.finish(RunStatus.KILLED, 5);
    String meta = read(run.runDir().resolve("meta.yaml"));
    run.finish(RunStatus.FINISHED, 99); // no-op
    assertEquals(meta, read(run.runDir().resolve("meta.yaml")));
    assertTrue(run.finished());
    run.close();
    run.close();
    assertEquals(RunStatus.KILLED, store.run(run.runId()).orElseThrow().status());

    // finish after close still records the outcome
    RunWriter late = store.createRun(exp, "r", "u", 0);
    late.close();
    late.finish(RunStatus.FAILED, 7);
    assertEquals(7L, store.run(late.runId()).orElseThrow().endTime());
    // no temporary files are left in run directories
    try (Stream<Path> s = Files.walk(store.root())) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".repro4j")).toList());
    }
  }

  @Test
  void finishKeepsARenameOrDeleteDoneMeanwhile() throws IOException {
    try (RunWriter run = store.createRun(exp, "r", "u", 0)) {
      Path meta = run.runDir().resolve("meta.yaml");
      Files.writeString(meta, read(meta).replace("run_name: r\n", "run_name: renamed\n")
          .replace("lifecycle_stage: active", "lifecycle_stage: deleted") + "deleted_time: 42\n");
      run.finish(RunStatus.FINISHED, 9);
      String after = read(meta);
      assertTrue(after.contains("run_name: renamed\n"), after);
      assertTrue(after.contains("lifecycle_stage: deleted\n"), after);
      assertTrue(after.startsWith("artifact_uri") && after.contains("deleted_time: 42\n"), after);
      assertEquals(Optional.empty(), store.run(run.runId()), "deleted runs are not listed");
    }
  }

  @Test
  void artifactsStayInsideTheRun() throws IOException {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Path secret = Files.writeString(outside.resolve("secret.txt"), "keep");
    try (RunWriter run = store.createRun(exp, "r", "u", 0)) {
      Path written = run.writeArtifact("repro4j/environment.json", "{}\n");
      assertEquals(run.artifactsDir().resolve("repro4j/environment.json"), written);
      assertEquals("{}\n", read(written));
      run.writeArtifact("repro4j/environment.json", "{\"v\": 2}");
      assertEquals("{\"v\": 2}", read(written));
      for (String bad :
          List.of("", "/etc/passwd", "../x", "a/../../x", "a//b", "a/", "./a", "a\\b", "a/./b", "..", "nul\0")) {
        assertThrows(IllegalArgumentException.class, () -> run.writeArtifact(bad, "x"), bad);
      }
      Files.createSymbolicLink(run.artifactsDir().resolve("escape"), outside);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> run.writeArtifact("escape/secret.txt", "pwned"));
      assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
      // A link at the target itself is replaced, not followed.
      Path link = Files.createSymbolicLink(run.artifactsDir().resolve("f.txt"), secret);
      run.writeArtifact("f.txt", "mine");
      assertFalse(Files.isSymbolicLink(link));
      assertEquals("mine", read(link));
      assertEquals("keep", read(secret));
      assertThrows(IllegalArgumentException.class, () -> run.writeArtifact("repro4j", "x"));
    }
  }

  @Test
  void logInputWritesMlflowsDatasetAndInputRecords() throws IOException {
    Path csv = Files.writeString(tmp.resolve("train set.csv"), "x,y\n1,2\n");
    String digest = Md5.ofFile(csv);
    try (RunWriter run = store.createRun(exp, "r", "u", 0)) {
      run.logInput("iris", digest, csv.toString());
      run.logInput("iris", digest, csv.toString()); // again: no-op
      String datasetId = Md5.ofBytes(("iris" + digest).getBytes(StandardCharsets.UTF_8));
      String inputId = Md5.ofBytes((datasetId + run.runId()).getBytes(StandardCharsets.UTF_8));
      Path datasetMeta = store.root().resolve(exp).resolve("datasets").resolve(datasetId).resolve("meta.yaml");
      assertEquals(
          "digest: " + digest + "\n"
              + "name: iris\n"
              + "profile: null\n"
              + "schema: null\n"
              + "source: '{\"uri\": \"file://" + tmp + "/train%20set.csv\"}'\n"
              + "source_type: local\n",
          read(datasetMeta));
      assertEquals(
          "destination_id: " + datasetId + "\n"
              + "destination_type: RUN\n"
              + "source_id: " + datasetId + "\n"
              + "source_type: DATASET\n"
              + "tags:\n"
              + "  mlflow.data.context: training\n",
          read(run.runDir().resolve("inputs").resolve(inputId).resolve("meta.yaml")));
      run.logInput("iris-val", "abc", "file:///data/val.csv", "validation");
      assertThrows(IllegalArgumentException.class, () -> run.logInput("r", "d", "s3://bucket/x.csv"));
      assertThrows(IllegalArgumentException.class, () -> run.logInput("x", "d".repeat(37), "f"));
      assertThrows(IllegalArgumentException.class, () -> run.logInput("", "d", "f"));
      // The run still reads back (inputs/ is not a key folder).
      assertEquals(2, store.run(run.runId()).orElseThrow().tags().size());
    }
  }

  @Test
  void readerToleratesWhatMlflowAndCrashesLeave() throws IOException {
    String runId;
    try (RunWriter run = store.createRun(exp, "r", "u", 0)) {
      runId = run.runId();
      Path metrics = run.runDir().resolve("metrics");
      Files.writeString(metrics.resolve("partial"), "1 0.5 0\n2 0.7 1\n3 0.");
      Files.writeString(metrics.resolve("legacy"), "10 1.5\n");
      Files.writeString(metrics.resolve("java"), "1 NaN 0\n2 Infinity 1\n3 -Infinity 2\n4 1.0E-5 3\n\n");
      Files.writeString(metrics.resolve("dataset"), "1 0.7 1 trainset 066351ab\n");
      Files.writeString(metrics.resolve("empty"), "");
      Files.writeString(run.runDir().resolve("params/.hidden-but-valid"), "v");
      Files.createSymbolicLink(run.runDir().resolve("params/link"), tmp);
    }
    StoredRun back = store.run(runId).orElseThrow();
    assertEquals(List.of(new MetricPoint(1, 0.5, 0), new MetricPoint(2, 0.7, 1)), back.metrics().get("partial"));
    assertEquals(List.of(new MetricPoint(10, 1.5, 0)), back.metrics().get("legacy"));
    assertEquals(4, back.metrics().get("java").size());
    assertEquals(Double.NEGATIVE_INFINITY, back.metrics().get("java").get(2).value());
    assertEquals(1e-5, back.metrics().get("java").get(3).value());
    assertEquals(List.of(new MetricPoint(1, 0.7, 1)), back.metrics().get("dataset"));
    assertEquals(List.of(), back.metrics().get("empty"));
    assertFalse(back.params().containsKey("link"), "symbolic links are not read");

    Files.writeString(back.dir().resolve("metrics/bad"), "1 2 3 4\n");
    IOException e = assertThrows(IOException.class, () -> store.run(runId));
    assertTrue(e.getMessage().contains("Malformed metric line 1") && e.getMessage().contains("metrics/bad"), e.getMessage());

    // Directories that are not runs are ignored.
    Files.createDirectories(store.root().resolve(exp).resolve("f00d"));
    Files.createDirectories(store.root().resolve(exp).resolve("datasets"));
    Files.delete(back.dir().resolve("metrics/bad"));
    assertEquals(1, store.runs(exp).size());
    assertThrows(IllegalArgumentException.class, () -> store.runs("424242"));
    assertThrows(IllegalArgumentException.class, () -> store.run("../x"));
    assertEquals(Optional.empty(), store.run("0123456789abcdef0123456789abcdef"));
  }

  /** PyYAML (what MLflow reads with) loads our meta.yaml files to the expected dicts. */
  @Test
  void pyYamlReadsOurMetaFiles() throws Exception {
    assumeTrue(Python.available("yaml"), "python3 with PyYAML not available");
    Path runDir;
    String runId;
    try (RunWriter run = store.createRun(exp, "123", "o'brien: x", 1700000000000L)) {
      runId = run.runId();
      runDir = run.runDir();
      run.logInput("iris", "0123abcd", "/data/iris.csv");
      run.finish(RunStatus.FINISHED, 1700000000500L);
    }
    List<Path> files = new ArrayList<>();
    files.add(store.root().resolve(exp).resolve("meta.yaml"));
    files.add(runDir.resolve("meta.yaml"));
    try (Stream<Path> s = Files.walk(store.root().resolve(exp).resolve("datasets"))) {
      s.filter(p -> p.getFileName().toString().equals("meta.yaml")).forEach(files::add);
    }
    try (Stream<Path> s = Files.walk(runDir.resolve("inputs"))) {
      s.filter(p -> p.getFileName().toString().equals("meta.yaml")).forEach(files::add);
    }
    ObjectMapper json = new ObjectMapper();
    String out =
        Python.run(
            "import sys, json, yaml\n"
                + "print(json.dumps([yaml.safe_load(open(p, encoding='utf-8')) for p in json.load(sys.stdin)]))\n",
            json.writeValueAsString(files.stream().map(Path::toString).toList()));
    List<Map<String, Object>> loaded = json.readValue(out, new TypeReference<>() {});
    Map<String, Object> run = loaded.get(1);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("artifact_uri", "file://" + runDir + "/artifacts");
    expected.put("end_time", 1700000000500L);
    expected.put("entry_point_name", "");
    expected.put("experiment_id", exp);
    expected.put("lifecycle_stage", "active");
    expected.put("run_id", runId);
    expected.put("run_name", "123");
    expected.put("run_uuid", runId);
    expected.put("source_name", "");
    expected.put("source_type", 4);
    expected.put("source_version", "");
    expected.put("start_time", 1700000000000L);
    expected.put("status", 3);
    expected.put("tags", List.of());
    expected.put("user_id", "o'brien: x");
    assertEquals(json.writeValueAsString(expected), json.writeValueAsString(run));
    assertEquals(exp, loaded.get(0).get("experiment_id"));
    assertEquals("iris", loaded.get(0).get("name"));
    assertEquals("{\"uri\": \"file:///data/iris.csv\"}", loaded.get(2).get("source"));
    assertEquals(Map.of("mlflow.data.context", "training"), loaded.get(3).get("tags"));
  }

  /**
   * Reads the whole store the way MLflow's FileStore does (same listing rules, yaml.safe_load,
   * {@code line.strip().split(" ")}, {@code float()}), and compares with our reader. MLflow itself
   * is not installed here; this mirrors {@code mlflow/store/tracking/file_store.py}.
   */
  @Test
  void mlflowStyleReaderSeesWhatWeWrote() throws Exception {
    assumeTrue(Python.available("yaml"), "python3 with PyYAML not available");
    try (RunWriter run = store.createRun(exp, "r1", "u", 1)) {
      run.logParam("lr", "0.01");
      run.logParam("nested/p", "x y");
      run.setTag("mlflow.source.type", "LOCAL");
      run.logMetric("loss", 0.1 + 0.2, 0, 10);
      run.logMetric("loss", Double.NEGATIVE_INFINITY, 1, 11);
      run.logMetric("val/acc", 1e-5, 2, 12);
      run.writeArtifact("a/b.txt", "x");
      run.logInput("iris", "abcd", "data/iris.csv");
      run.finish(RunStatus.FINISHED, 20);
    }
    try (RunWriter run = store.createRun(store.experimentId("other: exp"), null, "u", 2)) {
      run.logMetric("m", 1e16, 0, 1);
    } // left RUNNING
    // A staging directory left behind by a killed process must be invisible to MLflow.
    Files.createDirectory(store.root().resolve(StoreFiles.STAGING_PREFIX + "dead" + StoreFiles.STAGING_SUFFIX));

    String script = String.join("\n",
        "import os, sys, json, yaml",
        "root = sys.argv[1]",
        "RESERVED = ['tags', 'datasets', 'traces']",
        "def subdirs(p): return [d for d in os.listdir(p) if os.path.isdir(os.path.join(p, d))]",
        "def files(p):",
        "    out = {}",
        "    for r, _, fs in os.walk(p):",
        "        for f in fs: out[os.path.relpath(os.path.join(r, f), p)] = os.path.join(r, f)",
        "    return out",
        "result = {}",
        "for e in subdirs(root):",
        "    if e.endswith('.trash') or e == 'models': continue",
        "    meta = yaml.safe_load(open(os.path.join(root, e, 'meta.yaml')))",
        "    assert meta['experiment_id'] == e, e",
        "    runs = {}",
        "    for r in subdirs(os.path.join(root, e)):",
        "        if r in RESERVED: continue",
        "        d = os.path.join(root, e, r)",
        "        m = yaml.safe_load(open(os.path.join(d, 'meta.yaml')))",
        "        assert m['run_id'] == r and m['run_uuid'] == r and m['experiment_id'] == e",
        "        for k in ['user_id', 'start_time', 'end_time', 'status', 'lifecycle_stage', 'artifact_uri', 'run_name']: m[k]",
        "        assert all(os.path.isdir(os.path.join(d, s)) for s in ['metrics', 'params', 'artifacts'])",
        "        metrics = {}",
        "        for k, f in files(os.path.join(d, 'metrics')).items():",
        "            pts = []",
        "            for line in open(f):",
        "                parts = line.strip().split(' ')",
        "                assert len(parts) == 3, line",
        "                pts.append([int(parts[0]), repr(float(parts[1])), int(parts[2])])",
        "            metrics[k] = pts",
        "        params = {k: open(f).read() for k, f in files(os.path.join(d, 'params')).items()}",
        "        tags = {k: open(f).read() for k, f in files(os.path.join(d, 'tags')).items()}",
        "        inputs = []",
        "        if os.path.isdir(os.path.join(d, 'inputs')):",
        "            for i in os.listdir(os.path.join(d, 'inputs')):",
        "                im = yaml.safe_load(open(os.path.join(d, 'inputs', i, 'meta.yaml')))",
        "                ds = yaml.safe_load(open(os.path.join(root, e, 'datasets', im['source_id'], 'meta.yaml')))",
        "                inputs.append([ds['name'], ds['digest'], json.loads(ds['source'])['uri'], im['tags']['mlflow.data.context']])",
        "        runs[r] = {'name': m['run_name'], 'status': m['status'], 'end': m['end_time'],",
        "                   'metrics': metrics, 'params': params, 'tags': tags, 'inputs': inputs}",
        "    result[e] = {'name': meta['name'], 'runs': runs}",
        "print(json.dumps(result, sort_keys=True))");
    String out = Python.run(script.replace("sys.argv[1]", "'" + store.root() + "'"), "");

    Map<String, Object> ours = new java.util.TreeMap<>();
    for (StoredExperiment e : store.experiments()) {
      Map<String, Object> runs = new java.util.TreeMap<>();
      for (StoredRun r : store.runs(e.id())) {
        Map<String, Object> metrics = new java.util.TreeMap<>();
        r.metrics().forEach((k, pts) -> metrics.put(k, pts.stream()
            .map(p -> List.of(p.timestamp(), PythonFloat.repr(p.value()), p.step())).toList()));
        Map<String, Object> run = new java.util.TreeMap<>();
        run.put("name", r.runName());
        run.put("status", r.status().code());
        run.put("end", r.endTime());
        run.put("metrics", metrics);
        run.put("params", r.params());
        run.put("tags", r.tags());
        run.put("inputs", e.name().equals("iris")
            ? List.of(List.of("iris", "abcd", StoreFiles.fileUri(Path.of("data/iris.csv").toAbsolutePath()), "training"))
            : List.of());
        runs.put(r.runId(), run);
      }
      ours.put(e.id(), Map.of("name", e.name(), "runs", runs));
    }
    ObjectMapper json = new ObjectMapper();
    assertEquals(json.readTree(json.writeValueAsString(ours)), json.readTree(out));
  }
}
