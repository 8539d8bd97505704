package io.repro4j.runtime.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of a sweep, kept as artifact {@code repro4j/sweep.json} of its parent run: the
 * trainer, the strategy, the goal and every trial with its overrides, so that {@code --resume} runs
 * exactly the configs the sweep was validated with, and {@code repro4j sweep status} can list the
 * trials that never started.
 *
 * @param experiment the experiment's name
 * @param trainer the trainer's class
 * @param strategy {@code grid} or {@code random}
 * @param seed the random search's seed (0 for the grid)
 * @param goal the metric optimised and its direction, or null
 * @param overrides the overrides as given on the command line (and under {@code sweep:})
 * @param trials every trial, in order
 */
public record SweepFile(
    String experiment,
    String trainer,
    String strategy,
    long seed,
    SweepGoal goal,
    List<String> overrides,
    List<Trial> trials) {

  /** The artifact path in the parent run. */
  public static final String ARTIFACT = "repro4j/sweep.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public SweepFile {
    overrides = List.copyOf(overrides);
    trials = List.copyOf(trials);
  }

  /** The file's JSON text. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", 1);
    root.put("experiment", experiment);
    root.put("trainer", trainer);
    root.put("strategy", strategy);
    root.put("seed", seed);
    if (goal == null) {
      root.putNull("metric");
      root.putNull("goal");
    } else {
      root.put("metric", goal.metric());
      root.put("goal", goal.maximize() ? "maximize" : "minimize");
    }
    ArrayNode given = root.putArray("overrides");
    overrides.forEach(given::add);
    ArrayNode list = root.putArray("trials");
    for (Trial trial : trials) {
      ObjectNode node = list.addObject();
      node.put("index", trial.index());
      ArrayNode o = node.putArray("overrides");
      trial.overrides().forEach(o::add);
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("JSON of a tree of strings cannot fail", e);
    }
  }

  /**
   * Reads the file of a parent run.
   *
   * @throws IOException when it is missing or not a sweep file, naming the file
   */
  public static SweepFile read(Path runDir) throws IOException {
    Path file = runDir.resolve("artifacts").resolve(ARTIFACT);
    if (!Files.isRegularFile(file)) {
      throw new IOException("run " + runDir.getFileName() + " is not a sweep (it has no " + ARTIFACT
          + " artifact); give the id a sweep printed when it started, or see `repro4j runs`");
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      List<String> overrides = new ArrayList<>();
      root.path("overrides").forEach(n -> overrides.add(n.asText()));
      List<Trial> trials = new ArrayList<>();
      for (JsonNode node : root.path("trials")) {
        List<String> o = new ArrayList<>();
        node.path("overrides").forEach(n -> o.add(n.asText()));
        trials.add(new Trial(node.path("index").asInt(), o));
      }
      SweepGoal goal = root.path("metric").isTextual()
          ? new SweepGoal(root.path("metric").asText(), "maximize".equals(root.path("goal").asText()))
          : null;
      return new SweepFile(root.path("experiment").asText(), root.path("trainer").asText(),
          root.path("strategy").asText(), root.path("seed").asLong(), goal, overrides, trials);
    } catch (IOException e) {
      throw new IOException(file + ": not a readable sweep file (" + e.getMessage() + ")", e);
    }
  }
}
