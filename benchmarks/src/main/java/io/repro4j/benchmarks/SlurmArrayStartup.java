package io.repro4j.benchmarks;

import io.repro4j.runtime.sweep.slurm.ArrayStatus;
import io.repro4j.runtime.sweep.slurm.SlurmArray;
import io.repro4j.runtime.sweep.slurm.SlurmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time from handing 16 trials to the SLURM launcher until SLURM reports all 16 array tasks
 * RUNNING, on whatever cluster {@code sbatch} reaches (see BENCHMARKS.md). Each round submits a
 * fresh array of tasks that sleep, polls every 50 ms, then cancels the array.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.repro4j.benchmarks.SlurmArrayStartup [ROUNDS] [TRIALS]}
 */
public final class SlurmArrayStartup {
  private SlurmArrayStartup() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--task")) {
      Thread.sleep(600_000); // a trial that waits to be cancelled
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    Path root = Files.createTempDirectory("repro4j-slurm-bench");
    System.out.printf(Locale.ROOT, "%d trials, %d rounds, load average %s%n", trials, rounds,
        Files.readString(Path.of("/proc/loadavg")).strip());
    for (int round = 1; round <= rounds; round++) {
      List<SlurmArray.Task> tasks = new ArrayList<>();
      for (int i = 0; i < trials; i++) {
        tasks.add(new SlurmArray.Task(i, List.of("--task")));
      }
      long start = System.nanoTime();
      SlurmArray array = SlurmArray.submit(root.resolve("sweep-" + round),
          SlurmArray.Command.currentJvm(SlurmArrayStartup.class.getName(), List.of(), Map.of(), root), tasks,
          SlurmOptions.parse(Map.of("job_name", "startup-bench", "time", "10"), "the benchmark"));
      long submitted = System.nanoTime();
      ArrayStatus status = array.status();
      while (status.counts().getOrDefault("RUNNING", 0) < trials) {
        if (status.finished()) {
          throw new IllegalStateException("the array ended before all tasks ran: " + status);
        }
        Thread.sleep(50);
        status = array.status();
      }
      long running = System.nanoTime();
      array.cancel();
      System.out.printf(Locale.ROOT, "round %d: array %s: sbatch accepted after %.2f s, all %d RUNNING after %.2f s%n",
          round, array.jobId(), (submitted - start) / 1e9, trials, (running - start) / 1e9);
      while (!array.status().finished()) {
        Thread.sleep(200);
      }
    }
  }
}
