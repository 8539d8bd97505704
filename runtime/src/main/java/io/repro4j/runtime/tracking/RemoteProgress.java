package io.repro4j.runtime.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How far a local run has been pushed to each MLflow server: the file {@code repro4j-remote.json}
 * in the run directory (MLflow reads only {@code meta.yaml} and the sub-folders of a run, so the
 * layout stays valid, as with the lease file). Per server URI: the remote experiment and run id,
 * the params sent, a digest of each tag value sent, the byte offset up to which each metric file
 * was sent, and the status last sent. It is rewritten atomically after every accepted batch, so a
 * push that stops anywhere resumes where it stopped.
 */
final class RemoteProgress {
  static final String FILE = "repro4j-remote.json";

  /** What one server holds of the run. */
  static final class Server {
    String experimentId;
    String runId;
    final Set<String> params = new TreeSet<>();
    final Map<String, String> tagDigests = new TreeMap<>();
    final Map<String, Long> metricOffsets = new TreeMap<>();
    String status;
    Long endTime;
  }

  private final Path runDir;
  private final Map<String, Server> servers = new TreeMap<>();

  private RemoteProgress(Path runDir) {
    this.runDir = runDir;
  }

  /** The progress recorded in {@code runDir}; empty when nothing was pushed yet. */
  static RemoteProgress read(Path runDir) throws IOException {
    RemoteProgress progress = new RemoteProgress(runDir);
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return progress;
    }
    JsonNode root;
    try {
      root = MlflowRestClient.JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException(
          file + " is not valid JSON (" + e.getMessage() + "); delete it to push the run anew (the"
              + " server's run is found again by its tag " + RunPusher.LOCAL_RUN_ID_TAG + ")", e);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("servers").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode s = entry.getValue();
      Server server = new Server();
      server.experimentId = textOrNull(s.get("experiment_id"));
      server.runId = textOrNull(s.get("run_id"));
      s.path("params").forEach(p -> server.params.add(p.asText()));
      s.path("tags").fields().forEachRemaining(t -> server.tagDigests.put(t.getKey(), t.getValue().asText()));
      s.path("metric_offsets").fields().forEachRemaining(m -> server.metricOffsets.put(m.getKey(), m.getValue().asLong()));
      server.status = textOrNull(s.get("status"));
      server.endTime = s.hasNonNull("end_time") ? s.get("end_time").asLong() : null;
      progress.servers.put(entry.getKey(), server);
    }
    return progress;
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  /** The state for {@code server}, created empty when absent. */
  Server server(String server) {
    return servers.computeIfAbsent(server, s -> new Server());
  }

  /** The remote run id on {@code server}, or null. */
  String remoteRunId(String server) {
    Server s = servers.get(server);
    return s == null ? null : s.runId;
  }

  /** Writes the file atomically. */
  void save() throws IOException {
    ObjectNode root = MlflowRestClient.JSON.createObjectNode();
    ObjectNode all = root.putObject("servers");
    servers.forEach(
        (uri, s) -> {
          ObjectNode node = all.putObject(uri);
          node.put("experiment_id", s.experimentId);
          node.put("run_id", s.runId);
          s.params.forEach(node.putArray("params")::add);
          ObjectNode tags = node.putObject("tags");
          s.tagDigests.forEach(tags::put);
          ObjectNode offsets = node.putObject("metric_offsets");
          s.metricOffsets.forEach(offsets::put);
          node.put("status", s.status);
          if (s.endTime != null) {
            node.put("end_time", s.endTime);
          } else {
            node.putNull("end_time");
          }
        });
    byte[] bytes =
        MlflowRestClient.JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsString(root)
            .getBytes(StandardCharsets.UTF_8);
    StoreFiles.writeAtomically(runDir.resolve(FILE), bytes, runDir, false);
  }
}
