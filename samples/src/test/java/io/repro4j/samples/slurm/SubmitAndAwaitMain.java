package io.repro4j.samples.slurm;

import io.repro4j.runtime.sweep.slurm.ArrayStatus;
import io.repro4j.runtime.sweep.slurm.SlurmArray;
import io.repro4j.runtime.sweep.slurm.SlurmOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A launcher process as {@code --launcher slurm} runs it: submits N trials of
 * {@link CheckpointingTrainer} and follows them, printing progress on stderr. Arguments: SWEEP_DIR
 * STORE N, then the trials' common overrides.
 */
public final class SubmitAndAwaitMain {
  private SubmitAndAwaitMain() {}

  public static void main(String[] args) throws Exception {
    Path sweepDir = Path.of(args[0]);
    List<String> common = new ArrayList<>(List.of("--tracking-uri", args[1]));
    int trials = Integer.parseInt(args[2]);
    common.addAll(List.of(args).subList(3, args.length));
    List<SlurmArray.Task> tasks = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      tasks.add(new SlurmArray.Task(i, List.of("label=trial " + i)));
    }
    SlurmArray array = SlurmArray.submit(sweepDir,
        SlurmArray.Command.currentJvm(CheckpointingTrainer.class.getName(), common, Map.of(), Path.of("")),
        tasks, SlurmOptions.parse(Map.of("job_name", "await-main", "time", "5"), "SubmitAndAwaitMain"));
    System.err.println("submitted " + array.jobId());
    ArrayStatus done = array.await(status -> System.err.println(status.summary()));
    System.exit(done.succeeded() ? 0 : 1);
  }
}
