package io.repro4j.cli.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The UI server over raw HTTP/1.1 on a socket: browsers normalise {@code ..} out of URLs before
 * sending them, so the path checks are tested with the bytes an attacker would send.
 */
class UiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_790_000_000_000L;

  @TempDir static Path tmp;
  static Path root;
  static UiServer server;
  static List<String> ids = new ArrayList<>();
  static String parentId;

  record Response(int status, String headers, String body) {}

  @BeforeAll
  static void start() throws Exception {
    root = tmp.resolve("mlruns");
    FileStore store = FileStore.open(root);
    String exp = store.experimentId("exp");
    try (RunWriter parent = store.createRun(exp, "sweep", "ada", T0)) {
      parentId = parent.runId();
      parent.finish(RunStatus.FINISHED, T0 + 1);
    }
    for (int i = 0; i < 60; i++) {
      try (RunWriter w = store.createRun(exp, "run-" + i, "ada", T0 + 1000L * (i + 1), i < 3 ? parentId : null)) {
        w.logParam("lr", i % 2 == 0 ? "0.1" : "0.01");
        w.logParam("note", "<script>alert(1)</script>");
        w.logMetric("loss", 1.0 / (i + 1), 0, T0);
        w.logMetric("loss", 0.5 / (i + 1), 1, T0 + 5);
        w.writeArtifact("repro4j/config.yaml", "lr: 0.1\n");
        ids.add(w.runId());
        w.finish(i == 1 ? RunStatus.FAILED : RunStatus.FINISHED, T0 + 1000L * (i + 1) + 10);
      }
    }
    Files.writeString(tmp.resolve("secret.txt"), "outside the store");
    Path artifacts = root.resolve(exp).resolve(ids.get(0)).resolve("artifacts");
    Files.createSymbolicLink(artifacts.resolve("escape.txt"), tmp.resolve("secret.txt"));
    Files.writeString(artifacts.resolve("page.html"), "<script>alert(1)</script>");
    server = UiServer.start(FileStore.open(root), 0, 60_000);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  Response raw(String requestLine, String... headers) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      StringBuilder req = new StringBuilder(requestLine).append("\r\n");
      boolean host = false;
      for (String h : headers) {
        req.append(h).append("\r\n");
        host |= h.toLowerCase().startsWith("host:");
      }
      if (!host) {
        req.append("Host: 127.0.0.1:").append(server.port()).append("\r\n");
      }
      req.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = text.substring(0, split);
      // com.sun.net.httpserver writes header names as "Content-type": compare in lower case.
      return new Response(Integer.parseInt(head.split(" ")[1]), head.toLowerCase(java.util.Locale.ROOT), text.substring(split + 4));
    }
  }

  Response get(String path) throws Exception {
    return raw("GET " + path + " HTTP/1.1");
  }

  @Test
  void servesThePageAtStableUrlsWithAContentSecurityPolicy() throws Exception {
    for (String path : List.of("/", "/runs/" + ids.get(5), "/sweeps/" + parentId)) {
      Response r = get(path);
      assertEquals(200, r.status(), path);
      assertTrue(r.headers().contains("content-type: text/html; charset=utf-8"), r.headers());
      assertTrue(r.headers().contains("content-security-policy: default-src 'none'; script-src 'sha256-"), r.headers());
      assertTrue(r.headers().contains("x-content-type-options: nosniff"), r.headers());
      assertFalse(r.body().contains("http://") && r.body().contains("src=\"http"), "no external scripts");
    }
  }

  @Test
  void pagesRunsInMlflowOrderAndFiltersWithMlflowSyntax() throws Exception {
    JsonNode first = JSON.readTree(get("/api/runs?limit=50").body());
    assertEquals(61, first.get("total").asInt());
    assertEquals(50, first.get("runs").size());
    assertEquals(ids.get(59), first.get("runs").get(0).get("id").asText(), "newest first");
    JsonNode second = JSON.readTree(get("/api/runs?offset=50&limit=50").body());
    assertEquals(11, second.get("runs").size());
    JsonNode filtered =
        JSON.readTree(get("/api/runs?filter=" + "params.lr%20%3D%20%270.01%27%20and%20metrics.loss%20%3C%200.01").body());
    assertEquals("0.01", filtered.get("columns").get("params").get("constant").get("lr").asText(), "folded: the same in every match");
    for (JsonNode run : filtered.get("runs")) {
      assertEquals("0.01", run.get("params").get("lr").asText());
      assertTrue(run.get("metrics").get("loss").asDouble() < 0.01);
    }
    JsonNode ordered = JSON.readTree(get("/api/runs?order=metrics.loss%20DESC&limit=1").body());
    assertEquals(ids.get(0), ordered.get("runs").get(0).get("id").asText());
    Response bad = get("/api/runs?filter=metrics.loss%20%3E%3E%201");
    assertEquals(400, bad.status());
    assertTrue(JSON.readTree(bad.body()).get("error").asText().length() > 0, bad.body());
  }

  @Test
  void aRequestSeesAChangeToTheStoreAfterABackgroundRefresh() throws Exception {
    Path own = tmp.resolve("live-mlruns");
    FileStore store = FileStore.open(own);
    String exp = store.experimentId("live");
    try (UiServer ui = UiServer.start(FileStore.open(own), 0, 60_000)) {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.util.function.Supplier<JsonNode> runs =
          () -> {
            try {
              var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(ui.url() + "api/runs")).build();
              return JSON.readTree(http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          };
      assertEquals(0, runs.get().get("total").asInt(), "started on an empty experiment");
      try (RunWriter w = store.createRun(exp, "late", "ada", T0)) {
        w.logMetric("loss", 1.0, 0, T0);
        w.flush();
        JsonNode running = within(UiServer.MAX_AGE_MILLIS, runs, r -> r.get("total").asInt() == 1).get("runs").get(0);
        assertEquals("RUNNING", running.get("status").asText());
        assertEquals(1.0, running.get("metrics").get("loss").asDouble());
        w.logMetric("loss", 0.25, 1, T0 + 1);
        w.finish(RunStatus.FINISHED, T0 + 2);
      }
      JsonNode finished =
          within(UiServer.MAX_AGE_MILLIS, runs, r -> r.get("runs").get(0).get("status").asText().equals("FINISHED")).get("runs").get(0);
      assertEquals(0.25, finished.get("metrics").get("loss").asDouble(), "the latest point, read again when the run ended");
    }
  }

  @Test
  void aPortInUseIsReportedBeforeTheStoreIsRead() throws Exception {
    Path own = tmp.resolve("busy-mlruns");
    FileStore store = FileStore.open(own);
    String exp = store.experimentId("busy");
    try (RunWriter w = store.createRun(exp, "r", "ada", T0)) {
      w.finish(RunStatus.FINISHED, T0 + 1);
    }
    // An hour old, so the run counts as settled and reading it writes the experiment's index.
    var anHourAgo = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    try (var files = Files.walk(own.resolve(exp))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.setLastModifiedTime(p, anHourAgo);
      }
    }
    Path index = own.resolve(exp).resolve(".repro4j-runs-index"); // RunIndexFile.NAME
    assertFalse(Files.exists(index));
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      org.junit.jupiter.api.Assertions.assertThrows(
          java.net.BindException.class, () -> UiServer.start(FileStore.open(own), taken.getLocalPort(), 60_000));
    }
    assertFalse(Files.exists(index), "the runs were read (and their index written) although the port was taken");
    try (UiServer ui = UiServer.start(FileStore.open(own), 0, 60_000)) {
      assertEquals(1, ui.runCount());
      assertTrue(Files.exists(index), "reading the runs writes the index: the check above can fail");
    }
  }

  @Test
  void thePeriodicFullCheckRunsOnlyWhenThePageWasUsedSinceTheLastOne() throws Exception {
    Path own = tmp.resolve("idle-mlruns");
    FileStore.open(own).experimentId("idle");
    try (UiServer ui = UiServer.start(FileStore.open(own), 0, 60_000)) {
      ui.verifyIfUsed();
      assertEquals(0, ui.fullChecks(), "no request yet: nothing to check for");
      var http = java.net.http.HttpClient.newHttpClient();
      var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(ui.url() + "api/runs")).build();
      assertEquals(200, http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
      ui.verifyIfUsed();
      assertEquals(1, ui.fullChecks(), "a request came: the runs are checked in full");
      ui.verifyIfUsed();
      assertEquals(1, ui.fullChecks(), "no request since: not again");
    }
  }

  /** Asks until the answer satisfies {@code done}, which it must within {@code maxAgeMillis} of the change (plus slack for a busy machine). */
  static JsonNode within(long maxAgeMillis, java.util.function.Supplier<JsonNode> ask, java.util.function.Predicate<JsonNode> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(maxAgeMillis + 10_000);
    JsonNode last = ask.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not seen: " + last);
      }
      Thread.sleep(50);
      last = ask.get();
    }
    return last;
  }

  @Test
  void thePageLeavesTheChartingLibrariesToCachedStaticFiles() throws Exception {
    Response page = get("/");
    assertTrue(page.body().length() < 100_000, "the page is lean: " + page.body().length() + " chars");
    for (var library : io.repro4j.cli.report.ChartLibraries.ALL) {
      assertFalse(page.body().contains(library.script().substring(0, 1000)), library.name() + " is not inlined");
    }
    assertTrue(page.headers().contains("cache-control: no-store"), page.headers());
    assertTrue(page.headers().contains("script-src 'sha256-") && page.headers().contains("' 'self';"), page.headers());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"src\":\"(/static/[^\"]+)\",\"integrity\":\"(sha384-[^\"]+)\"").matcher(page.body());
    int libraries = 0;
    while (m.find()) {
      libraries++;
      Response lib = get(m.group(1));
      assertEquals(200, lib.status(), m.group(1));
      assertTrue(lib.headers().contains("content-type: text/javascript; charset=utf-8"), lib.headers());
      assertTrue(lib.headers().contains("cache-control: public, max-age=31536000, immutable"), lib.headers());
      assertTrue(lib.headers().contains("x-content-type-options: nosniff"), lib.headers());
      byte[] sha384 = java.security.MessageDigest.getInstance("SHA-384").digest(lib.body().getBytes(StandardCharsets.UTF_8));
      assertEquals(m.group(2), "sha384-" + java.util.Base64.getEncoder().encodeToString(sha384), "the integrity the page checks");
    }
    assertEquals(2, libraries, "uPlot and ECharts");
    assertEquals(404, get("/static/echarts.min.js").status(), "only the hashed names");
    assertEquals(404, get("/static/../meta.yaml").status());
  }

  @Test
  void servesARunsDetailsHistoriesAndItsSweep() throws Exception {
    JsonNode details = JSON.readTree(get("/api/runs/" + ids.get(0)).body());
    assertEquals("<script>alert(1)</script>", details.get("params").get("note").asText());
    assertEquals("lr: 0.1\n", details.get("texts").get("repro4j/config.yaml").asText());
    JsonNode histories = JSON.readTree(get("/api/runs/" + ids.get(0) + "/metrics").body());
    assertEquals(List.of(0, 1), List.of(histories.get("loss").get("step").get(0).asInt(), histories.get("loss").get("step").get(1).asInt()));
    JsonNode sweep = JSON.readTree(get("/api/sweeps/" + parentId).body());
    assertEquals(3, sweep.get("runs").size());
    assertEquals("sweep", sweep.get("parent").get("name").asText());
    assertEquals(404, get("/api/runs/0123456789abcdef0123456789abcdef").status());
    assertEquals(404, get("/api/runs/not..a..run").status());
  }

  @Test
  void anArtifactIsServedAsTextNeverAsAPage() throws Exception {
    Response r = get("/runs/" + ids.get(0) + "/artifacts/page.html");
    assertEquals(200, r.status());
    assertTrue(r.headers().contains("content-type: text/plain; charset=utf-8"), r.headers());
    assertTrue(r.headers().contains("sandbox"), r.headers());
    assertEquals("<script>alert(1)</script>", r.body());
    assertEquals("lr: 0.1\n", get("/runs/" + ids.get(0) + "/artifacts/repro4j/config.yaml").body());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/artifacts/../meta.yaml", "/artifacts/../../../secret.txt", "/artifacts/%2e%2e/meta.yaml", "/artifacts/%2E%2E/meta.yaml",
      "/artifacts/.%2e/meta.yaml", "/artifacts/..%2fmeta.yaml", "/artifacts/..%5cmeta.yaml", "/artifacts/repro4j/..%2f..%2fmeta.yaml",
      "/artifacts/%2fetc%2fpasswd", "/artifacts//etc/passwd", "/artifacts/escape.txt", "/artifacts/repro4j%00.yaml"})
  void noPathLeavesTheRunsArtifacts(String suffix) throws Exception {
    Response r = get("/runs/" + ids.get(0) + suffix);
    assertTrue(r.status() == 400 || r.status() == 403 || r.status() == 404, r.status() + " " + r.body());
    assertFalse(r.body().contains("outside the store"), r.body());
    assertFalse(r.body().contains("run_uuid"), r.body());
  }

  @Test
  void absoluteAndTraversingRequestTargetsServeNothingFromDisk() throws Exception {
    for (String target : List.of("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/etc/passwd",
        "http://127.0.0.1:" + server.port() + "/../secret.txt", "/runs/" + ids.get(0) + "/meta.yaml")) {
      Response r = get(target);
      assertTrue(r.status() >= 400, target + " -> " + r.status());
      assertFalse(r.body().contains("root:") || r.body().contains("outside the store") || r.body().contains("run_uuid"), target);
    }
  }

  @Test
  void onlyGetIsServed() throws Exception {
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")) {
      Response r = raw(method + " /api/runs HTTP/1.1", "Content-Length: 0");
      assertEquals(405, r.status(), method);
      assertTrue(r.headers().contains("allow: get"), r.headers());
    }
  }

  @Test
  void anotherHostNameIsRefusedAgainstDnsRebinding() throws Exception {
    assertEquals(403, raw("GET /api/runs HTTP/1.1", "Host: evil.example:" + server.port()).status());
    assertEquals(200, raw("GET /api/runs HTTP/1.1", "Host: localhost:" + server.port()).status());
  }

  @Test
  void bindsTheLoopbackInterfaceOnly() {
    assertEquals("http://127.0.0.1:" + server.port() + "/", server.url());
  }
}
