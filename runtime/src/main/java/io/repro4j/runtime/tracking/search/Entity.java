package io.repro4j.runtime.tracking.search;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What a search identifier names: {@code metrics.x}, {@code params.x}, ... with MLflow's aliases. */
enum Entity {
  METRIC("metric", Set.of("metric", "metrics")),
  PARAMETER("parameter", Set.of("parameter", "parameters", "param", "params")),
  TAG("tag", Set.of("tag", "tags")),
  ATTRIBUTE("attribute", Set.of("attribute", "attributes", "attr", "run")),
  DATASET("dataset", Set.of("dataset", "datasets"));

  /** Every attribute key MLflow's run search accepts, in the order error messages list them. */
  static final List<String> ATTRIBUTE_KEYS =
      List.of(
          "run_id", "run_name", "status", "user_id", "artifact_uri", "start_time", "end_time",
          "created", "Created", "run name", "Run name", "Run Name");

  static final List<String> DATASET_KEYS = List.of("name", "digest", "context");

  final String label;
  private final Set<String> spellings;

  Entity(String label, Set<String> spellings) {
    this.label = label;
    this.spellings = spellings;
  }

  /** The entity spelled {@code prefix} (case-sensitive, as in MLflow), or null. */
  static Entity of(String prefix) {
    for (Entity e : values()) {
      if (e.spellings.contains(prefix)) {
        return e;
      }
    }
    return null;
  }

  /** MLflow's aliases for attribute keys: created is start_time, "run name" is run_name. */
  static String canonicalAttribute(String key) {
    if (key.equals("created") || key.equals("Created")) {
      return "start_time";
    }
    if (key.toLowerCase(Locale.ROOT).equals("run name")) {
      return "run_name";
    }
    return key;
  }
}
