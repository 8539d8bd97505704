package io.repro4j.runtime.sweep.slurm;

import io.repro4j.runtime.launch.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SLURM launcher: runs a sweep's trials as one SLURM job array, one array task per trial, and
 * follows it.
 *
 * <pre>{@code
 * SlurmArray array = SlurmArray.submit(sweepDir, Command.currentJvm(mainClass, commonArgs, env, workDir),
 *     tasks, SlurmOptions.parse(settings, "the command line"));
 * ArrayStatus done = array.await(status -> System.err.println(status.summary()));   // or return: --detach
 * ...
 * ArrayStatus later = SlurmArray.attach(sweepDir).status();                          // sweep status
 * }</pre>
 *
 * <p>Everything lives under {@code SWEEP_DIR/slurm/}, which must be on a file system the nodes
 * share: {@code array.sbatch} (the batch script), {@code command.args}, {@code environment} and
 * {@code tasks/N.args} (NUL-separated words, so arguments may hold any character but NUL),
 * {@code job-id}, the logs {@code logs/JOB_N.out} and {@code logs/JOB_N.err}, and
 * {@code tasks/N.exit}, written by each task when its JVM exits. The trials' results are their
 * runs in the tracking store, written by each task's JVM as usual.
 *
 * <p>State is read with {@code squeue} and {@code scontrol}, never {@code sacct} (which needs
 * slurmdbd), and from the exit files once the controller has forgotten a task.
 */
public final class SlurmArray {
  /**
   * One trial.
   *
   * @param index the array task id, 0 or more, unique within the array
   * @param args the trial's own arguments (its overrides), appended to the command's common ones
   */
  public record Task(int index, List<String> args) {
    public Task {
      if (index < 0) {
        throw new IllegalArgumentException("trial index " + index + " is negative; SLURM array ids start at 0");
      }
      args = List.copyOf(args);
    }
  }

  /**
   * What each task runs: {@code JAVA JVM_OPTIONS -cp CLASS_PATH MAIN_CLASS COMMON_ARGS TRIAL_ARGS}
   * in {@code workingDirectory}, with {@code environment} added to the submitter's (sbatch passes
   * the submitting shell's environment on, as SLURM does by default). Put
   * {@link Launcher#PARENT_RUN_ID_VARIABLE} in the environment to nest the trials' runs under the
   * sweep's run.
   *
   * @param java the java executable, as the nodes see it
   * @param jvmOptions options before {@code -cp}, e.g. {@code -Xmx4g}
   * @param classPath the class path, as the nodes see it
   * @param mainClass the trainer's main class
   * @param commonArgs arguments every trial gets, e.g. {@code --tracking-uri /shared/mlruns}
   * @param environment variables to set in every task
   * @param workingDirectory each task's working directory ({@code --chdir})
   */
  public record Command(
      Path java,
      List<String> jvmOptions,
      String classPath,
      String mainClass,
      List<String> commonArgs,
      Map<String, String> environment,
      Path workingDirectory) {
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public Command {
      jvmOptions = List.copyOf(jvmOptions);
      commonArgs = List.copyOf(commonArgs);
      environment = Map.copyOf(environment);
      workingDirectory = workingDirectory.toAbsolutePath().normalize();
      for (String name : environment.keySet()) {
        if (!VARIABLE.matcher(name).matches()) {
          throw new IllegalArgumentException("environment variable name '" + name + "' is not valid in a shell;"
              + " use letters, digits and _");
        }
      }
    }

    /**
     * The JVM and class path this process runs with, no JVM options: right when the submitting
     * machine and the nodes share the JDK and the jars at the same paths.
     */
    public static Command currentJvm(
        String mainClass, List<String> commonArgs, Map<String, String> environment, Path workingDirectory) {
      Path java = ProcessHandle.current().info().command().map(Path::of)
          .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
      // absolute, so that a task started in another directory finds the same jars
      String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
          .filter(entry -> !entry.isEmpty())
          .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
          .collect(Collectors.joining(File.pathSeparator));
      return new Command(java, List.of(), classPath, mainClass, commonArgs, environment, workingDirectory);
    }

    /** The command's words before the trial's arguments. */
    public List<String> words() {
      List<String> words = new ArrayList<>();
      words.add(java.toString());
      words.addAll(jvmOptions);
      words.add("-cp");
      words.add(classPath);
      words.add(mainClass);
      words.addAll(commonArgs);
      return words;
    }
  }

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FIRST_POLL = Duration.ofMillis(250);
  private static final Duration SLOWEST_POLL = Duration.ofSeconds(2);
  private static final Duration CONTROLLER_PATIENCE = Duration.ofMinutes(2);

  private final String jobId;
  private final Path sweepDir;
  private final List<Integer> indices;
  private final SlurmCommands commands = new SlurmCommands(COMMAND_TIMEOUT);

  private SlurmArray(String jobId, Path sweepDir, List<Integer> indices) {
    this.jobId = jobId;
    this.sweepDir = sweepDir;
    this.indices = List.copyOf(indices);
  }

  /**
   * Writes the array's files under {@code sweepDir/slurm/} and submits it with {@code sbatch}; returns
   * as soon as SLURM has accepted it (that is {@code --detach}).
   *
   * @throws IllegalArgumentException for no tasks, a repeated index, a NUL in an argument, or a
   *     sweep directory that already holds a submitted array
   * @throws SlurmException when sbatch is missing or refuses the array (its message is included)
   */
  public static SlurmArray submit(Path sweepDir, Command command, List<Task> tasks, SlurmOptions options)
      throws IOException, InterruptedException {
    Path sweep = sweepDir.toAbsolutePath().normalize();
    Path slurm = sweep.resolve("slurm");
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no trials to submit");
    }
    if (Files.exists(slurm.resolve("job-id"))) {
      throw new IllegalArgumentException(sweep + " already holds the SLURM array "
          + Files.readString(slurm.resolve("job-id")).strip() + "; start a new sweep in a new directory, or follow"
          + " that one with `squeue -r -j " + Files.readString(slurm.resolve("job-id")).strip() + "`");
    }
    if (slurm.toString().contains("%")) {
      throw new IllegalArgumentException("the sweep directory " + sweep + " contains '%', which sbatch reads as a"
          + " pattern in log paths; choose a directory without '%'");
    }
    TreeSet<Integer> indices = indices(tasks);
    Path script = writeFiles(slurm, command, tasks, options);

    SlurmCommands commands = new SlurmCommands(COMMAND_TIMEOUT);
    SlurmCommands.Result result =
        commands.run(BatchScript.submitCommand(script, slurm, command.workingDirectory()));
    if (!result.ok()) {
      throw new SlurmException("SLURM refused the array: " + result.describe() + "\n  the batch script is "
          + script + "; fix the SLURM option it names (partition, account, time, mem, gpus, extra) and run again");
    }
    // "<id>" or "<id>;<cluster>"
    String jobId = result.out().strip().split(";", 2)[0];
    if (!jobId.matches("\\d+")) {
      throw new SlurmException("sbatch --parsable printed '" + result.out().strip() + "', not a job id");
    }
    writeAtomically(slurm.resolve("job-id"), (jobId + "\n").getBytes(StandardCharsets.UTF_8));
    return new SlurmArray(jobId, sweep, List.copyOf(indices));
  }

  private static TreeSet<Integer> indices(List<Task> tasks) {
    TreeSet<Integer> indices = new TreeSet<>();
    for (Task task : tasks) {
      if (!indices.add(task.index())) {
        throw new IllegalArgumentException("trial index " + task.index() + " is given twice");
      }
    }
    return indices;
  }

  /** Writes the batch script and the files it reads into {@code slurm}; returns the script. */
  static Path writeFiles(Path slurm, Command command, List<Task> tasks, SlurmOptions options) throws IOException {
    TreeSet<Integer> indices = indices(tasks);
    for (Task task : tasks) {
      checkNoNul("trial " + task.index() + "'s arguments", task.args());
    }
    checkNoNul("the command", command.words());
    checkNoNul("the environment", command.environment().values());

    Files.createDirectories(slurm.resolve("tasks"));
    Files.createDirectories(slurm.resolve("logs"));
    writeAtomically(slurm.resolve("command.args"), nulSeparated(command.words()));
    List<String> assignments = new ArrayList<>();
    command.environment().forEach((name, value) -> assignments.add(name + "=" + value));
    assignments.sort(null);
    writeAtomically(slurm.resolve("environment"), nulSeparated(assignments));
    for (Task task : tasks) {
      writeAtomically(slurm.resolve("tasks").resolve(task.index() + ".args"), nulSeparated(task.args()));
    }
    Path script = slurm.resolve("array.sbatch");
    writeAtomically(script, BatchScript.render(options, arraySpec(indices, options.arrayParallelism()), slurm,
        command.workingDirectory()).getBytes(StandardCharsets.UTF_8));
    return script;
  }

  /**
   * The array submitted earlier into {@code sweepDir}, to follow or cancel it from another process.
   *
   * @throws IllegalArgumentException when no array was submitted there
   */
  public static SlurmArray attach(Path sweepDir) throws IOException {
    Path sweep = sweepDir.toAbsolutePath().normalize();
    Path slurm = sweep.resolve("slurm");
    Path jobIdFile = slurm.resolve("job-id");
    if (!Files.isRegularFile(jobIdFile)) {
      throw new IllegalArgumentException(sweep + " holds no SLURM array (no " + jobIdFile + "); give the directory"
          + " of a sweep started with --launcher slurm");
    }
    String jobId = Files.readString(jobIdFile).strip();
    List<Integer> indices = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(slurm.resolve("tasks"), "*.args")) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        indices.add(Integer.parseInt(name.substring(0, name.length() - ".args".length())));
      }
    }
    indices.sort(null);
    return new SlurmArray(jobId, sweep, indices);
  }

  /** The array's SLURM job id. */
  public String jobId() {
    return jobId;
  }

  /** The sweep directory the array's files are in. */
  public Path sweepDir() {
    return sweepDir;
  }

  /** Trial {@code index}'s standard output, as its task writes it. */
  public Path stdout(int index) {
    return sweepDir.resolve("slurm").resolve("logs").resolve(jobId + "_" + index + ".out");
  }

  /** Trial {@code index}'s standard error, as its task writes it. */
  public Path stderr(int index) {
    return sweepDir.resolve("slurm").resolve("logs").resolve(jobId + "_" + index + ".err");
  }

  /** Every task's state now: one {@code squeue} call, plus one {@code scontrol} call once all have finished. */
  public ArrayStatus status() throws IOException, InterruptedException {
    Map<Integer, ExitFile> exits = new HashMap<>();
    for (int index : indices) {
      ExitFile.read(sweepDir.resolve("slurm").resolve("tasks").resolve(index + ".exit"))
          .ifPresent(exit -> exits.put(index, exit));
    }
    SlurmCommands.Result queue = commands.run(
        List.of("squeue", "-h", "-r", "-t", "all", "-j", jobId, "-o", "%K|%T|%r"));
    boolean known = queue.ok();
    if (!known && !queue.err().contains("Invalid job id")) {
      throw new SlurmException("cannot read the state of SLURM array " + jobId + ": " + queue.describe());
    }
    Map<Integer, String[]> queued = known ? SlurmOutput.squeue(queue.out()) : Map.of();
    Map<Integer, SlurmOutput.Ended> ended = Map.of();
    boolean allFinished = indices.stream().allMatch(i -> queued.containsKey(i) && TaskState.finished(queued.get(i)[0]));
    if (known && allFinished) {
      SlurmCommands.Result show = commands.run(List.of("scontrol", "-o", "show", "job", jobId));
      if (show.ok()) {
        ended = SlurmOutput.scontrol(show.out());
      }
    }

    List<TaskState> tasks = new ArrayList<>();
    for (int index : indices) {
      ExitFile exit = exits.get(index);
      String[] line = queued.get(index);
      if (line != null) {
        String state = line[0];
        Integer code = null;
        int restarts = exit == null ? 0 : exit.restarts() + (exit.requeued() ? 1 : 0);
        if (TaskState.finished(state)) {
          SlurmOutput.Ended end = ended.get(index);
          if (exit != null && !exit.requeued()) {
            code = exit.code();
          } else if (end != null) {
            code = end.exitCode();
          }
          if (end != null) {
            restarts = Math.max(restarts, end.restarts());
          }
        }
        tasks.add(new TaskState(index, state, "None".equals(line[1]) ? "" : line[1], code, restarts));
      } else if (known) {
        tasks.add(new TaskState(index, "PENDING", "not listed by squeue yet", null, 0));
      } else if (exit != null && !exit.requeued()) {
        String state = exit.code() == 0 ? "COMPLETED" : "FAILED";
        tasks.add(new TaskState(index, state, exit.outcome(), exit.code(), exit.restarts()));
      } else {
        tasks.add(new TaskState(index, "UNKNOWN",
            "the controller no longer knows job " + jobId + " and the task left no exit file (cancelled before"
                + " it ran, or killed); see " + stderr(index), null, exit == null ? 0 : exit.restarts() + 1));
      }
    }
    return new ArrayStatus(jobId, tasks);
  }

  /**
   * Polls until every task has finished, calling {@code onChange} with each status that differs from
   * the last one (the first included); returns the final status. Should this JVM be stopped
   * meanwhile (Ctrl-C, SIGTERM), the array is cancelled first.
   */
  public ArrayStatus await(Consumer<ArrayStatus> onChange) throws IOException, InterruptedException {
    AtomicBoolean done = new AtomicBoolean();
    Thread cancelOnExit = new Thread(() -> {
      if (!done.get()) {
        System.err.println("repro4j: cancelling SLURM array " + jobId + " (the launcher is stopping)");
        try {
          cancel();
        } catch (IOException | InterruptedException e) {
          System.err.println("repro4j: " + e.getMessage() + "; cancel it with: scancel " + jobId);
        }
      }
    }, "repro4j-slurm-cancel");
    Runtime.getRuntime().addShutdownHook(cancelOnExit);
    try {
      ArrayStatus last = null;
      Duration wait = FIRST_POLL;
      long failingSince = 0;
      while (true) {
        ArrayStatus now;
        try {
          now = status();
          failingSince = 0;
        } catch (SlurmException e) {
          // A controller restart makes squeue fail for a while; the array itself goes on.
          long nowNanos = System.nanoTime();
          if (failingSince == 0) {
            failingSince = nowNanos;
          } else if (nowNanos - failingSince > CONTROLLER_PATIENCE.toNanos()) {
            throw new SlurmException(e.getMessage() + " (for " + CONTROLLER_PATIENCE.toSeconds() + " s; the array may"
                + " still run: follow it with `squeue -r -j " + jobId + "`, cancel it with `scancel " + jobId
                + "`)", e);
          }
          Thread.sleep(SLOWEST_POLL.toMillis());
          continue;
        }
        if (!now.equals(last)) {
          onChange.accept(now);
          wait = FIRST_POLL;
        } else {
          wait = wait.multipliedBy(3).dividedBy(2);
          if (wait.compareTo(SLOWEST_POLL) > 0) {
            wait = SLOWEST_POLL;
          }
        }
        if (now.finished()) {
          done.set(true);
          return now;
        }
        last = now;
        Thread.sleep(wait.toMillis());
      }
    } finally {
      done.set(true);
      try {
        Runtime.getRuntime().removeShutdownHook(cancelOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
  }

  /** Cancels every task that has not finished ({@code scancel}); running trials get SIGTERM and are recorded KILLED. */
  public void cancel() throws IOException, InterruptedException {
    SlurmCommands.Result result = commands.run(List.of("scancel", jobId));
    if (!result.ok() && !result.err().contains("Invalid job id")) {
      throw new SlurmException("cannot cancel SLURM array " + jobId + ": " + result.describe());
    }
  }

  /** {@code 0-15}, {@code 0-3,7,9-10}, with {@code %N} when at most N may run at once. */
  static String arraySpec(TreeSet<Integer> indices, int parallelism) {
    StringBuilder spec = new StringBuilder();
    Integer start = null;
    Integer previous = null;
    for (int index : indices) {
      if (previous != null && index == previous + 1) {
        previous = index;
        continue;
      }
      if (start != null) {
        appendRange(spec, start, previous);
      }
      start = index;
      previous = index;
    }
    appendRange(spec, start, previous);
    if (parallelism > 0) {
      spec.append('%').append(parallelism);
    }
    return spec.toString();
  }

  private static void appendRange(StringBuilder spec, int start, int end) {
    if (spec.length() > 0) {
      spec.append(',');
    }
    spec.append(start);
    if (end > start) {
      spec.append('-').append(end);
    }
  }

  private static void checkNoNul(String what, java.util.Collection<String> words) {
    for (String word : words) {
      if (word.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(what + " contain a NUL character, which no process argument can hold: "
            + word.replace("\0", "\\0"));
      }
    }
  }

  private static byte[] nulSeparated(List<String> words) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String word : words) {
      bytes.writeBytes(word.getBytes(StandardCharsets.UTF_8));
      bytes.write(0);
    }
    return bytes.toByteArray();
  }

  private static void writeAtomically(Path file, byte[] content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temp, content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** What a task's script wrote when its JVM exited: {@code exit=N restarts=N outcome=WORD}. */
  record ExitFile(int code, int restarts, String outcome) {
    boolean requeued() {
      return outcome.equals("requeued");
    }

    static java.util.Optional<ExitFile> read(Path file) throws IOException {
      if (!Files.isRegularFile(file)) {
        return java.util.Optional.empty();
      }
      Map<String, String> fields = new HashMap<>();
      for (String field : Files.readString(file).strip().split(" ")) {
        int eq = field.indexOf('=');
        if (eq > 0) {
          fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
      }
      try {
        return java.util.Optional.of(new ExitFile(Integer.parseInt(fields.get("exit")),
            Integer.parseInt(fields.get("restarts")), fields.getOrDefault("outcome", "exited")));
      } catch (NumberFormatException e) {
        throw new IOException(file + " is not a task's exit file (exit=N restarts=N outcome=WORD): "
            + Files.readString(file).strip(), e);
      }
    }
  }
}
