package io.repro4j.runtime.sweep;

import io.repro4j.annotations.Metric;
import io.repro4j.runtime.tracking.MetricSpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The metric a sweep optimises and whether larger is better. */
public record SweepGoal(String metric, boolean maximize) {

  /**
   * The goal from {@code --optimize METRIC[:min|max]}, else the first {@code @Metric} with a goal;
   * empty when no metric has one.
   *
   * @throws IllegalArgumentException for an unknown metric, or one without a goal and no
   *     {@code :min}/{@code :max}, saying how to fix it
   */
  public static Optional<SweepGoal> of(String optimize, List<MetricSpec> metrics) {
    if (optimize == null) {
      return metrics.stream()
          .filter(m -> m.goal() != Metric.Goal.NONE)
          .findFirst()
          .map(m -> new SweepGoal(m.key(), m.goal() == Metric.Goal.MAXIMIZE));
    }
    String name = optimize;
    String direction = null;
    int colon = optimize.lastIndexOf(':');
    if (colon >= 0) {
      name = optimize.substring(0, colon);
      direction = optimize.substring(colon + 1).toLowerCase(Locale.ROOT);
      if (!List.of("min", "max", "minimize", "maximize").contains(direction)) {
        throw new IllegalArgumentException("--optimize " + optimize + ": the goal after ':' is min or max, e.g. --optimize "
            + name + ":max");
      }
    }
    String key = name;
    MetricSpec metric = metrics.stream().filter(m -> m.key().equals(key)).findFirst().orElse(null);
    if (metric == null) {
      throw new IllegalArgumentException("--optimize " + optimize + ": no @Metric is named '" + name + "'; the metrics are "
          + metrics.stream().map(MetricSpec::key).toList());
    }
    if (direction == null) {
      if (metric.goal() == Metric.Goal.NONE) {
        throw new IllegalArgumentException("--optimize " + optimize + ": @Metric " + metric.element()
            + " has no goal; say which way is better with --optimize " + name + ":min or :max, or set"
            + " @Metric(goal = MAXIMIZE)");
      }
      return Optional.of(new SweepGoal(name, metric.goal() == Metric.Goal.MAXIMIZE));
    }
    return Optional.of(new SweepGoal(name, direction.startsWith("max")));
  }
}
