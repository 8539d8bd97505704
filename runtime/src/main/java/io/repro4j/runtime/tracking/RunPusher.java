package io.repro4j.runtime.tracking;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repro4j.runtime.data.Md5;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Pushes one run of a local file store to an MLflow tracking server, incrementally: what the
 * server already has (recorded in {@link RemoteProgress}) is not sent again, so pushing the same
 * run twice creates no duplicate run, param, tag or metric point, and a run that grew since gets
 * only what is new. Both {@code repro4j export} and live replication ({@link RemoteReplicator})
 * push this way: the local store is the source of truth, and nothing reaches the server that is
 * not on disk first.
 *
 * <p>Order of one push: find or create the remote run (experiment matched by name, run by the tag
 * {@value #LOCAL_RUN_ID_TAG} holding the local run id, so that even a lost progress file does not
 * duplicate the run), then params, tags and metric points in {@code runs/log-batch} calls within
 * MLflow's limits (1000 metrics, 100 params, 100 tags, 1000 in all, body under 1 MB), recording
 * progress after each accepted batch, then the status and end time once the run has ended.
 *
 * <p>A batch accepted by the server but not recorded (the process died in between) is sent again
 * next time; MLflow's SQL store takes an identical batch again without duplicates (same param
 * value, tag overwritten, identical metric rows merged).
 *
 * <p>Dataset inputs ({@code inputs/}) are linked with {@code runs/log-inputs}, each once. Artifact
 * files are uploaded once the run has ended (a running run may still be writing them), before its
 * status, through the server's artifact proxy ({@code PUT /api/2.0/mlflow-artifacts/artifacts/...})
 * when the remote run's artifact root is an {@code mlflow-artifacts:} URI, as it is for {@code
 * mlflow server} with artifact serving (its default); a file is uploaded again when its size or
 * mtime changed. Any other artifact root (a path on the server's disk, {@code s3://}, ...) can only
 * be written by a client with access to that storage: the files then stay local and {@link
 * Pushed#artifactsLeft} says why. Symbolic links below {@code artifacts/} are not followed.
 */
public final class RunPusher {
  /** The tag of the remote run that holds the local run id. */
  public static final String LOCAL_RUN_ID_TAG = "repro4j.localRunId";

  static final String LOCK_FILE = "repro4j-remote.lock";
  static final int MAX_METRICS = 1000;
  static final int MAX_PARAMS = 100;
  static final int MAX_TAGS = 100;
  static final int MAX_ENTITIES = 1000;
  /** Dataset inputs per {@code runs/log-inputs} call: small bodies, like MLflow's own client. */
  static final int MAX_INPUTS = 100;
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");
  /** MLflow's server refuses bodies over 1 MB; keep room for the envelope. */
  static final int MAX_BODY_BYTES = 1_000_000;
  private static final int READ_CHUNK = 256 * 1024;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** One pusher at a time per run directory in this JVM; the file lock covers other processes. */
  private static final Map<Path, Object> RUN_LOCKS = new ConcurrentHashMap<>();

  /**
   * What one push sent.
   *
   * @param remoteRunId the run on the server
   * @param created whether this push created it
   * @param params params sent
   * @param tags tags sent
   * @param metricPoints metric points sent
   * @param inputs dataset inputs linked
   * @param artifacts artifact files uploaded
   * @param artifactsLeft why artifact files stay local, or null when none do
   * @param status the status sent, or null when none was (still running, or already sent)
   */
  public record Pushed(
      String remoteRunId, boolean created, int params, int tags, long metricPoints, int inputs, int artifacts,
      String artifactsLeft, RunStatus status) {
    /** Whether anything at all was sent. */
    public boolean changedAnything() {
      return created || params + tags + inputs + artifacts > 0 || metricPoints > 0 || status != null;
    }
  }

  private final MlflowRestClient client;

  public RunPusher(MlflowRestClient client) {
    this.client = client;
  }

  /** The server this pusher sends to. */
  public String server() {
    return client.server();
  }

  /** As {@link #push(Path, BooleanSupplier)}, never stopped early. */
  public Pushed push(Path runDir) throws IOException {
    return push(runDir, () -> false);
  }

  /**
   * Pushes what the server lacks of the run in {@code runDir} ({@code <store>/<exp id>/<run id>}).
   *
   * @param stop checked before each batch; when true the push ends with {@link
   *     InterruptedIOException}, its progress so far recorded
   * @throws MlflowRestClient.Failure when the server refuses a call or stays unreachable
   * @throws IOException when the local run cannot be read
   */
  public Pushed push(Path runDir, BooleanSupplier stop) throws IOException {
    Path dir = runDir.toAbsolutePath().normalize();
    synchronized (RUN_LOCKS.computeIfAbsent(dir, d -> new Object())) {
      try (FileChannel lockChannel =
              FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS);
          FileLock ignored = lockChannel.lock()) {
        return pushLocked(dir, stop);
      } catch (OverlappingFileLockException e) { // another pusher of this JVM, outside RUN_LOCKS
        throw new IOException("Run " + dir + " is being pushed by another thread", e);
      }
    }
  }

  private Pushed pushLocked(Path dir, BooleanSupplier stop) throws IOException {
    LocalRun run = LocalRun.read(dir);
    RemoteProgress progress = RemoteProgress.read(dir);
    RemoteProgress.Server state = progress.server(client.server());
    boolean created = false;
    if (state.runId == null) {
      created = ensureRemoteRun(run, state);
      progress.save();
    }

    Batch batch = new Batch(run.runId(), state, progress, stop);
    for (Map.Entry<String, Path> e : FileStore.keyFiles(dir.resolve(RunWriter.PARAMS)).entrySet()) {
      if (!state.params.contains(e.getKey())) {
        batch.addParam(e.getKey(), Files.readString(e.getValue(), StandardCharsets.UTF_8));
      }
    }
    for (Map.Entry<String, Path> e : FileStore.keyFiles(dir.resolve(RunWriter.TAGS)).entrySet()) {
      String value = Files.readString(e.getValue(), StandardCharsets.UTF_8);
      if (e.getKey().equals(FileStore.PARENT_RUN_ID_TAG)) {
        value = remoteParent(dir, value.trim());
      }
      String digest = Md5.ofBytes(value.getBytes(StandardCharsets.UTF_8));
      if (!digest.equals(state.tagDigests.get(e.getKey()))) {
        batch.addTag(e.getKey(), value, digest);
      }
    }
    for (Map.Entry<String, Path> e : FileStore.keyFiles(dir.resolve(RunWriter.METRICS)).entrySet()) {
      pushMetricFile(e.getKey(), e.getValue(), state, batch);
    }
    batch.send();
    int inputs = pushInputs(dir, state, progress, stop);
    int artifacts = 0;
    String artifactsLeft = null;
    if (run.status().isTerminal()) {
      Artifacts uploaded = pushArtifacts(dir, state, progress, stop);
      artifacts = uploaded.uploaded;
      artifactsLeft = uploaded.left;
    }

    RunStatus sentStatus = null;
    if (run.status().isTerminal()
        && (!run.status().name().equals(state.status) || !java.util.Objects.equals(run.endTime(), state.endTime))) {
      checkStop(stop);
      client.updateRun(state.runId, run.status(), run.endTime());
      state.status = run.status().name();
      state.endTime = run.endTime();
      progress.save();
      sentStatus = run.status();
    }
    return new Pushed(
        state.runId, created, batch.sentParams, batch.sentTags, batch.sentPoints, inputs, artifacts, artifactsLeft,
        sentStatus);
  }

  /** Links the run's dataset inputs not linked yet, {@value #MAX_INPUTS} per call; how many. */
  private int pushInputs(Path dir, RemoteProgress.Server state, RemoteProgress progress, BooleanSupplier stop)
      throws IOException {
    Path inputsDir = dir.resolve(RunWriter.INPUTS);
    if (!Files.isDirectory(inputsDir, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    List<String> ids = new ArrayList<>();
    try (var entries = Files.newDirectoryStream(inputsDir)) {
      entries.forEach(p -> ids.add(p.getFileName().toString()));
    }
    ids.sort(null);
    Path datasetsDir = dir.getParent().resolve("datasets");
    ArrayNode datasets = NODES.arrayNode();
    List<String> linking = new ArrayList<>();
    int sent = 0;
    for (String id : ids) {
      if (state.inputs.contains(id) || !MD5_HEX.matcher(id).matches()) {
        continue;
      }
      Map<String, Object> input = FileStore.readMeta(inputsDir.resolve(id).resolve(FileStore.META));
      String datasetId = input == null ? null : FileStore.string(input.get("source_id"));
      // The dataset id becomes a path: only what MLflow writes (an md5), so it cannot escape.
      if (!"DATASET".equals(input == null ? null : FileStore.string(input.get("source_type")))
          || datasetId == null || !MD5_HEX.matcher(datasetId).matches()) {
        continue; // a logged model, or not an input MLflow would read either
      }
      Map<String, Object> dataset = FileStore.readMeta(datasetsDir.resolve(datasetId).resolve(FileStore.META));
      if (dataset == null) {
        continue; // MLflow skips an input whose dataset is missing, with a warning
      }
      ObjectNode entry = datasets.addObject();
      ArrayNode tags = entry.putArray("tags");
      if (input.get("tags") instanceof Map<?, ?> inputTags) {
        inputTags.forEach((k, v) -> tags.addObject().put("key", String.valueOf(k)).put("value", FileStore.string(v)));
      }
      ObjectNode d = entry.putObject("dataset");
      for (String field : List.of("name", "digest", "source_type", "source", "schema", "profile")) {
        String value = FileStore.string(dataset.get(field));
        if (value != null) {
          d.put(field, value);
        }
      }
      linking.add(id);
      if (linking.size() == MAX_INPUTS) {
        sent += sendInputs(state, progress, stop, datasets, linking);
        datasets = NODES.arrayNode();
      }
    }
    return sent + sendInputs(state, progress, stop, datasets, linking);
  }

  private int sendInputs(
      RemoteProgress.Server state, RemoteProgress progress, BooleanSupplier stop, ArrayNode datasets,
      List<String> linking) throws IOException {
    if (linking.isEmpty()) {
      return 0;
    }
    checkStop(stop);
    client.logInputs(state.runId, datasets);
    state.inputs.addAll(linking);
    progress.save();
    int n = linking.size();
    linking.clear();
    return n;
  }

  /** What {@link #pushArtifacts} did. */
  private record Artifacts(int uploaded, String left) {}

  /** Uploads the artifact files that are new or changed since they were uploaded. */
  private Artifacts pushArtifacts(Path dir, RemoteProgress.Server state, RemoteProgress progress, BooleanSupplier stop)
      throws IOException {
    Path root = dir.resolve(RunWriter.ARTIFACTS);
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return new Artifacts(0, null);
    }
    Map<String, Path> files = new TreeMap<>();
    Map<String, String> stamps = new HashMap<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) { // links are not followed: nothing outside the run is sent
          String path = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
          String stamp = attrs.size() + ":" + attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
          if (!stamp.equals(state.artifacts.get(path))) {
            files.put(path, file);
            stamps.put(path, stamp);
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
    if (files.isEmpty()) {
      return new Artifacts(0, null);
    }
    if (state.artifactUri == null) {
      checkStop(stop);
      state.artifactUri = client.artifactUri(state.runId);
      progress.save();
    }
    String proxyPath = proxyPath(state.artifactUri);
    if (proxyPath == null) {
      return new Artifacts(
          0,
          files.size() + " artifact file(s) stay local: the server keeps this run's artifacts at "
              + state.artifactUri + ", which it does not serve for upload (start `mlflow server` with"
              + " artifact serving, its default, or copy them there yourself)");
    }
    int uploaded = 0;
    for (Map.Entry<String, Path> e : files.entrySet()) {
      checkStop(stop);
      client.uploadArtifact(proxyPath + "/" + e.getKey(), e.getValue());
      state.artifacts.put(e.getKey(), stamps.get(e.getKey()));
      progress.save();
      uploaded++;
    }
    return new Artifacts(uploaded, null);
  }

  /**
   * The path below the artifact proxy for an {@code mlflow-artifacts:} artifact root ({@code
   * mlflow-artifacts:/1/<run>/artifacts} gives {@code 1/<run>/artifacts}), or null for any other root
   * or one naming another server.
   */
  static String proxyPath(String artifactUri) {
    URI uri;
    try {
      uri = new URI(artifactUri);
    } catch (URISyntaxException | NullPointerException e) {
      return null;
    }
    if (!"mlflow-artifacts".equals(uri.getScheme()) || uri.getRawAuthority() != null || uri.getPath() == null) {
      return null;
    }
    String path = uri.getPath().replaceAll("^/+|/+$", "");
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return null;
      }
    }
    return path;
  }

  /** Finds the server's run of this local run (by tag) or creates it; true when created. */
  private boolean ensureRemoteRun(LocalRun run, RemoteProgress.Server state) throws IOException {
    String experimentId = client.experimentId(run.experimentName());
    state.experimentId = experimentId;
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(LOCAL_RUN_ID_TAG, run.runId());
    if (run.runName() != null) {
      tags.put(RunWriter.RUN_NAME_TAG, run.runName()); // MLflow wants both or neither to agree
    }
    // runs/create is not idempotent: after a failed attempt, whose answer may be all that was
    // lost, look the run up again before creating it.
    for (int attempt = 1; ; attempt++) {
      var existing = client.runWithTag(experimentId, LOCAL_RUN_ID_TAG, run.runId());
      if (existing.isPresent()) {
        state.runId = existing.get();
        return false;
      }
      try {
        state.runId = client.createRun(experimentId, run.userId(), run.runName(), run.startTime(), tags);
        return true;
      } catch (MlflowRestClient.Failure e) {
        if (!e.retryable() || attempt >= client.maxAttempts()) {
          throw e;
        }
        client.pauseBeforeRetry(attempt, -1);
      }
    }
  }

  /**
   * The server's id of a parent run (sweep trials name their local parent in {@code
   * mlflow.parentRunId}); the parent's remote run is created when missing. A parent that is not in
   * this store keeps its id.
   */
  private String remoteParent(Path childDir, String localParentId) throws IOException {
    if (!MD5_HEX.matcher(localParentId).matches()) {
      return localParentId;
    }
    Path parentDir = childDir.getParent().resolve(localParentId);
    if (!Files.isRegularFile(parentDir.resolve(FileStore.META), LinkOption.NOFOLLOW_LINKS)) {
      return localParentId;
    }
    synchronized (RUN_LOCKS.computeIfAbsent(parentDir, d -> new Object())) {
      RemoteProgress parentProgress = RemoteProgress.read(parentDir);
      String known = parentProgress.remoteRunId(client.server());
      if (known != null) {
        return known;
      }
      RemoteProgress.Server state = parentProgress.server(client.server());
      ensureRemoteRun(LocalRun.read(parentDir), state);
      parentProgress.save();
      return state.runId;
    }
  }

  /** Adds the points of one metric file past the recorded offset, complete lines only. */
  private void pushMetricFile(String key, Path file, RemoteProgress.Server state, Batch batch) throws IOException {
    long offset = state.metricOffsets.getOrDefault(key, 0L);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = channel.size();
      if (offset > size) {
        throw new IOException(
            file + " is shorter (" + size + " bytes) than what was pushed to " + client.server() + " ("
                + offset + " bytes); the local metric file was rewritten. Delete " + RemoteProgress.FILE
                + " in " + file.getParent() + " to push the run anew.");
      }
      ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
      byte[] carry = new byte[0];
      long position = offset;
      while (position < size) {
        buffer.clear();
        int n = channel.read(buffer, position);
        if (n <= 0) {
          break;
        }
        byte[] bytes = new byte[carry.length + n];
        System.arraycopy(carry, 0, bytes, 0, carry.length);
        System.arraycopy(buffer.array(), 0, bytes, carry.length, n);
        long bytesStart = position - carry.length;
        position += n;
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
          if (bytes[i] == '\n') {
            String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8).strip();
            long lineEnd = bytesStart + i + 1;
            if (!line.isEmpty()) {
              batch.addMetric(key, parseLine(file, line), lineEnd);
            } else {
              batch.advance(key, lineEnd);
            }
            lineStart = i + 1;
          }
        }
        // A last line without its newline is being appended right now: left for the next push.
        carry = java.util.Arrays.copyOfRange(bytes, lineStart, bytes.length);
      }
    }
  }

  private static ObjectNode parseLine(Path file, String line) throws IOException {
    MetricPoint point;
    try {
      point = MetricLine.parse(line);
    } catch (NumberFormatException e) {
      throw new IOException(
          "Malformed metric line in " + file + ": '" + line + "' (expected '<timestamp ms> <value> <step>': "
              + e.getMessage() + "); fix or remove the line (repro4j doctor --fix) and push again",
          e);
    }
    ObjectNode metric = NODES.objectNode();
    metric.put("timestamp", point.timestamp());
    double value = point.value();
    if (Double.isNaN(value)) {
      metric.put("value", "NaN"); // proto3 JSON's spelling; JSON has no NaN
    } else if (Double.isInfinite(value)) {
      metric.put("value", value > 0 ? "Infinity" : "-Infinity");
    } else {
      metric.put("value", value);
    }
    metric.put("step", point.step());
    return metric;
  }

  private static void checkStop(BooleanSupplier stop) throws InterruptedIOException {
    if (stop.getAsBoolean()) {
      throw new InterruptedIOException("push stopped; its progress is recorded");
    }
  }

  /** A {@code runs/log-batch} being filled; sent when one more entity would break a limit. */
  private final class Batch {
    private final String localRunId;
    private final RemoteProgress.Server state;
    private final RemoteProgress progress;
    private final BooleanSupplier stop;
    private ArrayNode metrics = NODES.arrayNode();
    private ArrayNode params = NODES.arrayNode();
    private ArrayNode tags = NODES.arrayNode();
    private int bytes;
    private final List<String> paramKeys = new ArrayList<>();
    private final Map<String, String> tagDigests = new LinkedHashMap<>();
    private final Map<String, Long> offsets = new HashMap<>();
    int sentParams;
    int sentTags;
    long sentPoints;

    Batch(String localRunId, RemoteProgress.Server state, RemoteProgress progress, BooleanSupplier stop) {
      this.localRunId = localRunId;
      this.state = state;
      this.progress = progress;
      this.stop = stop;
    }

    void addParam(String key, String value) throws IOException {
      ObjectNode node = NODES.objectNode().put("key", key).put("value", value);
      makeRoom(params.size() >= MAX_PARAMS, node);
      params.add(node);
      paramKeys.add(key);
    }

    void addTag(String key, String value, String digest) throws IOException {
      ObjectNode node = NODES.objectNode().put("key", key).put("value", value);
      makeRoom(tags.size() >= MAX_TAGS, node);
      tags.add(node);
      tagDigests.put(key, digest);
    }

    void addMetric(String key, ObjectNode point, long endOffset) throws IOException {
      ObjectNode node = NODES.objectNode().put("key", key);
      node.setAll(point);
      makeRoom(metrics.size() >= MAX_METRICS, node);
      metrics.add(node);
      offsets.put(key, endOffset);
    }

    /** Blank lines move the offset without a point. */
    void advance(String key, long endOffset) {
      offsets.put(key, endOffset);
    }

    private void makeRoom(boolean kindFull, ObjectNode next) throws IOException {
      int size = MlflowRestClient.JSON.writeValueAsBytes(next).length + 1;
      int entities = metrics.size() + params.size() + tags.size();
      if (kindFull || entities >= MAX_ENTITIES || bytes + size > MAX_BODY_BYTES) {
        send();
      }
      bytes += size;
    }

    void send() throws IOException {
      if (metrics.isEmpty() && params.isEmpty() && tags.isEmpty()) {
        if (!offsets.isEmpty()) { // only blank lines: remember them too
          state.metricOffsets.putAll(offsets);
          offsets.clear();
          progress.save();
        }
        return;
      }
      checkStop(stop);
      try {
        client.logBatch(state.runId, metrics, params, tags);
      } catch (MlflowRestClient.Failure e) {
        if (e.retryable()) {
          throw e;
        }
        throw new MlflowRestClient.Failure(
            e.getMessage() + "\n  in a batch of local run " + localRunId + " with " + describeBatch(),
            e.status(), e.errorCode(), e);
      }
      state.params.addAll(paramKeys);
      state.tagDigests.putAll(tagDigests);
      state.metricOffsets.putAll(offsets);
      progress.save();
      sentParams += params.size();
      sentTags += tags.size();
      sentPoints += metrics.size();
      metrics = NODES.arrayNode();
      params = NODES.arrayNode();
      tags = NODES.arrayNode();
      paramKeys.clear();
      tagDigests.clear();
      offsets.clear();
      bytes = 0;
    }

    private String describeBatch() {
      List<String> parts = new ArrayList<>();
      if (!paramKeys.isEmpty()) {
        parts.add("params " + String.join(", ", paramKeys));
      }
      if (!tagDigests.isEmpty()) {
        parts.add("tags " + String.join(", ", tagDigests.keySet()));
      }
      if (!metrics.isEmpty()) {
        parts.add(metrics.size() + " points of metrics " + String.join(", ", offsets.keySet()));
      }
      return String.join("; ", parts);
    }
  }

  /** What a push needs from the run's and its experiment's meta.yaml. */
  record LocalRun(
      String runId, String experimentName, String runName, String userId, long startTime, RunStatus status,
      Long endTime) {
    static LocalRun read(Path dir) throws IOException {
      Map<String, Object> meta = FileStore.readMeta(dir.resolve(FileStore.META));
      if (meta == null) {
        throw new IOException(dir.resolve(FileStore.META) + " is missing or unreadable; not a run directory");
      }
      String runId = FileStore.string(meta.containsKey("run_id") ? meta.get("run_id") : meta.get("run_uuid"));
      if (runId == null || !runId.equals(dir.getFileName().toString())) {
        throw new IOException(dir.resolve(FileStore.META) + " names run '" + runId + "', not its directory's");
      }
      Map<String, Object> experiment = FileStore.readMeta(dir.getParent().resolve(FileStore.META));
      String experimentName = experiment == null ? null : FileStore.string(experiment.get("name"));
      if (experimentName == null) {
        throw new IOException(
            dir.getParent().resolve(FileStore.META) + " is missing or has no name; the run's experiment is unknown");
      }
      RunStatus runStatus = FileStore.status(meta.get("status"), dir);
      Long start = FileStore.longOrNull(meta.get("start_time"));
      String runName = FileStore.string(meta.get("run_name"));
      return new LocalRun(
          runId, experimentName, runName == null || runName.isEmpty() ? null : runName,
          FileStore.string(meta.get("user_id")), start == null ? 0L : start, runStatus,
          FileStore.longOrNull(meta.get("end_time")));
    }
  }
}
