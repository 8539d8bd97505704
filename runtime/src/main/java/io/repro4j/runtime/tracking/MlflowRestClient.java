package io.repro4j.runtime.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The calls of MLflow's tracking REST API ({@code /api/2.0/mlflow/...}) that export and live
 * replication need, over {@link HttpClient} with JSON bodies in MLflow's proto field names.
 *
 * <p>Every call is retried under a {@link RetryPolicy} on connection errors, 429 and 5xx; other
 * answers raise {@link Failure} with MLflow's {@code error_code} and {@code message}. Credentials
 * come from the environment as MLflow's client reads them ({@code MLFLOW_TRACKING_TOKEN} as a
 * bearer token, else {@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD} as HTTP
 * basic) and never appear in a message.
 */
public final class MlflowRestClient {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Where MLflow's tracking API lives below the server URI. */
  private static final String TRACKING_API = "/api/2.0/mlflow/";
  /** Where its artifact proxy ({@code mlflow server --serve-artifacts}, the default) lives. */
  private static final String ARTIFACTS_API = "/api/2.0/mlflow-artifacts/artifacts/";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Waits between attempts; may refuse (throw) to cut the retrying short, e.g. when stopping. */
  @FunctionalInterface
  public interface Backoff {
    void pause(long ms) throws InterruptedIOException;

    /** {@link Thread#sleep}. */
    Backoff SLEEP =
        ms -> {
          try {
            Thread.sleep(ms);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting to retry");
          }
        };
  }

  /** An answer of the server that is not success, or a server that could not be reached. */
  public static final class Failure extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String errorCode;

    Failure(String message, int status, String errorCode, Throwable cause) {
      super(message, cause);
      this.status = status;
      this.errorCode = errorCode;
    }

    /** The HTTP status, or 0 when no answer came (connection refused, timeout). */
    public int status() {
      return status;
    }

    /** MLflow's {@code error_code} (e.g. {@code INVALID_PARAMETER_VALUE}), or null. */
    public String errorCode() {
      return errorCode;
    }

    /** Whether repeating the same call later may succeed: no answer, 429 or 5xx. */
    public boolean retryable() {
      return status == 0 || status == 429 || status >= 500;
    }
  }

  private final URI base;
  private final String display;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final Backoff backoff;
  private final String authorization;

  /**
   * @param serverUri {@code http(s)://host:port}, optionally with a path prefix
   * @param environment where credentials are read from
   * @throws IllegalArgumentException when {@code serverUri} is not such a URI
   */
  public MlflowRestClient(
      String serverUri, Map<String, String> environment, RetryPolicy retry, Backoff backoff) {
    this.base = checkedServerUri(serverUri);
    this.display = base.toString();
    this.retry = retry;
    this.backoff = backoff;
    this.authorization = authorization(environment);
    this.http = SharedHttp.CLIENT;
  }

  /**
   * One {@link HttpClient} for the JVM, made when first needed: it is meant to be shared (each
   * one runs a selector thread and keeps its own connections), and nothing in it depends on the
   * server or the credentials, which go in each request.
   */
  private static final class SharedHttp {
    static final HttpClient CLIENT =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // MLflow servers (uvicorn, gunicorn) speak HTTP/1.1
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * {@code serverUri} without a trailing slash, checked: http or https, a host, no query, fragment
   * or user info (credentials go in MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN).
   */
  public static URI checkedServerUri(String serverUri) {
    URI uri;
    try {
      uri = new URI(serverUri == null ? "" : serverUri.trim());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          "'" + serverUri + "' is not a valid server URI (" + e.getReason() + "); give e.g. http://127.0.0.1:5000");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String problem = null;
    if (!scheme.equals("http") && !scheme.equals("https")) {
      problem = "is not an http:// or https:// URI";
    } else if (uri.getHost() == null) {
      problem = "has no host";
    } else if (uri.getRawUserInfo() != null) {
      problem = "holds a user name or password; put them in MLFLOW_TRACKING_USERNAME and"
          + " MLFLOW_TRACKING_PASSWORD (or a token in MLFLOW_TRACKING_TOKEN) instead";
    } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      problem = "has a query or fragment";
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "MLflow server URI '" + TrackingUris.redacted(serverUri) + "' " + problem + "; give e.g. http://127.0.0.1:5000");
    }
    String text = uri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  private static String authorization(Map<String, String> environment) {
    String token = environment.get("MLFLOW_TRACKING_TOKEN");
    if (token != null && !token.isBlank()) {
      return "Bearer " + token.trim();
    }
    String user = environment.get("MLFLOW_TRACKING_USERNAME");
    String password = environment.get("MLFLOW_TRACKING_PASSWORD");
    if (user != null && !user.isBlank()) {
      String pair = user + ":" + (password == null ? "" : password);
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  /** The server URI as given, without a trailing slash. */
  public String server() {
    return display;
  }

  // ---------------------------------------------------------------------------------------------
  // MLflow calls

  /**
   * The id of the active experiment {@code name}, created when the server has none.
   *
   * @throws Failure when the name belongs to a deleted experiment (restore it or rename ours)
   */
  public String experimentId(String name) throws IOException {
    Optional<JsonNode> found = experimentByName(name);
    if (found.isEmpty()) {
      ObjectNode body = JSON.createObjectNode().put("name", name);
      try {
        return text(post("experiments/create", body), "experiment_id");
      } catch (Failure e) {
        if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
          throw e;
        }
        found = experimentByName(name); // created meanwhile by another client
        if (found.isEmpty()) {
          throw e;
        }
      }
    }
    JsonNode experiment = found.get();
    if (!"active".equals(experiment.path("lifecycle_stage").asText("active"))) {
      throw new Failure(
          "Experiment '" + name + "' on " + display + " is deleted; restore it there (mlflow"
              + " experiments restore --experiment-id " + experiment.path("experiment_id").asText()
              + ") or record under another experiment name",
          400, "INVALID_STATE", null);
    }
    return text(experiment, "experiment_id");
  }

  private Optional<JsonNode> experimentByName(String name) throws IOException {
    try {
      return Optional.of(get("experiments/get-by-name", Map.of("experiment_name", name)).path("experiment"));
    } catch (Failure e) {
      if ("RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The id of an active run of {@code experimentId} whose tag {@code key} is {@code value}, if any. */
  public Optional<String> runWithTag(String experimentId, String key, String value) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("experiment_ids").add(experimentId);
    body.put("filter", "tags.`" + key + "` = '" + value.replace("'", "\\'") + "'");
    body.put("run_view_type", "ACTIVE_ONLY");
    body.put("max_results", 1);
    JsonNode runs = post("runs/search", body).path("runs");
    if (runs.isArray() && runs.size() > 0) {
      return Optional.of(text(runs.get(0).path("info"), "run_id"));
    }
    return Optional.empty();
  }

  /**
   * Creates a run (status RUNNING) and returns its id. Tried once: a retry after a lost answer
   * could create a second run, so callers look the run up again first ({@link RunPusher} does).
   */
  public String createRun(
      String experimentId, String userId, String runName, long startTime, Map<String, String> tags)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("experiment_id", experimentId);
    body.put("user_id", userId == null ? "" : userId); // the server does not take it from mlflow.user
    if (runName != null) {
      body.put("run_name", runName);
    }
    body.put("start_time", startTime);
    ArrayNode tagArray = body.putArray("tags");
    tags.forEach((k, v) -> tagArray.addObject().put("key", k).put("value", v));
    byte[] bytes = JSON.writeValueAsBytes(body);
    return text(call("POST", "runs/create", "", bytes, 1).path("run").path("info"), "run_id");
  }

  /** Sends one {@code runs/log-batch}; the caller keeps it within MLflow's limits ({@link RunPusher} does). */
  public void logBatch(String runId, ArrayNode metrics, ArrayNode params, ArrayNode tags) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("run_id", runId);
    body.set("metrics", metrics);
    body.set("params", params);
    body.set("tags", tags);
    post("runs/log-batch", body);
  }

  /** Sets a run's status and end time ({@code runs/update}). */
  public void updateRun(String runId, RunStatus status, Long endTime) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("run_id", runId);
    body.put("status", status.name());
    if (endTime != null) {
      body.put("end_time", endTime);
    }
    post("runs/update", body);
  }

  /** The run's artifact root on the server: {@code info.artifact_uri} of {@code runs/get}. */
  public String artifactUri(String runId) throws IOException {
    return text(get("runs/get", Map.of("run_id", runId)).path("run").path("info"), "artifact_uri");
  }

  /**
   * Links datasets to a run ({@code runs/log-inputs}): each entry {@code {"tags": [...], "dataset":
   * {"name", "digest", "source_type", "source", "schema"?, "profile"?}}}. MLflow keeps a dataset once
   * per experiment and a (dataset, run) link once, so sending a link again changes nothing.
   */
  public void logInputs(String runId, ArrayNode datasets) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("run_id", runId);
    body.set("datasets", datasets);
    post("runs/log-inputs", body);
  }

  /**
   * Uploads one file through the server's artifact proxy, as MLflow's client does for an artifact
   * URI of the {@code mlflow-artifacts:} scheme: {@code PUT
   * /api/2.0/mlflow-artifacts/artifacts/<path>} with the file's bytes as the body. Repeating it
   * overwrites the same file.
   *
   * @param path {@code /}-separated, e.g. {@code 1/<run id>/artifacts/config/resolved.yaml}; each
   *     segment is percent-encoded here
   */
  public void uploadArtifact(String path, Path file) throws IOException {
    StringJoiner encoded = new StringJoiner("/");
    for (String segment : path.split("/", -1)) {
      encoded.add(percentEncoded(segment));
    }
    // A large file needs longer than a JSON call: allow 1 s per MiB (a slow link) on top.
    Duration timeout = REQUEST_TIMEOUT.plusSeconds(Files.size(file) >> 20);
    send("PUT", ARTIFACTS_API + encoded, "artifacts " + path, "", HttpRequest.BodyPublishers.ofFile(file),
        "application/octet-stream", timeout, retry.maxAttempts());
  }

  /** RFC 3986 percent-encoding of one path segment: unreserved characters stay, the rest as UTF-8 bytes. */
  static String percentEncoded(String segment) {
    StringBuilder out = new StringBuilder(segment.length());
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP

  JsonNode post(String endpoint, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    return call("POST", endpoint, "", bytes, retry.maxAttempts());
  }

  JsonNode get(String endpoint, Map<String, String> query) throws IOException {
    StringJoiner q = new StringJoiner("&", "?", "");
    query.forEach(
        (k, v) -> q.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return call("GET", endpoint, q.toString(), null, retry.maxAttempts());
  }

  private JsonNode call(String method, String endpoint, String query, byte[] body, int maxAttempts)
      throws IOException {
    return send(method, TRACKING_API + endpoint, endpoint, query,
        body == null ? null : HttpRequest.BodyPublishers.ofByteArray(body), "application/json", REQUEST_TIMEOUT,
        maxAttempts);
  }

  /**
   * One call with retries: {@code path} below the server URI, {@code endpoint} how messages name
   * it, {@code body} null for a GET.
   */
  private JsonNode send(
      String method, String path, String endpoint, String query, HttpRequest.BodyPublisher body, String contentType,
      Duration timeout, int maxAttempts)
      throws IOException {
    URI uri = URI.create(display + path + query);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body != null) {
      request.header("Content-Type", contentType);
      request.method(method, body);
    } else {
      request.GET();
    }
    HttpRequest built = request.build();
    for (int attempt = 1; ; attempt++) {
      Failure failure;
      long retryAfterMs = -1;
      try {
        HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status / 100 == 2) {
          return parse(response.body(), method, endpoint);
        }
        failure = answerFailure(method, endpoint, status, response.body());
        retryAfterMs =
            response.headers().firstValue("Retry-After").map(MlflowRestClient::seconds).orElse(-1L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted during " + method + " " + endpoint + " to " + display);
      } catch (IOException e) {
        failure =
            new Failure(
                "MLflow server " + display + " unreachable (" + method + " " + endpoint + "): " + describe(e), 0, null, e);
      }
      if (!failure.retryable() || attempt >= maxAttempts) {
        throw failure;
      }
      pauseBeforeRetry(attempt, retryAfterMs);
    }
  }

  /** Waits before attempt {@code failedAttempt + 1}: backoff with jitter, or the server's Retry-After. */
  void pauseBeforeRetry(int failedAttempt, long retryAfterMs) throws InterruptedIOException {
    long wait = retry.delayMs(failedAttempt);
    if (retryAfterMs >= 0) {
      wait = Math.min(Math.max(wait, retryAfterMs), retry.maxDelayMs());
    }
    backoff.pause(wait);
  }

  /** How many attempts a call gets. */
  int maxAttempts() {
    return retry.maxAttempts();
  }

  private static long seconds(String retryAfter) {
    try {
      return Math.max(0, Long.parseLong(retryAfter.trim())) * 1000;
    } catch (NumberFormatException e) {
      return -1; // an HTTP date: use our own backoff
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (e instanceof java.net.ConnectException && (message == null || message.isBlank())) {
      return "connection refused (is the server running, and is the port right?)";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer in time (" + message + ")";
    }
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  private Failure answerFailure(String method, String endpoint, int status, byte[] body) {
    String errorCode = null;
    String message;
    try {
      JsonNode error = JSON.readTree(body);
      errorCode = error.path("error_code").isTextual() ? error.path("error_code").asText() : null;
      message = error.path("message").isTextual() ? error.path("message").asText() : snippet(body);
    } catch (IOException notJson) { // e.g. an HTML page of a proxy
      message = snippet(body);
    }
    return new Failure(
        "MLflow server " + display + " answered " + method + " " + endpoint + " with HTTP " + status
            + (errorCode == null ? "" : " " + errorCode) + ": " + message,
        status, errorCode, null);
  }

  private static String snippet(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private JsonNode parse(byte[] body, String method, String endpoint) throws IOException {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new Failure(
          "MLflow server " + display + " answered " + method + " " + endpoint + " with a body that is not JSON: "
              + snippet(body) + " (is " + display + " an MLflow tracking server?)",
          200, null, e);
    }
  }

  private String text(JsonNode node, String field) throws Failure {
    JsonNode value = node.path(field);
    if (!value.isTextual() && !value.isNumber()) {
      throw new Failure(
          "MLflow server " + display + " answered without '" + field + "' where MLflow's API has it: " + node,
          200, null, null);
    }
    return value.asText();
  }
}
