package io.repro4j.runtime.sweep.slurm;

import io.repro4j.runtime.Repro4j;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.launch.Launcher;
import io.repro4j.runtime.sweep.Trial;
import io.repro4j.runtime.sweep.TrialLauncher;
import io.repro4j.runtime.sweep.TrialMain;
import io.repro4j.runtime.sweep.TrialOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --launcher slurm}: runs a sweep's trials as one SLURM job array ({@link SlurmArray}), each
 * trial in a JVM of its own ({@link TrialMain}) with this JVM's Java and class path, its run nested
 * under the sweep's parent run. The array's files live in the parent run's artifacts ({@code
 * repro4j/slurm/}, or {@code repro4j/resumed-N/slurm/} for the N-th {@code --resume}), so they sit
 * in the tracking store, which the nodes must share anyway.
 *
 * <p>A task whose trial exited {@link Repro4j#EXIT_PREEMPTED} after its last requeue is reported
 * with that code: preempted, not failed.
 */
public final class SlurmLauncher implements TrialLauncher {
  /** The folder of the parent run's artifacts holding the arrays. */
  public static final String ARTIFACT_DIR = "repro4j";

  /**
   * @param artifactsDir the parent run's artifacts directory
   * @param options the array's SLURM options
   * @param failFast cancel the trials not yet finished once one has failed
   * @param workDir the trials' working directory
   * @param runOptions the arguments every trial gets before its overrides ({@code --tracking-uri ...})
   * @param trainerClass the trainer each task runs
   * @param console where the array's progress is printed
   */
  public record Settings(
      Path artifactsDir,
      SlurmOptions options,
      boolean failFast,
      Path workDir,
      List<String> runOptions,
      Class<? extends Trainer> trainerClass,
      PrintStream console) {}

  private final Settings settings;
  private SlurmArray array;

  public SlurmLauncher(Settings settings) {
    this.settings = settings;
  }

  /**
   * The SLURM options of {@code --slurm KEY=VALUE} settings, in order ({@code extra} may be given
   * several times), a later setting of a key replacing an earlier one.
   *
   * @throws IllegalArgumentException naming the setting and what is accepted
   */
  public static SlurmOptions options(List<String> settings) {
    return options(SlurmOptions.DEFAULTS, settings);
  }

  /** As {@link #options(List)}, applied over {@code base} (e.g. the config files' {@code slurm:} section). */
  public static SlurmOptions options(SlurmOptions base, List<String> settings) {
    Map<String, Object> map = new LinkedHashMap<>();
    List<String> extra = new ArrayList<>();
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--slurm " + setting + ": expected KEY=VALUE, e.g. --slurm partition=gpu;"
            + " the keys are: " + String.join(", ", SlurmOptions.KEYS.keySet()));
      }
      String key = setting.substring(0, eq).strip();
      String value = setting.substring(eq + 1);
      if (key.equals("extra")) {
        extra.add(value.strip());
      } else {
        map.put(key, value);
      }
    }
    if (!extra.isEmpty()) {
      map.put("extra", extra);
    }
    return base.with(map, "--slurm");
  }

  /**
   * Where the sweep's latest array is, under a parent run's artifacts directory: the directory to
   * {@link SlurmArray#attach}, or empty when the sweep never ran on SLURM.
   */
  public static Optional<Path> latestSweepDir(Path artifactsDir) {
    Path base = artifactsDir.resolve(ARTIFACT_DIR);
    Path latest = null;
    for (int n = 0; ; n++) {
      Path dir = n == 0 ? base : base.resolve("resumed-" + n);
      if (!Files.exists(dir.resolve("slurm").resolve("job-id"))) {
        return Optional.ofNullable(latest);
      }
      latest = dir;
    }
  }

  /** The sweep directory for a new array: the first of {@code repro4j}, {@code repro4j/resumed-1}, ... without one. */
  private Path newSweepDir() {
    Path base = settings.artifactsDir().resolve(ARTIFACT_DIR);
    for (int n = 0; ; n++) {
      Path dir = n == 0 ? base : base.resolve("resumed-" + n);
      if (!Files.exists(dir.resolve("slurm").resolve("job-id"))) {
        return dir;
      }
    }
  }

  @Override
  public String describe() {
    SlurmOptions options = settings.options();
    return "as a SLURM job array (" + (options.partition() == null ? "default partition" : "partition "
        + options.partition()) + ", " + options.time() + (options.time().contains(":") ? "" : " min") + " each"
        + (options.arrayParallelism() > 0 ? ", at most " + options.arrayParallelism() + " at once" : "") + ")";
  }

  /**
   * Writes the array's files and submits it; returns once SLURM has accepted it.
   *
   * @throws SlurmException when sbatch is missing or refuses the array
   * @throws IllegalArgumentException when an argument cannot be passed to a task
   */
  public SlurmArray submit(List<Trial> trials, String parentRunId) throws IOException, InterruptedException {
    List<String> common = new ArrayList<>();
    common.add(settings.trainerClass().getName());
    common.addAll(settings.runOptions());
    // REPRO4J_SWEEP_TRIAL differs per task: the batch script sets it from SLURM_ARRAY_TASK_ID.
    SlurmArray.Command command = SlurmArray.Command.currentJvm(TrialMain.class.getName(), common,
        Map.of(Launcher.PARENT_RUN_ID_VARIABLE, parentRunId), settings.workDir());
    List<SlurmArray.Task> tasks = trials.stream().map(t -> new SlurmArray.Task(t.index(), t.overrides())).toList();
    array = SlurmArray.submit(newSweepDir(), command, tasks, settings.options());
    return array;
  }

  /**
   * Follows the array {@link #submit} submitted (submitting it first if not yet) until every trial
   * has ended.
   *
   * @throws UncheckedIOException holding the {@link SlurmException} when SLURM cannot be asked
   */
  @Override
  public List<TrialOutcome> launch(List<Trial> trials, String parentRunId) throws InterruptedException {
    if (trials.isEmpty()) {
      return List.of();
    }
    try {
      if (array == null) {
        submit(trials, parentRunId);
      }
      Map<Integer, Trial> byIndex = new LinkedHashMap<>();
      trials.forEach(t -> byIndex.put(t.index(), t));
      Set<Integer> reported = new HashSet<>();
      Set<Integer> cancelledByUs = new HashSet<>();
      boolean[] cancelled = {false};
      ArrayStatus done = array.await(status -> {
        settings.console().println("repro4j: " + status.summary());
        for (TaskState task : status.tasks()) {
          if (task.finished() && reported.add(task.index())) {
            Trial trial = byIndex.get(task.index());
            settings.console().println("repro4j: trial #" + task.index() + " " + describe(task)
                + (trial == null ? "" : " : " + trial.describe()));
          }
        }
        if (settings.failFast() && !cancelled[0]
            && status.tasks().stream().anyMatch(t -> t.finished() && !t.succeeded() && !preempted(t))) {
          cancelled[0] = true;
          status.tasks().stream().filter(t -> !t.finished()).forEach(t -> cancelledByUs.add(t.index()));
          settings.console().println("repro4j: a trial failed; cancelling the others (--fail-fast)");
          try {
            array.cancel();
          } catch (IOException | InterruptedException e) {
            settings.console().println("repro4j: " + e.getMessage());
          }
        }
      });
      List<TrialOutcome> outcomes = new ArrayList<>();
      for (TaskState task : done.tasks()) {
        // A task cancelled by --fail-fast before its JVM exited counts as not started.
        if (task.exitCode() == null && cancelledByUs.contains(task.index()) && !Files.exists(array.stdout(task.index()))) {
          continue;
        }
        int code = task.exitCode() != null ? task.exitCode()
            : task.succeeded() ? Repro4j.EXIT_OK : Repro4j.EXIT_TRAINING_FAILED;
        if (code == Repro4j.EXIT_OK && !task.state().equals("COMPLETED")) {
          code = Repro4j.EXIT_TRAINING_FAILED;
        }
        outcomes.add(new TrialOutcome(task.index(), code, array.stderr(task.index())));
      }
      return outcomes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean preempted(TaskState task) {
    return task.exitCode() != null && task.exitCode() == Repro4j.EXIT_PREEMPTED;
  }

  private static String describe(TaskState task) {
    if (task.succeeded()) {
      return "FINISHED";
    }
    if (preempted(task)) {
      return "PREEMPTED (checkpointed; not requeued again after " + task.restarts() + " requeues)";
    }
    return task.state() + (task.exitCode() == null ? "" : " (exit " + task.exitCode() + ")")
        + (task.reason().isEmpty() ? "" : ": " + task.reason());
  }
}
