package io.repro4j.runtime.tracking.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Every parse error: MLflow's wording, the text, and a caret under the fault. */
class SearchSyntaxTest {
  private static String filterError(String filter) {
    return assertThrows(SearchSyntaxException.class, () -> SearchFilter.parse(filter)).getMessage();
  }

  private static String orderError(String orderBy) {
    return assertThrows(SearchSyntaxException.class, () -> OrderBy.parse(orderBy)).getMessage();
  }

  @Test
  void orIsRefusedAsInMlflow() {
    assertEquals(
        "Invalid clause(s) in filter string: 'OR'. MLflow's search syntax has no OR; join clauses"
            + " with AND (or run one search per alternative)\n"
            + "  metrics.a > 1 or metrics.b > 2\n"
            + "                ^",
        filterError("metrics.a > 1 or metrics.b > 2"));
  }

  @Test
  void metricNeedsANumber() {
    assertEquals(
        "Expected numeric value type for metric. Found 'high'\n"
            + "  metrics.accuracy > 'high'\n"
            + "                     ^",
        filterError("metrics.accuracy > 'high'"));
    assertEquals(
        "Expected numeric value type for metric. Found the end of the text\n"
            + "  metrics.accuracy >\n"
            + "                    ^",
        filterError("metrics.accuracy >"));
  }

  @Test
  void paramNeedsAQuotedString() {
    assertEquals(
        "Expected a quoted string value for parameter (e.g. 'my-value'). Got value '0.01'\n"
            + "  params.lr = 0.01\n"
            + "              ^",
        filterError("params.lr = 0.01"));
  }

  @Test
  void comparatorsPerEntity() {
    assertEquals(
        "Invalid comparator '>' for parameter 'lr'; use one of =, !=, LIKE, ILIKE, IS NULL, IS NOT NULL\n"
            + "  params.lr > '1'\n"
            + "            ^",
        filterError("params.lr > '1'"));
    assertEquals(
        "Invalid comparator 'LIKE' for metric 'acc'; use one of >, >=, =, !=, <, <=\n"
            + "  metrics.acc LIKE 1\n"
            + "              ^",
        filterError("metrics.acc LIKE 1"));
    assertEquals(
        "Only the 'run_id' attribute supports comparison with a list of quoted string values\n"
            + "  attributes.status IN ('FINISHED')\n"
            + "                    ^",
        filterError("attributes.status IN ('FINISHED')"));
    assertEquals(
        "Invalid comparator 'LIKE' for attribute 'start_time'; use one of >, >=, =, !=, <, <=\n"
            + "  attributes.start_time LIKE '1%'\n"
            + "                        ^",
        filterError("attributes.start_time LIKE '1%'"));
  }

  @Test
  void sqlNotEqualsIsNotMlflows() {
    assertEquals(
        "Invalid comparator '<>' for metric 'acc'; use one of >, >=, =, !=, <, <=\n"
            + "  metrics.acc <> 1\n"
            + "              ^",
        filterError("metrics.acc <> 1"));
  }

  @Test
  void unknownEntityAndKeys() {
    assertEquals(
        "Invalid entity type 'metricz'. Valid values are metrics, params, tags, attributes, datasets"
            + " (or metric, param, parameter(s), tag, attribute, attr, run, dataset)\n"
            + "  metricz.acc > 1\n"
            + "  ^",
        filterError("metricz.acc > 1"));
    assertEquals(
        "Invalid attribute key 'colour' specified. Valid keys are run_id, run_name, status, user_id,"
            + " artifact_uri, start_time, end_time, created, Created, run name, Run name, Run Name\n"
            + "  status = 'FINISHED' and attributes.colour = 'red'\n"
            + "                                     ^",
        filterError("status = 'FINISHED' and attributes.colour = 'red'"));
    assertEquals(
        "Invalid dataset key 'size' specified. Valid keys are name, digest, context\n"
            + "  datasets.size = '1'\n"
            + "           ^",
        filterError("datasets.size = '1'"));
  }

  @Test
  void lexicalErrors() {
    assertEquals(
        "Unterminated single quote string: no closing '\n"
            + "  params.lr = '0.01\n"
            + "              ^",
        filterError("params.lr = '0.01"));
    assertEquals(
        "Unexpected character '/'; quote keys with special characters in backticks, e.g."
            + " metrics.`train/loss`\n"
            + "  metrics.train/loss < 1\n"
            + "               ^",
        filterError("metrics.train/loss < 1"));
    assertEquals(
        "Invalid clause(s) in filter string: 'metrics'. Expected AND between clauses\n"
            + "  metrics.a > 1 metrics.b > 2\n"
            + "                ^",
        filterError("metrics.a > 1 metrics.b > 2"));
    assertEquals(
        "Expected an integer (milliseconds since the epoch) for attribute 'created'. Found '1.5'\n"
            + "  created > 1.5\n"
            + "            ^",
        filterError("created > 1.5"));
    assertEquals(
        "IN needs a parenthesised list of quoted strings, e.g. ('a1b2', 'c3d4'); found 'x'\n"
            + "  run_id IN 'x'\n"
            + "            ^",
        filterError("run_id IN 'x'"));
  }

  @Test
  void orderByErrors() {
    assertEquals(
        "Invalid ordering key in order_by clause: expected ASC or DESC, found 'DOWN'\n"
            + "  metrics.acc DOWN\n"
            + "              ^",
        orderError("metrics.acc DOWN"));
    assertEquals(
        "Invalid order_by clause: one key per clause; give several keys as separate clauses. Found ','\n"
            + "  metrics.acc DESC, params.lr\n"
            + "                  ^",
        orderError("metrics.acc DESC, params.lr"));
    assertEquals(
        "Invalid order_by entity type 'dataset'; order by metrics, params, tags or attributes\n"
            + "  datasets.name\n"
            + "  ^",
        orderError("datasets.name"));
  }

  @Test
  void keysMayContainDots() {
    assertEquals("metrics.acc.top1 > 0.5", SearchFilter.parse("metrics.acc.top1 > 0.5").text());
  }
}
