package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code runs}, {@code show}, {@code diff} and {@code metrics} over a real store written with
 * {@link RunWriter}, run in this JVM as {@code main} runs them, times shown in UTC.
 */
class RunCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_790_000_000_000L; // 2026-09-21T14:13:20Z

  @TempDir Path tmp;
  Path root;
  List<String> ids = new ArrayList<>(); // alpha, beta, gamma, delta

  record Result(int exitCode, String out, String err) {}

  Result run(Map<String, String> env, String... args) {
    CommandLine commandLine = Repro4jCli.commandLine(env, tmp, ZoneOffset.UTC);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(1, "--tracking-uri=" + root);
    return run(Map.of(), all.toArray(new String[0]));
  }

  @BeforeEach
  void store() throws IOException {
    root = tmp.resolve("mlruns");
    FileStore store = FileStore.open(root);
    String iris = store.experimentId("iris");
    ids.add(write(store, iris, "alpha", T0, "0.01", 0.95, RunStatus.FINISHED, 65_000, "train", "aaaa1111", "abc123"));
    ids.add(write(store, iris, "beta", T0 + 60_000, "0.1", 0.8, RunStatus.FINISHED, 1_500, "train", "bbbb2222", "abc123"));
    ids.add(write(store, iris, "gamma", T0 + 120_000, "0.01", 0.5, RunStatus.FAILED, 7_500_000, "train", "aaaa1111", "def456"));
    String other = store.experimentId("mnist");
    ids.add(write(store, other, "delta", T0 + 180_000, "0.01", null, RunStatus.RUNNING, 0, null, null, null));
  }

  private static String write(
      FileStore store, String exp, String name, long start, String lr, Double acc, RunStatus status, long durationMs,
      String dataset, String md5, String commit) throws IOException {
    try (RunWriter w = store.createRun(exp, name, "alice", start)) {
      w.logParam("lr", lr);
      w.logParam("epochs", "10");
      if (acc != null) {
        w.logMetric("accuracy", 0.1, 0, start + 10);
        w.logMetric("accuracy", acc, 1, start + 20);
        w.logMetric("train/loss", 0.25, 1, start + 20);
      }
      if (dataset != null) {
        w.setTag("repro4j.dataset." + dataset + ".md5", md5);
        w.logInput(dataset, md5, "/data/" + dataset + ".csv");
      }
      if (commit != null) {
        w.setTag("mlflow.source.git.commit", commit);
        w.writeArtifact("repro4j/environment.json", "{\"java.version\": \"17.0." + (commit.startsWith("a") ? 1 : 2)
            + "\", \"cpus\": 4, \"git\": {\"commit\": \"" + commit + "\", \"dirty\": false}}\n");
      }
      if (status == RunStatus.RUNNING) {
        w.flush();
      } else {
        w.finish(status, start + durationMs);
      }
      return w.runId();
    }
  }

  private String s(int i) {
    return ids.get(i).substring(0, 8);
  }

  @Test
  void runsTableShowsTheColumnsThatDiffer() {
    Result r = run("runs");
    assertEquals(0, r.exitCode(), r.err());
    String expected =
        String.join(
            "\n",
            "RUN       EXPERIMENT  NAME   STATUS    START                DURATION  params.lr  metrics.accuracy  metrics.train/loss",
            s(3) + "  mnist       delta  RUNNING   2026-09-21 14:16:20  running   0.01       -                 -",
            s(2) + "  iris        gamma  FAILED    2026-09-21 14:15:20  2h 05m    0.01       0.5               0.25",
            s(1) + "  iris        beta   FINISHED  2026-09-21 14:14:20  1.5s      0.1        0.8               0.25",
            s(0) + "  iris        alpha  FINISHED  2026-09-21 14:13:20  1m 05s    0.01       0.95              0.25",
            "");
    assertEquals(expected, r.out());
    assertEquals("", r.err());
  }

  @Test
  void runsFilterOrderAndExperiment() {
    Result r =
        run("runs", "--experiment", "iris", "--filter", "metrics.accuracy > 0.6 and params.lr LIKE '0.%'",
            "--order-by", "metrics.accuracy DESC");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(
        String.join(
            "\n",
            "RUN       NAME   STATUS    START                DURATION  params.lr  metrics.accuracy",
            s(0) + "  alpha  FINISHED  2026-09-21 14:13:20  1m 05s    0.01       0.95",
            s(1) + "  beta   FINISHED  2026-09-21 14:14:20  1.5s      0.1        0.8",
            ""),
        r.out());
    Result top = run("runs", "--order-by", "params.lr DESC", "--order-by", "attributes.run_name", "--max", "2");
    assertEquals(0, top.exitCode(), top.err());
    // Both runs are in one experiment: no EXPERIMENT column.
    assertEquals(
        String.join(
            "\n",
            "RUN       NAME   STATUS    START                DURATION  params.lr  metrics.accuracy",
            s(1) + "  beta   FINISHED  2026-09-21 14:14:20  1.5s      0.1        0.8",
            s(0) + "  alpha  FINISHED  2026-09-21 14:13:20  1m 05s    0.01       0.95",
            ""),
        top.out());
    assertEquals("(more runs match; showing the first 2, raise --max to see more)\n", top.err());
  }

  @Test
  void runsAsJson() throws Exception {
    Result r = run("runs", "--filter", "attributes.run_name = 'beta'", "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode runs = JSON.readTree(r.out());
    assertEquals(1, runs.size());
    JsonNode beta = runs.get(0);
    assertEquals(
        List.of("run_id", "run_name", "experiment_id", "experiment_name", "status", "user_id", "start_time", "end_time",
            "artifact_uri", "params", "metrics", "tags"),
        iterable(beta.fieldNames()));
    assertEquals(ids.get(1), beta.get("run_id").textValue());
    assertEquals("iris", beta.get("experiment_name").textValue());
    assertEquals("FINISHED", beta.get("status").textValue());
    assertEquals(T0 + 60_000, beta.get("start_time").longValue());
    assertEquals(T0 + 61_500, beta.get("end_time").longValue());
    assertEquals("{\"epochs\":\"10\",\"lr\":\"0.1\"}", beta.get("params").toString());
    assertEquals("{\"accuracy\":0.8,\"train/loss\":0.25}", beta.get("metrics").toString());
    assertEquals("bbbb2222", beta.get("tags").get("repro4j.dataset.train.md5").textValue());
    assertEquals("[]\n", run("runs", "--filter", "params.lr = 'none'", "--json").out().replaceAll("\\s+", "") + "\n");
  }

  @Test
  void runsAsCsv() {
    Result r = run("runs", "--experiment", "iris", "--order-by", "start_time", "--csv");
    assertEquals(0, r.exitCode(), r.err());
    String[] lines = r.out().split("\r\n", -1);
    assertEquals(
        "run_id,run_name,experiment_id,experiment_name,status,user_id,start_time,end_time,params.epochs,params.lr,"
            + "metrics.accuracy,metrics.train/loss",
        lines[0]);
    String exp = lines[1].split(",")[2];
    assertEquals(
        ids.get(0) + ",alpha," + exp + ",iris,FINISHED,alice," + T0 + "," + (T0 + 65_000) + ",10,0.01,0.95,0.25", lines[1]);
    assertEquals(5, lines.length); // header, 3 runs, and the empty string after the last CRLF
    assertEquals("", lines[4]);
  }

  @Test
  void csvQuotesAsRfc4180() {
    assertEquals("\"a,b\"", Csv.field("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
    assertEquals("\"two\nlines\"", Csv.field("two\nlines"));
    assertEquals("plain", Csv.field("plain"));
  }

  @Test
  void badFilterIsAUsageErrorWithACaret() {
    Result r = run("runs", "--filter", "metrics.accuracy > 0.9 or params.lr = '0.01'");
    assertEquals(2, r.exitCode());
    assertEquals("", r.out());
    assertEquals(
        "repro4j runs: Invalid clause(s) in filter string: 'OR'. MLflow's search syntax has no OR; join clauses with"
            + " AND (or run one search per alternative)\n"
            + "  metrics.accuracy > 0.9 or params.lr = '0.01'\n"
            + "                         ^\n",
        r.err());
    Result order = run("runs", "--order-by", "metrics.accuracy DOWN");
    assertEquals(2, order.exitCode());
    assertTrue(order.err().startsWith("repro4j runs: Invalid ordering key in order_by clause"), order.err());
  }

  @Test
  void unknownExperimentAndMissingStore() {
    Result r = run("runs", "--experiment", "cifar");
    assertEquals(2, r.exitCode());
    assertEquals(
        "repro4j runs: No experiment named 'cifar' in " + root + "; the experiments are: Default, iris, mnist\n", r.err());
    Result missing = run(Map.of("MLFLOW_TRACKING_URI", "nowhere"), "runs");
    assertEquals(2, missing.exitCode());
    assertEquals(
        "repro4j runs: No tracking store at " + tmp.resolve("nowhere")
            + " (from MLFLOW_TRACKING_URI 'nowhere'); pass --tracking-uri DIR or set MLFLOW_TRACKING_URI to the"
            + " directory your runs were recorded in\n",
        missing.err());
    // Without either, ./mlruns in the working directory.
    Result byDefault = run(Map.of(), "runs", "--csv");
    assertEquals(0, byDefault.exitCode(), byDefault.err());
    assertEquals(6, byDefault.out().split("\r\n", -1).length);
  }

  @Test
  void trackingUriFromTheEnvironment() {
    Result r = run(Map.of("MLFLOW_TRACKING_URI", root.toUri().toString()), "runs", "--csv");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(5, r.out().split("\r\n").length);
    Result relative = run(Map.of("MLFLOW_TRACKING_URI", "mlruns"), "runs", "--filter", "status = 'FAILED'");
    assertTrue(relative.out().contains("gamma"), relative.out() + relative.err());
  }

  @Test
  void showByPrefixAndByName() {
    Result byName = run("show", "beta");
    Result byPrefix = run("show", ids.get(1).substring(0, 12));
    Result byId = run("show", ids.get(1));
    assertEquals(0, byName.exitCode(), byName.err());
    assertEquals(byName.out(), byPrefix.out());
    assertEquals(byName.out(), byId.out());
    String out = byName.out();
    assertTrue(out.startsWith("run           " + ids.get(1) + "\nname          beta\nexperiment    iris ("), out);
    assertTrue(out.contains("\nstatus        FINISHED\nuser          alice\nstart         2026-09-21 14:14:20\n"
        + "end           2026-09-21 14:14:21\nduration      1.5s\n"), out);
    assertTrue(out.contains("\nparams\n  epochs  10\n  lr      0.1\n"), out);
    assertTrue(out.contains("\nmetrics (latest value, its step, number of points)\n"
        + "  accuracy    0.8   step 1  2 points\n  train/loss  0.25  step 1  1 point\n"), out);
    assertTrue(out.contains("\ndatasets (name, digest, context)\n  train  bbbb2222  training\n"), out);
    assertTrue(out.contains("\nartifacts (path, bytes)\n  repro4j/environment.json  "), out);
    assertTrue(out.contains("\ntags\n  mlflow.runName             beta\n  mlflow.source.git.commit   abc123\n"), out);
  }

  @Test
  void showAsJson() throws Exception {
    Result r = run("show", "alpha", "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode alpha = JSON.readTree(r.out());
    assertEquals(ids.get(0), alpha.get("run_id").textValue());
    assertEquals("{\"accuracy\":0.95,\"train/loss\":0.25}", alpha.get("metrics").toString());
    assertEquals("[{\"name\":\"train\",\"digest\":\"aaaa1111\",\"context\":\"training\"}]", alpha.get("datasets").toString());
    assertEquals(1, alpha.get("artifacts").size());
    assertEquals("repro4j/environment.json", alpha.get("artifacts").get(0).get("path").textValue());
    assertEquals(
        java.nio.file.Files.size(root.resolve(alpha.get("experiment_id").textValue()).resolve(ids.get(0))
            .resolve("artifacts/repro4j/environment.json")),
        alpha.get("artifacts").get(0).get("bytes").longValue());
  }

  @Test
  void ambiguousAndUnknownRuns() throws IOException {
    FileStore store = FileStore.open(root);
    write(store, store.experimentId("iris"), "beta", T0, "1", 1.0, RunStatus.FINISHED, 1, null, null, null);
    Result twice = run("show", "beta");
    assertEquals(2, twice.exitCode());
    assertTrue(twice.err().startsWith("repro4j show: Run name 'beta' matches 2 runs; give more of the id:\n  "), twice.err());
    Result unknown = run("show", "zeta");
    assertEquals(2, unknown.exitCode());
    assertEquals(
        "repro4j show: No run with id, id prefix or name 'zeta' in " + root + "; list runs with: repro4j runs"
            + " --tracking-uri " + root + "\n",
        unknown.err());
    // Every id starts with one of 16 digits: five runs make some one-digit prefix ambiguous or absent.
    Result all = run("show", "0123456789abcdef0123456789abcdef");
    assertEquals(2, all.exitCode());
  }

  @Test
  void diffMarksTheDifferences() {
    Result r = run("diff", "alpha", "beta");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(
        String.join(
            "\n",
            "                 A: " + s(0) + " alpha    B: " + s(1) + " beta",
            "run",
            "   duration      1m 05s               1.5s",
            "   experiment    iris                 iris",
            "   start         2026-09-21 14:13:20  2026-09-21 14:14:20",
            "   status        FINISHED             FINISHED",
            "params",
            "   epochs        10                   10",
            "*  lr            0.01                 0.1",
            "metrics (final)",
            "*  accuracy      0.95                 0.8",
            "   train/loss    0.25                 0.25",
            "datasets (tags repro4j.dataset.*)",
            "*  train.md5     aaaa1111             bbbb2222",
            "code (tags mlflow.source.git.*)",
            "   commit        abc123               abc123",
            "environment (artifacts/repro4j/environment.json)",
            "   cpus          4                    4",
            "   git.commit    abc123               abc123",
            "   git.dirty     false                false",
            "   java.version  17.0.1               17.0.1",
            "",
            "3 differences.",
            ""),
        r.out());
    Result other = run("diff", "alpha", "delta");
    assertTrue(other.out().contains("*  commit        abc123               (none)\n"), other.out());
    assertTrue(other.out().contains("*  experiment    iris                 mnist\n"), other.out());
    assertEquals("No differences.\n", lastLine(run("diff", "beta", "beta").out()));
  }

  @Test
  void noMatchesAndADamagedStore() throws IOException {
    Result none = run("runs", "--filter", "params.lr = 'none'");
    assertEquals(0, none.exitCode(), none.err());
    assertEquals("No runs match the filter in " + root + ".\n", none.out());
    FileStore store = FileStore.open(root);
    Path metric = store.run(ids.get(1)).orElseThrow().dir().resolve("metrics").resolve("accuracy");
    java.nio.file.Files.writeString(metric, "1 0.5 0\nnot a metric line\n");
    Result damaged = run("runs");
    assertEquals(2, damaged.exitCode());
    assertEquals("", damaged.out());
    assertEquals(
        "repro4j runs: could not read the store: Malformed metric line 2 in " + metric
            + ": 'not a metric line' (expected '<timestamp ms> <value> <step>': 4 fields)\n",
        damaged.err());
  }

  private static String lastLine(String out) {
    String[] lines = out.split("\n");
    return lines[lines.length - 1] + "\n";
  }

  @Test
  void metricHistory() throws Exception {
    Result table = run("metrics", "alpha", "accuracy");
    assertEquals(0, table.exitCode(), table.err());
    assertEquals(
        "STEP  TIMESTAMP                VALUE\n"
            + "0     2026-09-21 14:13:20.010  0.1\n"
            + "1     2026-09-21 14:13:20.020  0.95\n",
        table.out());
    Result json = run("metrics", "alpha", "accuracy", "--json");
    assertEquals(
        "[{\"step\":0,\"timestamp\":" + (T0 + 10) + ",\"value\":0.1},{\"step\":1,\"timestamp\":" + (T0 + 20)
            + ",\"value\":0.95}]",
        JSON.readTree(json.out()).toString());
    Result csv = run("metrics", "alpha", "train/loss", "--csv");
    assertEquals("step,timestamp,value\r\n1," + (T0 + 20) + ",0.25\r\n", csv.out());
    Result missing = run("metrics", "alpha", "loss");
    assertEquals(2, missing.exitCode());
    assertEquals(
        "repro4j metrics: Run " + s(0) + " (alpha) has no metric 'loss'; its metrics: accuracy, train/loss\n",
        missing.err());
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    return l;
  }
}
