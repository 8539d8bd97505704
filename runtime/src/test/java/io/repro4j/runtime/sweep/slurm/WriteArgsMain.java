package io.repro4j.runtime.sweep.slurm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A task's JVM for {@link BatchScriptTest}: writes its arguments (NUL-separated) and
 * {@code $GREETING}, the preemption signal and the trial's index to files, then exits with the code its first argument names.
 */
public final class WriteArgsMain {
  private WriteArgsMain() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[1]);
    Files.writeString(out, String.join("\0", List.of(args).subList(2, args.length)), StandardCharsets.UTF_8);
    Files.writeString(out.resolveSibling(out.getFileName() + ".env"),
        System.getenv("GREETING") + "\n" + System.getenv("REPRO4J_PREEMPT_SIGNAL") + "\n"
            + System.getenv("REPRO4J_SWEEP_TRIAL"), StandardCharsets.UTF_8);
    System.exit(Integer.parseInt(args[0]));
  }
}
