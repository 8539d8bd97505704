package io.repro4j.runtime.tracking;

import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link FileStoreTest}: waits until the given wall-clock time, then gets
 * or creates each named experiment and prints {@code name=id} lines.
 */
public final class CreateExperimentsMain {
  private CreateExperimentsMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    long startAt = Long.parseLong(args[1]);
    while (System.currentTimeMillis() < startAt) {
      Thread.onSpinWait();
    }
    FileStore store = FileStore.open(root);
    StringBuilder out = new StringBuilder();
    for (int i = 2; i < args.length; i++) {
      out.append(args[i]).append('=').append(store.experimentId(args[i])).append('\n');
    }
    System.out.print(out);
  }
}
