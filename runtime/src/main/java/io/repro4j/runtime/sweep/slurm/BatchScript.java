package io.repro4j.runtime.sweep.slurm;

import io.repro4j.runtime.Repro4j;
import io.repro4j.runtime.launch.Launcher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The array's batch script. Each task reads its command and its trial's arguments from
 * NUL-separated files (any byte but NUL survives: spaces, quotes, newlines), runs the JVM as a
 * child so that the shell can pass SLURM's signals on to it, writes its exit file, and asks SLURM to
 * requeue it when the run exited with {@link Repro4j#EXIT_PREEMPTED} and the bound allows.
 */
final class BatchScript {
  /** The signal SLURM sends before the time limit, passed to the JVM as the preemption request. */
  static final String PREEMPT_SIGNAL = "USR1";

  private BatchScript() {}

  /**
   * The sbatch command line that submits {@code script}. Paths go here, as separate words, rather
   * than into {@code #SBATCH} lines, where sbatch would split them at spaces.
   */
  static List<String> submitCommand(Path script, Path slurmDir, Path workDir) {
    return List.of(
        "sbatch", "--parsable",
        "--chdir=" + workDir,
        "--output=" + slurmDir.resolve("logs") + "/%A_%a.out",
        "--error=" + slurmDir.resolve("logs") + "/%A_%a.err",
        script.toString());
  }

  static String render(SlurmOptions options, String arraySpec, Path slurmDir, Path workDir) {
    List<String> sbatch = new ArrayList<>();
    sbatch.add("--array=" + arraySpec);
    // one log per task across requeues
    sbatch.add("--open-mode=append");
    sbatch.addAll(options.sbatchOptions());

    StringBuilder script = new StringBuilder();
    script.append("#!/bin/bash\n");
    script.append("# Written by Repro4j's SLURM launcher: one array task per trial. Submitted as\n# ")
        .append(String.join(" ", submitCommand(slurmDir.resolve("array.sbatch"), slurmDir, workDir).stream()
            .map(BatchScript::shellWord).toList()))
        .append('\n');
    for (String option : sbatch) {
      script.append("#SBATCH ").append(option).append('\n');
    }
    script.append("set -u\n");
    script.append("slurm_dir=").append(shellQuoted(slurmDir.toString())).append('\n');
    script.append("max_requeues=").append(options.maxRequeues()).append('\n');
    script.append("""
        task=${SLURM_ARRAY_TASK_ID:?this script runs as a SLURM array task (sbatch it)}
        restarts=${SLURM_RESTART_COUNT:-0}
        exit_file="$slurm_dir/tasks/$task.exit"
        mapfile -d '' -t command < "$slurm_dir/command.args" || exit 2
        mapfile -d '' -t trial < "$slurm_dir/tasks/$task.args" || exit 2
        mapfile -d '' -t environment < "$slurm_dir/environment" || exit 2
        for assignment in "${environment[@]}"; do export "$assignment"; done
        # the one variable that differs between tasks: the trial's index, for its run's tag
        export %s="$task"
        export REPRO4J_PREEMPT_SIGNAL=%s
        # written atomically, read by the launcher when the controller no longer knows the task
        finished() {
          printf 'exit=%%s restarts=%%s outcome=%%s\\n' "$1" "$restarts" "$2" > "$exit_file.$$" && mv -f "$exit_file.$$" "$exit_file"
        }
        echo "repro4j: array task $task, job ${SLURM_JOB_ID:-?}, attempt $((restarts + 1)) on $(hostname)" >&2
        # The JVM starts with %s ignored, so that a signal before its handler is installed cannot kill it.
        trap '' %s
        "${command[@]}" "${trial[@]}" &
        child=$!
        # SLURM signals this shell (--signal=B:...); the JVM decides what the signal means
        trap 'kill -%s "$child" 2>/dev/null' %s
        trap 'kill -TERM "$child" 2>/dev/null' TERM
        while true; do
          wait "$child"; rc=$?
          kill -0 "$child" 2>/dev/null && continue  # a trapped signal interrupted wait
          wait "$child"; rc=$?
          break
        done
        if [[ $rc == %d ]]; then
          if (( restarts < max_requeues )); then
            finished "$rc" requeued
            if scontrol requeue "$SLURM_JOB_ID"; then exit 0; fi
            echo "repro4j: scontrol requeue $SLURM_JOB_ID failed; the trial ends here" >&2
            finished "$rc" requeue-failed
            exit "$rc"
          fi
          echo "repro4j: preempted again after $restarts requeues (max_requeues=$max_requeues); the trial ends here" >&2
          finished "$rc" requeue-limit
          exit "$rc"
        fi
        finished "$rc" exited
        exit "$rc"
        """.formatted(Launcher.SWEEP_TRIAL_VARIABLE, PREEMPT_SIGNAL, PREEMPT_SIGNAL, PREEMPT_SIGNAL, PREEMPT_SIGNAL, PREEMPT_SIGNAL, Repro4j.EXIT_PREEMPTED));
    return script.toString();
  }

  private static String shellWord(String value) {
    return value.matches("[A-Za-z0-9_@%+=:,./-]+") ? value : shellQuoted(value);
  }

  /** {@code value} as one word for a POSIX shell. */
  static String shellQuoted(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
