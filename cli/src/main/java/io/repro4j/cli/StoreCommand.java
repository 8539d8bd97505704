package io.repro4j.cli;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RemoteReplicator;
import io.repro4j.runtime.tracking.StoredExperiment;
import io.repro4j.runtime.tracking.TrackingUris;
import io.repro4j.runtime.tracking.search.SearchSyntaxException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that reads a tracking store. Errors the user can fix (a bad filter, an unknown run or
 * experiment, a missing or unreadable store) print one message to stderr and exit with 2.
 */
abstract class StoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand Repro4jCli parent;

  @Option(
      names = "--tracking-uri",
      paramLabel = "URI",
      description = "The MLflow file store: a directory or file: URI (default: $MLFLOW_TRACKING_URI, else ./mlruns;"
          + " for an http(s) server URI, the local store its runs are recorded in: $REPRO4J_LOCAL_STORE, else mlruns in the working directory).")
  String trackingUri;

  /** The command's work; returns the exit code. */
  abstract int execute(PrintWriter out) throws IOException;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      int code = execute(out);
      out.flush();
      return code;
    } catch (UsageError | SearchSyntaxException e) {
      out.flush();
      err.println("repro4j " + spec.name() + ": " + e.getMessage());
      err.flush();
      return 2;
    } catch (IOException e) {
      out.flush();
      // FileStore's messages name the file and what is wrong with it.
      err.println("repro4j " + spec.name() + ": could not read the store: " + (e.getMessage() == null ? e : e.getMessage()));
      err.flush();
      return 2;
    } catch (RuntimeException e) {
      out.flush();
      err.println("repro4j " + spec.name() + ": could not read the store: " + e);
      err.flush();
      return 2;
    }
  }

  /** The zone times are shown in. */
  java.time.ZoneId zone() {
    return parent.zone();
  }

  /** Opens the store that --tracking-uri, else MLFLOW_TRACKING_URI, else ./mlruns names; never creates one. */
  FileStore openStore() throws IOException {
    String uri = trackingUri;
    String from = "--tracking-uri";
    if (uri == null) {
      String env = parent.environment.get("MLFLOW_TRACKING_URI");
      if (env != null && !env.isBlank()) {
        uri = env;
        from = "MLFLOW_TRACKING_URI";
      } else {
        uri = "./mlruns";
        from = "the default";
      }
    }
    Path root;
    try {
      if (TrackingUris.isServerUri(uri)) { // runs recorded to a server are kept locally too
        from += " '" + TrackingUris.redacted(uri) + "' (a server), whose local store";
        uri = RemoteReplicator.localStore(parent.workDir, parent.environment).toString();
      }
      root = FileStore.rootFromUri(uri, parent.workDir);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    if (!Files.isDirectory(root)) {
      throw new UsageError(
          "No tracking store at "
              + root
              + " (from "
              + from
              + " '"
              + uri
              + "'); pass --tracking-uri DIR or set MLFLOW_TRACKING_URI to the directory your runs"
              + " were recorded in");
    }
    return FileStore.open(root);
  }

  /** Experiment id to name, for every experiment (active and deleted). */
  static Map<String, String> experimentNames(FileStore store) throws IOException {
    return experimentNames(store.experiments());
  }

  /** Experiment id to name, for the experiments already read. */
  static Map<String, String> experimentNames(List<StoredExperiment> experiments) {
    Map<String, String> names = new LinkedHashMap<>();
    for (StoredExperiment e : experiments) {
      names.put(e.id(), e.name());
    }
    return names;
  }
}
