package io.repro4j.runtime.tracking.search;

import io.repro4j.runtime.tracking.MetricPoint;
import io.repro4j.runtime.tracking.StoredRun;
import java.util.Comparator;
import java.util.List;

/**
 * One {@code order_by} key in MLflow's syntax: {@code <identifier> [ASC|DESC]}, e.g. {@code
 * metrics.accuracy DESC}, {@code attributes.start_time}, {@code params.lr ASC}. Identifiers are
 * written as in a {@link SearchFilter}; datasets cannot be ordered by.
 *
 * <p>Ordering is MLflow's: numbers (latest metric values, times) numerically, params, tags and
 * string attributes by their characters; in either direction, runs whose value is NaN come after
 * all numbers and runs without the key come last; ties keep the order of the next key, and after
 * all keys MLflow's default order: start time descending, then run id.
 */
public final class OrderBy {
  /** MLflow's default order: newest start first, then by run id. */
  public static final Comparator<StoredRun> DEFAULT_ORDER =
      Comparator.comparingLong(StoredRun::startTime).reversed().thenComparing(StoredRun::runId);

  private final String text;
  private final Entity entity;
  private final String key;
  private final boolean ascending;

  private OrderBy(String text, Entity entity, String key, boolean ascending) {
    this.text = text;
    this.entity = entity;
    this.key = key;
    this.ascending = ascending;
  }

  /**
   * Parses one order-by clause.
   *
   * @throws SearchSyntaxException naming the fault, with a caret under it
   */
  public static OrderBy parse(String text) {
    if (text == null || text.isBlank()) {
      throw new SearchSyntaxException(
          "Empty order_by clause; write e.g. 'metrics.accuracy DESC' or 'attributes.start_time'", text == null ? "" : text, 0);
    }
    SearchFilter.Parser p = new SearchFilter.Parser(text);
    SearchFilter.Identifier id = SearchFilter.Identifier.parse(p);
    if (id.entity() == Entity.DATASET) {
      throw new SearchSyntaxException(
          "Invalid order_by entity type 'dataset'; order by metrics, params, tags or attributes", text, 0);
    }
    boolean ascending = true;
    Token t = p.take();
    if (t.isKeyword("ASC") || t.isKeyword("DESC")) {
      ascending = t.isKeyword("ASC");
      t = p.take();
    } else if (t.kind() != Token.Kind.END) {
      throw p.error("Invalid ordering key in order_by clause: expected ASC or DESC, found " + t.describe(), t);
    }
    if (t.kind() != Token.Kind.END) {
      throw p.error(
          "Invalid order_by clause: one key per clause; give several keys as separate clauses."
              + " Found " + t.describe(),
          t);
    }
    return new OrderBy(text, id.entity(), id.key(), ascending);
  }

  /** Whether the order is ascending (the default, as in MLflow). */
  public boolean ascending() {
    return ascending;
  }

  @Override
  public String toString() {
    return text;
  }

  /** Adds what this key reads of a run to {@code needs}. */
  void addNeeds(io.repro4j.runtime.tracking.RunIndex.Needs needs) {
    SearchFilter.addNeeds(needs, entity, key);
  }

  /** The order of {@code keys}, then of {@link #DEFAULT_ORDER}. */
  public static Comparator<StoredRun> comparator(List<OrderBy> keys) {
    Comparator<StoredRun> c = null;
    for (OrderBy k : keys) {
      c = c == null ? k.comparator() : c.thenComparing(k.comparator());
    }
    return c == null ? DEFAULT_ORDER : c.thenComparing(DEFAULT_ORDER);
  }

  private Comparator<StoredRun> comparator() {
    return (a, b) -> {
      Object va = value(a);
      Object vb = value(b);
      int ra = rank(va);
      int rb = rank(vb);
      if (ra != rb || ra != 0) {
        return Integer.compare(ra, rb); // values, then NaN, then missing: in both directions
      }
      @SuppressWarnings({"unchecked", "rawtypes"})
      int c = ((Comparable) va).compareTo(vb);
      return ascending ? c : -c;
    };
  }

  private static int rank(Object v) {
    if (v == null) {
      return 2;
    }
    return v instanceof Double d && d.isNaN() ? 1 : 0;
  }

  private Object value(StoredRun run) {
    return switch (entity) {
      case METRIC -> {
        MetricPoint p = run.latest(key);
        yield p == null ? null : (Object) p.value();
      }
      case PARAMETER -> run.params().get(key);
      case TAG -> run.tags().get(key);
      case ATTRIBUTE -> switch (key) {
        case "start_time" -> run.startTime();
        case "end_time" -> run.endTime();
        case "run_id" -> run.runId();
        case "run_name" -> run.runName();
        case "status" -> run.status().name();
        case "user_id" -> run.userId();
        case "artifact_uri" -> run.artifactUri();
        default -> throw new IllegalStateException(key);
      };
      default -> throw new IllegalStateException(entity.toString());
    };
  }
}
