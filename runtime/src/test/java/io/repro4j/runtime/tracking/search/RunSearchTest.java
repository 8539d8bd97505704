package io.repro4j.runtime.tracking.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searches over a real file store written by {@link RunWriter}. */
class RunSearchTest {
  @TempDir Path tmp;
  FileStore store;
  String exp;

  @BeforeEach
  void setUp() throws IOException {
    store = FileStore.open(tmp.resolve("mlruns"));
    exp = store.experimentId("iris");
    // name, start, lr, accuracy (two points: the latest counts), status, dataset
    run("alpha", 1_000, "0.01", 0.95, RunStatus.FINISHED, "train", "aaaa1111");
    run("beta", 2_000, "0.1", 0.80, RunStatus.FINISHED, "train", "bbbb2222");
    run("gamma", 3_000, "0.01", Double.NaN, RunStatus.FAILED, "test", "cccc3333");
    run("delta", 4_000, null, null, RunStatus.RUNNING, null, null);
  }

  private void run(String name, long start, String lr, Double acc, RunStatus status, String dataset, String digest)
      throws IOException {
    try (RunWriter w = store.createRun(exp, name, "alice", start)) {
      if (lr != null) {
        w.logParam("lr", lr);
        w.setTag("team", name.startsWith("a") ? "Vision" : "nlp");
      }
      if (acc != null) {
        w.logMetric("accuracy", 0.1, 0, start + 1);
        w.logMetric("accuracy", acc, 5, start + 2);
        w.logMetric("train/loss", 1 - acc, 5, start + 2);
      }
      if (dataset != null) {
        w.logInput(dataset, digest, "/data/" + dataset + ".csv");
      }
      if (status != RunStatus.RUNNING) {
        w.finish(status, start + 500);
      } else {
        w.flush();
      }
    }
  }

  private List<String> names(String filter, String... orderBy) throws IOException {
    List<OrderBy> order = java.util.Arrays.stream(orderBy).map(OrderBy::parse).toList();
    return RunSearch.search(store, List.of(exp), SearchFilter.parse(filter), order, 1000).stream()
        .map(StoredRun::runName)
        .toList();
  }

  @Test
  void aPageCountsEveryMatchAndReturnsOnlyItsSlice() throws IOException {
    SearchFilter trained = SearchFilter.parse("params.lr LIKE '0.%'");
    List<OrderBy> byName = List.of(OrderBy.parse("attributes.run_name ASC"));
    RunSearch.Page page = RunSearch.page(store, List.of(exp), trained, byName, 1, 1);
    assertEquals(List.of("alpha", "beta", "gamma"), page.matching().stream().map(StoredRun::runName).toList());
    assertEquals(List.of("beta"), page.runs().stream().map(StoredRun::runName).toList());
    assertEquals(List.of(), RunSearch.page(store, List.of(exp), trained, byName, 3, 10).runs());
    assertThrows(IllegalArgumentException.class, () -> RunSearch.page(store, List.of(exp), trained, byName, -1, 10));
  }

  @Test
  void noFilterListsEveryRunNewestFirst() throws IOException {
    assertEquals(List.of("delta", "gamma", "beta", "alpha"), names(""));
    assertEquals(List.of("delta", "gamma", "beta", "alpha"), names(null));
  }

  @Test
  void metricsCompareTheLatestValue() throws IOException {
    assertEquals(List.of("beta", "alpha"), names("metrics.accuracy > 0.5"));
    assertEquals(List.of("alpha"), names("metrics.accuracy >= 0.95"));
    assertEquals(List.of("beta"), names("metric.accuracy < .9"));
    assertEquals(List.of("alpha"), names("metrics.accuracy = 95e-2"));
    // NaN is unequal to everything, as in Python; a run without the metric never matches.
    assertEquals(List.of("gamma", "beta"), names("metrics.accuracy != 0.95"));
    assertEquals(List.of("beta"), names("metrics.`train/loss` > 0.1"));
    assertEquals(List.of("beta"), names("metrics.\"train/loss\" > 0.1"));
    assertEquals(List.of(), names("metrics.accuracy > 0.99"));
  }

  @Test
  void paramsAndTags() throws IOException {
    assertEquals(List.of("gamma", "alpha"), names("params.lr = '0.01'"));
    assertEquals(List.of("gamma", "alpha"), names("param.lr = \"0.01\""));
    assertEquals(List.of("beta"), names("parameters.lr != '0.01'"));
    assertEquals(List.of("gamma", "beta", "alpha"), names("params.lr LIKE '0.%'"));
    assertEquals(List.of("gamma", "alpha"), names("params.lr like '0._1'"));
    assertEquals(List.of(), names("params.lr LIKE '0.0'"));
    assertEquals(List.of("delta"), names("params.lr IS NULL"));
    assertEquals(List.of("gamma", "beta", "alpha"), names("params.lr is not null"));
    assertEquals(List.of("alpha"), names("tags.team = 'Vision'"));
    assertEquals(List.of(), names("tags.team LIKE 'vision'"));
    assertEquals(List.of("alpha"), names("tags.team ILIKE 'vision'"));
    assertEquals(List.of("delta", "gamma", "beta", "alpha"), names("tags.`mlflow.user` = 'alice'"));
    assertEquals(List.of("delta", "gamma", "beta", "alpha"), names("tags.mlflow.user = 'alice'"));
    // LIKE's other characters are literal: '.' is not "any character".
    assertEquals(List.of(), names("params.lr LIKE '0x01'"));
    assertEquals(List.of(), names("params.lr LIKE '0.0.'"));
  }

  @Test
  void attributes() throws IOException {
    assertEquals(List.of("gamma"), names("attributes.status = 'FAILED'"));
    assertEquals(List.of("gamma"), names("status = 'FAILED'"));
    assertEquals(List.of("delta", "beta", "alpha"), names("attribute.status != 'FAILED'"));
    assertEquals(List.of("beta"), names("attributes.run_name = 'beta'"));
    assertEquals(List.of("beta"), names("run.`Run Name` = 'beta'"));
    assertEquals(List.of("alpha"), names("attr.run_name ILIKE '%HA'"));
    assertEquals(List.of(), names("attr.run_name LIKE '%HA'"));
    assertEquals(List.of("gamma", "beta"), names("attributes.start_time >= 2000 and attributes.start_time < 4000"));
    assertEquals(List.of("gamma", "beta"), names("created >= 2000 AND created <= 3000"));
    assertEquals(List.of("alpha"), names("attributes.end_time = 1500"));
    assertEquals(List.of("delta", "gamma", "beta", "alpha"), names("attributes.user_id = 'alice'"));
    assertEquals(List.of("delta", "gamma", "beta", "alpha"), names("attributes.artifact_uri LIKE 'file:///%/artifacts'"));
    List<StoredRun> all = store.runs(exp);
    String beta = all.get(2).runId();
    String alpha = all.get(3).runId();
    assertEquals(List.of("beta", "alpha"), names("attributes.run_id IN ('" + beta + "', '" + alpha + "')"));
    assertEquals(List.of("delta", "gamma"), names("attributes.run_id NOT IN ('" + beta + "','" + alpha + "')"));
  }

  @Test
  void datasets() throws IOException {
    assertEquals(List.of("beta", "alpha"), names("datasets.name = 'train'"));
    assertEquals(List.of("gamma"), names("dataset.digest LIKE 'ccc%'"));
    assertEquals(List.of("gamma", "beta"), names("datasets.digest IN ('bbbb2222', 'cccc3333')"));
    assertEquals(List.of("gamma", "beta", "alpha"), names("datasets.context = 'training'"));
  }

  @Test
  void severalClausesAreAnded() throws IOException {
    assertEquals(
        List.of("alpha"),
        names("metrics.accuracy > 0.5 and params.lr = '0.01' AND attributes.status = 'FINISHED'"));
  }

  @Test
  void orderBy() throws IOException {
    assertEquals(List.of("alpha", "beta", "gamma", "delta"), names("", "metrics.accuracy DESC"));
    // Ascending too: NaN after the numbers, missing values last.
    assertEquals(List.of("beta", "alpha", "gamma", "delta"), names("", "metrics.accuracy"));
    assertEquals(List.of("beta", "alpha", "gamma", "delta"), names("", "metrics.accuracy asc"));
    assertEquals(List.of("alpha", "beta", "gamma", "delta"), names("", "attributes.start_time"));
    assertEquals(List.of("delta", "gamma", "beta", "alpha"), names("", "start_time DESC"));
    // Ties on the first key go to the second, then to the default (newest first).
    assertEquals(List.of("gamma", "alpha", "beta", "delta"), names("", "params.lr", "attributes.run_name DESC"));
    assertEquals(List.of("gamma", "alpha", "beta", "delta"), names("", "params.lr"));
    assertEquals(List.of("alpha", "gamma", "beta", "delta"), names("", "params.lr", "run_name"));
    assertEquals(List.of("beta", "alpha"), names("metrics.accuracy > 0", "metrics.`train/loss` DESC"));
  }

  @Test
  void maxResultsCutsAfterOrdering() throws IOException {
    List<StoredRun> top =
        RunSearch.search(store, List.of(exp), SearchFilter.parse(""), List.of(OrderBy.parse("metrics.accuracy DESC")), 1);
    assertEquals("alpha", top.get(0).runName());
    assertEquals(1, top.size());
    assertThrows(IllegalArgumentException.class, () -> RunSearch.search(store, List.of(exp), SearchFilter.parse(""), List.of(), 0));
  }
}
