package io.repro4j.samples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.cli.Repro4jCli;
import io.repro4j.cli.ui.UiServer;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.MetricPoint;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.samples.RunHarness;
import io.repro4j.samples.fixtures.FailingTrainer;
import io.repro4j.samples.fixtures.SleepingTrainer;
import io.repro4j.samples.iris.IrisTrainer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * {@code repro4j report} and {@code repro4j ui} in a real browser, on a store made by real runs of
 * the samples: three Iris runs, a sweep (a parent run and four trials nested through
 * REPRO4J_PARENT_RUN_ID, one of which fails), and a run whose name and param are script payloads.
 */
class ReportBrowserTest {
  static final String XSS_NAME = "<img src=x onerror=\"window.pwned=1\">";
  static final String XSS_PARAM = "</script><script>window.pwned=2</script>";

  @TempDir static Path temp;
  static Path store;
  static String parentId;
  static String xssId;
  static List<String> irisIds = new ArrayList<>();

  @BeforeAll
  static void realRuns() throws Exception {
    Browser.assumeInstalled();
    store = temp.resolve("mlruns");
    for (String[] args : List.of(
        new String[] {"epochs=15", "optimizer.lr=0.2"},
        new String[] {"epochs=15", "optimizer.lr=0.02", "l2=0.01"},
        new String[] {"epochs=15", "optimizer=adam"})) {
      assertEquals(0, RunHarness.run(new IrisTrainer(), store, args).exitCode());
    }
    FileStore fileStore = FileStore.open(store);
    try (RunWriter parent = fileStore.createRun(fileStore.experimentId("iris-softmax"), "lr-sweep", "ada", System.currentTimeMillis())) {
      parentId = parent.runId();
      Map<String, String> env = Map.of("REPRO4J_PARENT_RUN_ID", parentId);
      for (String lr : List.of("0.3", "0.1", "0.01")) {
        assertEquals(0, RunHarness.run(new IrisTrainer(), store, env, "epochs=10", "optimizer.lr=" + lr).exitCode());
      }
      assertEquals(1, RunHarness.run(new FailingTrainer(), store, env, "failAt=2").exitCode());
      parent.finish(RunStatus.FINISHED, System.currentTimeMillis());
    }
    try (RunWriter w = fileStore.createRun(fileStore.experimentId("xss"), XSS_NAME, "mallory", System.currentTimeMillis())) {
      xssId = w.runId();
      w.logParam("note", XSS_PARAM);
      w.setTag("comment", "<b>not bold</b>");
      w.logMetric("loss", 1.0, 0, System.currentTimeMillis());
      w.logMetric("loss", 0.5, 1, System.currentTimeMillis());
      w.finish(RunStatus.FINISHED, System.currentTimeMillis());
    }
    for (StoredRun r : RunHarness.runs(store)) {
      if (r.tags().get("mlflow.parentRunId") == null && r.params().containsKey("optimizer.lr")) {
        irisIds.add(r.runId());
      }
    }
    assertEquals(3, irisIds.size());
  }

  static String report(String... args) {
    List<String> all = new ArrayList<>(List.of("report", "--tracking-uri", store.toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Repro4jCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    assertEquals(0, cli.execute(all.toArray(new String[0])), err.toString());
    return out.toString();
  }

  static int runCount() throws Exception {
    return RunHarness.runs(store).size();
  }

  void assertChartsDrawn(Browser b, int atLeast) {
    b.waiting().until(d -> d.findElements(By.cssSelector("#charts .chart canvas")).size() >= atLeast);
    for (WebElement chart : b.driver.findElements(By.cssSelector("#charts .chart"))) {
      String metric = chart.getAttribute("data-metric");
      assertTrue(Integer.parseInt(chart.getAttribute("data-points")) > 0, metric + " has points");
      assertTrue(b.paintedPixels(chart.findElement(By.tagName("canvas"))) > 100, metric + " drew its curves");
    }
  }

  void assertNoScriptRan(Browser b) {
    assertNull(b.js("return window.pwned === undefined ? null : window.pwned;"), "a payload ran");
    try {
      b.driver.switchTo().alert();
      throw new AssertionError("an alert is open");
    } catch (NoAlertPresentException expected) {
      // nothing ran
    }
  }

  @Test
  void theReportShowsTableChartsDiffProvenanceAndPayloadsAsText() throws Exception {
    Path file = temp.resolve("report.html");
    report("-o", file.toString());
    try (Browser b = Browser.open()) {
      b.driver.get(file.toUri().toString());
      List<WebElement> rows = b.tableRows();
      assertEquals(runCount(), rows.size());
      assertChartsDrawn(b, 2);

      // The payloads are shown as the text they are.
      WebElement xssRow = b.driver.findElement(By.cssSelector("#runs-table tr[data-run='" + xssId + "']"));
      assertEquals(XSS_NAME, xssRow.findElement(By.cssSelector("td[data-key='name']")).getText());
      assertEquals(XSS_PARAM, xssRow.findElement(By.cssSelector("td[data-key='params.note']")).getText());
      assertNoScriptRan(b);

      // Sorting by a metric column orders the rows.
      b.driver.findElement(By.cssSelector("#runs-table th[data-key='metrics.accuracy']")).click();
      String first = b.driver.findElement(By.cssSelector("#runs-table tbody tr")).getAttribute("data-run");
      double lowest = RunHarness.runs(store).stream()
          .filter(r -> r.latest("accuracy") != null)
          .map(r -> r.latest("accuracy").value())
          .min(Comparator.naturalOrder()).orElseThrow();
      MetricPoint firstAcc = FileStore.open(store).run(first).orElseThrow().latest("accuracy");
      assertEquals(lowest, firstAcc.value());

      // The diff of two Iris runs: their params differ, the code does not.
      new Select(b.driver.findElement(By.id("diff-a"))).selectByValue(irisIds.get(0));
      new Select(b.driver.findElement(By.id("diff-b"))).selectByValue(irisIds.get(1));
      b.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#diff-table tr[data-section='config']")));
      String diff = b.driver.findElement(By.id("diff-table")).getText();
      assertTrue(diff.contains("params.optimizer.lr"), diff);
      assertTrue(diff.contains("code: no differences"), diff);

      // A run's provenance: its saved config and environment.
      b.driver.get(file.toUri() + "#/runs/" + irisIds.get(0));
      WebElement config =
          b.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#run-view pre[data-file='repro4j/config.yaml']")));
      assertTrue(config.getText().contains("epochs: 15"), config.getText());
      assertTrue(b.driver.findElement(By.cssSelector("#run-view table.environment")).getText().contains("java"));
      b.driver.get(file.toUri().toString());
      b.tableRows();
      assertChartsDrawn(b, 2);
      b.screenshot("report");
    }
  }

  @Test
  void theSweepReportMarksTheBestAndTheFailedTrial() throws Exception {
    Path file = temp.resolve("sweep.html");
    report("--sweep", parentId, "-o", file.toString());
    try (Browser b = Browser.open()) {
      b.driver.get(file.toUri().toString());
      assertEquals(4, b.tableRows().size());
      WebElement sweep = b.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#sweep-chart canvas")));
      b.waiting().until(d -> b.paintedPixels(sweep) > 1000);
      WebElement chart = b.driver.findElement(By.id("sweep-chart"));
      assertEquals("4", chart.getAttribute("data-trials"));
      assertEquals("1", chart.getAttribute("data-failed"));
      String best = RunHarness.runs(store).stream()
          .filter(r -> parentId.equals(r.tags().get("mlflow.parentRunId")) && r.status() == RunStatus.FINISHED)
          .max(Comparator.comparingDouble(r -> r.latest("accuracy").value()))
          .orElseThrow().runId();
      assertEquals(best, chart.getAttribute("data-best"));
      assertTrue(b.driver.findElement(By.id("sweep-best")).getText().startsWith("best: "));
      b.driver.findElement(By.id("sweep-section")).click();
      b.screenshot("report-sweep");
    }
  }

  @Test
  void theUiServesLiveSearchesAndRefreshesARunningRun() throws Exception {
    try (UiServer ui = UiServer.start(FileStore.open(store), 0, 500);
        Browser b = Browser.open()) {
      b.driver.get(ui.url());
      assertEquals(runCount(), b.tableRows().size());
      assertChartsDrawn(b, 2);
      assertNoScriptRan(b);
      b.screenshot("ui");

      // The search box takes MLflow's filter syntax.
      WebElement filter = b.driver.findElement(By.id("filter"));
      filter.sendKeys("attributes.status = 'FAILED'");
      b.driver.findElement(By.cssSelector("#search button")).click();
      b.waiting().until(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == 1);
      assertTrue(b.driver.getCurrentUrl().contains("filter="), b.driver.getCurrentUrl());

      // A stable URL per run and per sweep.
      b.driver.get(ui.url() + "runs/" + irisIds.get(1));
      WebElement config =
          b.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#run-view pre[data-file='repro4j/config.yaml']")));
      assertTrue(config.getText().contains("l2: 0.01"), config.getText());
      b.driver.get(ui.url() + "sweeps/" + parentId);
      WebElement sweep = b.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#sweep-chart canvas")));
      b.waiting().until(d -> b.paintedPixels(sweep) > 1000);
      assertEquals("1", b.driver.findElement(By.id("sweep-chart")).getAttribute("data-failed"));

      // A running run's curve grows while the page is open.
      String java = ProcessHandle.current().info().command().orElse("java");
      Process process = new ProcessBuilder(
              java, "-cp", System.getProperty("java.class.path"), SleepingTrainer.class.getName(),
              "--tracking-uri", store.toString())
          .redirectErrorStream(true)
          .start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("training")) {
          // the launcher's own lines
        }
        b.driver.get(ui.url() + "?filter=" + URLEncoder.encode("attributes.status = 'RUNNING'", StandardCharsets.UTF_8));
        // Reloaded until the run's first points show, but at most every 5 s: on a busy machine a
        // reload takes longer than the poll interval, and reloading on every poll never lets the
        // page finish drawing.
        long[] reloaded = {System.nanoTime()};
        b.waiting().until(d -> {
          if (d.findElements(By.cssSelector("#charts .chart[data-metric='ticks']")).size() == 1) {
            return true;
          }
          if (System.nanoTime() - reloaded[0] > TimeUnit.SECONDS.toNanos(5)) {
            d.navigate().refresh();
            reloaded[0] = System.nanoTime();
          }
          return false;
        });
        WebElement ticks = b.driver.findElement(By.cssSelector("#charts .chart[data-metric='ticks']"));
        int before = Integer.parseInt(ticks.getAttribute("data-points"));
        b.waiting().until(d -> Integer.parseInt(
            d.findElement(By.cssSelector("#charts .chart[data-metric='ticks']")).getAttribute("data-points")) > before);
        b.screenshot("ui-live");
      } finally {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        process.destroyForcibly();
      }
    }
  }
}
