package io.repro4j.runtime.launch;

import io.repro4j.runtime.Repro4j;
import io.repro4j.runtime.tracking.Provenance;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a run records about the code it ran: the library version, git, and the provenance artifacts
 * (class path hashes, the diff of a dirty work tree). Looking it up runs git and hashes the class
 * path, so the trials of a sweep in one JVM share one lookup: the code cannot change between them.
 *
 * @param version this library's version
 * @param git the work tree's git state, if it is in one
 * @param artifacts artifact path to content ({@link Provenance#artifacts})
 */
public record RunProvenance(String version, Optional<Provenance.GitInfo> git, Map<String, String> artifacts) {
  public RunProvenance {
    artifacts = Map.copyOf(artifacts);
  }

  /** Looks it all up for {@code workDir}: before a run exists, never on the training thread. */
  public static RunProvenance lookUp(Path workDir) {
    Optional<Provenance.GitInfo> git = Provenance.git(workDir);
    return new RunProvenance(Repro4j.version(), git, Provenance.artifacts(workDir, git));
  }
}
