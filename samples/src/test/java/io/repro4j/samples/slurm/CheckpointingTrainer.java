package io.repro4j.samples.slurm;

import io.repro4j.annotations.Experiment;
import io.repro4j.annotations.Hyperparam;
import io.repro4j.annotations.Metric;
import io.repro4j.runtime.Preempted;
import io.repro4j.runtime.Repro4j;
import io.repro4j.runtime.RunContext;
import io.repro4j.runtime.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Steps slowly and resumes from its own checkpoint file: what a trainer does to survive SLURM's
 * time limit. Started by the SLURM integration tests as each array task's JVM.
 */
@Experiment(name = "checkpointing")
public class CheckpointingTrainer implements Trainer {
  /** Steps to train in all. */
  @Hyperparam(min = 1)
  int steps = 5;

  /** Wall time per step. */
  @Hyperparam(min = 0)
  long stepMillis = 100;

  /** Wall time per step once resumed from a checkpoint (a test needs the second attempt quick). */
  @Hyperparam(min = -1)
  long stepMillisAfterResume = -1;

  /** Throws at this step; -1 never. */
  @Hyperparam(min = -1)
  int failAt = -1;

  /** Where the step reached is saved on preemption; "" keeps no checkpoint. */
  @Hyperparam String checkpoint = "";

  /** Free text, recorded as a param (the tests pass spaces and quotes through SLURM). */
  @Hyperparam String label = "";

  @Metric long step;

  /** The step this attempt started from: 0 unless resumed. */
  @Metric long resumedFrom;

  /**
   * 1 when this attempt started from a checkpoint. Not the same as resumedFrom > 0: SLURM may
   * signal up to a minute early, so a checkpoint can be taken at step 0.
   */
  @Metric long resumed;

  @Override
  public void train(RunContext ctx) throws Exception {
    Path saved = checkpoint.isEmpty() ? null : Path.of(checkpoint);
    long pause = stepMillis;
    if (saved != null && Files.exists(saved)) {
      resumedFrom = Long.parseLong(Files.readString(saved).strip());
      resumed = 1;
      pause = stepMillisAfterResume >= 0 ? stepMillisAfterResume : stepMillis;
    }
    System.out.println("training from step " + resumedFrom);
    System.out.flush();
    for (step = resumedFrom; step < steps; step++) {
      if (step == failAt) {
        throw new IllegalStateException("failing at step " + step + " as asked (failAt=" + failAt + ")");
      }
      if (saved != null && ctx.preemptionRequested()) {
        Files.writeString(saved, Long.toString(step));
        throw new Preempted("checkpoint at step " + step + " in " + saved);
      }
      ctx.step(step);
      Thread.sleep(pause);
    }
  }

  public static void main(String[] args) {
    System.exit(Repro4j.run(new CheckpointingTrainer(), args));
  }
}
