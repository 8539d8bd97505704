package io.repro4j.runtime.tracking;

/**
 * An experiment as read from {@code <root>/<id>/meta.yaml} (or {@code <root>/.trash/<id>/} when
 * deleted).
 *
 * @param id the experiment id, equal to its directory name
 * @param name the unique name
 * @param artifactLocation the absolute artifact URI, e.g. {@code file:///abs/mlruns/123}
 * @param lifecycleStage {@code active} or {@code deleted}
 * @param creationTime milliseconds since the epoch, or null when the file has none (old MLflow)
 */
public record StoredExperiment(
    String id, String name, String artifactLocation, String lifecycleStage, Long creationTime) {

  /** Whether the experiment is active (not deleted). */
  public boolean active() {
    return "active".equals(lifecycleStage);
  }
}
