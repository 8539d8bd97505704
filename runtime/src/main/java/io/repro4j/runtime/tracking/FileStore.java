package io.repro4j.runtime.tracking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * MLflow's file store ({@code mlruns}): writes runs that MLflow 2.x and 3.x read, and reads
 * stores written by either.
 *
 * <p>Layout: {@code <root>/.trash/}, {@code <root>/<experiment id>/meta.yaml}, {@code
 * <root>/<experiment id>/<run id>/{meta.yaml, metrics/, params/, tags/, artifacts/, inputs/}}, see
 * the reference notes in {@code shared/reference/mlflow-filestore.md}.
 *
 * <h2>Experiment ids: deterministic, so that concurrent creators agree</h2>
 *
 * MLflow gives a new experiment a random 18-digit id, and checks the name only before creating:
 * two processes starting the first run of a new experiment at once (a sweep, a job array) each
 * create one, and the store ends up with two experiments of the same name. {@link
 * #experimentId(String)} instead:
 *
 * <ol>
 *   <li>scans {@code <root>/*&#47;meta.yaml} for an active experiment with that name and returns it
 *       (when several exist, the one MLflow's {@code get_experiment_by_name} returns: newest
 *       {@code creation_time}, then lowest id); a <em>deleted</em> one (in {@code .trash}) is an
 *       error, as in MLflow, because names are unique among active and deleted experiments;
 *   <li>else derives the id from the name: the first 8 bytes of SHA-256(UTF-8 name) as an
 *       unsigned number, reduced to 18 decimal digits without a leading zero;
 *   <li>writes {@code meta.yaml} into a staging directory inside the root and renames that
 *       directory to {@code <root>/<id>}. rename(2) is atomic and does not replace a non-empty
 *       directory, so of several concurrent creators (threads or processes, also over NFS) exactly
 *       one wins; the others find the directory, re-read it, and return the same id;
 *   <li>if {@code <root>/<id>} or {@code <root>/.trash/<id>} is already taken by a different
 *       experiment (a hash collision, or an id reused from a deleted experiment), the next
 *       candidate is SHA-256 of {@code name + "\n" + attempt}, attempt 1, 2, ... - still
 *       deterministic, so concurrent creators keep colliding on the same directory; only after 16
 *       taken candidates (never expected) does it fall back to random ids, like MLflow.
 * </ol>
 *
 * Staging directories are named {@code .repro4j-staging-<uuid>.trash}: MLflow's experiment
 * listing skips root entries ending in {@code .trash}, so a half-built directory (or one left by
 * a killed process) is never seen as a malformed experiment. Runs, datasets and run inputs are
 * created the same way (built in staging, then renamed into place), so MLflow never sees a run
 * directory without its {@code meta.yaml} or sub-directories.
 *
 * <h2>Experiment meta.yaml</h2>
 *
 * Six keys: {@code artifact_location, creation_time, experiment_id, last_update_time,
 * lifecycle_stage, name}. MLflow 3.x also writes {@code trace_location: null} and {@code
 * workspace: default}; they are left out because every MLflow version reads an experiment from
 * the six keys alone (unknown keys are dropped on read either way), and {@code workspace} belongs
 * to a feature whose semantics may still change.
 *
 * <p>Instances are immutable and thread-safe; all state is on disk.
 */
public final class FileStore {
  static final String TRASH = ".trash";
  static final String META = "meta.yaml";
  static final String DEFAULT_EXPERIMENT_ID = "0";
  static final String DEFAULT_EXPERIMENT_NAME = "Default";

  /** Sub-directories of an experiment that are never runs. */
  static final Set<String> RESERVED_EXPERIMENT_FOLDERS = Set.of("tags", "datasets", "traces", "models");

  private static final Pattern EXPERIMENT_ID = Pattern.compile("[a-zA-Z0-9][\\w\\-]{0,63}");
  /** MLflow's rule for a run id (and so a run folder's name), as a regular expression. */
  public static final String RUN_ID_REGEX = "[a-zA-Z0-9][\\w\\-]{0,255}";
  static final Pattern RUN_ID = Pattern.compile(RUN_ID_REGEX);

  /**
   * Whether {@code name}, an entry of an experiment directory, may be a run's folder: a valid run
   * id ({@link #RUN_ID_REGEX}: so never {@code .trash} or a dot file) and not one of the folders an
   * experiment keeps for other things ({@code tags}, {@code datasets}, …).
   */
  public static boolean mayBeRunFolder(String name) {
    return !RESERVED_EXPERIMENT_FOLDERS.contains(name) && (isUuidHex(name) || RUN_ID.matcher(name).matches());
  }

  /** A run id as MLflow makes them (uuid4 hex): checked without the regular expression. */
  private static boolean isUuidHex(String name) {
    if (name.length() != 32) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      char c = name.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
  private static final Pattern URI_SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.\\-]*):.*", Pattern.DOTALL);

  private static final int DETERMINISTIC_ATTEMPTS = 16;
  private static final int RANDOM_ATTEMPTS = 100;

  private final Path root;

  private FileStore(Path root) {
    this.root = root;
  }

  /**
   * Opens the store at {@code root}, creating it as MLflow does: when {@code root} is missing or
   * empty, creates it, {@code .trash/} and experiment {@code 0} named {@code Default}; creates a
   * missing {@code .trash/} in any case. Safe to call from concurrent processes.
   *
   * @throws IOException when {@code root} is a file or cannot be created
   */
  public static FileStore open(Path root) throws IOException {
    Path abs = root.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new NotDirectoryException(
          abs + " is a file; the tracking root must be a directory (e.g. ./mlruns)");
    }
    boolean fresh = !Files.exists(abs) || onlyTrashOrStaging(abs);
    Files.createDirectories(abs);
    Files.createDirectories(abs.resolve(TRASH));
    FileStore store = new FileStore(abs);
    if (fresh) {
      store.createExperimentDir(DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME);
    }
    return store;
  }

  // A root holding nothing but .trash (another opener got there first) counts as empty.
  private static boolean onlyTrashOrStaging(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path e : entries) {
        String name = e.getFileName().toString();
        if (!name.equals(TRASH) && !StoreFiles.isStagingName(name)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The directory a tracking URI names, absolute and normalised.
   *
   * <ul>
   *   <li>{@code file:///abs/mlruns} (also {@code file://localhost/abs/mlruns}): the path, {@code
   *       %XX} escapes decoded as UTF-8;
   *   <li>{@code file:rel/mlruns} and plain paths ({@code mlruns}, {@code /abs/mlruns}): relative
   *       ones resolved against the working directory.
   * </ul>
   *
   * @throws IllegalArgumentException for an empty URI, {@code http(s)://} (a server, see {@link
   *     RemoteReplicator}), every other scheme ("not supported yet"), and malformed {@code file:} URIs
   */
  public static Path rootFromUri(String trackingUri) {
    return rootFromUri(trackingUri, Path.of(""));
  }

  /** As {@link #rootFromUri(String)}, resolving relative paths against {@code workDir}. */
  public static Path rootFromUri(String trackingUri, Path workDir) {
    Path base = workDir.toAbsolutePath();
    if (trackingUri == null || trackingUri.isBlank()) {
      throw new IllegalArgumentException(
          "The tracking URI is empty; use a directory such as ./mlruns or a URI such as"
              + " file:///home/me/mlruns");
    }
    var m = URI_SCHEME.matcher(trackingUri);
    // A one-letter "scheme" is a Windows drive (C:\...), i.e. a plain path.
    if (!m.matches() || m.group(1).length() == 1) {
      return base.resolve(trackingUri).normalize();
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    if (scheme.equals("http") || scheme.equals("https")) {
      throw new IllegalArgumentException(
          "Tracking URI '"
              + TrackingUris.redacted(trackingUri)
              + "' names an MLflow tracking server, not a file store directory. A launched run"
              + " records to its local store (REPRO4J_LOCAL_STORE, default ./mlruns) and replicates"
              + " to the server; `repro4j export --to URI` pushes stored runs.");
    }
    if (!scheme.equals("file")) {
      throw new IllegalArgumentException(
          "Tracking URI '"
              + trackingUri
              + "': scheme '"
              + m.group(1)
              + ":' is not supported yet; use a local directory (e.g. ./mlruns) or a file: URI"
              + " (e.g. file:///abs/mlruns).");
    }
    String rest = trackingUri.substring(m.group(1).length() + 1);
    if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
      throw new IllegalArgumentException(
          "Tracking URI '"
              + trackingUri
              + "' has a query or fragment; a file: URI names a directory only (write a literal ?"
              + " or # in a path as %3F or %23)");
    }
    String path;
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      String host = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
        throw new IllegalArgumentException(
            "Tracking URI '"
                + trackingUri
                + "' names host '"
                + host
                + "'; file: URIs must be local: file:///abs/path (three slashes)");
      }
      path = slash < 0 ? "" : rest.substring(slash);
      if (path.isEmpty()) {
        throw new IllegalArgumentException(
            "Tracking URI '" + trackingUri + "' has no path; use file:///abs/path/to/mlruns");
      }
    } else {
      path = rest;
      if (path.isEmpty()) {
        throw new IllegalArgumentException(
            "Tracking URI '" + trackingUri + "' has no path; use file:///abs/path/to/mlruns");
      }
    }
    return base.resolve(StoreFiles.percentDecode(path, trackingUri)).normalize();
  }

  /** The root directory, absolute and normalised. */
  public Path root() {
    return root;
  }

  // ---------------------------------------------------------------------------------------------
  // Experiments

  /**
   * The id of the active experiment named {@code name}, creating it when there is none. Safe
   * against concurrent creators in other threads and processes: they all end up with one
   * experiment (see the class documentation for how).
   *
   * @throws IllegalArgumentException when the name is empty or longer than 500 characters
   * @throws IllegalStateException when an experiment of that name is deleted (in {@code .trash})
   */
  public String experimentId(String name) throws IOException {
    checkExperimentName(name);
    for (int attempt = 0; attempt < DETERMINISTIC_ATTEMPTS + RANDOM_ATTEMPTS; attempt++) {
      Optional<String> existing = findActiveByName(name);
      if (existing.isPresent()) {
        return existing.get();
      }
      String id =
          attempt < DETERMINISTIC_ATTEMPTS
              ? deterministicId(name, attempt)
              : Long.toString(
                  ThreadLocalRandom.current()
                      .nextLong(100_000_000_000_000_000L, 1_000_000_000_000_000_000L));
      if (Files.exists(root.resolve(TRASH).resolve(id), LinkOption.NOFOLLOW_LINKS)) {
        continue; // a deleted experiment owns this id; restoring it must stay possible
      }
      if (createExperimentDir(id, name)) {
        return id;
      }
      // Lost a race, or the id is taken: by us (same name) or by something else.
      Optional<StoredExperiment> there = readExperiment(root.resolve(id), id);
      if (there.isPresent() && there.get().name().equals(name) && there.get().active()) {
        return id;
      }
    }
    throw new IOException(
        "Could not find a free experiment id for '"
            + name
            + "' in "
            + root
            + " after "
            + (DETERMINISTIC_ATTEMPTS + RANDOM_ATTEMPTS)
            + " attempts; is the directory writable and not full of foreign entries?");
  }

  private Optional<String> findActiveByName(String name) throws IOException {
    List<StoredExperiment> active = new ArrayList<>();
    for (StoredExperiment e : listExperiments(root, true)) {
      if (e.name().equals(name)) {
        if (!e.active()) {
          throw deletedExperiment(e);
        }
        active.add(e);
      }
    }
    for (StoredExperiment e : listExperiments(root.resolve(TRASH), false)) {
      if (e.name().equals(name)) {
        throw deletedExperiment(e);
      }
    }
    active.sort(MLFLOW_ORDER);
    return active.isEmpty() ? Optional.empty() : Optional.of(active.get(0).id());
  }

  private IllegalStateException deletedExperiment(StoredExperiment e) {
    return new IllegalStateException(
        "Experiment '"
            + e.name()
            + "' already exists in deleted state (id "
            + e.id()
            + " in "
            + root.resolve(TRASH)
            + "). Restore it (`mlflow experiments restore --experiment-id "
            + e.id()
            + "`), permanently delete it from the .trash folder, or choose another experiment"
            + " name.");
  }

  /** The order {@link #runs} lists runs in: newest first, then by id. */
  public static final Comparator<StoredRun> RUN_ORDER =
      Comparator.comparingLong(StoredRun::startTime).reversed().thenComparing(StoredRun::runId);

  /** MLflow's default experiment order: newest creation_time first, then id. */
  private static final Comparator<StoredExperiment> MLFLOW_ORDER =
      Comparator.comparing(
              StoredExperiment::creationTime, Comparator.nullsLast(Comparator.reverseOrder()))
          .thenComparing(StoredExperiment::id);

  /** Creates {@code <root>/<id>} with its meta.yaml atomically; false when it exists already. */
  private boolean createExperimentDir(String id, String name) throws IOException {
    long now = System.currentTimeMillis();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("artifact_location", StoreFiles.fileUri(root.resolve(id)));
    meta.put("creation_time", now);
    meta.put("experiment_id", id);
    meta.put("last_update_time", now);
    meta.put("lifecycle_stage", "active");
    meta.put("name", name);
    byte[] yaml = PyYaml.dump(meta).getBytes(StandardCharsets.UTF_8);
    return StoreFiles.createDirectoryAtomically(
        root.resolve(id), root, dir -> StoreFiles.writeNew(dir.resolve(META), yaml, false));
  }

  /** 18 decimal digits without a leading zero, from SHA-256 of the name (and attempt). */
  static String deterministicId(String name, int attempt) {
    String input = attempt == 0 ? name : name + "\n" + attempt;
    byte[] h = sha256(input.getBytes(StandardCharsets.UTF_8));
    long x = 0;
    for (int i = 0; i < 8; i++) {
      x = (x << 8) | (h[i] & 0xff);
    }
    return Long.toString(
        Long.remainderUnsigned(x, 900_000_000_000_000_000L) + 100_000_000_000_000_000L);
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-256", e);
    }
  }

  static void checkExperimentName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid experiment name: '" + (name == null ? "None" : name) + "'. Give a non-empty name.");
    }
    if (name.codePointCount(0, name.length()) > MlflowNames.MAX_EXPERIMENT_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "Experiment name exceeds the maximum length of "
              + MlflowNames.MAX_EXPERIMENT_NAME_LENGTH
              + " characters: '"
              + MlflowNames.prefix(name, 60)
              + "...'");
    }
  }

  static void checkExperimentId(String id) {
    if (id == null || !EXPERIMENT_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "Invalid experiment ID: '"
              + id
              + "'. Experiment ids are 1-64 letters, digits, '_' or '-', starting with a letter"
              + " or digit; get one from FileStore.experimentId(name).");
    }
  }

  static void checkRunId(String id) {
    if (id == null || !RUN_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "Invalid run ID: '" + id + "'. Run ids are 32 hex digits (e.g. 1d89071f9d62473d90eb867d8e73b4e4).");
    }
  }

  /**
   * Every experiment: the active ones in the root and the deleted ones in {@code .trash} (see
   * {@link StoredExperiment#lifecycleStage()}), in MLflow's order (newest first, then by id).
   * Directories without a readable {@code meta.yaml}, or whose {@code experiment_id} differs from
   * the directory name, are skipped as MLflow skips them.
   */
  public List<StoredExperiment> experiments() throws IOException {
    List<StoredExperiment> all = new ArrayList<>(listExperiments(root, true));
    all.addAll(listExperiments(root.resolve(TRASH), false));
    all.sort(MLFLOW_ORDER);
    return all;
  }

  private List<StoredExperiment> listExperiments(Path parent, boolean isRoot) throws IOException {
    List<StoredExperiment> result = new ArrayList<>();
    if (!Files.isDirectory(parent)) {
      return result;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
      for (Path dir : entries) {
        String name = dir.getFileName().toString();
        if (name.startsWith(".")
            || (isRoot && (name.endsWith(TRASH) || name.equals("models")))
            || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
            || !EXPERIMENT_ID.matcher(name).matches()) {
          continue;
        }
        readExperiment(dir, name).ifPresent(result::add);
      }
    }
    return result;
  }

  /** The experiment in {@code dir}, if its meta.yaml is readable and names {@code id}. */
  Optional<StoredExperiment> readExperiment(Path dir, String id) throws IOException {
    Map<String, Object> meta = readMeta(dir.resolve(META));
    if (meta == null) {
      return Optional.empty();
    }
    String metaId = string(meta.get("experiment_id"));
    String name = string(meta.get("name"));
    if (!id.equals(metaId) || name == null) {
      return Optional.empty();
    }
    String stage = string(meta.get("lifecycle_stage"));
    return Optional.of(
        new StoredExperiment(
            id,
            name,
            string(meta.get("artifact_location")),
            stage == null ? "active" : stage,
            longOrNull(meta.get("creation_time"))));
  }

  /** The directory of experiment {@code id}: active, else deleted, else null. */
  Path experimentDir(String id) {
    checkExperimentId(id);
    Path active = root.resolve(id);
    if (Files.isDirectory(active, LinkOption.NOFOLLOW_LINKS)) {
      return active;
    }
    Path deleted = root.resolve(TRASH).resolve(id);
    return Files.isDirectory(deleted, LinkOption.NOFOLLOW_LINKS) ? deleted : null;
  }

  // ---------------------------------------------------------------------------------------------
  // Runs

  /**
   * Creates a run in an active experiment, status RUNNING, and returns its writer (which starts
   * the run's metric writer thread). The run directory appears complete at once: {@code
   * meta.yaml} (both {@code run_id} and {@code run_uuid}, and every key MLflow 3.x writes), {@code
   * metrics/ params/ artifacts/ tags/}, tags {@code mlflow.runName} and {@code mlflow.user}.
   *
   * @param runName the run name; null or blank for a random one ({@link RunNames})
   * @param userId the user; null is recorded as {@code unknown}, as {@code MlflowClient} does
   * @param startTimeMs start time, ms since the epoch
   * @throws IllegalArgumentException for an unknown experiment or a negative start time
   * @throws IllegalStateException when the experiment is deleted
   */
  public RunWriter createRun(String experimentId, String runName, String userId, long startTimeMs)
      throws IOException {
    return createRun(experimentId, runName, userId, startTimeMs, null);
  }

  /** The tag MLflow nests a run under its parent with (the UI shows children under the parent). */
  public static final String PARENT_RUN_ID_TAG = "mlflow.parentRunId";

  /**
   * As {@link #createRun(String, String, String, long)}, nested under the run {@code
   * parentRunId} when it is not null: the tag {@code mlflow.parentRunId} is in the run directory
   * from the start, so a crash cannot leave a child without its parent. Sweeps use this: one parent
   * run per sweep, one child per trial.
   *
   * @throws IllegalArgumentException also when {@code parentRunId} is not a run id of this store
   */
  public RunWriter createRun(
      String experimentId, String runName, String userId, long startTimeMs, String parentRunId)
      throws IOException {
    checkRunTarget(experimentId, parentRunId);
    return createCheckedRun(experimentId, runName, userId, startTimeMs, parentRunId);
  }

  /**
   * Checks what {@link #createRun(String, String, String, long, String)} checks before it creates
   * a run: {@code experimentId} an active experiment of this store and {@code parentRunId} (null for
   * none) an active run of this store, in any experiment. {@link TrialRuns} checks once for all
   * trials of a sweep.
   *
   * @throws IllegalArgumentException when either is missing or not an id
   * @throws IllegalStateException when the experiment is deleted
   */
  void checkRunTarget(String experimentId, String parentRunId) throws IOException {
    checkExperimentId(experimentId);
    if (parentRunId != null) {
      if (!RUN_ID.matcher(parentRunId).matches()) {
        throw new IllegalArgumentException(
            "Parent run id '" + parentRunId + "' is not a run id (letters, digits, '_' and '-'; Repro4j"
                + " prints the id when the parent run starts)");
      }
      if (!isActiveRun(parentRunId)) { // meta.yaml only
        throw new IllegalArgumentException(
            "Parent run '" + parentRunId + "' is not an active run of the store " + root
                + "; create the parent run in this store first, or pass its id from there");
      }
    }
    Path expDir = root.resolve(experimentId);
    StoredExperiment exp =
        readExperiment(expDir, experimentId)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "No experiment with id '"
                            + experimentId
                            + "' in "
                            + root
                            + " (no readable "
                            + expDir.resolve(META)
                            + "); get the id from FileStore.experimentId(name)."));
    if (!exp.active()) {
      throw new IllegalStateException(
          "Could not create run under non-active experiment with ID " + experimentId + " ('" + exp.name() + "')");
    }
  }

  /**
   * Creates a run whose experiment and parent the caller has checked ({@link TrialRuns}: once for
   * all trials of a sweep): nothing is read back from the store.
   */
  RunWriter createCheckedRun(
      String experimentId, String runName, String userId, long startTimeMs, String parentRunId)
      throws IOException {
    if (startTimeMs < 0) {
      throw new IllegalArgumentException("Run start time must be >= 0 ms, got " + startTimeMs);
    }
    Path expDir = root.resolve(experimentId);
    String name =
        runName == null || runName.isBlank()
            ? RunNames.random(ThreadLocalRandom.current())
            : MlflowNames.truncate(
                "Tag value", runName, MlflowNames.MAX_TAG_VALUE_LENGTH, "run name");
    String user = userId == null ? "unknown" : userId;
    String runId = UUID.randomUUID().toString().replace("-", "");
    Path runDir = expDir.resolve(runId);
    String artifactUri = StoreFiles.fileUri(runDir.resolve(RunWriter.ARTIFACTS));
    Map<String, Object> metaFields =
        RunWriter.runMeta(
            artifactUri, null, experimentId, "active", runId, name, startTimeMs, RunStatus.RUNNING, user, null);
    byte[] meta = PyYaml.dump(metaFields).getBytes(StandardCharsets.UTF_8);
    RunLease lease = RunLease.ofThisProcess(System.currentTimeMillis());
    boolean created =
        StoreFiles.createDirectoryAtomically(
            runDir,
            root,
            dir -> {
              StoreFiles.writeNew(dir.resolve(META), meta, false);
              Files.createDirectory(dir.resolve(RunWriter.METRICS));
              Files.createDirectory(dir.resolve(RunWriter.PARAMS));
              Files.createDirectory(dir.resolve(RunWriter.ARTIFACTS));
              Path tags = Files.createDirectory(dir.resolve(RunWriter.TAGS));
              StoreFiles.writeNew(tags.resolve("mlflow.runName"), name.getBytes(StandardCharsets.UTF_8), false);
              StoreFiles.writeNew(tags.resolve("mlflow.user"), user.getBytes(StandardCharsets.UTF_8), false);
              if (parentRunId != null) {
                StoreFiles.writeNew(tags.resolve(PARENT_RUN_ID_TAG), parentRunId.getBytes(StandardCharsets.UTF_8), false);
              }
              lease.writeIntoStaging(dir); // the run is live from the moment it appears
            });
    if (!created) {
      throw new IOException("Run directory " + runDir + " exists already (uuid4 collision?)");
    }
    RunWriter writer = new RunWriter(root, experimentId, runId, runDir, name, user, startTimeMs, artifactUri, lease);
    writer.knownMeta(metaFields, meta);
    writer.createdHere();
    return writer;
  }

  /**
   * Opens an ended run again, status RUNNING and no end time, and returns its writer (a new lease,
   * a new metric writer thread); what the run holds stays. A resumed sweep reopens its parent run.
   *
   * @throws IllegalArgumentException when there is no such run
   * @throws IllegalStateException when the run is RUNNING with a live lease (its process still
   *     writes it)
   */
  public RunWriter reopenRun(String runId) throws IOException {
    // Its meta.yaml and tags are all a writer needs: its params and metric files are not read.
    StoredRun run = findRun(runId, (dir, expId) -> readRun(dir, expId, false)).orElseThrow(
        () -> new IllegalArgumentException("No run '" + runId + "' in the store " + root));
    if (run.status() == RunStatus.RUNNING) {
      Optional<RunLease> lease = RunLease.read(run.dir());
      if (lease.isPresent() && !lease.get().stale(System.currentTimeMillis())) {
        throw new IllegalStateException("Run " + runId + " is RUNNING and its process (pid " + lease.get().pid()
            + " on " + lease.get().host() + ") still writes it; wait for it to end, or stop it first");
      }
    }
    RunWriter writer = new RunWriter(root, run.experimentId(), runId, run.dir(), run.runName(), run.userId(),
        run.startTime(), run.artifactUri(), null);
    writer.markRunning();
    return writer;
  }

  /**
   * The active runs of an experiment (active or deleted experiment), newest first (MLflow's
   * default order: start time descending, then run id). Deleted runs (waiting for {@code mlflow
   * gc}) and directories that are not runs are skipped.
   *
   * @throws IllegalArgumentException when there is no such experiment
   */
  public List<StoredRun> runs(String experimentId) throws IOException {
    Path expDir = experimentDir(experimentId);
    if (expDir == null) {
      throw new IllegalArgumentException(
          "No experiment with id '" + experimentId + "' in " + root + " (nor in its .trash)");
    }
    List<StoredRun> runs = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(expDir)) {
      for (Path dir : entries) {
        String name = dir.getFileName().toString();
        if (!mayBeRunFolder(name) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        readRun(dir, experimentId).ifPresent(runs::add);
      }
    }
    runs.sort(RUN_ORDER);
    return runs;
  }

  /**
   * The active run {@code runId}, in any experiment (active or deleted), or empty.
   *
   * @throws IllegalArgumentException when {@code runId} is not a valid run id
   */
  public Optional<StoredRun> run(String runId) throws IOException {
    return findRun(runId, this::readRun);
  }

  /** Whether {@code runId} is an active run (in any experiment); reads its meta.yaml only. */
  private boolean isActiveRun(String runId) throws IOException {
    return findRun(runId, (dir, expId) -> Optional.ofNullable(activeMeta(dir, expId))).isPresent();
  }

  /** How {@link #findRun} reads a run directory it found. */
  @FunctionalInterface
  private interface RunReader<T> {
    Optional<T> read(Path runDir, String expId) throws IOException;
  }

  /** The first run directory named {@code runId} that {@code reader} accepts, in any experiment. */
  private <T> Optional<T> findRun(String runId, RunReader<T> reader) throws IOException {
    checkRunId(runId);
    List<Path> parents = new ArrayList<>();
    parents.add(root);
    parents.add(root.resolve(TRASH));
    for (Path parent : parents) {
      if (!Files.isDirectory(parent)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
        for (Path expDir : entries) {
          String expId = expDir.getFileName().toString();
          if (expId.startsWith(".") || !EXPERIMENT_ID.matcher(expId).matches()) {
            continue;
          }
          Path runDir = expDir.resolve(runId);
          if (Files.isDirectory(runDir, LinkOption.NOFOLLOW_LINKS)) {
            Optional<T> run = reader.read(runDir, expId);
            if (run.isPresent()) {
              return run;
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The meta.yaml of the run directory {@code dir}; null when it is not a (valid, active) run of {@code expId}. */
  static Map<String, Object> activeMeta(Path dir, String expId) throws IOException {
    Map<String, Object> meta = readMeta(dir.resolve(META));
    if (meta == null) {
      return null;
    }
    String runId = string(meta.containsKey("run_id") ? meta.get("run_id") : meta.get("run_uuid"));
    // MLflow >= 3.8 only trusts a meta.yaml whose ids match where it lies (ZDI-CAN-26649).
    if (!dir.getFileName().toString().equals(runId) || !expId.equals(string(meta.get("experiment_id")))) {
      return null;
    }
    return "deleted".equals(string(meta.get("lifecycle_stage"))) ? null : meta;
  }

  /** Reads a run directory; empty when it is not a (valid, active) run of {@code expId}. */
  public Optional<StoredRun> readRun(Path dir, String expId) throws IOException {
    return readRun(dir, expId, true);
  }

  /** As {@link #readRun(Path, String)}; without {@code paramsAndMetrics}, those stay empty. */
  private Optional<StoredRun> readRun(Path dir, String expId, boolean paramsAndMetrics) throws IOException {
    Map<String, Object> meta = activeMeta(dir, expId);
    if (meta == null) {
      return Optional.empty();
    }
    Map<String, String> params = paramsAndMetrics ? readValues(dir.resolve(RunWriter.PARAMS)) : Map.of();
    Map<String, String> tags = readValues(dir.resolve(RunWriter.TAGS));
    Map<String, List<MetricPoint>> metrics = new TreeMap<>();
    if (paramsAndMetrics) {
      for (Map.Entry<String, Path> e : keyFiles(dir.resolve(RunWriter.METRICS)).entrySet()) {
        metrics.put(e.getKey(), readMetricFile(e.getValue()));
      }
    }
    return Optional.of(storedRun(meta, dir, expId, params, tags, metrics));
  }

  /**
   * A run from its {@code meta.yaml} fields and what was read of its files: the id from {@code
   * run_id} (MLflow 1.x: {@code run_uuid}), the name from {@code run_name} or else the {@code
   * mlflow.runName} tag, a missing start time as 0.
   */
  static StoredRun storedRun(Map<String, Object> meta, Path dir, String expId, Map<String, String> params,
      Map<String, String> tags, Map<String, List<MetricPoint>> metrics) throws IOException {
    String runId = string(meta.containsKey("run_id") ? meta.get("run_id") : meta.get("run_uuid"));
    String runName = string(meta.get("run_name"));
    if (runName == null || runName.isEmpty()) {
      runName = tags.get(RunWriter.RUN_NAME_TAG);
    }
    Long start = longOrNull(meta.get("start_time"));
    return new StoredRun(runId, expId, runName, status(meta.get("status"), dir), start == null ? 0L : start,
        longOrNull(meta.get("end_time")), string(meta.get("user_id")), string(meta.get("artifact_uri")),
        dir, params, tags, metrics);
  }

  static RunStatus status(Object v, Path dir) throws IOException {
    if (v == null) {
      return RunStatus.RUNNING; // MLflow's default for a missing status
    }
    try {
      if (v instanceof Number n) {
        return RunStatus.ofCode(n.intValue());
      }
      return RunStatus.valueOf(v.toString().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IOException("Unknown run status '" + v + "' in " + dir.resolve(META), e);
    }
  }

  /** Key (relative path with '/') to value of every file under {@code dir}, sorted. */
  private static Map<String, String> readValues(Path dir) throws IOException {
    Map<String, String> values = new TreeMap<>();
    for (Map.Entry<String, Path> e : keyFiles(dir).entrySet()) {
      values.put(e.getKey(), new String(Files.readAllBytes(e.getValue()), StandardCharsets.UTF_8));
    }
    return values;
  }

  /**
   * Every regular file below {@code dir} whose relative path is a valid MLflow key. Symbolic
   * links are neither followed nor read, so reading never leaves the run directory.
   */
  static Map<String, Path> keyFiles(Path dir) throws IOException {
    Map<String, Path> files = new TreeMap<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return files;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              String key = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
              if (MlflowNames.isValidKey(key)) {
                files.put(key, file);
              }
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return files;
  }

  /**
   * Parses a metric file. A last line without its {@code \n} is a point being appended right now
   * and is ignored; blank lines are skipped; 2-field (legacy, step 0), 3-field and 5-field (MLflow
   * 3.x, with a dataset) lines are accepted; values are read as Python's {@code float()} reads
   * them.
   *
   * @throws IOException naming the file and line for any other line
   */
  static List<MetricPoint> readMetricFile(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    List<MetricPoint> points = new ArrayList<>();
    if (end < 0) {
      return points;
    }
    String[] lines = text.substring(0, end).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        points.add(MetricLine.parse(line));
      } catch (NumberFormatException e) {
        throw new IOException(
            "Malformed metric line "
                + (i + 1)
                + " in "
                + file
                + ": '"
                + line
                + "' (expected '<timestamp ms> <value> <step>': "
                + e.getMessage()
                + ")",
            e);
      }
    }
    return points;
  }

  /**
   * Reads a meta.yaml as a map; null when it is missing, not a mapping, or unparsable. Retries
   * twice on an empty file, as MLflow does, because MLflow itself rewrites run meta.yaml in place.
   */
  static Map<String, Object> readMeta(Path file) throws IOException {
    for (int attempt = 0; ; attempt++) {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        return null;
      } catch (java.nio.charset.MalformedInputException e) {
        return null;
      }
      if (text.isBlank() && attempt < 2) {
        sleep(100L * (attempt + 1));
        continue;
      }
      Map<String, Object> written = WrittenMeta.lookUp(file, text);
      if (written != null) {
        return written; // exactly the bytes this JVM wrote: no YAML to parse
      }
      try {
        Object doc = PyYaml.load(text);
        if (doc instanceof Map<?, ?> m) {
          Map<String, Object> result = new LinkedHashMap<>();
          m.forEach((k, v) -> result.put(String.valueOf(k), v));
          return result;
        }
        return null;
      } catch (RuntimeException e) { // SnakeYAML's YAMLException and friends
        return null;
      }
    }
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("Interrupted while re-reading a meta.yaml");
    }
  }

  static String string(Object v) {
    return v == null ? null : v.toString();
  }

  static Long longOrNull(Object v) {
    if (v instanceof Number n) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
