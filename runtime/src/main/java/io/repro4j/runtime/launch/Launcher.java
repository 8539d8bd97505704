package io.repro4j.runtime.launch;

import io.repro4j.runtime.ExperimentBinding;
import io.repro4j.runtime.IoFailures;
import io.repro4j.runtime.Preempted;
import io.repro4j.runtime.Repro4j;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ConfigProblem;
import io.repro4j.runtime.config.ConfigSchema;
import io.repro4j.runtime.config.ConfigYaml;
import io.repro4j.runtime.config.ResolvedConfig;
import io.repro4j.runtime.config.SecretValues;
import io.repro4j.runtime.config.ValidationException;
import io.repro4j.runtime.data.CheckedDataset;
import io.repro4j.runtime.data.DataLock;
import io.repro4j.runtime.data.DatasetCheck;
import io.repro4j.runtime.data.DatasetSpec;
import io.repro4j.runtime.data.HashCache;
import io.repro4j.runtime.progress.ProgressLine;
import io.repro4j.runtime.sweep.Sweeper;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.FinishDurability;
import io.repro4j.runtime.tracking.Provenance;
import io.repro4j.runtime.tracking.PythonFloat;
import io.repro4j.runtime.tracking.PythonRepr;
import io.repro4j.runtime.tracking.RemoteReplicator;
import io.repro4j.runtime.tracking.RunNames;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import io.repro4j.runtime.tracking.Secrets;
import io.repro4j.runtime.tracking.TrackingUris;
import io.repro4j.runtime.tracking.TrialRuns;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one trainer from its command line: parse the arguments, compose and check the config, bind
 * it and run the experiment's own {@code validate()}, check the datasets, then create the run, train
 * and close the run. Nothing is created in the store until the config and the data are known to be
 * good.
 *
 * <p>{@link Repro4j#run} is this class with the process's streams, working directory and
 * environment; tests construct it with their own.
 */
public final class Launcher {
  private final PrintStream out;
  private final PrintStream err;
  private final Path workDir;
  private final Map<String, String> environment;
  /** Shared by the trials of a sweep in this JVM; null: looked up for each run. */
  private final RunProvenance provenance;
  /** The config a sweep composed for this trial; null: composed from the arguments. */
  private final ResolvedConfig composed;
  private final FinishDurability durability;
  /** Where a sweep's trial creates its run, checked once by the sweep; null: from the command line. */
  private final TrialRuns trialRuns;

  /** The environment variable naming the trial of a sweep a run is ({@code repro4j.sweep.trial}). */
  public static final String SWEEP_TRIAL_VARIABLE = "REPRO4J_SWEEP_TRIAL";

  /** The environment variable naming the run a new run is nested under ({@code mlflow.parentRunId}). */
  public static final String PARENT_RUN_ID_VARIABLE = "REPRO4J_PARENT_RUN_ID";

  /** Run names are drawn from one generator per JVM: seeding one per run costs a sweep's trials. */
  private static final SecureRandom RUN_NAMES = new SecureRandom();

  /** How long a JVM shutting down (SIGTERM) waits for a live server to take the KILLED status. */
  static final long KILLED_PUSH_TIMEOUT_MS = 5_000;

  public Launcher(PrintStream out, PrintStream err, Path workDir, Map<String, String> environment) {
    this(out, err, workDir, environment, new InProcessTrial(null, null, FinishDurability.SYNCED, null));
  }

  /** For a trial of a sweep in this JVM: what the sweep already did for it is not done again. */
  public Launcher(
      PrintStream out, PrintStream err, Path workDir, Map<String, String> environment, InProcessTrial trial) {
    this.out = out;
    this.err = err;
    this.workDir = workDir.toAbsolutePath().normalize();
    this.environment = Map.copyOf(environment);
    this.provenance = trial.provenance();
    this.composed = trial.config();
    this.durability = trial.durability();
    this.trialRuns = trial.runs();
  }

  /** Runs {@code trainer} and returns the exit code (see {@link Repro4j}). */
  public <T extends Trainer> int run(T trainer, String[] args) {
    CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(args, environment);
    } catch (CommandLine.UsageException e) {
      err.println("repro4j: " + e.getMessage());
      return Repro4j.EXIT_USAGE;
    }

    ExperimentBinding<T, ?> binding;
    try {
      binding = bindingOf(trainer);
    } catch (IllegalStateException e) {
      err.println("repro4j: " + e.getMessage());
      return Repro4j.EXIT_USAGE;
    }

    if (commandLine.help()) {
      out.print(Help.text(binding, trainer, environment));
      return Repro4j.EXIT_OK;
    }
    HashCache hashCache = CommandLine.NO_HASH_CACHE.equals(commandLine.hashCache()) ? null
        : HashCache.choose(commandLine.hashCache() == null ? null : Path.of(commandLine.hashCache()),
            this.environment, workDir);
    if (commandLine.sweep().multirun()) {
      Sweeper.DataLockOptions lockOptions = new Sweeper.DataLockOptions(
          workDir.resolve(commandLine.lockFile() == null ? DataLock.DEFAULT_FILE_NAME : commandLine.lockFile())
              .normalize(),
          commandLine.lockFile() != null, commandLine.allowDataDrift(), hashCache);
      return new Sweeper(out, err, workDir, environment)
          .run(trainer, binding, commandLine.overrides(), commandLine.trackingUri(), trialOptions(commandLine),
              commandLine.sweep(), lockOptions);
    }

    ResolvedConfig config;
    try {
      // --cfg and --info show a key without a value as ???, as Hydra's --cfg does; a run needs all.
      // --lock reads only the dataset locations, so other keys without a value do not stop it.
      boolean inspecting = commandLine.printConfig() || commandLine.info() || commandLine.lock() || commandLine.lockCheck();
      config = composed != null && !inspecting ? composed
          : ConfigLoading.resolve(binding, trainer, commandLine.overrides(), environment, inspecting);
    } catch (ConfigException e) {
      printProblems(e.problems());
      return Repro4j.EXIT_USAGE;
    }

    if (commandLine.printConfig()) {
      out.print(ConfigYaml.config(config));
      return Repro4j.EXIT_OK;
    }
    if (commandLine.info()) {
      out.print(ConfigInfo.text(binding.experimentName(), binding.configResources(), config));
      return Repro4j.EXIT_OK;
    }

    Path lockFile = workDir.resolve(
        commandLine.lockFile() == null ? DataLock.DEFAULT_FILE_NAME : commandLine.lockFile()).normalize();
    if (commandLine.lock() || commandLine.lockCheck()) {
      return DataLocking.lock(binding, config, workDir, lockFile, commandLine.lockCheck(), hashCache, out, err);
    }

    Map<String, Path> locations = new LinkedHashMap<>();
    for (DatasetSpec dataset : binding.datasets()) {
      locations.put(dataset.name(), config.getPath(dataset.name()));
    }
    // Bound once, with the absolute dataset paths the run will read: validate() sees them before
    // any hashing, and the trainer reads exactly the files that are checked next.
    try {
      bindAndValidate(binding, trainer, config.withValues(resolvedAgainstWorkDir(locations)));
    } catch (ValidationException e) {
      printProblems(List.of(e.problem(config)));
      return Repro4j.EXIT_USAGE;
    }
    DataLock lock;
    try {
      lock = DataLock.read(lockFile, commandLine.lockFile() != null);
    } catch (DataLock.LockException e) {
      err.println("repro4j: 1 data error (no run was created)");
      err.println(e.getMessage());
      return Repro4j.EXIT_USAGE;
    }
    Map<String, DataLock.Entry> locked = lock.entries(binding.experimentName());
    DatasetCheck.Result data =
        DatasetCheck.check(binding.datasets(), locations, workDir, lock, locked, hashCache);
    List<String> dataErrors = new ArrayList<>(data.problems());
    if (!commandLine.allowDataDrift()) {
      dataErrors.addAll(data.drift());
    }
    if (!dataErrors.isEmpty()) {
      err.println(
          "repro4j: " + (dataErrors.size() == 1 ? "1 data error" : dataErrors.size() + " data errors")
              + " (no run was created)");
      dataErrors.forEach(problem -> err.println(problem));
      return Repro4j.EXIT_USAGE;
    }
    if (!data.drift().isEmpty()) {
      err.println("repro4j: warning: running on data that does not match " + lock.file()
          + " (--allow-data-drift); the run is tagged repro4j.data_drift=true");
      data.drift().forEach(drift -> err.println(drift));
    }
    Map<String, String> lockTags = DataLocking.tags(data.datasets(), lock, locked);
    // The trainer's dataset fields already hold the absolute paths DatasetCheck just hashed
    // (both resolve against workDir the same way), so the bind before validate() stands.

    // What the record needs and may be slow to find (git) is looked up before the run exists, so
    // that a signal in that time leaves no run RUNNING behind.
    RunProvenance looked = provenance != null ? provenance : RunProvenance.lookUp(workDir);
    String version = looked.version();
    Optional<Provenance.GitInfo> git = looked.git();
    Map<String, Object> environment = Provenance.environment(git, version, this.environment);
    Map<String, String> provenanceArtifacts = looked.artifacts();

    PreemptionSignal preemption;
    try {
      preemption = PreemptionSignal.install(this.environment);
    } catch (IllegalArgumentException e) {
      err.println("repro4j: " + e.getMessage() + " (no run was created)");
      return Repro4j.EXIT_USAGE;
    }

    FileStore store;
    String experimentId;
    RunWriter run;
    // An http(s) URI names an MLflow server: the run is recorded locally first, then replicated.
    boolean toServer = TrackingUris.isServerUri(commandLine.trackingUri());
    try {
      String parent = this.environment.get(PARENT_RUN_ID_VARIABLE);
      if (trialRuns != null && !toServer
          && trialRuns.store().root().equals(FileStore.rootFromUri(commandLine.trackingUri(), workDir))
          && trialRuns.parentRunId().equals(parent == null ? null : parent.trim())) {
        // A sweep's trial in this JVM: the sweep opened the store and checked experiment and parent.
        store = trialRuns.store();
        experimentId = trialRuns.experimentId();
        run = trialRuns.createRun(RunNames.random(RUN_NAMES), userName(), System.currentTimeMillis());
      } else {
        Path root;
        if (toServer) {
          RemoteReplicator.check(commandLine.trackingUri(), this.environment);
          root = RemoteReplicator.localStore(workDir, this.environment);
        } else {
          root = FileStore.rootFromUri(commandLine.trackingUri(), workDir);
        }
        store = FileStore.open(root);
        experimentId = store.experimentId(binding.experimentName());
        // A sweep driver nests its trials under its own run through the environment.
        run = store.createRun(
            experimentId, RunNames.random(RUN_NAMES), userName(), System.currentTimeMillis(),
            parent == null || parent.isBlank() ? null : parent.trim());
      }
    } catch (IOException e) {
      return storeError(commandLine, IoFailures.describe(e));
    } catch (UncheckedIOException e) {
      return storeError(commandLine, IoFailures.describe(e.getCause()));
    } catch (RuntimeException e) { // invalid URI, an experiment of that name in .trash, ...
      return storeError(commandLine, IoFailures.describe(e));
    }
    RemoteReplicator replicator =
        toServer ? RemoteReplicator.start(run, store.root(), commandLine.trackingUri(), this.environment, err) : null;
    Thread killHook = new Thread(() -> killed(run, replicator), "repro4j-kill-hook");
    Runtime.getRuntime().addShutdownHook(killHook);
    try {
      return train(binding, trainer, commandLine, config, data.datasets(), lockTags, git, environment,
          provenanceArtifacts, store, experimentId, run, preemption);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(killHook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting: the hook marks the run KILLED.
      }
      try {
        run.close();
      } catch (RuntimeException e) {
        err.println("repro4j: run " + run.runId() + ": " + e.getMessage());
      }
      if (replicator != null) {
        replicator.finish().ifPresent(pushed ->
            out.println("repro4j: replicated to " + replicator.server() + " as run " + pushed.remoteRunId()));
      }
    }
  }

  /** The options each trial of a sweep is run with, besides the store: the system metrics. */
  private static List<String> trialOptions(CommandLine commandLine) {
    List<String> options = new ArrayList<>();
    if (commandLine.systemMetrics()) {
      options.add("--system-metrics-interval=" + commandLine.systemMetricsIntervalMs() / 1000.0);
    }
    if (commandLine.lockFile() != null) {
      options.add("--lock-file=" + commandLine.lockFile());
    }
    if (commandLine.allowDataDrift()) {
      options.add("--allow-data-drift");
    }
    if (CommandLine.NO_HASH_CACHE.equals(commandLine.hashCache())) {
      options.add("--no-hash-cache");
    } else if (commandLine.hashCache() != null) {
      options.add("--hash-cache=" + commandLine.hashCache());
    }
    return options;
  }

  private int storeError(CommandLine commandLine, String reason) {
    err.println("repro4j: cannot record in the tracking store '" + TrackingUris.redacted(commandLine.trackingUri()) + "': " + reason
        + "\n  no run was created; pass --tracking-uri DIR (or set MLFLOW_TRACKING_URI) to a writable directory");
    return Repro4j.EXIT_USAGE;
  }

  private <T extends Trainer> int train(
      ExperimentBinding<T, ?> binding,
      T trainer,
      CommandLine commandLine,
      ResolvedConfig config,
      List<CheckedDataset> datasets,
      Map<String, String> lockTags,
      Optional<Provenance.GitInfo> git,
      Map<String, Object> environment,
      Map<String, String> provenanceArtifacts,
      FileStore store,
      String experimentId,
      RunWriter run,
      PreemptionSignal preemption) {
    String id = run.runId();
    long started = System.nanoTime();
    out.println("repro4j: experiment '" + binding.experimentName() + "' (" + experimentId + "), run "
        + id + " started");
    try {
      record(trainer, commandLine, config, datasets, lockTags, git, environment, provenanceArtifacts, run);
    } catch (IOException | RuntimeException e) {
      String reason = e instanceof IOException io ? IoFailures.describe(io) : IoFailures.describe((RuntimeException) e);
      err.println("repro4j: cannot record run " + id + " in " + store.root() + ": " + reason);
      finishQuietly(run, RunStatus.FAILED);
      return Repro4j.EXIT_TRAINING_FAILED;
    }

    RunSession<T> session = new RunSession<>(binding, trainer, run, preemption);
    SystemMetricsSampler sampler = commandLine.systemMetrics()
        ? SystemMetricsSampler.start(run, commandLine.systemMetricsIntervalMs())
        : null;
    Throwable failure = null;
    ProgressLine progressLine = ProgressLine.startOrLog(session.status(), err);
    try {
      trainer.train(session);
    } catch (Throwable thrown) { // NOPMD: whatever the trainer throws, the run is recorded FAILED
      failure = thrown;
    } finally {
      progressLine.close(); // erased before the summary lines
      if (sampler != null) {
        sampler.close(); // its last points land before the run is finished
      }
    }
    if (failure == null) {
      double[] finals = session.recordFinalValues();
      try {
        run.finish(RunStatus.FINISHED, System.currentTimeMillis(), durability);
      } catch (IOException e) {
        err.println("repro4j: training finished, but " + finishFailure(run, RunStatus.FINISHED, e));
        return Repro4j.EXIT_TRAINING_FAILED;
      }
      out.println("repro4j: run " + id + " FINISHED in " + seconds(started) + finalMetrics(session, finals));
      out.println("repro4j: recorded in " + run.runDir());
      out.println("repro4j: browse with: MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri "
          + store.root().toUri());
      return Repro4j.EXIT_OK;
    }

    if (failure instanceof Preempted preempted) {
      return preempted(run, preempted, started);
    }

    String trace = stackTrace(failure);
    String kept;
    try {
      run.writeArtifact("repro4j/stacktrace.txt", trace);
      kept = "; stack trace kept as artifact repro4j/stacktrace.txt";
    } catch (IOException | RuntimeException e) {
      kept = "; the stack trace could not be kept ("
          + (e instanceof IOException io ? IoFailures.describe(io) : e.getMessage()) + ")";
    }
    finishQuietly(run, RunStatus.FAILED);
    err.println("repro4j: run " + id + " FAILED after " + seconds(started) + kept + " in " + run.runDir());
    err.print(trace);
    if (failure instanceof Error error && !(failure instanceof AssertionError)) {
      // Not ours to swallow (e.g. OutOfMemoryError), but the run is recorded first.
      throw error;
    }
    return Repro4j.EXIT_TRAINING_FAILED;
  }

  /** The trainer saved its state and stopped on the scheduler's request: KILLED, and exit 3 to be requeued. */
  private int preempted(RunWriter run, Preempted preempted, long started) {
    try {
      run.setTag("repro4j.preempted", "true");
    } catch (IOException | RuntimeException e) {
      err.println("repro4j: run " + run.runId() + ": the tag repro4j.preempted could not be written: "
          + (e instanceof IOException io ? IoFailures.describe(io) : e.getMessage()));
    }
    finishQuietly(run, RunStatus.KILLED);
    err.println("repro4j: run " + run.runId() + " preempted after " + seconds(started) + " (" + preempted.getMessage()
        + "); recorded KILLED with tag repro4j.preempted=true in " + run.runDir()
        + "; exit code " + Repro4j.EXIT_PREEMPTED + " asks the SLURM launcher to requeue the trial");
    return Repro4j.EXIT_PREEMPTED;
  }

  private void record(
      Trainer trainer,
      CommandLine commandLine,
      ResolvedConfig config,
      List<CheckedDataset> datasets,
      Map<String, String> lockTags,
      Optional<Provenance.GitInfo> git,
      Map<String, Object> environment,
      Map<String, String> provenanceArtifacts,
      RunWriter run)
      throws IOException {
    for (Map.Entry<String, Object> entry : config.values().entrySet()) {
      Object value = config.schema().find(entry.getKey())
          .map(param -> SecretValues.shown(param, entry.getValue()))
          .orElse(entry.getValue());
      run.logParam(entry.getKey(), PythonRepr.str(value));
    }
    run.setTag("mlflow.source.name", sourceName(trainer));
    run.setTag("mlflow.source.type", "LOCAL");
    run.setTag("repro4j.version", String.valueOf(environment.get("repro4j.version")));
    String trial = this.environment.get(SWEEP_TRIAL_VARIABLE);
    if (trial != null && !trial.isBlank()) {
      run.setTag(Sweeper.TRIAL_TAG, trial.trim());
    }
    if (git.isPresent()) {
      Provenance.GitInfo info = git.get();
      run.setTag("mlflow.source.git.commit", info.commit());
      if (info.branch() != null) {
        run.setTag("mlflow.source.git.branch", info.branch());
      }
      if (info.remoteUrl() != null) {
        run.setTag("mlflow.source.git.repoURL", info.remoteUrl());
      }
      run.setTag("mlflow.source.git.dirty", Boolean.toString(info.dirty()));
    }
    for (CheckedDataset dataset : datasets) {
      String prefix = "repro4j.dataset." + dataset.spec().name() + ".";
      run.setTag(prefix + "path", dataset.path().toString());
      run.setTag(prefix + "md5", dataset.md5());
      run.setTag(prefix + "mode", dataset.mode().dvcName());
      run.setTag(prefix + "size", Long.toString(dataset.size()));
      run.setTag(prefix + "nfiles", Integer.toString(dataset.nfiles()));
      boolean pinned = !dataset.expected().isEmpty(); // inline, DVC or the lock file
      run.setTag(prefix + "pinned", pinned ? dataset.expected() : "none");
      // "none" when nothing was pinned: a run that checked nothing must not read as verified.
      run.setTag(prefix + "matched", pinned ? Boolean.toString(dataset.matched()) : "none");
      run.logInput(dataset.spec().name(), dataset.md5(), dataset.path().toString());
    }
    for (Map.Entry<String, String> tag : lockTags.entrySet()) {
      run.setTag(tag.getKey(), tag.getValue());
    }
    run.writeArtifact("repro4j/config.yaml", ConfigYaml.config(config));
    run.writeArtifact("repro4j/composed.yaml", ConfigYaml.composed(config));
    run.writeArtifact("repro4j/overrides.yaml", ConfigYaml.overrides(commandLine.overrides(), config.schema()));
    run.writeArtifact("repro4j/command.txt", commandText(config.schema()) + "\n");
    run.writeArtifact("repro4j/environment.json", Provenance.environmentJson(environment) + "\n");
    for (Map.Entry<String, String> artifact : provenanceArtifacts.entrySet()) {
      run.writeArtifact(artifact.getKey(), artifact.getValue());
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Trainer> ExperimentBinding<T, ?> bindingOf(T trainer) {
    return ExperimentBinding.forClass((Class<T>) trainer.getClass());
  }

  private static <T extends Trainer, C extends Record> void bindAndValidate(
      ExperimentBinding<T, C> binding, T trainer, ResolvedConfig config) throws ValidationException {
    C record = binding.config(config);
    binding.bind(trainer, record);
    binding.validate(trainer, record);
  }

  /** Each dataset location as the data check resolves it: absolute, against the working directory. */
  private Map<String, Path> resolvedAgainstWorkDir(Map<String, Path> locations) {
    Map<String, Path> resolved = new LinkedHashMap<>();
    locations.forEach(
        (name, path) -> resolved.put(name, path == null ? null : workDir.resolve(path).toAbsolutePath().normalize()));
    return resolved;
  }

  private void printProblems(List<ConfigProblem> problems) {
    err.println("repro4j: " + (problems.size() == 1 ? "1 config error" : problems.size() + " config errors")
        + " (no run was created)");
    for (ConfigProblem problem : problems) {
      err.println(problem.format());
    }
    err.println("Run with --help to see every key, its type and range.");
  }

  private void finishQuietly(RunWriter run, RunStatus status) {
    try {
      run.finish(status, System.currentTimeMillis(), durability);
    } catch (IOException | RuntimeException e) {
      err.println("repro4j: " + finishFailure(run, status, e));
    }
  }

  /** Says whether the status was recorded despite the failure (metric points lost) or not at all. */
  private static String finishFailure(RunWriter run, RunStatus status, Exception e) {
    if (run.finished()) {
      return e.getMessage(); // "Run X recorded as FAILED: metrics could not be written: ..."
    }
    String reason = e instanceof IOException io ? IoFailures.describe(io) : e.getMessage();
    return "run " + run.runId() + " could not be marked " + status + " (" + reason
        + "); `repro4j doctor` will find it RUNNING without a live process";
  }

  private void killed(RunWriter run, RemoteReplicator replicator) {
    if (!run.finished()) {
      finishQuietly(run, RunStatus.KILLED);
      err.println("repro4j: run " + run.runId() + " KILLED (the JVM is shutting down: a signal, or"
          + " System.exit in the trainer); recorded in " + run.runDir());
      if (replicator != null) {
        // SLURM sends SIGKILL 30 s (KillWait) after SIGTERM: leave most of that to the JVM's exit.
        replicator.finishWithin(KILLED_PUSH_TIMEOUT_MS).ifPresent(pushed ->
            err.println("repro4j: replicated to " + replicator.server() + " as run " + pushed.remoteRunId()
                + " (KILLED)"));
      }
    }
  }

  private static String finalMetrics(RunSession<?> session, double[] finals) {
    String[] keys = session.metricKeys();
    if (keys.length == 0) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      parts.add(keys[i] + "=" + PythonFloat.repr(finals[i]));
    }
    return ": " + String.join(" ", parts);
  }

  private static String seconds(long startedNanos) {
    // Not String.format: its parsing of the format costs more than a trivial trial of a sweep.
    long tenths = Math.round((System.nanoTime() - startedNanos) / 1e8);
    return tenths / 10 + "." + tenths % 10 + " s";
  }

  private static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text, true));
    return text.toString();
  }

  private String userName() {
    String user = System.getProperty("user.name");
    return user == null || user.isBlank() ? "unknown" : user;
  }

  /**
   * This JVM's command line, read once: the operating system is asked through /proc, which costs a
   * sweep's in-process trials more than anything else they record if done for each.
   */
  private static final class JvmCommandLine {
    static final List<String> WORDS;
    /** The jar or main class: the first word of {@code sun.java.command}, or {@code ""}. */
    static final String MAIN = System.getProperty("sun.java.command", "").trim().split("\\s+", 2)[0];

    static {
      ProcessHandle.Info info = ProcessHandle.current().info();
      List<String> words = new ArrayList<>();
      words.add(info.command().orElse("java"));
      info.arguments().ifPresentOrElse(
          arguments -> words.addAll(List.of(arguments)),
          () -> words.add(System.getProperty("sun.java.command", "")));
      WORDS = List.copyOf(words);
    }
  }

  /** Like Python's {@code sys.argv[0]}: the jar or main class the JVM was started with. */
  private static String sourceName(Trainer trainer) {
    return JvmCommandLine.MAIN.isEmpty() ? trainer.getClass().getName() : JvmCommandLine.MAIN;
  }

  /**
   * The JVM's command line, each argument quoted for a POSIX shell where it needs it; overrides of
   * secret keys and secret-looking {@code -D} options have their values masked.
   */
  private static String commandText(ConfigSchema schema) {
    // Only the schema's secret keys change the text, and a sweep's trials mostly share them (a
    // trial's schema follows its group choices, which may declare other secret keys): the text is
    // quoted again only when they differ from the last trial's.
    Set<String> secretKeys = schema.secretKeys();
    QuotedCommand last = lastCommandText;
    if (last != null && last.secretKeys().equals(secretKeys)) {
      return last.text();
    }
    String text = quotedCommandText(schema);
    lastCommandText = new QuotedCommand(secretKeys, text);
    return text;
  }

  /** The command line's text, quoted with the values of {@code secretKeys} masked. */
  private record QuotedCommand(Set<String> secretKeys, String text) {}

  /** What {@link #commandText} quoted last. */
  private static volatile QuotedCommand lastCommandText;

  private static String quotedCommandText(ConfigSchema schema) {
    List<String> quoted = new ArrayList<>(JvmCommandLine.WORDS.size());
    for (String word : Secrets.maskedJvmOptions(SecretValues.overrides(schema, JvmCommandLine.WORDS))) {
      quoted.add(word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word : "'" + word.replace("'", "'\\''") + "'");
    }
    return String.join(" ", quoted);
  }
}
