package io.repro4j.cli.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.repro4j.cli.report.ChartLibraries;
import io.repro4j.cli.report.ReportModel;
import io.repro4j.cli.report.ReportPage;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.StoredRun;
import io.repro4j.runtime.tracking.search.OrderBy;
import io.repro4j.runtime.tracking.search.SearchFilter;
import io.repro4j.runtime.tracking.search.SearchSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code repro4j ui}: the report's page served live from a store, read-only, on 127.0.0.1. GET only
 * (anything else is 405); the page, JSON endpoints, the charting libraries and artifact files. The
 * runs are read at start and kept in memory ({@link LiveRuns}); a request for runs answers from
 * there and, when they are more than a second old (or older than the page's poll interval, when
 * that is shorter), has them brought up to date in the background by a pass of stats over the
 * store (it waits for that pass only when they are more than 30 s old):
 *
 * <pre>
 * GET /                             the page (also /runs/ID and /sweeps/ID: a stable URL per run and sweep)
 * GET /static/NAME-VERSION.HASH.min.js   uPlot or ECharts, cached by the browser for good
 * GET /api/runs?filter=&amp;order=&amp;offset=&amp;limit=   a page of runs, MLflow's filter and order syntax
 * GET /api/runs/ID                  one run's details and provenance
 * GET /api/runs/ID/metrics          one run's metric histories
 * GET /api/sweeps/ID                the runs whose mlflow.parentRunId is ID
 * GET /runs/ID/artifacts/PATH       an artifact file, as text/plain or a download, never as a page
 * </pre>
 */
public final class UiServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN_ID = "(" + FileStore.RUN_ID_REGEX + ")";
  private static final Pattern PAGE = Pattern.compile("/|/runs/" + RUN_ID + "|/sweeps/" + RUN_ID);
  private static final Pattern RUN_API = Pattern.compile("/api/runs/" + RUN_ID + "(/metrics)?");
  private static final Pattern SWEEP_API = Pattern.compile("/api/sweeps/" + RUN_ID);
  private static final Pattern ARTIFACT = Pattern.compile("/runs/" + RUN_ID + "/artifacts/(.+)");
  /** The most runs one page of /api/runs returns. */
  static final int MAX_LIMIT = 500;

  /** Runs in memory older than this are refreshed when a request reads them (in the background). */
  static final long MAX_AGE_MILLIS = 1000;
  /**
   * How often every finished run is checked against all its files (about 1 s of CPU for 10,000
   * runs, on the refresh thread): what a refresh cannot see, e.g. a tag set after the run ended.
   * Only when a request came since the last check: an unwatched server costs nothing.
   */
  static final long FULL_CHECK_SECONDS = 60;

  private static final String STATIC = "/static/";

  private final FileStore store;
  private final HttpServer server;
  private final ExecutorService executor;
  /** Refreshes the runs in memory, one refresh at a time, while requests are answered. */
  private final ScheduledExecutorService refresher;
  private final byte[] page;
  private final String pagePolicy;
  private final LiveRuns live;
  private final Map<String, byte[]> libraries = new java.util.HashMap<>();
  /** Whether a request came since the last full check. */
  private final java.util.concurrent.atomic.AtomicBoolean requestedSinceFullCheck =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicInteger fullChecks = new java.util.concurrent.atomic.AtomicInteger();

  private UiServer(FileStore store, int port, long refreshMillis) throws IOException {
    this.store = store;
    // The port first: a port in use is reported at once, not after reading every run of the store.
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    try {
      this.live = LiveRuns.load(store, Math.min(MAX_AGE_MILLIS, refreshMillis));
      for (ChartLibraries.Library l : ChartLibraries.ALL) {
        libraries.put(STATIC + l.fileName(), l.bytes());
      }
      ObjectNode data = JsonNodeFactory.instance.objectNode();
      ObjectNode config = data.putObject("config");
      config.put("mode", "live");
      config.put("title", "ui");
      config.put("subtitle", "Live view of " + store.root() + " (read-only)");
      config.put("refreshMs", refreshMillis);
      config.put("pageSize", 50);
      ReportPage.Rendered rendered = ReportPage.renderLive("repro4j ui: " + store.root().getFileName(), data, STATIC);
      this.page = rendered.html().getBytes(StandardCharsets.UTF_8);
      this.pagePolicy = rendered.contentSecurityPolicy();
      this.executor = Executors.newFixedThreadPool(4, r -> daemon(r, "repro4j-ui"));
      server.setExecutor(executor);
      this.refresher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "repro4j-ui-refresh"));
      server.createContext("/", this::handle);
    } catch (IOException | RuntimeException e) {
      server.stop(0); // never started: this only closes the bound socket
      throw e;
    }
  }

  /**
   * Reads the store's runs (through its search index, {@link io.repro4j.runtime.tracking.RunIndex},
   * written when missing) and starts serving them on 127.0.0.1; returns once it serves.
   *
   * @param port the port, or 0 for any free one
   * @param refreshMillis how often the page polls for changes
   */
  public static UiServer start(FileStore store, int port, long refreshMillis) throws IOException {
    UiServer ui = new UiServer(store, port, refreshMillis);
    ui.server.start();
    // The index gave runs checked for their meta.yaml; check the rest while the page is in use,
    // then every finished run again now and then: a tag set after a run ended changes no meta.yaml.
    ui.refresher.execute(() -> ui.verify(false));
    ui.refresher.scheduleWithFixedDelay(
        ui::verifyIfUsed, FULL_CHECK_SECONDS, FULL_CHECK_SECONDS, TimeUnit.SECONDS);
    return ui;
  }

  /**
   * The periodic full check, skipped when no request came since the last one: with no page open
   * nobody sees the runs, and the first request after a pause refreshes them anyway.
   */
  void verifyIfUsed() {
    if (requestedSinceFullCheck.getAndSet(false)) {
      verify(true);
    }
  }

  /** How many full checks {@link #verifyIfUsed} has run (tests). */
  int fullChecks() {
    return fullChecks.get();
  }

  private void verify(boolean everyRun) {
    try {
      if (everyRun) {
        fullChecks.incrementAndGet();
      }
      live.verify(everyRun);
    } catch (IOException | RuntimeException e) {
      System.err.println("repro4j ui: could not check the runs against their files: " + e);
    }
  }

  /** How many active runs the server holds now (as of its last refresh). */
  public int runCount() {
    return live.last().runs().size();
  }

  /** The port served on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The page's address. */
  public String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    refresher.shutdownNow();
  }

  private void handle(HttpExchange ex) {
    requestedSinceFullCheck.set(true);
    try {
      try (InputStream body = ex.getRequestBody()) {
        body.readNBytes(1 << 16);
      }
      var headers = ex.getResponseHeaders();
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("Cache-Control", "no-store");
      headers.set("Referrer-Policy", "no-referrer");
      if (!"GET".equals(ex.getRequestMethod())) {
        headers.set("Allow", "GET");
        error(ex, 405, "read-only: only GET is served");
        return;
      }
      if (!hostAllowed(ex.getRequestHeaders().getFirst("Host"))) {
        // A page on another site that resolves its name to 127.0.0.1 (DNS rebinding) gets nothing.
        error(ex, 403, "Host must be 127.0.0.1 or localhost");
        return;
      }
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      route(ex, path == null ? "" : path, query);
    } catch (RuntimeException | IOException e) {
      System.err.println("repro4j ui: " + ex.getRequestURI() + ": " + e);
      try {
        error(ex, 500, "internal error: " + e.getClass().getSimpleName());
      } catch (IOException | RuntimeException ignored) {
        // The response was under way already.
      }
    } finally {
      ex.close();
    }
  }

  private boolean hostAllowed(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    String p = ":" + port();
    return h.equals("127.0.0.1" + p) || h.equals("localhost" + p) || h.equals("[::1]" + p)
        || h.equals("127.0.0.1") || h.equals("localhost");
  }

  private void route(HttpExchange ex, String path, String query) throws IOException {
    Matcher m;
    if (PAGE.matcher(path).matches()) {
      ex.getResponseHeaders().set("Content-Security-Policy", pagePolicy);
      send(ex, 200, "text/html; charset=utf-8", page);
    } else if (libraries.containsKey(path)) {
      // The name holds the content's hash: the same URL never has other bytes.
      ex.getResponseHeaders().set("Cache-Control", "public, max-age=31536000, immutable");
      send(ex, 200, "text/javascript; charset=utf-8", libraries.get(path));
    } else if (path.equals("/api/runs")) {
      runs(ex, Query.parse(query));
    } else if ((m = RUN_API.matcher(path)).matches()) {
      Optional<StoredRun> run = run(m.group(1));
      if (run.isEmpty()) {
        error(ex, 404, "no run " + m.group(1) + " in the store");
      } else if (m.group(2) != null) {
        json(ex, ReportModel.histories(run.get()));
      } else {
        json(ex, ReportModel.details(run.get(), live.last().experimentNames()));
      }
    } else if ((m = SWEEP_API.matcher(path)).matches()) {
      sweep(ex, m.group(1));
    } else if ((m = ARTIFACT.matcher(path)).matches()) {
      artifact(ex, m.group(1), m.group(2));
    } else {
      error(ex, 404, "not found");
    }
  }

  private Optional<StoredRun> run(String id) throws IOException {
    try {
      return store.run(id);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private void runs(HttpExchange ex, Map<String, String> q) throws IOException {
    SearchFilter filter;
    List<OrderBy> order = new ArrayList<>();
    try {
      filter = SearchFilter.parse(q.get("filter"));
      String o = q.get("order");
      if (o != null && !o.isBlank()) {
        order.add(OrderBy.parse(o));
      }
    } catch (SearchSyntaxException e) {
      error(ex, 400, e.getMessage());
      return;
    }
    int offset = intParam(q, "offset", 0, Integer.MAX_VALUE);
    int limit = intParam(q, "limit", 50, MAX_LIMIT);
    LiveRuns.Snapshot runs = live.current(refresher);
    LiveRuns.Search search = live.search(runs, filter, order);
    List<StoredRun> matching = search.matching();
    int from = Math.min(offset, matching.size());
    List<StoredRun> page = matching.subList(from, Math.min(from + limit, matching.size()));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("total", matching.size());
    o.put("offset", offset);
    o.set("runs", ReportModel.summaries(page, runs.experimentNames()));
    o.set("columns", search.columns()); // over every matching run
    json(ex, o);
  }

  private void sweep(HttpExchange ex, String parentId) throws IOException {
    LiveRuns.Snapshot runs = live.current(refresher);
    Map<String, String> names = runs.experimentNames();
    List<StoredRun> children = ReportModel.children(runs.runs(), parentId);
    Optional<StoredRun> parent = run(parentId);
    if (parent.isEmpty() && children.isEmpty()) {
      error(ex, 404, "no run " + parentId + " in the store");
      return;
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (parent.isPresent()) {
      o.set("parent", ReportModel.summary(parent.get(), names));
    } else {
      o.putNull("parent");
    }
    o.set("runs", ReportModel.summaries(children, names));
    o.set("columns", ReportModel.columns(children));
    json(ex, o);
  }

  private void artifact(HttpExchange ex, String runId, String rawPath) throws IOException {
    Optional<StoredRun> run = run(runId);
    if (run.isEmpty()) {
      error(ex, 404, "no run " + runId + " in the store");
      return;
    }
    Path file;
    try {
      file = ArtifactPaths.resolve(run.get().dir().resolve("artifacts"), rawPath);
    } catch (ArtifactPaths.Refused e) {
      error(ex, e.status, e.getMessage());
      return;
    }
    // Streamed, not read into memory: an artifact may be a checkpoint of many GB. A file still
    // growing is sent as long as it was when opened. Text or binary is judged by the first 8 KiB
    // (a NUL byte means binary).
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 8192));
      while (head.hasRemaining() && channel.read(head) >= 0) {
        // fill the first block
      }
      boolean binary = false;
      for (int i = 0; i < head.position(); i++) {
        if (head.get(i) == 0) {
          binary = true;
          break;
        }
      }
      // Never served as a page: plain text or a download, sandboxed, scripts off.
      ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; sandbox");
      if (binary) {
        ex.getResponseHeaders().set("Content-Disposition", "attachment");
      }
      ex.getResponseHeaders().set("Content-Type", binary ? "application/octet-stream" : "text/plain; charset=utf-8");
      ex.sendResponseHeaders(200, size == 0 ? -1 : size);
      if (size > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(head.array(), 0, head.position());
          WritableByteChannel target = Channels.newChannel(out);
          for (long sent = head.position(); sent < size; ) {
            long n = channel.transferTo(sent, size - sent, target);
            if (n <= 0) {
              break; // the file shrank meanwhile: the client sees a short body
            }
            sent += n;
          }
        }
      }
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static int intParam(Map<String, String> q, String name, int dflt, int max) {
    String v = q.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Math.max(0, Math.min(max, Integer.parseInt(v.trim())));
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static void json(HttpExchange ex, Object value) throws IOException {
    send(ex, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(value));
  }

  private static void error(HttpExchange ex, int status, String message) throws IOException {
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("error", message);
    send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(o));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(ex.getRequestMethod()); // answered 405, without a body
    ex.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
    if (body.length > 0 && !head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** A query string's parameters, decoded as forms are ({@code +} is a space). */
  static final class Query {
    private Query() {}

    static Map<String, String> parse(String raw) {
      Map<String, String> q = new java.util.HashMap<>();
      if (raw == null || raw.isEmpty()) {
        return q;
      }
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          q.putIfAbsent(
              java.net.URLDecoder.decode(k, StandardCharsets.UTF_8), java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
          // A malformed escape: the parameter is ignored.
        }
      }
      return q;
    }
  }
}
