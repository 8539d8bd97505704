package io.repro4j.runtime.tracking.search;

import io.repro4j.runtime.tracking.DatasetInput;
import io.repro4j.runtime.tracking.MetricPoint;
import io.repro4j.runtime.tracking.RunIndex;
import io.repro4j.runtime.tracking.RunInputs;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A run filter in MLflow's search syntax ({@code mlflow.search_runs(filter_string=...)}): clauses
 * joined by {@code AND} (there is no {@code OR}, as in MLflow), each {@code <identifier>
 * <comparator> <value>}:
 *
 * <ul>
 *   <li>{@code metrics.<key> {> >= = != < <=} <number>}: the latest value (largest step, then
 *       timestamp, as MLflow shows it);
 *   <li>{@code params.<key>} and {@code tags.<key> {= != LIKE ILIKE} '<string>'}, and {@code IS
 *       NULL} / {@code IS NOT NULL} (the key is absent / present);
 *   <li>{@code attributes.{run_id, run_name, status, user_id, artifact_uri}} with {@code = != LIKE
 *       ILIKE}, and {@code run_id IN ('a', 'b')} / {@code NOT IN}; {@code attributes.{start_time,
 *       end_time}} (alias {@code created}) with numeric comparators and integer ms;
 *   <li>{@code datasets.{name, digest, context} {= != LIKE ILIKE IN NOT IN}}: true when any dataset
 *       input of the run matches.
 * </ul>
 *
 * Prefixes accept MLflow's aliases ({@code metric}, {@code param}/{@code parameter}/{@code
 * parameters}, {@code tag}, {@code attribute}/{@code attr}/{@code run}, {@code dataset}); a bare
 * key is an attribute ({@code status = 'FINISHED'}). Keys with other characters than letters,
 * digits, {@code _} and {@code .} are quoted in backticks or double quotes ({@code
 * metrics.`train/loss`}). Strings are in single or double quotes, without escapes. Keywords are
 * case-insensitive, comparisons of strings case-sensitive except {@code ILIKE}. {@code LIKE}
 * patterns use {@code %} (any run of characters) and {@code _} (one character) and must match the
 * whole value. A run that lacks the compared key never matches (except {@code IS NULL}).
 */
public final class SearchFilter {
  private static final SearchFilter ALL = new SearchFilter("", List.of());

  private final String text;
  private final List<Clause> clauses;

  private SearchFilter(String text, List<Clause> clauses) {
    this.text = text;
    this.clauses = clauses;
  }

  /**
   * Parses a filter; null or blank matches every run.
   *
   * @throws SearchSyntaxException naming the fault, with a caret under it
   */
  public static SearchFilter parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    return new SearchFilter(text, new Parser(text).parseFilter());
  }

  /** The text as given ({@code ""} for the filter that matches everything). */
  public String text() {
    return text;
  }

  /** Whether a clause looks at dataset inputs, which are read from extra files. */
  public boolean usesDatasets() {
    return clauses.stream().anyMatch(c -> c.entity == Entity.DATASET);
  }

  /**
   * Adds what the clauses read of a run to {@code needs}. Dataset clauses read the run's inputs
   * from the files at match time, so they need nothing from the index.
   */
  void addNeeds(RunIndex.Needs needs) {
    for (Clause c : clauses) {
      addNeeds(needs, c.entity, c.key);
    }
  }

  /** The files {@code entity.key} is read from, besides meta.yaml. */
  static void addNeeds(RunIndex.Needs needs, Entity entity, String key) {
    switch (entity) {
      case METRIC -> needs.metric(key);
      case PARAMETER -> needs.param(key);
      case TAG -> needs.tag(key);
      case ATTRIBUTE -> {
        if (key.equals("run_name")) {
          needs.tag("mlflow.runName"); // the name when meta.yaml has none
        }
      }
      default -> {
        // datasets: read from the files by matches()
      }
    }
  }

  /** Whether {@code run} satisfies every clause; reads its dataset inputs only if a clause needs them. */
  public boolean matches(StoredRun run) throws IOException {
    List<DatasetInput> datasets = null;
    for (Clause c : clauses) {
      if (c.entity == Entity.DATASET && datasets == null) {
        datasets = RunInputs.datasets(run);
      }
      if (!c.matches(run, datasets)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }

  /** One comparison. {@code value} is a Double, Long, String or List of String. */
  private record Clause(Entity entity, String key, String comparator, Object value, Pattern like) {
    boolean matches(StoredRun run, List<DatasetInput> datasets) {
      switch (entity) {
        case METRIC -> {
          MetricPoint p = run.latest(key);
          return p != null && compareNumbers(p.value(), (Double) value);
        }
        case PARAMETER -> {
          return compareString(run.params().get(key));
        }
        case TAG -> {
          return compareString(run.tags().get(key));
        }
        case ATTRIBUTE -> {
          switch (key) {
            case "start_time":
              return compareNumbers(run.startTime(), (Long) value);
            case "end_time":
              return run.endTime() != null && compareNumbers(run.endTime(), (Long) value);
            case "run_id":
              return compareString(run.runId());
            case "run_name":
              return compareString(run.runName());
            case "status":
              return compareString(run.status().name());
            case "user_id":
              return compareString(run.userId());
            case "artifact_uri":
              return compareString(run.artifactUri());
            default:
              throw new IllegalStateException("unchecked attribute " + key);
          }
        }
        case DATASET -> {
          for (DatasetInput d : datasets) {
            String v = key.equals("name") ? d.name() : key.equals("digest") ? d.digest() : d.context();
            if (compareString(v)) {
              return true;
            }
          }
          return false;
        }
        default -> throw new IllegalStateException(entity.toString());
      }
    }

    private boolean compareNumbers(double lhs, double rhs) {
      return switch (comparator) {
        case ">" -> lhs > rhs;
        case ">=" -> lhs >= rhs;
        case "<" -> lhs < rhs;
        case "<=" -> lhs <= rhs;
        case "=" -> lhs == rhs;
        case "!=" -> lhs != rhs;
        default -> throw new IllegalStateException(comparator);
      };
    }

    private boolean compareNumbers(long lhs, long rhs) {
      return switch (comparator) {
        case ">" -> lhs > rhs;
        case ">=" -> lhs >= rhs;
        case "<" -> lhs < rhs;
        case "<=" -> lhs <= rhs;
        case "=" -> lhs == rhs;
        case "!=" -> lhs != rhs;
        default -> throw new IllegalStateException(comparator);
      };
    }

    private boolean compareString(String lhs) {
      switch (comparator) {
        case "IS NULL":
          return lhs == null;
        case "IS NOT NULL":
          return lhs != null;
        default:
          break;
      }
      if (lhs == null) {
        return false;
      }
      return switch (comparator) {
        case "=" -> lhs.equals(value);
        case "!=" -> !lhs.equals(value);
        case "LIKE", "ILIKE" -> like.matcher(lhs).matches();
        case "IN" -> ((List<?>) value).contains(lhs);
        case "NOT IN" -> !((List<?>) value).contains(lhs);
        default -> throw new IllegalStateException(comparator);
      };
    }
  }

  /** Turns a LIKE pattern into a regular expression: % is any run, _ any one character. */
  static Pattern likePattern(String pattern, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '%' || c == '_') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '%' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    return Pattern.compile(regex.toString(), flags);
  }

  /** Recursive descent over the tokens; every error points at the offending token. */
  static final class Parser {
    private final String text;
    private final List<Token> tokens;
    private int i;

    Parser(String text) {
      this.text = text;
      this.tokens = SearchLexer.tokenize(text);
    }

    Token peek() {
      return tokens.get(i);
    }

    Token take() {
      return tokens.get(i++);
    }

    SearchSyntaxException error(String reason, Token at) {
      return new SearchSyntaxException(reason, text, at.start());
    }

    List<Clause> parseFilter() {
      List<Clause> clauses = new ArrayList<>();
      while (true) {
        clauses.add(clause());
        Token t = take();
        if (t.kind() == Token.Kind.END) {
          return clauses;
        }
        if (t.isKeyword("OR")) {
          throw error(
              "Invalid clause(s) in filter string: 'OR'. MLflow's search syntax has no OR; join"
                  + " clauses with AND (or run one search per alternative)",
              t);
        }
        if (!t.isKeyword("AND")) {
          throw error(
              "Invalid clause(s) in filter string: " + t.describe() + ". Expected AND between clauses",
              t);
        }
      }
    }

    private Clause clause() {
      Identifier id = Identifier.parse(this);
      Token opToken = peek();
      String comparator = comparator();
      checkComparator(id, comparator, opToken);
      if (comparator.equals("IS NULL") || comparator.equals("IS NOT NULL")) {
        return new Clause(id.entity(), id.key(), comparator, null, null);
      }
      Token v = peek();
      Object value = value(id, comparator, v);
      Pattern like =
          comparator.equals("LIKE") || comparator.equals("ILIKE")
              ? likePattern((String) value, comparator.equals("ILIKE"))
              : null;
      return new Clause(id.entity(), id.key(), comparator, value, like);
    }

    private String comparator() {
      Token t = take();
      if (t.kind() == Token.Kind.OPERATOR) {
        return t.value();
      }
      if (t.isKeyword("LIKE") || t.isKeyword("ILIKE") || t.isKeyword("IN")) {
        return t.text().toUpperCase(java.util.Locale.ROOT);
      }
      if (t.isKeyword("NOT") && peek().isKeyword("IN")) {
        take();
        return "NOT IN";
      }
      if (t.isKeyword("IS")) {
        boolean not = peek().isKeyword("NOT");
        if (not) {
          take();
        }
        Token n = take();
        if (!n.isKeyword("NULL")) {
          throw error("Expected NULL after IS" + (not ? " NOT" : "") + ", found " + n.describe(), n);
        }
        return not ? "IS NOT NULL" : "IS NULL";
      }
      throw error(
          "Invalid comparison clause. Expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN,"
              + " NOT IN, IS NULL, IS NOT NULL), found "
              + t.describe(),
          t);
    }

    private void checkComparator(Identifier id, String comparator, Token at) {
      List<String> valid;
      String what;
      switch (id.entity()) {
        case METRIC -> {
          valid = List.of(">", ">=", "=", "!=", "<", "<=");
          what = "metric '" + id.key() + "'";
        }
        case PARAMETER, TAG -> {
          valid = List.of("=", "!=", "LIKE", "ILIKE", "IS NULL", "IS NOT NULL");
          what = id.entity().label + " '" + id.key() + "'";
        }
        case ATTRIBUTE -> {
          valid =
              id.key().equals("start_time") || id.key().equals("end_time")
                  ? List.of(">", ">=", "=", "!=", "<", "<=")
                  : List.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");
          what = "attribute '" + id.spelledKey() + "'";
        }
        default -> {
          valid = List.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");
          what = "dataset '" + id.key() + "'";
        }
      }
      if (!valid.contains(comparator)) {
        throw error(
            "Invalid comparator '" + comparator + "' for " + what + "; use one of " + String.join(", ", valid),
            at);
      }
      if (id.entity() == Entity.ATTRIBUTE
          && (comparator.equals("IN") || comparator.equals("NOT IN"))
          && !id.key().equals("run_id")) {
        throw error(
            "Only the 'run_id' attribute supports comparison with a list of quoted string values", at);
      }
    }

    private Object value(Identifier id, String comparator, Token v) {
      if (comparator.equals("IN") || comparator.equals("NOT IN")) {
        return list(comparator);
      }
      boolean numeric =
          id.entity() == Entity.METRIC
              || (id.entity() == Entity.ATTRIBUTE && (id.key().equals("start_time") || id.key().equals("end_time")));
      if (numeric) {
        take();
        if (v.kind() != Token.Kind.NUMBER) {
          throw error(
              id.entity() == Entity.METRIC
                  ? "Expected numeric value type for metric. Found " + v.describe()
                  : "Expected numeric value type for numeric attribute: " + id.spelledKey() + ". Found " + v.describe(),
              v);
        }
        if (id.entity() == Entity.METRIC) {
          return Double.parseDouble(v.value());
        }
        try {
          return Long.parseLong(v.value());
        } catch (NumberFormatException e) {
          throw error(
              "Expected an integer (milliseconds since the epoch) for attribute '" + id.spelledKey()
                  + "'. Found " + v.describe(),
              v);
        }
      }
      take();
      if (v.kind() == Token.Kind.SINGLE_QUOTED || v.kind() == Token.Kind.DOUBLE_QUOTED) {
        return v.value();
      }
      String example = id.entity() == Entity.ATTRIBUTE ? "attributes" : id.entity().label;
      throw error(
          "Expected a quoted string value for " + example + " (e.g. 'my-value'). Got value " + v.describe(), v);
    }

    private List<String> list(String comparator) {
      Token open = take();
      if (open.kind() != Token.Kind.LEFT_PAREN) {
        throw error(
            comparator + " needs a parenthesised list of quoted strings, e.g. ('a1b2', 'c3d4'); found "
                + open.describe(),
            open);
      }
      List<String> values = new ArrayList<>();
      while (true) {
        Token v = take();
        if (v.kind() != Token.Kind.SINGLE_QUOTED && v.kind() != Token.Kind.DOUBLE_QUOTED) {
          throw error("While parsing a list in the query, expected a quoted string value, found " + v.describe(), v);
        }
        values.add(v.value());
        Token sep = take();
        if (sep.kind() == Token.Kind.RIGHT_PAREN) {
          return List.copyOf(values);
        }
        if (sep.kind() != Token.Kind.COMMA) {
          throw error("Expected ',' or ')' in the list, found " + sep.describe(), sep);
        }
      }
    }
  }

  /**
   * {@code entity.key}, or a bare attribute key. {@code key} is canonical ({@code created} reads
   * as {@code start_time}); {@code spelledKey} as written.
   */
  record Identifier(Entity entity, String key, String spelledKey) {
    static Identifier parse(Parser p) {
      Token first = p.take();
      String prefix;
      if (first.kind() == Token.Kind.WORD || first.kind() == Token.Kind.BACKTICKED) {
        prefix = first.value();
      } else if (first.kind() == Token.Kind.DOUBLE_QUOTED && p.peek().kind() != Token.Kind.DOT) {
        prefix = first.value();
      } else {
        throw p.error(
            "Invalid comparison clause. Expected an identifier such as metrics.accuracy,"
                + " params.lr, tags.`mlflow.user` or attributes.status, found " + first.describe(),
            first);
      }
      if (p.peek().kind() != Token.Kind.DOT) {
        return attribute(p, first, prefix);
      }
      Entity entity = Entity.of(prefix);
      if (entity == null) {
        throw p.error(
            "Invalid entity type '" + prefix + "'. Valid values are metrics, params, tags, attributes,"
                + " datasets (or metric, param, parameter(s), tag, attribute, attr, run, dataset)",
            first);
      }
      p.take(); // the dot
      Token keyStart = p.peek();
      String key = key(p);
      if (entity == Entity.ATTRIBUTE) {
        return attribute(p, keyStart, key);
      }
      if (entity == Entity.DATASET && !Entity.DATASET_KEYS.contains(key)) {
        throw p.error(
            "Invalid dataset key '" + key + "' specified. Valid keys are name, digest, context", keyStart);
      }
      return new Identifier(entity, key, key);
    }

    private static Identifier attribute(Parser p, Token at, String key) {
      if (!Entity.ATTRIBUTE_KEYS.contains(key)) {
        throw p.error(
            "Invalid attribute key '" + key + "' specified. Valid keys are "
                + String.join(", ", Entity.ATTRIBUTE_KEYS),
            at);
      }
      return new Identifier(Entity.ATTRIBUTE, Entity.canonicalAttribute(key), key);
    }

    /** A quoted key, or words joined by dots ({@code metrics.acc.top1} is key {@code acc.top1}). */
    private static String key(Parser p) {
      Token t = p.take();
      if (t.kind() == Token.Kind.BACKTICKED || t.kind() == Token.Kind.DOUBLE_QUOTED || t.kind() == Token.Kind.SINGLE_QUOTED) {
        if (t.value().isEmpty()) {
          throw p.error("Empty key; name one, e.g. metrics.accuracy", t);
        }
        return t.value();
      }
      if (t.kind() != Token.Kind.WORD && t.kind() != Token.Kind.NUMBER) {
        throw p.error("Expected a key after the '.', e.g. metrics.accuracy or metrics.`train/loss`; found " + t.describe(), t);
      }
      StringBuilder key = new StringBuilder(t.text());
      int end = t.start() + t.text().length();
      // Words, numbers and dots written without spaces belong to the key (metrics.acc.top1).
      while (p.peek().start() == end
          && (p.peek().kind() == Token.Kind.DOT
              || p.peek().kind() == Token.Kind.WORD
              || p.peek().kind() == Token.Kind.NUMBER)) {
        Token next = p.take();
        key.append(next.text());
        end = next.start() + next.text().length();
      }
      return key.toString();
    }
  }
}
