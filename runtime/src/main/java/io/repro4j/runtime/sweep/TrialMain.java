package io.repro4j.runtime.sweep;

import io.repro4j.runtime.Repro4j;
import io.repro4j.runtime.Trainer;
import java.util.Arrays;

/**
 * The {@code main} of a trial's own JVM ({@code --isolate}): {@code TrialMain TRAINER_CLASS
 * ARGS...} runs the trainer as its own {@code main} would, with the trial's arguments.
 */
public final class TrialMain {
  private TrialMain() {}

  public static void main(String[] args) throws ClassNotFoundException {
    if (args.length == 0) {
      System.err.println("repro4j: usage: TrialMain TRAINER_CLASS [ARGS...]");
      System.exit(Repro4j.EXIT_USAGE);
    }
    Class<? extends Trainer> trainerClass =
        Class.forName(args[0], false, TrialMain.class.getClassLoader()).asSubclass(Trainer.class);
    Trainer trainer = TrainerFactory.of(trainerClass).get();
    System.exit(Repro4j.run(trainer, Arrays.copyOfRange(args, 1, args.length)));
  }
}
