package io.repro4j.runtime.tracking;

import io.repro4j.runtime.data.Md5;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes one run of a {@link FileStore}: params, tags, metrics, artifacts, dataset inputs, and the
 * final status.
 *
 * <p>Threading: {@link #logMetric} is made for the training thread: it validates a key the first
 * time it sees it, then only enqueues, doing no I/O; a background writer (one per run, on a pooled
 * thread) appends the points. All other methods do their I/O on the calling thread and are
 * thread-safe.
 *
 * <p>Life cycle: create with {@link FileStore#createRun}, record, call {@link #finish} with the
 * outcome, then {@link #close()}. {@code close()} does <em>not</em> set a status: it flushes
 * metrics and stops the writer thread. A run that is closed without {@code finish} stays {@code
 * RUNNING}, exactly like a run whose process died; deciding between FINISHED, FAILED and KILLED is
 * the caller's job. Params, tags, artifacts and inputs may still be written after {@code finish}
 * (MLflow allows logging to a finished run) until {@code close}.
 *
 * <pre>{@code
 * try (RunWriter run = store.createRun(expId, null, user, System.currentTimeMillis())) {
 *   run.logParam("lr", PythonRepr.str(0.01));
 *   ... run.logMetric("loss", loss, step, System.currentTimeMillis()); ...
 *   run.finish(RunStatus.FINISHED, System.currentTimeMillis());
 * } // on an exception: run.finish(RunStatus.FAILED, ...) before close
 * }</pre>
 *
 * <p>Every path written is inside the run directory, except the dataset record that MLflow keeps
 * per experiment ({@code <experiment>/datasets/<id>/meta.yaml}, see {@link #logInput}): keys are
 * checked with {@link MlflowNames#checkKey}, artifact paths by {@link #writeArtifact}.
 */
public final class RunWriter implements AutoCloseable {
  static final String METRICS = "metrics";
  static final String PARAMS = "params";
  static final String TAGS = "tags";
  static final String ARTIFACTS = "artifacts";
  static final String INPUTS = "inputs";
  static final String RUN_NAME_TAG = "mlflow.runName";

  private final Path storeRoot;
  private final String experimentId;
  private final String runId;
  private final Path runDir;
  private final String userId;
  private final long startTime;
  private final String artifactUri;
  private final MetricAppender metrics;
  private final RunLease lease;
  private final Object leaseLock = new Object();
  private boolean leaseReleased; // guarded by leaseLock
  private boolean heartbeatFailureReported; // writer thread only

  private final Object lock = new Object(); // params, tags, meta.yaml, inputs, artifacts
  /** Metric key -> the appender's index; validated once, then only looked up. */
  private final Map<String, Integer> metricKeys = new ConcurrentHashMap<>();
  private String runName;
  private boolean finished;
  /** What {@link #finish} recorded in meta.yaml: its status and end time; null before. */
  private RunStatus finishedStatus;
  private long endTime;
  private volatile boolean closed;
  private boolean metricsFailureReported;
  /**
   * Folders under {@code artifacts/} known to be plain directories inside the run (made by this
   * writer, or checked once): an artifact into one skips the checks and the resolving.
   */
  private final Set<Path> plainDirs = new HashSet<>();
  /** Whether {@link FileStore#createRun} made the run directory (with params/ and tags/) for this writer. */
  private boolean createdHere;

  /** A writer with the default ring; {@code lease}: the lease already in {@code runDir}, or null to write one. */
  RunWriter(
      Path storeRoot,
      String experimentId,
      String runId,
      Path runDir,
      String runName,
      String userId,
      long startTime,
      String artifactUri,
      RunLease lease) throws IOException {
    this(storeRoot, experimentId, runId, runDir, runName, userId, startTime, artifactUri,
        MetricAppender.DEFAULT_CAPACITY, MetricAppender.DEFAULT_FLUSH_INTERVAL_MS, lease);
  }

  RunWriter(
      Path storeRoot,
      String experimentId,
      String runId,
      Path runDir,
      String runName,
      String userId,
      long startTime,
      String artifactUri,
      int queueCapacity,
      long flushIntervalMs,
      RunLease writtenLease) throws IOException {
    this.storeRoot = storeRoot;
    this.experimentId = experimentId;
    this.runId = runId;
    this.runDir = runDir;
    this.runName = runName;
    this.userId = userId;
    this.startTime = startTime;
    this.artifactUri = artifactUri;
    if (writtenLease != null) {
      this.lease = writtenLease;
    } else {
      this.lease = RunLease.ofThisProcess(System.currentTimeMillis());
      lease.write(runDir);
    }
    this.metrics =
        new MetricAppender(
            runDir.resolve(METRICS),
            "repro4j-metrics-" + runId.substring(0, 8),
            queueCapacity,
            flushIntervalMs,
            this::heartbeat,
            lease.periodMs());
  }

  /** On the metric writer thread: refreshes the lease, unless the run is over. */
  private void heartbeat() {
    synchronized (leaseLock) {
      if (leaseReleased) {
        return;
      }
      try {
        lease.withHeartbeat(System.currentTimeMillis()).write(runDir);
      } catch (IOException | RuntimeException e) {
        if (!heartbeatFailureReported) {
          heartbeatFailureReported = true;
          System.err.println(
              "WARNING [repro4j] Could not refresh the lease of run " + runId + " in " + runDir
                  + ": " + e + "; repro4j doctor may take the run for dead. Said once per run.");
        }
      }
    }
  }

  /** Ends the lease: the run is no longer RUNNING. */
  private void releaseLease() throws IOException {
    synchronized (leaseLock) {
      leaseReleased = true;
      Files.deleteIfExists(runDir.resolve(RunLease.FILE));
    }
  }

  /** The run id: 32 lowercase hex digits ({@code uuid4().hex}). */
  public String runId() {
    return runId;
  }

  /** The experiment the run belongs to. */
  public String experimentId() {
    return experimentId;
  }

  /** The run directory {@code <root>/<experiment id>/<run id>}. */
  public Path runDir() {
    return runDir;
  }

  /** {@code <run dir>/artifacts}, the directory the run's {@code artifact_uri} points at. */
  public Path artifactsDir() {
    return runDir.resolve(ARTIFACTS);
  }

  /** The run's {@code artifact_uri}: {@code file:///.../<run id>/artifacts}. */
  public String artifactUri() {
    return artifactUri;
  }

  // ---------------------------------------------------------------------------------------------
  // Params and tags

  /**
   * Logs a param: the file {@code params/<key>} holding {@code value} as UTF-8, no newline.
   * Values longer than 6000 characters are truncated with a warning on stderr; null is stored as
   * the empty string (MLflow's {@code None}). Params are immutable: the same value again is a
   * no-op.
   *
   * @throws IllegalArgumentException for an invalid key, a key that clashes with a folder of
   *     keys ({@code a} vs {@code a/b}), or a different value for a logged key (MLflow's "Changing
   *     param values is not allowed" message)
   */
  public void logParam(String key, String value) throws IOException {
    MlflowNames.checkKey("parameter name", key);
    String v =
        MlflowNames.truncate(
            "Param value",
            value == null ? "" : value,
            MlflowNames.MAX_PARAM_VALUE_LENGTH,
            "param '" + key + "' of run " + runId);
    synchronized (lock) {
      checkOpen();
      Path file = runDir.resolve(PARAMS).resolve(key);
      if (StoreFiles.isPlainFile(file)) {
        String current = Files.readString(file, StandardCharsets.UTF_8);
        if (current.equals(v)) {
          return;
        }
        throw new IllegalArgumentException(
            "Changing param values is not allowed. Param with key='"
                + key
                + "' was already logged with value='"
                + current
                + "' for run ID='"
                + runId
                + "'. Attempted logging new value '"
                + v
                + "'.");
      }
      writeValue(file, runDir.resolve(PARAMS), key, v, "param");
    }
  }

  /**
   * Sets a tag: the file {@code tags/<key>}, overwritten if present. Values longer than 8000
   * characters are truncated with a warning; null is stored as the empty string. Setting {@code
   * mlflow.runName} also updates {@code run_name} in {@code meta.yaml}, as MLflow does.
   *
   * @throws IllegalArgumentException for an invalid key or one that clashes with a folder of keys
   */
  public void setTag(String key, String value) throws IOException {
    MlflowNames.checkKey("tag name", key);
    String v =
        MlflowNames.truncate(
            "Tag value",
            value == null ? "" : value,
            MlflowNames.MAX_TAG_VALUE_LENGTH,
            "tag '" + key + "' of run " + runId);
    synchronized (lock) {
      checkOpen();
      writeValue(runDir.resolve(TAGS).resolve(key), runDir.resolve(TAGS), key, v, "tag");
      if (key.equals(RUN_NAME_TAG)) {
        runName = v;
        rewriteMeta(null, null, v);
      }
    }
  }

  private void writeValue(Path file, Path base, String key, String value, String what)
      throws IOException {
    if (StoreFiles.isPlainDirectory(file)) {
      throw new IllegalArgumentException(
          "Cannot write "
              + what
              + " '"
              + key
              + "': "
              + file
              + " is a folder of other "
              + what
              + "s ('"
              + key
              + "/...'); a key cannot be both a value and a prefix of other keys");
    }
    StoreFiles.checkNoLinks(base, file); // before createDirectories, which follows links
    // params/ and tags/ were made with the run: a top-level key of a run made here needs no folder.
    try {
      if (!(createdHere && file.getParent().equals(base))) {
        Files.createDirectories(file.getParent());
      }
    } catch (FileSystemException e) {
      throw new IllegalArgumentException(
          "Cannot write "
              + what
              + " '"
              + key
              + "': a part of its path is already a "
              + what
              + " file under "
              + base
              + "; a key cannot be both a value and a prefix of other keys",
          e);
    }
    // Staged in the run directory itself: a temporary file there is never taken for a key.
    StoreFiles.writeAtomically(file, value.getBytes(StandardCharsets.UTF_8), runDir, false);
  }

  // ---------------------------------------------------------------------------------------------
  // Metrics

  /**
   * Logs one metric point. Meant for the training thread: no I/O here. The key is checked the
   * first time it is seen (then cached); the point goes to a bounded queue (this call blocks while
   * it is full, never drops) that a background thread appends to {@code metrics/<key>} as {@code
   * <timestampMs> <value as Python repr> <step>}, at least once a second and on {@link #finish} /
   * {@link #close}.
   *
   * @throws IllegalArgumentException for an invalid key, a key that clashes with a folder of
   *     other keys ({@code loss} vs {@code loss/train}), or a negative timestamp
   * @throws IllegalStateException after {@link #close()}
   * @throws UncheckedIOException when earlier points could not be written (disk full...)
   */
  public void logMetric(String key, double value, long step, long timestampMs) {
    if (closed) {
      throw new IllegalStateException(
          "Run " + runId + " is closed; metric '" + key + "' logged after close()");
    }
    Integer index = metricKeys.get(key);
    int keyIndex = index != null ? index : registerMetricKey(key);
    if (timestampMs < 0) {
      throw new IllegalArgumentException(
          "Got invalid timestamp "
              + timestampMs
              + " for metric '"
              + key
              + "' (value="
              + PythonFloat.repr(value)
              + "). Timestamp must be a nonnegative long (64-bit integer)");
    }
    metrics.submit(keyIndex, value, step, timestampMs);
  }

  /**
   * Validates a metric key once and returns a small integer for it, to be passed to {@link
   * #logMetrics}: the caller then skips the per-point key lookup. Same key, same index.
   *
   * @throws IllegalArgumentException for an invalid key or one that clashes with a folder of
   *     other keys
   */
  public int metricKeyIndex(String key) {
    Integer index = metricKeys.get(key);
    return index != null ? index : registerMetricKey(key);
  }

  /**
   * Logs {@code count} points that share a step and a timestamp (what {@code ctx.step} records):
   * {@code values[i]} for the key of index {@code keyIndexes[i]} from {@link #metricKeyIndex}.
   * Like {@link #logMetric}: no I/O and no allocation; blocks while the queue is full.
   *
   * <p>Thread safety: may be called from several threads at once, together with {@link
   * #logMetric}; each thread's points keep their order within a metric file.
   *
   * @throws IllegalArgumentException for an unknown index or a negative timestamp
   * @throws IllegalStateException after {@link #close()}
   * @throws UncheckedIOException when earlier points could not be written (disk full...)
   */
  public void logMetrics(int[] keyIndexes, double[] values, int count, long step, long timestampMs) {
    if (closed) {
      throw new IllegalStateException("Run " + runId + " is closed; metrics logged after close()");
    }
    if (timestampMs < 0) {
      throw new IllegalArgumentException(
          "Got invalid timestamp " + timestampMs + " for metrics at step " + step
              + ". Timestamp must be a nonnegative long (64-bit integer)");
    }
    int known = metrics.keyCount();
    for (int i = 0; i < count; i++) {
      if (keyIndexes[i] < 0 || keyIndexes[i] >= known) {
        throw new IllegalArgumentException(
            "Unknown metric key index " + keyIndexes[i] + "; get indexes from metricKeyIndex(key)");
      }
    }
    metrics.submitBatch(keyIndexes, values, count, step, timestampMs);
  }

  private int registerMetricKey(String key) {
    MlflowNames.checkKey("metric name", key);
    synchronized (metricKeys) {
      Integer known = metricKeys.get(key);
      if (known != null) {
        return known;
      }
      // The file of 'a' and the folder of 'a/b' cannot coexist; say so now rather than fail later
      // on the writer thread.
      for (String other : metricKeys.keySet()) {
        if (other.startsWith(key + "/") || key.startsWith(other + "/")) {
          throw new IllegalArgumentException(
              "Metric '"
                  + key
                  + "' clashes with metric '"
                  + other
                  + "': MLflow stores metric 'a/b' as file b in folder a, so 'a' cannot also be a"
                  + " metric. Rename one of them (e.g. 'a/value').");
        }
      }
      // No file-system look here: this runs on the training thread. A new run's metrics/ is empty,
      // so the clash check above against the keys logged so far is complete.
      int index = metrics.intern(key);
      metricKeys.put(key, index);
      return index;
    }
  }

  /** Writes every metric point logged so far to disk (blocks until done). */
  public void flush() throws IOException {
    if (metrics.running()) {
      metrics.flush();
    } else if (metrics.failure() != null) {
      throw metrics.failure();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Artifacts

  /**
   * Writes a UTF-8 text artifact at {@code artifacts/<relativePath>} (atomically: readers see the
   * old or the new content), creating parent folders.
   *
   * @param relativePath a relative path with {@code /} separators, e.g. {@code
   *     repro4j/environment.json}
   * @return the file written
   * @throws IllegalArgumentException when the path is empty, absolute, has an empty, {@code .} or
   *     {@code ..} segment, a backslash or NUL, names an existing folder, or would pass through a
   *     symbolic link (which could lead outside the run)
   */
  public Path writeArtifact(String relativePath, String utf8Content) throws IOException {
    byte[] bytes = utf8Content.getBytes(StandardCharsets.UTF_8);
    synchronized (lock) {
      checkOpen();
      Path target = artifactPath(relativePath);
      StoreFiles.writeAtomically(target, bytes, runDir, false);
      return target;
    }
  }

  private Path artifactPath(String relativePath) throws IOException {
    if (relativePath == null || relativePath.isEmpty()) {
      throw new IllegalArgumentException("Artifact path is empty; give a relative path such as 'model/summary.txt'");
    }
    String problem = null;
    if (relativePath.indexOf('\0') >= 0) {
      problem = "contains NUL";
    } else if (relativePath.indexOf('\\') >= 0) {
      problem = "contains a backslash (use '/' as separator)";
    } else if (relativePath.startsWith("/") || Path.of(relativePath).isAbsolute()) {
      problem = "is absolute";
    } else {
      for (String seg : relativePath.split("/", -1)) {
        if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
          problem = "has an empty, '.' or '..' segment";
          break;
        }
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "Artifact path '"
              + relativePath
              + "' "
              + problem
              + "; artifacts live under "
              + artifactsDir()
              + " and are named by a relative path such as 'plots/loss.txt'");
    }
    Path base = artifactsDir();
    boolean checked = plainDirs.contains(base);
    if (!checked && (Files.isSymbolicLink(base) || !Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS))) {
      throw new IOException(base + " is not a plain directory; refusing to write artifacts through it");
    }
    String[] segments = relativePath.split("/");
    Path dir = base;
    // Folders this writer made itself (mkdir does not follow a link) or has already checked need
    // no resolving; only one found there is resolved, once, against a link swapped in meanwhile.
    boolean found = !checked;
    for (int i = 0; i < segments.length - 1; i++) {
      dir = dir.resolve(segments[i]);
      if (plainDirs.contains(dir)) {
        continue;
      }
      if (!dir.toFile().exists()) { // missing, or a link leading nowhere: mkdir refuses that one
        try {
          Files.createDirectory(dir);
          continue;
        } catch (FileAlreadyExistsException e) {
          // there after all: checked below
        }
      }
      if (Files.isSymbolicLink(dir)) {
        throw new IllegalArgumentException(
            "Artifact path '" + relativePath + "' passes through the symbolic link " + dir
                + ", which could lead outside the run; refusing to write");
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException(
            "Artifact path '" + relativePath + "': " + dir + " is a file, not a folder");
      }
      found = true;
    }
    if (found && !dir.toRealPath().startsWith(base.toRealPath())) {
      throw new IllegalArgumentException(
          "Artifact path '" + relativePath + "' resolves outside " + base + "; refusing to write");
    }
    for (Path known = dir; known.startsWith(base); known = known.getParent()) {
      plainDirs.add(known);
    }
    Path target = dir.resolve(segments[segments.length - 1]);
    if (StoreFiles.isPlainDirectory(target)) {
      throw new IllegalArgumentException(
          "Artifact path '" + relativePath + "' names the existing folder " + target);
    }
    return target; // a symlink at target is replaced by the rename, never followed
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs

  /**
   * Records a dataset as an input of this run, with input tag {@code mlflow.data.context:
   * training}. See {@link #logInput(String, String, String, String)}.
   */
  public void logInput(String datasetName, String digest, String sourceUri) throws IOException {
    logInput(datasetName, digest, sourceUri, "training");
  }

  /**
   * Records a dataset as an input of this run, as {@code mlflow.log_input} does on a file store:
   *
   * <ul>
   *   <li>{@code <experiment>/datasets/<md5(name + digest)>/meta.yaml} with {@code digest}, {@code
   *       name}, {@code profile: null}, {@code schema: null}, {@code source: '{"uri":
   *       "file:///..."}'} (Python {@code json.dumps} spacing and escaping) and {@code
   *       source_type: local}; written once per experiment (an existing one is kept);
   *   <li>{@code <run>/inputs/<md5(dataset id + run id)>/meta.yaml} with {@code destination_id}
   *       (set to the dataset id: MLflow's own writer does this, and no reader uses the field),
   *       {@code destination_type: RUN}, {@code source_id} (the dataset id), {@code source_type:
   *       DATASET}, {@code tags: {mlflow.data.context: <context>}}.
   * </ul>
   *
   * Both directories are created atomically; logging the same input again is a no-op.
   *
   * @param datasetName 1 to 500 characters
   * @param digest 1 to 36 characters, e.g. the file's md5
   * @param sourceUri the dataset location: a {@code file:} URI ({@code file:///data/train.csv}),
   *     kept as is, or a path, turned into an absolute {@code file://} URI; other schemes are
   *     rejected (they would need another MLflow {@code source_type} than {@code local})
   * @param context the {@code mlflow.data.context} input tag: training, validation, testing...
   */
  public void logInput(String datasetName, String digest, String sourceUri, String context)
      throws IOException {
    checkLength("Dataset name", datasetName, MlflowNames.MAX_DATASET_NAME_LENGTH);
    checkLength("Dataset digest", digest, MlflowNames.MAX_DATASET_DIGEST_LENGTH);
    checkLength("Dataset context", context, 500);
    if (sourceUri == null || sourceUri.isBlank()) {
      throw new IllegalArgumentException("Dataset source of '" + datasetName + "' is empty; give its path or URI");
    }
    String uri;
    if (sourceUri.regionMatches(true, 0, "file:", 0, 5)) {
      uri = sourceUri;
    } else if (sourceUri.matches("(?s)[A-Za-z][A-Za-z0-9+.\\-]+:.*")) {
      // source_type 'local' promises a local file; other sources need other source types.
      throw new IllegalArgumentException(
          "Dataset '" + datasetName + "' has source '" + sourceUri + "'; only local datasets are"
              + " supported yet: give a path or a file: URI");
    } else {
      uri = StoreFiles.fileUri(Path.of(sourceUri).toAbsolutePath().normalize());
    }
    String source = "{\"uri\": " + StoreFiles.pythonJsonString(uri) + "}";
    checkLength("Dataset source", source, MlflowNames.MAX_DATASET_SOURCE_LENGTH);

    String datasetId = Md5.ofBytes((datasetName + digest).getBytes(StandardCharsets.UTF_8));
    String inputId = Md5.ofBytes((datasetId + runId).getBytes(StandardCharsets.UTF_8));

    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("digest", digest);
    dataset.put("name", datasetName);
    dataset.put("profile", null);
    dataset.put("schema", null);
    dataset.put("source", source);
    dataset.put("source_type", "local");
    byte[] datasetYaml = PyYaml.dump(dataset).getBytes(StandardCharsets.UTF_8);

    Map<String, Object> input = new LinkedHashMap<>();
    input.put("destination_id", datasetId);
    input.put("destination_type", "RUN");
    input.put("source_id", datasetId);
    input.put("source_type", "DATASET");
    input.put("tags", Map.of("mlflow.data.context", context));
    byte[] inputYaml = PyYaml.dump(input).getBytes(StandardCharsets.UTF_8);

    synchronized (lock) {
      checkOpen();
      Path datasets = Files.createDirectories(runDir.getParent().resolve("datasets"));
      StoreFiles.createDirectoryAtomically(
          datasets.resolve(datasetId),
          storeRoot,
          dir -> StoreFiles.writeNew(dir.resolve(FileStore.META), datasetYaml, false));
      Path inputs = Files.createDirectories(runDir.resolve(INPUTS));
      StoreFiles.createDirectoryAtomically(
          inputs.resolve(inputId),
          storeRoot,
          dir -> StoreFiles.writeNew(dir.resolve(FileStore.META), inputYaml, false));
    }
  }

  private static void checkLength(String what, String value, int limit) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    int n = value.codePointCount(0, value.length());
    if (n > limit) {
      throw new IllegalArgumentException(
          what + " '" + MlflowNames.prefix(value, 100) + "...' has " + n
              + " characters, more than MLflow's limit of " + limit);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // End

  /**
   * Ends the run: writes every pending metric point, then replaces {@code meta.yaml} atomically
   * (temporary file, fsync, atomic rename) with {@code status} and {@code end_time}. A second call
   * returns quietly and changes nothing.
   *
   * <p>If metric points could not be written, the run is recorded FAILED (not FINISHED) and the
   * write error is thrown after {@code meta.yaml} is updated.
   *
   * @param status FINISHED, FAILED or KILLED
   * @param endTimeMs end time, ms since the epoch
   * @throws IllegalArgumentException for RUNNING or SCHEDULED
   */
  public void finish(RunStatus status, long endTimeMs) throws IOException {
    finish(status, endTimeMs, FinishDurability.SYNCED);
  }

  /**
   * As {@link #finish(RunStatus, long)}; with {@link FinishDurability#DEFERRED} nothing is forced
   * to disk (the files are complete in the page cache, and {@code meta.yaml} is still replaced
   * atomically): the caller syncs the store later.
   */
  public void finish(RunStatus status, long endTimeMs, FinishDurability durability) throws IOException {
    boolean sync = durability != FinishDurability.DEFERRED;
    if (status == null || !status.isTerminal()) {
      throw new IllegalArgumentException(
          "finish() needs FINISHED, FAILED or KILLED, got " + status);
    }
    synchronized (lock) {
      if (finished) {
        return;
      }
      IOException metricsFailure = null;
      try {
        flush();
      } catch (IOException e) {
        metricsFailure = e;
      }
      if (metricsFailure == null) {
        if (sync) {
          syncMetricFiles();
        }
      } else {
        metricsFailureReported = true; // reported by this call, whatever happens next
      }
      RunStatus recorded = metricsFailure != null && status == RunStatus.FINISHED ? RunStatus.FAILED : status;
      rewriteMeta(recorded, endTimeMs, null, sync);
      releaseLease();
      if (sync) {
        StoreFiles.syncDirectory(runDir);
      }
      finished = true;
      finishedStatus = recorded;
      endTime = endTimeMs;
      if (metricsFailure != null) {
        throw new IOException(
            "Run " + runId + " recorded as " + recorded + ": metrics could not be written: "
                + metricsFailure.getMessage(),
            metricsFailure);
      }
    }
  }

  /** A finished run's points must survive a crash of the machine, not only of the JVM. */
  private void syncMetricFiles() throws IOException {
    for (Path file : metrics.files()) {
      try (java.nio.channels.FileChannel channel =
          java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
    }
  }

  /** The status {@link #finish} recorded in {@code meta.yaml}, or null before it completed. */
  public RunStatus finishedStatus() {
    synchronized (lock) {
      return finishedStatus;
    }
  }

  /**
   * This finished run as {@link FileStore} would read it back, with only the given tags and no
   * params or metrics: no file is read here.
   */
  StoredRun asStored(Map<String, String> tags) {
    synchronized (lock) {
      return new StoredRun(runId, experimentId, runName, finishedStatus, startTime, endTime, userId,
          artifactUri, runDir, Map.of(), tags, Map.of());
    }
  }

  /** Sets the status of a reopened run back to RUNNING, without an end time. */
  void markRunning() throws IOException {
    synchronized (lock) {
      rewriteMeta(RunStatus.RUNNING, null, null);
    }
  }

  /** Whether {@link #finish} has completed. */
  public boolean finished() {
    synchronized (lock) {
      return finished;
    }
  }

  /**
   * Flushes pending metric points and stops the metric writer thread. Does <em>not</em> change the
   * run's status: call {@link #finish} first (a run closed without it stays RUNNING, like one
   * whose process died). Idempotent.
   *
   * @throws UncheckedIOException when metric points could not be written and {@link #finish} has
   *     not reported it already
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      metrics.stop();
    } catch (IOException e) {
      synchronized (lock) {
        if (!metricsFailureReported) {
          metricsFailureReported = true;
          throw new UncheckedIOException(
              "Run " + runId + ": metrics could not be written: " + e.getMessage(), e);
        }
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Run " + runId + " is closed (RunWriter.close() was called)");
    }
  }

  /**
   * Rewrites meta.yaml with our fields; a null status/endTime keeps the file's, a null newName
   * keeps the file's run_name. run_name, lifecycle_stage and deleted_time are re-read from the
   * file first, so a rename or a delete done meanwhile (MLflow UI) survives.
   */
  private void rewriteMeta(RunStatus status, Long endTimeMs, String newName) throws IOException {
    rewriteMeta(status, endTimeMs, newName, true);
  }

  private void rewriteMeta(RunStatus status, Long endTimeMs, String newName, boolean durable) throws IOException {
    Path file = runDir.resolve(FileStore.META);
    // Bytes this JVM wrote come back without YAML parsing (WrittenMeta).
    Map<String, Object> current = FileStore.readMeta(file);
    String lifecycle = "active";
    Long deletedTime = null;
    RunStatus st = status;
    Long end = endTimeMs;
    String name = newName != null ? newName : runName;
    if (current != null) {
      if (newName == null && current.get("run_name") != null) {
        name = current.get("run_name").toString();
      }
      if (current.get("lifecycle_stage") != null) {
        lifecycle = current.get("lifecycle_stage").toString();
      }
      deletedTime = FileStore.longOrNull(current.get("deleted_time"));
      if (st == null && current.get("status") instanceof Number n) {
        st = RunStatus.ofCode(n.intValue());
      }
      if (status == null) {
        end = FileStore.longOrNull(current.get("end_time"));
      }
    }
    if (st == null) {
      st = RunStatus.RUNNING;
    }
    Map<String, Object> meta =
        runMeta(artifactUri, end, experimentId, lifecycle, runId, name, startTime, st, userId, deletedTime);
    byte[] bytes = PyYaml.dump(meta).getBytes(StandardCharsets.UTF_8);
    StoreFiles.writeAtomically(file, bytes, runDir, durable);
    knownMeta(meta, bytes);
  }

  /**
   * The run directory was just made by {@link FileStore#createRun}: its params/ and tags/ exist,
   * and its artifacts/ is a plain directory.
   */
  void createdHere() {
    synchronized (lock) {
      createdHere = true;
      plainDirs.add(artifactsDir());
    }
  }

  /** Remembers what meta.yaml holds (what {@link FileStore#createRun} or this writer wrote). */
  void knownMeta(Map<String, Object> fields, byte[] bytes) {
    WrittenMeta.remember(runDir.resolve(FileStore.META), bytes, fields);
  }

  /**
   * Ends a run from outside its process ({@code repro4j doctor --fix}): rewrites {@code
   * meta.yaml} atomically and durably with {@code status} and {@code end_time}, keeping every
   * other field as the file has it.
   *
   * @throws IOException when meta.yaml is missing or unreadable
   */
  static void markEnded(Path runDir, RunStatus status, long endTimeMs) throws IOException {
    Path file = runDir.resolve(FileStore.META);
    Map<String, Object> meta = FileStore.readMeta(file);
    if (meta == null) {
      throw new IOException(file + " is missing or unreadable; cannot record the run as " + status);
    }
    meta.put("end_time", endTimeMs);
    meta.put("status", status.code());
    StoreFiles.writeAtomically(
        file, PyYaml.dump(meta).getBytes(StandardCharsets.UTF_8), runDir, true);
    StoreFiles.syncDirectory(runDir);
  }

  /** The run meta.yaml content: every key MLflow 3.x writes, plus run_uuid for MLflow 2.x. */
  static Map<String, Object> runMeta(
      String artifactUri,
      Long endTime,
      String experimentId,
      String lifecycleStage,
      String runId,
      String runName,
      long startTime,
      RunStatus status,
      String userId,
      Long deletedTime) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("artifact_uri", artifactUri);
    m.put("end_time", endTime);
    m.put("entry_point_name", "");
    m.put("experiment_id", experimentId);
    m.put("lifecycle_stage", lifecycleStage);
    m.put("run_id", runId);
    m.put("run_name", runName);
    m.put("run_uuid", runId); // MLflow <= 2.22 cannot read a run without it
    m.put("source_name", "");
    m.put("source_type", 4); // LOCAL; legacy, always 4
    m.put("source_version", "");
    m.put("start_time", startTime);
    m.put("status", status.code());
    m.put("tags", List.of()); // legacy, tags live in tags/
    m.put("user_id", userId);
    if (deletedTime != null) {
      m.put("deleted_time", deletedTime);
    }
    return m;
  }
}
