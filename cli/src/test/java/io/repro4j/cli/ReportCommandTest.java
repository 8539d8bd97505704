package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code repro4j report}: what goes into the file; the browser tests (samples) check how it looks. */
class ReportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_790_000_000_000L;
  private static final String PAYLOAD = "</script><script>alert(1)</script>";

  @TempDir Path tmp;
  Path root;
  String parentId;
  List<String> ids = new ArrayList<>();

  record Result(int exitCode, String out, String err) {}

  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(1, "--tracking-uri=" + root);
    CommandLine cli = Repro4jCli.commandLine(Map.of(), tmp, ZoneOffset.UTC);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(all.toArray(new String[0]));
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeEach
  void store() throws Exception {
    root = tmp.resolve("mlruns");
    FileStore store = FileStore.open(root);
    String exp = store.experimentId("exp");
    try (RunWriter parent = store.createRun(exp, "sweep", "ada", T0)) {
      parentId = parent.runId();
      parent.finish(RunStatus.FINISHED, T0 + 1);
    }
    for (int i = 0; i < 3; i++) {
      try (RunWriter w = store.createRun(exp, "trial-" + i, "ada", T0 + 1000L * (i + 1), parentId)) {
        w.logParam("lr", "0.0" + (i + 1));
        w.logParam("epochs", "10");
        w.logParam("note", PAYLOAD);
        for (int step = 0; step < 7000; step++) {
          w.logMetric("loss", 1.0 / (step + 1), step, T0 + step);
        }
        w.logMetric("acc", Double.NaN, 0, T0);
        ids.add(w.runId());
        w.finish(RunStatus.FINISHED, T0 + 1000L * (i + 1) + 10);
      }
    }
  }

  static JsonNode data(String html) throws Exception {
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"repro4j-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertTrue(m.find(), "the data element");
    return JSON.readTree(m.group(1));
  }

  @Test
  void writesOneSelfContainedFileWithTheDataAsInertJson() throws Exception {
    Result r = run("report", "-o", "out/report.html");
    assertEquals(0, r.exitCode(), r.err());
    Path file = tmp.resolve("out/report.html");
    assertTrue(r.out().startsWith("Wrote " + file + " (4 runs, "), r.out());
    String html = Files.readString(file);
    // Offline: outside the inlined scripts no element fetches anything.
    String markup = html.replaceAll("(?s)<script>.*?</script>", "<script></script>");
    assertFalse(Pattern.compile("<(script|link|img|iframe)[^>]*(src|href)=", Pattern.CASE_INSENSITIVE).matcher(markup).find(), markup);
    assertTrue(html.contains("connect-src &#39;none&#39;"), "the report may fetch nothing");
    assertTrue(html.contains("uPlot") && html.contains("echarts"), "the charting libraries are inlined");
    // The payload is data, escaped so that it cannot close the element.
    assertFalse(html.contains(PAYLOAD));
    assertEquals(4, Pattern.compile("<script").matcher(html).results().count(), "the data and three scripts");
    JsonNode data = data(html);
    assertEquals("static", data.get("config").get("mode").asText());
    assertEquals(4, data.get("runs").size());
    assertEquals(PAYLOAD, data.get("details").get(ids.get(0)).get("params").get("note").asText());
    JsonNode loss = data.get("metrics").get(ids.get(0)).get("loss");
    assertEquals(5000, loss.get("value").size(), "thinned");
    assertEquals(6999, loss.get("step").get(4999).asInt(), "the last point kept");
    assertEquals(7000, loss.get("points").asInt());
    assertTrue(data.get("metrics").get(ids.get(0)).get("acc").get("value").get(0).isNull(), "NaN is a gap");
  }

  @Test
  void aSweepReportHoldsTheChildrenOfTheParentRun() throws Exception {
    Result r = run("report", "--sweep", parentId.substring(0, 10), "-o", "sweep.html");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode data = data(Files.readString(tmp.resolve("sweep.html")));
    assertEquals(parentId, data.get("config").get("sweep").get("id").asText());
    assertEquals(3, data.get("runs").size());
    JsonNode columns = data.get("columns").get("params");
    assertEquals("lr", columns.get("varying").get(0).asText());
    assertEquals("10", columns.get("constant").get("epochs").asText(), "the same in every run: folded");
  }

  @Test
  void namedRunsAndFilters() throws Exception {
    assertEquals(0, run("report", ids.get(0), "trial-1", "-o", "two.html").exitCode());
    assertEquals(2, data(Files.readString(tmp.resolve("two.html"))).get("runs").size());
    assertEquals(0, run("report", "--filter", "params.lr = '0.03'", "-o", "one.html").exitCode());
    assertEquals(1, data(Files.readString(tmp.resolve("one.html"))).get("runs").size());
  }

  @Test
  void usageErrorsExitWith2AndSayWhatToDo() {
    Result none = run("report", "--filter", "params.lr = 'nope'");
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("No runs match the filter"), none.err());
    Result leaf = run("report", "--sweep", ids.get(0));
    assertEquals(2, leaf.exitCode());
    assertTrue(leaf.err().contains("has no child runs (tag mlflow.parentRunId)"), leaf.err());
    Result both = run("report", ids.get(0), "--sweep", parentId);
    assertEquals(2, both.exitCode());
    Result syntax = run("report", "--filter", "params.lr ==");
    assertEquals(2, syntax.exitCode());
    assertFalse(Files.exists(tmp.resolve("report.html")));
  }
}
