package io.repro4j.samples.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.repro4j.cli.ui.UiServer;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.openqa.selenium.By;

/**
 * Time to the first page of {@code repro4j ui} on a large store (not a test; see BENCHMARKS.md).
 *
 * <pre>
 * mvn -B -q -o verify -DskipTests
 * mvn -B -q -o -pl samples -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/samples-cp.txt
 * java -cp samples/target/test-classes:samples/target/classes:$(cat /tmp/samples-cp.txt) \
 *     io.repro4j.samples.report.UiBench /tmp/bench-mlruns 10000 without-index
 * java -cp ... io.repro4j.samples.report.UiBench /tmp/bench-mlruns 10000
 * </pre>
 *
 * Reuses the store when the directory exists (SearchBench makes the same one), else creates it:
 * one experiment, runs with 3 params and 3 metrics of 10 points each. With {@code without-index}
 * it first deletes the store's search index ({@code .repro4j-runs-index} in each experiment), so
 * the server's start reads every run (and writes the index again). Then it times the server's
 * start until it serves (it reads the runs before), and 5 times: (a) the two requests the page
 * makes first ({@code GET /} and {@code GET /api/runs?offset=0&limit=50}) over HTTP, (b) in
 * headless chromium, from navigation until the table shows its 50 rows (and, after that, until
 * the first metric chart has drawn: uPlot is loaded after the table).
 */
public final class UiBench {
  private UiBench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "/tmp/bench-mlruns");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    boolean withoutIndex = args.length > 2 && args[2].equals("without-index");
    if (!Files.exists(root)) {
      create(root, runs);
    }
    if (withoutIndex) {
      try (var dirs = Files.list(root)) {
        for (Path dir : dirs.toList()) {
          Files.deleteIfExists(dir.resolve(".repro4j-runs-index"));
        }
      }
    }
    System.out.println("load average before: " + Files.readString(Path.of("/proc/loadavg")).trim());
    long t0 = System.nanoTime();
    try (UiServer ui = UiServer.start(FileStore.open(root), 0, 3000)) {
      System.out.printf(
          "server start until it serves (reads %d runs, %s index): %.2f s%n",
          ui.runCount(), withoutIndex ? "no" : "with the", (System.nanoTime() - t0) / 1e9);
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 5; i++) {
        long s = System.nanoTime();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(ui.url())).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> first =
            http.send(HttpRequest.newBuilder(URI.create(ui.url() + "api/runs?offset=0&limit=50")).build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf(
            "http  %d: page %d bytes + first 50 of %d runs (%d bytes) in %.1f ms%n",
            i, page.body().length(), new ObjectMapper().readTree(first.body()).get("total").asInt(), first.body().length(),
            (System.nanoTime() - s) / 1e6);
        if (i == 0) {
          System.out.printf("from starting the server to the first page served: %.2f s%n", (System.nanoTime() - t0) / 1e9);
        }
      }
      Browser.assumeInstalled();
      try (Browser b = Browser.open()) {
        for (int i = 0; i < 5; i++) {
          b.driver.get("about:blank");
          long s = System.nanoTime();
          b.driver.get(ui.url());
          b.waiting().until(d -> d.findElements(By.cssSelector("#runs-table tbody tr")).size() == 50);
          long rows = System.nanoTime();
          b.waiting().until(d -> !d.findElements(By.cssSelector("#charts .chart canvas")).isEmpty());
          System.out.printf(
              "browser %d: navigation to 50 rows shown in %.0f ms (first chart drawn at %.0f ms)%n",
              i, (rows - s) / 1e6, (System.nanoTime() - s) / 1e6);
        }
      }
    }
    System.out.println("load average after: " + Files.readString(Path.of("/proc/loadavg")).trim());
  }

  private static void create(Path root, int runs) throws Exception {
    long t0 = System.nanoTime();
    FileStore store = FileStore.open(root);
    String exp = store.experimentId("sweep");
    Random random = new Random(42);
    String[] lrs = {"0.1", "0.01", "0.001"};
    for (int i = 0; i < runs; i++) {
      long start = 1_790_000_000_000L + i * 1000L;
      try (RunWriter w = store.createRun(exp, "trial-" + i, "bench", start)) {
        w.logParam("lr", lrs[i % 3]);
        w.logParam("batch", Integer.toString(16 << (i % 4)));
        w.logParam("seed", Integer.toString(i));
        for (int step = 0; step < 10; step++) {
          w.logMetric("accuracy", random.nextDouble(), step, start + step);
          w.logMetric("loss", random.nextDouble(), step, start + step);
          w.logMetric("val/loss", random.nextDouble(), step, start + step);
        }
        w.finish(RunStatus.FINISHED, start + 500);
      }
    }
    System.out.printf("created %d runs in %.1f s%n", runs, (System.nanoTime() - t0) / 1e9);
  }
}
