package io.repro4j.runtime.sweep;

import io.repro4j.runtime.Repro4j;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.config.ResolvedConfig;
import io.repro4j.runtime.launch.InProcessTrial;
import io.repro4j.runtime.launch.Launcher;
import io.repro4j.runtime.launch.RunProvenance;
import io.repro4j.runtime.progress.ProgressLine;
import io.repro4j.runtime.progress.SweepProgress;
import io.repro4j.runtime.tracking.FinishDurability;
import io.repro4j.runtime.tracking.TrialRuns;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs trials on this machine, {@code jobs} at once: in this JVM, each on its own thread with a
 * fresh trainer, its own run (output directory, metric writer) and its own log; or, with {@code
 * isolate}, each in a JVM of its own started with this JVM's class path ({@link TrialMain}).
 *
 * <p>In this JVM, what the launcher prints about a trial goes to the trial's log; what the trainer
 * itself prints to {@code System.out} cannot be told apart between threads and stays on the
 * console. A child JVM's output all goes to its log.
 */
public final class LocalLauncher implements TrialLauncher {

  /**
   * @param jobs trials at once
   * @param isolate a JVM per trial
   * @param failFast start no trial once one has failed
   * @param workDir the trials' working directory
   * @param environment the sweep's environment; each trial adds the parent and its index
   * @param options the arguments every trial gets before its overrides ({@code --tracking-uri ...})
   * @param logDir where {@code trial-N.log} are written (the parent run's artifacts)
   * @param trainers a fresh trainer per call (in this JVM)
   * @param trainerClass the trainer's class (for a child JVM)
   * @param provenance looked up once for all trials in this JVM
   * @param configs each trial's config (by index) as the sweep composed and validated it, reused
   *     in this JVM instead of composing it again; a trial missing here composes its own
   * @param trialRuns the store, experiment and parent run the trials in this JVM create their runs
   *     under, checked once by the sweep; null: each trial opens the store from its arguments
   * @param console where one line per ended trial is printed
   */
  public record Settings(
      int jobs,
      boolean isolate,
      boolean failFast,
      Path workDir,
      Map<String, String> environment,
      List<String> options,
      Path logDir,
      Supplier<? extends Trainer> trainers,
      Class<? extends Trainer> trainerClass,
      RunProvenance provenance,
      Map<Integer, ResolvedConfig> configs,
      TrialRuns trialRuns,
      PrintStream console) {}

  private final Settings settings;

  public LocalLauncher(Settings settings) {
    this.settings = settings;
  }

  @Override
  public String describe() {
    String where = settings.isolate() ? "locally, a JVM per trial" : "locally in this JVM";
    return where + (settings.jobs() == 1 ? ", one at a time" : ", " + settings.jobs() + " at once");
  }

  @Override
  public List<TrialOutcome> launch(List<Trial> trials, String parentRunId) throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(settings.jobs(), task -> {
      Thread thread = new Thread(task, "repro4j-trial-" + threadNumber.incrementAndGet());
      thread.setDaemon(false);
      return thread;
    });
    List<Future<TrialOutcome>> futures = new ArrayList<>();
    SweepProgress progress = new SweepProgress(trials.size());
    // The trials' own training lines go to their logs, so this is the only line on the terminal.
    ProgressLine line = ProgressLine.startOrLog(progress, System.err);
    try {
      for (Trial trial : trials) {
        futures.add(pool.submit(() -> stop.get() ? null : runAndReport(trial, parentRunId, stop, progress, line)));
      }
      List<TrialOutcome> outcomes = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        TrialOutcome outcome;
        try {
          outcome = futures.get(i).get();
        } catch (ExecutionException e) {
          // An Error the launcher re-threw after recording the run FAILED (e.g. OutOfMemoryError).
          Trial trial = trials.get(i);
          progress.ended(false);
          line.printAbove(settings.console(), "repro4j: trial #" + trial.index() + " ended with " + e.getCause());
          outcome = new TrialOutcome(trial.index(), Repro4j.EXIT_TRAINING_FAILED, log(trial));
        }
        if (outcome != null) {
          outcomes.add(outcome);
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
      line.close();
    }
  }

  private TrialOutcome runAndReport(
      Trial trial, String parentRunId, AtomicBoolean stop, SweepProgress progress, ProgressLine line)
      throws IOException, InterruptedException {
    TrialOutcome outcome = settings.isolate() ? runInChildJvm(trial, parentRunId) : runHere(trial, parentRunId);
    if (!outcome.ok() && settings.failFast()) {
      stop.set(true);
    }
    progress.ended(outcome.ok());
    line.printAbove(settings.console(), "repro4j: trial #" + trial.index() + " " + (outcome.ok() ? "FINISHED"
        : outcome.exitCode() == Repro4j.EXIT_USAGE ? "could not start (exit 2)"
        : outcome.preempted() ? "PREEMPTED" : "FAILED") + " : " + trial.describe());
    return outcome;
  }

  private Map<String, String> environment(Trial trial, String parentRunId) {
    Map<String, String> environment = trialEnvironment(settings.environment(), trial);
    environment.put(Launcher.PARENT_RUN_ID_VARIABLE, parentRunId);
    return environment;
  }

  /**
   * A trial's environment but for the parent run's id (which does not exist before the sweep has
   * validated every trial): what the sweep composes each trial's config with.
   */
  static Map<String, String> trialEnvironment(Map<String, String> sweepEnvironment, Trial trial) {
    Map<String, String> environment = new HashMap<>(sweepEnvironment);
    environment.put(Launcher.SWEEP_TRIAL_VARIABLE, Integer.toString(trial.index()));
    return environment;
  }

  private List<String> arguments(Trial trial) {
    List<String> args = new ArrayList<>(settings.options());
    args.addAll(trial.overrides());
    return args;
  }

  private Path log(Trial trial) {
    return settings.logDir().resolve("trial-" + trial.index() + ".log");
  }

  private TrialOutcome runHere(Trial trial, String parentRunId) throws IOException {
    Path log = log(trial);
    // Made by the first trial; asked first, as createDirectories throws (and catches) inside when it exists.
    if (!Files.isDirectory(log.getParent())) {
      Files.createDirectories(log.getParent());
    }
    try (OutputStream file = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        PrintStream stream = new PrintStream(file, true, StandardCharsets.UTF_8)) {
      // No fsync per trial: the sweep syncs the store once before it records itself FINISHED.
      TrialRuns runs = settings.trialRuns() == null ? null : settings.trialRuns().forTrial(trial.index());
      InProcessTrial inProcess = new InProcessTrial(
          settings.provenance(), settings.configs().get(trial.index()), FinishDurability.DEFERRED, runs);
      Launcher launcher =
          new Launcher(stream, stream, settings.workDir(), environment(trial, parentRunId), inProcess);
      try {
        int code = launcher.run(settings.trainers().get(), arguments(trial).toArray(String[]::new));
        return new TrialOutcome(trial.index(), code, log);
      } finally {
        if (runs != null) {
          runs.trialEnded();
        }
      }
    }
  }

  private TrialOutcome runInChildJvm(Trial trial, String parentRunId) throws IOException, InterruptedException {
    Path log = log(trial);
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TrialMain.class.getName());
    command.add(settings.trainerClass().getName());
    command.addAll(arguments(trial));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(settings.workDir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment(trial, parentRunId));
    Process process = builder.start();
    try {
      return new TrialOutcome(trial.index(), process.waitFor(), log);
    } catch (InterruptedException e) {
      process.destroy(); // the child's shutdown hook records its run KILLED
      throw e;
    }
  }
}
