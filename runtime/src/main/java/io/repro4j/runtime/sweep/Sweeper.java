package io.repro4j.runtime.sweep;

import io.repro4j.runtime.ExperimentBinding;
import io.repro4j.runtime.IoFailures;
import io.repro4j.runtime.Repro4j;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ConfigFileCache;
import io.repro4j.runtime.config.ConfigProblem;
import io.repro4j.runtime.config.ResolvedConfig;
import io.repro4j.runtime.config.SweepSections;
import io.repro4j.runtime.config.ValidationException;
import io.repro4j.runtime.data.DataLock;
import io.repro4j.runtime.data.DatasetCheck;
import io.repro4j.runtime.data.DatasetSpec;
import io.repro4j.runtime.data.HashCache;
import io.repro4j.runtime.launch.ConfigLoading;
import io.repro4j.runtime.launch.RunProvenance;
import io.repro4j.runtime.sweep.slurm.ArrayStatus;
import io.repro4j.runtime.sweep.slurm.SlurmArray;
import io.repro4j.runtime.sweep.slurm.SlurmLauncher;
import io.repro4j.runtime.sweep.slurm.SlurmOptions;
import io.repro4j.runtime.sweep.slurm.SlurmSettings;
import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.PythonFloat;
import io.repro4j.runtime.tracking.RunLease;
import io.repro4j.runtime.tracking.RunNames;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import io.repro4j.runtime.tracking.StoreSync;
import io.repro4j.runtime.tracking.TrackingUris;
import io.repro4j.runtime.tracking.TrialRuns;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a sweep ({@code --multirun}): expands the overrides into trials ({@link SweepExpansion}),
 * composes and validates the config of every trial and checks its data before launching any (so a
 * bad trial is reported in seconds, with every other bad trial, and not hours later on a node),
 * then creates the sweep's parent run, launches the trials nested under it, and prints the trials
 * ranked by the goal metric.
 *
 * <p>Exit codes: 2 when any trial is invalid (nothing is created), 1 when any trial failed or was
 * not started ({@code --fail-fast}), 0 when all finished. {@code --resume SWEEP} reruns the trials
 * of that sweep that have not FINISHED, with the overrides recorded in its {@link SweepFile}.
 */
public final class Sweeper {
  /** The tag holding a trial run's index in its sweep. */
  public static final String TRIAL_TAG = TrialRuns.TRIAL_TAG;

  /**
   * The lock file the trials' datasets are checked against, as for a single run.
   *
   * @param file the lock file ({@code ./repro4j.lock} or {@code --lock-file})
   * @param explicit whether {@code --lock-file} named it (then it must exist)
   * @param allowDrift {@code --allow-data-drift}
   * @param hashCache the hash cache the datasets are checked with ({@code --hash-cache}), or null
   */
  public record DataLockOptions(Path file, boolean explicit, boolean allowDrift, HashCache hashCache) {}

  private final PrintStream out;
  private final PrintStream err;
  private final Path workDir;
  private final Map<String, String> environment;

  public Sweeper(PrintStream out, PrintStream err, Path workDir, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.workDir = workDir.toAbsolutePath().normalize();
    this.environment = Map.copyOf(environment);
  }

  /**
   * Runs the sweep and returns the exit code.
   *
   * @param overrides the overrides as given, sweeps included
   * @param trackingUri the store
   * @param trialOptions the options each trial is run with, besides the store ({@code
   *     --system-metrics-interval S})
   */
  public <T extends Trainer> int run(
      T trainer,
      ExperimentBinding<T, ?> binding,
      List<String> overrides,
      String trackingUri,
      List<String> trialOptions,
      SweepOptions options,
      DataLockOptions lockOptions) {
    return run(trainer, binding, overrides, trackingUri, trialOptions, options, lockOptions,
        ConfigLoading.configFileCache(trainer.getClass()));
  }

  /**
   * {@link #run(Trainer, ExperimentBinding, List, String, List, SweepOptions, DataLockOptions)} with
   * the config files read through {@code files}: the sweep's {@code sweep:} and {@code slurm:}
   * sections and every trial's config are composed from one parse of each file.
   *
   * @param files a cache of the config files on the trainer's class path ({@link
   *     ConfigLoading#configFileCache}), normally new for each sweep
   */
  public <T extends Trainer> int run(
      T trainer,
      ExperimentBinding<T, ?> binding,
      List<String> overrides,
      String trackingUri,
      List<String> trialOptions,
      SweepOptions options,
      DataLockOptions lockOptions,
      ConfigFileCache files) {
    Optional<SweepGoal> goal;
    Supplier<T> trainers;
    try {
      goal = SweepGoal.of(options.optimize(), binding.metrics());
      trainers = TrainerFactory.of(trainerClass(trainer));
    } catch (IllegalArgumentException e) {
      err.println("repro4j: " + e.getMessage());
      return Repro4j.EXIT_USAGE;
    }

    // The config files' slurm: sections are checked on every sweep, so that a typo shows before
    // the sweep that needs them; --slurm overrides them.
    SweepSections sections;
    SlurmOptions slurmOptions;
    try {
      sections = ConfigLoading.sweepSections(binding, trainer, files);
    } catch (ConfigException e) { // a config file that cannot be read or parsed, whatever its sections
      printProblems(e.problems());
      err.println("repro4j: the config files could not be read; no trial was launched and no run was created");
      return Repro4j.EXIT_USAGE;
    }
    try {
      slurmOptions = SlurmSettings.combine(sections.slurm(), options.slurm());
    } catch (ConfigException e) { // each problem already says which option and what it takes
      printProblems(e.problems());
      err.println("repro4j: the SLURM options in the config files are invalid; no trial was launched and no run was"
          + " created");
      return Repro4j.EXIT_USAGE;
    } catch (IllegalArgumentException e) {
      err.println("repro4j: " + e.getMessage());
      return Repro4j.EXIT_USAGE;
    }

    Path root;
    try {
      root = FileStore.rootFromUri(trackingUri, workDir);
    } catch (RuntimeException e) {
      return storeError(trackingUri, IoFailures.describe(e));
    }

    SweepFile file;
    List<Trial> toRun;
    SweepStatus previous = null;
    if (options.resume() != null) {
      if (!overrides.isEmpty() || options.random()) {
        err.println("repro4j: --resume reruns the sweep's trials with the configs it recorded; drop the overrides"
            + " and --trials (" + String.join(" ", overrides) + ")");
        return Repro4j.EXIT_USAGE;
      }
      try {
        previous = SweepStatus.read(FileStore.open(root), options.resume());
      } catch (IOException e) {
        return storeError(trackingUri, IoFailures.describe(e));
      } catch (IllegalArgumentException e) {
        err.println("repro4j: --resume: " + e.getMessage());
        return Repro4j.EXIT_USAGE;
      }
      file = previous.file();
      if (!file.experiment().equals(binding.experimentName())) {
        err.println("repro4j: --resume " + options.resume() + ": that sweep ran experiment '" + file.experiment()
            + "' (" + file.trainer() + "), not '" + binding.experimentName() + "'; resume it with its own trainer");
        return Repro4j.EXIT_USAGE;
      }
      toRun = previous.rows().stream().filter(r -> !r.finished()).map(SweepStatus.Row::trial).toList();
      String running = slurmArrayStillRunning(previous.parent().dir().resolve("artifacts"));
      if (running != null) {
        err.println("repro4j: --resume " + options.resume() + ": " + running);
        return Repro4j.EXIT_USAGE;
      }
    } else {
      List<String> all = new ArrayList<>();
      List<Trial> trials;
      try {
        // The config files' sweep: entries come first, as Hydra merges its sweeper params first.
        all.addAll(sections.sweep());
        all.addAll(overrides);
        trials = options.random()
            ? SweepExpansion.random(all, binding.schema(), options.trials(), options.seed())
            : SweepExpansion.grid(all, binding.schema());
      } catch (ConfigException e) {
        printProblems(e.problems());
        err.println("repro4j: the sweep could not be expanded (no run was created)");
        return Repro4j.EXIT_USAGE;
      }
      file = new SweepFile(binding.experimentName(), trainer.getClass().getName(),
          options.random() ? "random" : "grid", options.random() ? options.seed() : 0, goal.orElse(null),
          all, trials);
      toRun = trials;
    }

    DataLock lock;
    try {
      lock = DataLock.read(lockOptions.file(), lockOptions.explicit());
    } catch (DataLock.LockException e) {
      err.println("repro4j: 1 data error (no trial was launched)");
      err.println(e.getMessage());
      return Repro4j.EXIT_USAGE;
    }
    Map<Integer, ResolvedConfig> configs = new HashMap<>();
    if (!validateAll(trainers, binding, toRun, lock, lockOptions, configs, files)) {
      return Repro4j.EXIT_USAGE;
    }

    FileStore store;
    RunWriter parent;
    try {
      store = FileStore.open(root);
      if (previous != null) {
        parent = store.reopenRun(previous.parent().runId());
      } else {
        parent = store.createRun(store.experimentId(binding.experimentName()),
            "sweep-" + RunNames.random(new SecureRandom()), userName(), System.currentTimeMillis());
        parent.setTag("repro4j.sweep.strategy", file.strategy());
        parent.setTag("repro4j.sweep.trials", Integer.toString(file.trials().size()));
        if (file.goal() != null) {
          parent.setTag("repro4j.sweep.goal", file.goal().metric() + (file.goal().maximize() ? ":max" : ":min"));
        }
        parent.writeArtifact(SweepFile.ARTIFACT, file.toJson());
      }
    } catch (IOException e) {
      return storeError(trackingUri, IoFailures.describe(e));
    } catch (UncheckedIOException e) {
      return storeError(trackingUri, IoFailures.describe(e.getCause()));
    } catch (RuntimeException e) {
      return storeError(trackingUri, IoFailures.describe(e));
    }

    String sweepId = parent.runId();
    List<String> runOptions = new ArrayList<>(List.of("--tracking-uri", store.root().toString()));
    runOptions.addAll(trialOptions);
    SlurmLauncher slurm = null;
    TrialLauncher launcher;
    TrialRuns trialRuns = null;
    if (options.launcher().equals("slurm")) {
      // validated by the command line
      slurm = new SlurmLauncher(new SlurmLauncher.Settings(parent.artifactsDir(),
          slurmOptions, options.failFast(),
          workDir, runOptions, trainerClass(trainer), out));
      launcher = slurm;
    } else {
      trialRuns = options.isolate() ? null : trialRuns(store, parent);
      launcher = new LocalLauncher(new LocalLauncher.Settings(
          options.jobs(), options.isolate(), options.failFast(), workDir, environment, runOptions,
          parent.artifactsDir().resolve("repro4j").resolve("trials"), trainers, trainerClass(trainer),
          options.isolate() ? null : RunProvenance.lookUp(workDir), options.isolate() ? Map.of() : configs,
          trialRuns, out));
    }

    out.println("repro4j: sweep " + sweepId + " of experiment '" + binding.experimentName() + "': "
        + (previous == null ? "" : "resuming, ") + "launching " + toRun.size() + " of " + file.trials().size()
        + " trials " + launcher.describe());
    for (Trial trial : toRun) {
      out.println("repro4j:   #" + trial.index() + " : " + trial.describe());
    }
    if (slurm != null && !toRun.isEmpty()) {
      Integer refused = submit(slurm, parent, toRun, options.detach());
      if (refused != null) {
        return refused;
      }
    }

    Thread killHook = new Thread(() -> killed(parent), "repro4j-sweep-kill-hook");
    Runtime.getRuntime().addShutdownHook(killHook);
    List<TrialOutcome> outcomes;
    boolean interrupted = false;
    try {
      outcomes = launcher.launch(toRun, sweepId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      interrupted = true;
      outcomes = List.of();
    } catch (UncheckedIOException e) {
      // SLURM stopped answering; the array may still run
      err.println("repro4j: sweep " + sweepId + ": " + e.getCause().getMessage());
      outcomes = List.of();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(killHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook marks the sweep KILLED
      }
    }
    // In-process trials finish without fsync (FinishDurability.DEFERRED): one sync of the store's
    // file system now, before the parent run is recorded as ended, covers them all.
    boolean deferred = slurm == null && !options.isolate() && !outcomes.isEmpty();
    // Trials run in this JVM are known here; a resumed sweep's earlier trials are only in the store.
    TrialRuns ranHere = previous == null ? trialRuns : null;
    return report(store, parent, file, ranHere, toRun, outcomes, interrupted, options.resume() != null, deferred);
  }

  /**
   * The store, experiment and parent run that trials in this JVM create their runs under, checked
   * once here; null (each trial opens the store itself, and reports what is wrong) when the check
   * fails.
   */
  private static TrialRuns trialRuns(FileStore store, RunWriter parent) {
    try {
      return TrialRuns.of(store, parent.experimentId(), parent.runId());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Composes and validates every trial; prints every bad trial and returns false if any. Each
   * valid trial's config goes to {@code configs}, for a trial run in this JVM to reuse. The config
   * files are read through {@code files}: parsed once for all trials.
   */
  private <T extends Trainer> boolean validateAll(
      Supplier<T> trainers, ExperimentBinding<T, ?> binding, List<Trial> trials, DataLock lock,
      DataLockOptions lockOptions, Map<Integer, ResolvedConfig> configs, ConfigFileCache files) {
    Map<String, DataLock.Entry> locked = lock.entries(binding.experimentName());
    Map<Map<String, Path>, DatasetCheck.Result> dataChecks = new HashMap<>();
    int bad = 0;
    for (Trial trial : trials) {
      List<String> problems = new ArrayList<>();
      T trainer = trainers.get();
      try {
        // The environment the trial will see (but for the parent run's id, not known yet).
        ResolvedConfig config = ConfigLoading.resolve(
            binding, trainer, trial.overrides(), LocalLauncher.trialEnvironment(environment, trial), false, files);
        Map<String, Path> locations = new LinkedHashMap<>();
        for (DatasetSpec dataset : binding.datasets()) {
          Path path = config.getPath(dataset.name());
          locations.put(dataset.name(), path == null ? null : workDir.resolve(path).toAbsolutePath().normalize());
        }
        try {
          bindAndValidate(binding, trainer, config.withValues(locations));
        } catch (ValidationException e) {
          problems.add(e.problem(config).format());
        }
        // The same files are checked once for all trials that read them.
        DatasetCheck.Result data = dataChecks.computeIfAbsent(
            locations, l -> DatasetCheck.check(binding.datasets(), l, workDir, lock, locked, lockOptions.hashCache()));
        problems.addAll(data.problems());
        if (!lockOptions.allowDrift()) {
          problems.addAll(data.drift());
        }
        if (problems.isEmpty()) {
          configs.put(trial.index(), config);
        }
      } catch (ConfigException e) {
        e.problems().forEach(p -> problems.add(p.format()));
      }
      if (!problems.isEmpty()) {
        if (bad == 0) {
          err.println("repro4j: invalid trials; no trial was launched and no run was created:");
        }
        bad++;
        err.println("trial #" + trial.index() + " : " + trial.describe());
        for (String problem : problems) {
          err.println(problem.indent(2).stripTrailing());
        }
      }
    }
    if (bad > 0) {
      err.println("repro4j: " + bad + " of " + trials.size() + " trials are invalid; fix them (or drop their values"
          + " from the sweep) and run again. Run with --help to see every key, its type and range.");
      return false;
    }
    return true;
  }

  private int report(FileStore store, RunWriter parent, SweepFile file, TrialRuns ranHere, List<Trial> launched,
      List<TrialOutcome> outcomes, boolean interrupted, boolean resumed, boolean syncStore) {
    if (syncStore) {
      String notSynced = StoreSync.syncFileSystem(store.root());
      if (notSynced != null) {
        err.println("repro4j: warning: the trials' runs could not be synced to disk (" + notSynced + "); they are"
            + " complete, but a power loss in the next seconds could lose the latest of them");
      }
    }
    Map<Integer, TrialOutcome> byIndex = new HashMap<>();
    outcomes.forEach(o -> byIndex.put(o.index(), o));
    List<TrialOutcome> failed = outcomes.stream().filter(o -> !o.ok() && !o.preempted()).toList();
    List<TrialOutcome> preempted = outcomes.stream().filter(TrialOutcome::preempted).toList();
    List<Trial> notStarted = launched.stream().filter(t -> !byIndex.containsKey(t.index())).toList();
    boolean ok = failed.isEmpty() && preempted.isEmpty() && notStarted.isEmpty() && !interrupted;
    // Preempted trials saved their state: the sweep is stopped (KILLED, exit 3), not failed, when nothing else went wrong.
    boolean onlyPreempted = !preempted.isEmpty() && failed.isEmpty() && notStarted.isEmpty() && !interrupted;

    SweepStatus status;
    try {
      Optional<SweepStatus> known = ok && ranHere != null
          ? SweepStatus.ofTrialsRunHere(store, parent.runId(), file, ranHere) : Optional.empty();
      status = known.isPresent() ? known.get() : SweepStatus.read(store, parent.runId());
      ok = ok && status.rows().stream().allMatch(SweepStatus.Row::finished);
      Optional<SweepStatus.Row> best = status.best();
      if (best.isPresent()) {
        SweepGoal goal = status.file().goal();
        parent.setTag("repro4j.sweep.best_trial", Integer.toString(best.get().trial().index()));
        parent.setTag("repro4j.sweep.best_run", best.get().run().runId());
        parent.logMetric(goal.metric(), best.get().metric(), 0, System.currentTimeMillis());
      }
      onlyPreempted = onlyPreempted && !ok;
      parent.finish(ok ? RunStatus.FINISHED : interrupted || onlyPreempted ? RunStatus.KILLED : RunStatus.FAILED,
          System.currentTimeMillis());
    } catch (IOException | RuntimeException e) {
      err.println("repro4j: sweep " + parent.runId() + " could not be read back or ended: "
          + (e instanceof IOException io ? IoFailures.describe(io) : e.getMessage()));
      closeQuietly(parent);
      return Repro4j.EXIT_TRAINING_FAILED;
    }
    closeQuietly(parent);

    out.println();
    out.print(status.table());
    status.best().ifPresentOrElse(
        best -> out.println("repro4j: best trial #" + best.trial().index() + " (run " + best.run().runId() + "): "
            + status.file().goal().metric() + "=" + PythonFloat.repr(best.metric()) + " : " + best.trial().describe()),
        () -> out.println("repro4j: no best trial" + (status.file().goal() == null
            ? " (no @Metric has a goal; name one with --optimize METRIC:min|max)" : " (no trial finished)")));
    for (TrialOutcome failure : failed) {
      err.println();
      err.println("repro4j: trial #" + failure.index() + " FAILED (exit " + failure.exitCode() + "); log "
          + failure.log() + ":");
      err.print(tail(failure.log(), 40).indent(2));
    }
    for (TrialOutcome stopped : preempted) {
      err.println("repro4j: trial #" + stopped.index() + " PREEMPTED (exit " + stopped.exitCode() + "): it saved a"
          + " checkpoint and was not requeued again (max_requeues); log " + stopped.log());
    }
    if (!notStarted.isEmpty()) {
      err.println("repro4j: " + notStarted.size() + " trials not started (--fail-fast): #"
          + String.join(", #", notStarted.stream().map(t -> Integer.toString(t.index())).toList()));
    }
    String summary = status.counts().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
        .reduce((a, b) -> a + ", " + b).orElse("no trials");
    out.println("repro4j: sweep " + parent.runId() + (resumed ? " (resumed)" : "") + ": " + summary);
    if (!ok) {
      out.println("repro4j: run the trials that did not finish again with: --resume " + parent.runId()
          + "; see them with: repro4j sweep status " + parent.runId());
    }
    return ok ? Repro4j.EXIT_OK : onlyPreempted ? Repro4j.EXIT_PREEMPTED : Repro4j.EXIT_TRAINING_FAILED;
  }

  /**
   * Submits the SLURM array; returns null to go on following it, or the exit code: 0 when detached
   * (the parent run stays RUNNING), 2 when SLURM refused the array (the parent run is FAILED).
   */
  private Integer submit(SlurmLauncher slurm, RunWriter parent, List<Trial> trials, boolean detach) {
    SlurmArray array;
    try {
      array = slurm.submit(trials, parent.runId());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failSubmission(parent, "interrupted while submitting");
    } catch (IOException | IllegalArgumentException e) {
      return failSubmission(parent, e.getMessage());
    }
    out.println("repro4j: submitted SLURM array " + array.jobId() + "; its script and logs are in "
        + array.sweepDir().resolve("slurm"));
    try {
      parent.setTag("repro4j.sweep.slurm_job", array.jobId());
    } catch (IOException | RuntimeException e) {
      err.println("repro4j: sweep " + parent.runId() + ": the tag repro4j.sweep.slurm_job could not be written: "
          + e.getMessage());
    }
    if (!detach) {
      return null;
    }
    closeQuietly(parent);
    try {
      // No process writes the parent run until --resume: a lease would soon look abandoned, and
      // `repro4j doctor --fix` would mark the sweep KILLED while its trials still run.
      Files.deleteIfExists(parent.runDir().resolve(RunLease.FILE));
    } catch (IOException e) {
      err.println("repro4j: sweep " + parent.runId() + ": its lease could not be removed: " + IoFailures.describe(e));
    }
    out.println("repro4j: sweep " + parent.runId() + " detached; follow it with: repro4j sweep status "
        + parent.runId() + " (cancel it with: scancel " + array.jobId() + ")");
    return Repro4j.EXIT_OK;
  }

  /** Why a sweep on SLURM cannot be resumed yet (its latest array has tasks that have not ended), or null. */
  private static String slurmArrayStillRunning(Path artifactsDir) {
    Optional<Path> sweepDir = SlurmLauncher.latestSweepDir(artifactsDir);
    if (sweepDir.isEmpty()) {
      return null;
    }
    try {
      SlurmArray array = SlurmArray.attach(sweepDir.get());
      ArrayStatus status = array.status();
      return status.finished() ? null : "its " + status.summary() + " has not ended; wait for it (repro4j sweep"
          + " status), or cancel it with: scancel " + array.jobId();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while asking SLURM about the sweep's array";
    } catch (IOException e) {
      return "cannot tell whether the sweep's SLURM array has ended: " + e.getMessage();
    }
  }

  private int failSubmission(RunWriter parent, String reason) {
    err.println("repro4j: sweep " + parent.runId() + ": the SLURM array was not submitted: " + reason);
    try {
      parent.finish(RunStatus.FAILED, System.currentTimeMillis());
    } catch (IOException | RuntimeException e) {
      err.println("repro4j: sweep " + parent.runId() + " could not be marked FAILED: " + e.getMessage());
    }
    closeQuietly(parent);
    return Repro4j.EXIT_USAGE;
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
      return (all.size() > lines ? "...\n" : "") + String.join("\n", last) + "\n";
    } catch (IOException | UncheckedIOException e) {
      return "(the log could not be read: " + e.getMessage() + ")\n";
    }
  }

  private void killed(RunWriter parent) {
    if (!parent.finished()) {
      try {
        parent.finish(RunStatus.KILLED, System.currentTimeMillis());
      } catch (IOException | RuntimeException e) {
        err.println("repro4j: sweep " + parent.runId() + " could not be marked KILLED: " + e.getMessage());
      }
      err.println("repro4j: sweep " + parent.runId() + " KILLED; finish it with --resume " + parent.runId());
    }
  }

  private void closeQuietly(RunWriter run) {
    try {
      run.close();
    } catch (RuntimeException e) {
      err.println("repro4j: sweep " + run.runId() + ": " + e.getMessage());
    }
  }

  private int storeError(String trackingUri, String reason) {
    err.println("repro4j: cannot record in the tracking store '" + TrackingUris.redacted(trackingUri) + "': " + reason
        + "\n  no trial was launched; pass --tracking-uri DIR (or set MLFLOW_TRACKING_URI) to a writable directory");
    return Repro4j.EXIT_USAGE;
  }

  private void printProblems(List<ConfigProblem> problems) {
    for (ConfigProblem problem : problems) {
      err.println(problem.format());
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Trainer> Class<T> trainerClass(T trainer) {
    return (Class<T>) trainer.getClass();
  }

  private static <T extends Trainer, C extends Record> void bindAndValidate(
      ExperimentBinding<T, C> binding, T trainer, ResolvedConfig config) throws ValidationException {
    C record = binding.config(config);
    binding.bind(trainer, record);
    binding.validate(trainer, record);
  }

  private static String userName() {
    String user = System.getProperty("user.name");
    return user == null || user.isBlank() ? "unknown" : user;
  }
}
