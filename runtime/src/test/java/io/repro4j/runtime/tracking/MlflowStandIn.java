package io.repro4j.runtime.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A <b>stand-in</b> for an MLflow tracking server (not MLflow itself): an in-process HTTP server on
 * 127.0.0.1 that answers the REST calls Repro4j makes ({@code /api/2.0/mlflow/...}) with MLflow's
 * JSON shapes, keeping experiments and runs in memory. It is strict where MLflow is, as observed
 * against {@code mlflow server} 3.11 (see the reference notes, section 10): JSON bodies with
 * {@code Content-Type: application/json}, unknown fields rejected, required fields checked,
 * log-batch limits (1000 metrics, 100 params, 100 tags, 1000 in all, body 1 MB, no duplicate param
 * key), key names, immutable params, and MLflow's error body {@code {"error_code", "message"}}.
 *
 * <p>It is stricter than MLflow in one way on purpose: every metric point received is kept, even
 * an identical one (MLflow's SQL store merges those), so that a test sees a duplicate push.
 *
 * <p>Switches for failure tests: {@link #failWith} answers the next requests with an HTTP error
 * without acting on them; {@link #loseAnswers} acts but answers 500; {@link #stop()} takes the server down and {@link #restart()} brings it
 * back on the same port with the same data.
 */
public final class MlflowStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "/api/2.0/mlflow/";
  private static final String ARTIFACTS_PREFIX = "/api/2.0/mlflow-artifacts/artifacts/";
  private static final Pattern KEY = Pattern.compile("[/\\w.\\- :]{1,250}", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern TAG_FILTER =
      Pattern.compile("\\s*tags\\.(?:`([^`]+)`|([\\w.]+))\\s*=\\s*'([^']*)'\\s*");

  /** A metric point as received. */
  public record Point(String key, double value, long timestamp, long step) {}

  /** A run as the stand-in holds it. */
  public static final class Run {
    public final String runId;
    public final String experimentId;
    public String runName;
    public final String userId;
    public final long startTime;
    public String status = "RUNNING";
    public Long endTime;
    public final Map<String, String> params = new TreeMap<>();
    public final Map<String, String> tags = new TreeMap<>();
    public final List<Point> points = new ArrayList<>();
    /** Each dataset input once ({@code {"tags": [...], "dataset": {...}}} as received), by name and digest. */
    public final Map<String, JsonNode> inputs = new LinkedHashMap<>();
    /** Artifact files uploaded through the proxy, by path below the run's artifact root. */
    public final Map<String, byte[]> artifacts = new TreeMap<>();

    Run(String runId, String experimentId, String runName, String userId, long startTime) {
      this.runId = runId;
      this.experimentId = experimentId;
      this.runName = runName;
      this.userId = userId;
      this.startTime = startTime;
    }
  }

  private static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    ApiError(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  private final Map<String, String> experimentIds = new LinkedHashMap<>(); // name -> id
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private final List<String> requests = new ArrayList<>();
  private final List<Integer> batchSizes = new ArrayList<>();
  private int failuresLeft;
  private String lostEndpoint;
  private int lostLeft;
  private int failureStatus;
  private int port;
  private HttpServer server;
  /** Null: artifacts served ({@code mlflow-artifacts:} roots); else the server-side root without serving. */
  private String unservedArtifactRoot;

  private MlflowStandIn() {}

  /** Starts a stand-in on a free port of 127.0.0.1. */
  public static MlflowStandIn start() throws IOException {
    MlflowStandIn standIn = new MlflowStandIn();
    standIn.bind(0);
    return standIn;
  }

  private void bind(int wanted) throws IOException {
    BindException last = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 16);
        break;
      } catch (BindException e) { // the old socket of restart() may linger briefly
        last = e;
        sleep(100);
      }
    }
    if (server == null) {
      throw last;
    }
    port = server.getAddress().getPort();
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String uri() {
    return "http://127.0.0.1:" + port;
  }

  /** Answers the next {@code count} requests (-1: all, until {@link #recover()}) with {@code status}. */
  public synchronized void failWith(int status, int count) {
    failureStatus = status;
    failuresLeft = count;
  }

  /**
   * Acts on the next {@code count} calls of {@code endpoint} (e.g. {@code runs/create}) but answers
   * them with HTTP 500, as when the answer is lost on the way back.
   */
  public synchronized void loseAnswers(String endpoint, int count) {
    lostEndpoint = endpoint;
    lostLeft = count;
  }

  /**
   * As {@code mlflow server --no-serve-artifacts --default-artifact-root ROOT}: runs get artifact
   * roots below {@code root} (a path on the server's disk) and the upload proxy answers 503.
   */
  public synchronized void withoutArtifactServing(String root) {
    unservedArtifactRoot = root;
  }

  /** Ends {@link #failWith}. */
  public synchronized void recover() {
    failuresLeft = 0;
  }

  /** Takes the server down: connections are refused. */
  public void stop() {
    HttpServer s = server;
    if (s != null) {
      s.stop(0);
      server = null;
    }
  }

  /** Brings the server back on the same port, with the same data, answering normally. */
  public void restart() throws IOException {
    recover();
    bind(port);
  }

  @Override
  public void close() {
    stop();
  }

  /** Every run, in creation order. */
  public synchronized List<Run> runs() {
    return List.copyOf(runs.values());
  }

  /** The run whose tag {@code key} is {@code value}; fails when there is not exactly one. */
  public synchronized Run runWithTag(String key, String value) {
    List<Run> found = runs.values().stream().filter(r -> value.equals(r.tags.get(key))).toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " runs with tag " + key + "=" + value + " on the stand-in");
    }
    return found.get(0);
  }

  /** Experiment name to id. */
  public synchronized Map<String, String> experiments() {
    return Map.copyOf(experimentIds);
  }

  /** {@code METHOD endpoint -> status} of every request, in order. */
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** Entities (metrics + params + tags) of every accepted log-batch. */
  public synchronized List<Integer> batchSizes() {
    return List.copyOf(batchSizes);
  }

  /** Metric points received so far, over all runs. */
  public synchronized int pointCount() {
    return runs.values().stream().mapToInt(r -> r.points.size()).sum();
  }

  // ---------------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    int status;
    JsonNode answer;
    String endpoint = exchange.getRequestURI().getPath();
    synchronized (this) {
      try {
        if (failuresLeft != 0) {
          if (failuresLeft > 0) {
            failuresLeft--;
          }
          throw new ApiError(failureStatus, failureStatus >= 500 ? "INTERNAL_ERROR" : "TEMPORARILY_UNAVAILABLE",
              "injected failure");
        }
        answer = dispatch(exchange);
        status = 200;
        if (lostLeft > 0 && endpoint.equals(PREFIX + lostEndpoint)) {
          lostLeft--;
          throw new ApiError(500, "INTERNAL_ERROR", "injected: the call was done, its answer lost");
        }
      } catch (ApiError e) {
        status = e.status;
        answer = JSON.createObjectNode().put("error_code", e.code).put("message", e.getMessage());
      } catch (IOException | RuntimeException e) {
        status = 500;
        answer = JSON.createObjectNode().put("error_code", "INTERNAL_ERROR").put("message", String.valueOf(e));
      }
      requests.add(exchange.getRequestMethod() + " " + endpoint.replace(PREFIX, "") + " -> " + status);
    }
    byte[] bytes = JSON.writeValueAsBytes(answer);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private JsonNode dispatch(HttpExchange exchange) throws IOException {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host == null || !(host.startsWith("127.0.0.1") || host.startsWith("localhost"))) {
      throw new ApiError(403, "PERMISSION_DENIED", "Invalid Host header - possible DNS rebinding attack detected");
    }
    String path = exchange.getRequestURI().getPath();
    if (path.startsWith(ARTIFACTS_PREFIX)) {
      requireMethod(exchange.getRequestMethod(), "PUT");
      return uploadArtifact(path.substring(ARTIFACTS_PREFIX.length()), exchange);
    }
    if (!path.startsWith(PREFIX)) {
      throw new ApiError(404, "ENDPOINT_NOT_FOUND", "No API endpoint at " + path);
    }
    String endpoint = path.substring(PREFIX.length());
    String method = exchange.getRequestMethod();
    switch (endpoint) {
      case "experiments/get-by-name":
        requireMethod(method, "GET");
        return getExperimentByName(query(exchange));
      case "runs/get":
        requireMethod(method, "GET");
        return getRun(query(exchange));
      case "experiments/create":
        requireMethod(method, "POST");
        return createExperiment(body(exchange, Set.of("name", "artifact_location", "tags")));
      case "runs/create":
        requireMethod(method, "POST");
        return createRun(body(exchange, Set.of("experiment_id", "user_id", "run_name", "start_time", "tags")));
      case "runs/search":
        requireMethod(method, "POST");
        return searchRuns(body(exchange,
            Set.of("experiment_ids", "filter", "run_view_type", "max_results", "order_by", "page_token")));
      case "runs/log-batch":
        requireMethod(method, "POST");
        return logBatch(body(exchange, Set.of("run_id", "metrics", "params", "tags")));
      case "runs/log-inputs":
        requireMethod(method, "POST");
        return logInputs(body(exchange, Set.of("run_id", "datasets")));
      case "runs/update":
        requireMethod(method, "POST");
        return updateRun(body(exchange, Set.of("run_id", "run_uuid", "status", "end_time", "run_name")));
      default:
        throw new ApiError(404, "ENDPOINT_NOT_FOUND", "The stand-in has no endpoint " + endpoint);
    }
  }

  private static void requireMethod(String method, String wanted) {
    if (!method.equals(wanted)) {
      throw new ApiError(405, "BAD_REQUEST", "Method " + method + " not allowed; use " + wanted);
    }
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.put(k, v);
      }
    }
    return params;
  }

  private static ObjectNode body(HttpExchange exchange, Set<String> fields) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      throw invalid("Bad Request. Content-Type must be 'application/json'");
    }
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readNBytes(1024 * 1024 + 1);
    }
    if (bytes.length > 1024 * 1024) {
      throw new ApiError(413, "INVALID_PARAMETER_VALUE", "Request body larger than 1 MB");
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (IOException e) {
      throw invalid("Malformed JSON body: " + e.getMessage());
    }
    if (!(node instanceof ObjectNode object)) {
      throw invalid("The body must be a JSON object");
    }
    object.fieldNames().forEachRemaining(name -> {
      if (!fields.contains(name)) {
        throw invalid("Unknown field '" + name + "' in the request (fields: " + new java.util.TreeSet<>(fields) + ")");
      }
    });
    return object;
  }

  private static ApiError invalid(String message) {
    return new ApiError(400, "INVALID_PARAMETER_VALUE", message);
  }

  private static String requiredString(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      throw invalid("Missing value for required parameter '" + field + "'.");
    }
    if (!v.isTextual()) {
      throw invalid("Invalid value " + v + " for parameter '" + field + "' supplied: expected a string");
    }
    return v.asText();
  }

  private static String optionalString(JsonNode body, String field) {
    return body.hasNonNull(field) ? requiredString(body, field) : null;
  }

  /** int64 fields: a JSON integer or a string of one, as protobuf's JSON parser accepts. */
  private static Long int64(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw invalid("Missing value for required parameter '" + field + "'.");
      }
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isTextual() && v.asText().matches("-?\\d{1,19}")) {
      return Long.parseLong(v.asText());
    }
    throw invalid("Invalid value " + v + " for parameter '" + field + "' supplied: expected an int64");
  }

  private static double doubleValue(JsonNode v, String field) {
    if (v == null || v.isNull()) {
      throw invalid("Missing value for required parameter '" + field + "'.");
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual()) {
      switch (v.asText()) {
        case "NaN": return Double.NaN;
        case "Infinity": return Double.POSITIVE_INFINITY;
        case "-Infinity": return Double.NEGATIVE_INFINITY;
        default: break;
      }
    }
    throw invalid("Invalid value " + v + " for parameter '" + field + "' supplied: expected a double");
  }

  private static void checkKey(String what, String key) {
    if (!KEY.matcher(key).matches() || key.startsWith("/") || key.endsWith("/") || key.contains("//")
        || key.equals(".") || key.startsWith("..") || key.contains("/./") || key.contains("/../")) {
      throw invalid("Invalid " + what + " name: '" + key + "'. Names may only contain alphanumerics, underscores"
          + " (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).");
    }
  }

  private static List<JsonNode> array(JsonNode body, String field) {
    JsonNode v = body.get(field);
    List<JsonNode> items = new ArrayList<>();
    if (v == null || v.isNull()) {
      return items;
    }
    if (!v.isArray()) {
      throw invalid("Invalid value " + v + " for parameter '" + field + "' supplied: expected a list");
    }
    v.forEach(items::add);
    return items;
  }

  private static void checkFields(JsonNode item, String where, Set<String> fields) {
    if (!item.isObject()) {
      throw invalid("Each entry of '" + where + "' must be an object, got " + item);
    }
    item.fieldNames().forEachRemaining(name -> {
      if (!fields.contains(name)) {
        throw invalid("Unknown field '" + name + "' in an entry of '" + where + "'");
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Endpoints

  private JsonNode getExperimentByName(Map<String, String> query) {
    String name = query.get("experiment_name");
    if (name == null) {
      throw invalid("Missing value for required parameter 'experiment_name'.");
    }
    String id = experimentIds.get(name);
    if (id == null) {
      throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Could not find experiment with name '" + name + "'");
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.putObject("experiment").put("experiment_id", id).put("name", name)
        .put("artifact_location", "mlflow-artifacts:/" + id).put("lifecycle_stage", "active");
    return answer;
  }

  private JsonNode createExperiment(JsonNode body) {
    String name = requiredString(body, "name");
    if (name.isEmpty() || name.length() > 500) {
      throw invalid("Invalid experiment name: '" + name + "'");
    }
    if (experimentIds.containsKey(name)) {
      throw new ApiError(400, "RESOURCE_ALREADY_EXISTS", "Experiment '" + name + "' already exists.");
    }
    String id = String.valueOf(experimentIds.size() + 1);
    experimentIds.put(name, id);
    return JSON.createObjectNode().put("experiment_id", id);
  }

  private JsonNode createRun(JsonNode body) {
    String experimentId = requiredString(body, "experiment_id");
    if (!experimentIds.containsValue(experimentId)) {
      throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=" + experimentId + " exists");
    }
    String runName = optionalString(body, "run_name");
    Long start = int64(body, "start_time", false);
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonNode tag : array(body, "tags")) {
      checkFields(tag, "tags", Set.of("key", "value"));
      String key = requiredString(tag, "key");
      checkKey("tag", key);
      tags.put(key, requiredString(tag, "value"));
    }
    String tagName = tags.get("mlflow.runName");
    if (runName != null && tagName != null && !runName.equals(tagName)) {
      throw invalid("Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different"
          + " values (run_name='" + runName + "', mlflow.runName='" + tagName + "').");
    }
    Run run = new Run(UUID.randomUUID().toString().replace("-", ""), experimentId,
        runName != null ? runName : tagName, optionalString(body, "user_id"), start == null ? 0 : start);
    run.tags.putAll(tags);
    if (run.runName != null) {
      run.tags.put("mlflow.runName", run.runName);
    }
    runs.put(run.runId, run);
    ObjectNode answer = JSON.createObjectNode();
    ObjectNode r = answer.putObject("run");
    info(r.putObject("info"), run);
    ArrayNode tagArray = r.putObject("data").putArray("tags");
    run.tags.forEach((k, v) -> tagArray.addObject().put("key", k).put("value", v));
    r.putObject("inputs");
    return answer;
  }

  private void info(ObjectNode info, Run run) {
    String root = unservedArtifactRoot == null ? "mlflow-artifacts:" : unservedArtifactRoot;
    info.put("run_uuid", run.runId).put("run_id", run.runId).put("experiment_id", run.experimentId)
        .put("run_name", run.runName).put("user_id", run.userId == null ? "" : run.userId)
        .put("status", run.status).put("start_time", run.startTime)
        .put("artifact_uri", root + "/" + run.experimentId + "/" + run.runId + "/artifacts")
        .put("lifecycle_stage", "active");
    if (run.endTime != null) {
      info.put("end_time", run.endTime);
    }
  }

  private Run run(String runId) {
    Run run = runs.get(runId);
    if (run == null) {
      throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Run with id=" + runId + " not found");
    }
    return run;
  }

  private JsonNode getRun(Map<String, String> query) {
    String runId = query.get("run_id");
    if (runId == null) {
      throw invalid("Missing value for required parameter 'run_id'.");
    }
    Run run = run(runId);
    ObjectNode answer = JSON.createObjectNode();
    ObjectNode r = answer.putObject("run");
    info(r.putObject("info"), run);
    ObjectNode data = r.putObject("data");
    ArrayNode params = data.putArray("params");
    run.params.forEach((k, v) -> params.addObject().put("key", k).put("value", v));
    ArrayNode tags = data.putArray("tags");
    run.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
    ArrayNode inputs = r.putObject("inputs").putArray("dataset_inputs");
    run.inputs.values().forEach(inputs::add);
    return answer;
  }

  private JsonNode logInputs(JsonNode body) {
    Run run = run(requiredString(body, "run_id"));
    Map<String, JsonNode> received = new LinkedHashMap<>();
    for (JsonNode entry : array(body, "datasets")) {
      checkFields(entry, "datasets", Set.of("tags", "dataset"));
      for (JsonNode tag : array(entry, "tags")) {
        checkFields(tag, "tags", Set.of("key", "value"));
        requiredString(tag, "key");
        requiredString(tag, "value");
      }
      JsonNode dataset = entry.get("dataset");
      if (dataset == null || dataset.isNull()) {
        throw invalid("Missing value for required parameter 'dataset'.");
      }
      checkFields(dataset, "dataset", Set.of("name", "digest", "source_type", "source", "schema", "profile"));
      String name = requiredString(dataset, "name");
      String digest = requiredString(dataset, "digest");
      requiredString(dataset, "source_type");
      requiredString(dataset, "source");
      optionalString(dataset, "schema");
      optionalString(dataset, "profile");
      if (digest.length() > 36) {
        throw invalid("Dataset digest '" + digest + "' is longer than 36 characters");
      }
      received.put(name + "\0" + digest, entry);
    }
    received.forEach(run.inputs::putIfAbsent); // MLflow links a dataset to a run once
    return JSON.createObjectNode();
  }

  private JsonNode uploadArtifact(String path, HttpExchange exchange) throws IOException {
    if (unservedArtifactRoot != null) {
      throw new ApiError(503, "ENDPOINT_NOT_FOUND", "Endpoint: " + exchange.getRequestURI().getPath()
          + " disabled due to the mlflow server running with `--no-serve-artifacts`.");
    }
    String[] segments = path.split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw invalid("Invalid path");
      }
    }
    if (segments.length < 4 || !segments[2].equals("artifacts")) {
      throw invalid("The stand-in takes uploads below <experiment id>/<run id>/artifacts/ only, got " + path);
    }
    Run run = run(segments[1]);
    if (!run.experimentId.equals(segments[0])) {
      throw invalid("Run " + run.runId + " is not in experiment " + segments[0]);
    }
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readAllBytes();
    }
    run.artifacts.put(String.join("/", java.util.Arrays.copyOfRange(segments, 3, segments.length)), bytes);
    return JSON.createObjectNode();
  }

  private JsonNode searchRuns(JsonNode body) {
    List<String> experiments = new ArrayList<>();
    for (JsonNode id : array(body, "experiment_ids")) {
      if (!id.isTextual()) {
        throw invalid("experiment_ids must be strings, got " + id);
      }
      experiments.add(id.asText());
    }
    String filter = optionalString(body, "filter");
    Long max = int64(body, "max_results", false);
    if (max != null && (max < 1 || max > 50000)) {
      throw invalid("Invalid value " + max + " for parameter 'max_results' supplied.");
    }
    String tagKey = null;
    String tagValue = null;
    if (filter != null && !filter.isBlank()) {
      Matcher m = TAG_FILTER.matcher(filter);
      if (!m.matches()) {
        throw invalid("The stand-in understands only filters of the form tags.<key> = '<value>', got: " + filter);
      }
      tagKey = m.group(1) != null ? m.group(1) : m.group(2);
      tagValue = m.group(3);
    }
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode found = answer.putArray("runs");
    int limit = max == null ? 1000 : max.intValue();
    for (Run run : runs.values()) {
      if (found.size() >= limit) {
        break;
      }
      if (experiments.contains(run.experimentId) && (tagKey == null || tagValue.equals(run.tags.get(tagKey)))) {
        info(found.addObject().putObject("info"), run);
      }
    }
    return answer;
  }

  private JsonNode logBatch(JsonNode body) {
    String runId = requiredString(body, "run_id");
    List<JsonNode> metrics = array(body, "metrics");
    List<JsonNode> params = array(body, "params");
    List<JsonNode> tags = array(body, "tags");
    if (metrics.size() > 1000) {
      throw invalid("A batch logging request can contain at most 1000 metrics. Got " + metrics.size() + " metrics.");
    }
    if (params.size() > 100) {
      throw invalid("A batch logging request can contain at most 100 params. Got " + params.size() + " params.");
    }
    if (tags.size() > 100) {
      throw invalid("A batch logging request can contain at most 100 tags. Got " + tags.size() + " tags.");
    }
    int total = metrics.size() + params.size() + tags.size();
    if (total > 1000) {
      throw invalid("A batch logging request can contain at most 1000 total metrics, params, and tags. Got "
          + total + ".");
    }
    Run run = run(runId);
    // Validate everything before applying anything.
    List<Point> points = new ArrayList<>();
    for (JsonNode metric : metrics) {
      checkFields(metric, "metrics", Set.of("key", "value", "timestamp", "step"));
      String key = requiredString(metric, "key");
      checkKey("metric", key);
      Long step = int64(metric, "step", false);
      points.add(new Point(key, doubleValue(metric.get("value"), "value"), int64(metric, "timestamp", true),
          step == null ? 0 : step));
    }
    Map<String, String> newParams = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode param : params) {
      checkFields(param, "params", Set.of("key", "value"));
      String key = requiredString(param, "key");
      checkKey("param", key);
      String value = requiredString(param, "value");
      if (!seen.add(key)) {
        throw invalid("Duplicate parameter keys have been submitted: ['" + key + "']. Please ensure the request"
            + " contains only one param value per param key.");
      }
      if (value.length() > 6000) {
        throw invalid("Param value '" + value.substring(0, 20) + "...' had length " + value.length()
            + ", which exceeded length limit of 6000");
      }
      String current = run.params.get(key);
      if (current != null && !current.equals(value)) {
        throw invalid("Changing param values is not allowed. Param with key='" + key + "' was already logged with"
            + " value='" + current + "' for run ID='" + runId + "'. Attempted logging new value '" + value + "'.");
      }
      newParams.put(key, value);
    }
    Map<String, String> newTags = new LinkedHashMap<>();
    for (JsonNode tag : tags) {
      checkFields(tag, "tags", Set.of("key", "value"));
      String key = requiredString(tag, "key");
      checkKey("tag", key);
      String value = requiredString(tag, "value");
      if (value.length() > 8000) {
        throw invalid("Tag value too long: " + value.length() + " > 8000 for '" + key + "'");
      }
      newTags.put(key, value);
    }
    run.points.addAll(points);
    run.params.putAll(newParams);
    run.tags.putAll(newTags);
    if (newTags.containsKey("mlflow.runName")) {
      run.runName = newTags.get("mlflow.runName");
    }
    batchSizes.add(total);
    return JSON.createObjectNode();
  }

  private JsonNode updateRun(JsonNode body) {
    String runId = optionalString(body, "run_id");
    if (runId == null) {
      runId = requiredString(body, "run_uuid");
    }
    Run run = run(runId);
    String status = optionalString(body, "status");
    if (status != null) {
      if (!Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED").contains(status)) {
        throw invalid("Invalid value \"" + status + "\" for parameter 'status'");
      }
      run.status = status;
    }
    Long end = int64(body, "end_time", false);
    if (end != null) {
      run.endTime = end;
    }
    String name = optionalString(body, "run_name");
    if (name != null) {
      run.runName = name;
      run.tags.put("mlflow.runName", name);
    }
    ObjectNode answer = JSON.createObjectNode();
    info(answer.putObject("run_info"), run);
    return answer;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted"));
    }
  }
}
