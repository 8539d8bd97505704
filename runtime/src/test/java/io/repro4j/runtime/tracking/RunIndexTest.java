package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunIndex} against the truth: {@link FileStore#runs} read from the files. */
class RunIndexTest {
  @TempDir Path tmp;

  /** FileStore's runs with each metric reduced to its latest point, as RunIndex gives them. */
  private static List<StoredRun> truth(FileStore store, String exp) throws IOException {
    List<StoredRun> runs = new ArrayList<>();
    for (StoredRun r : store.runs(exp)) {
      Map<String, List<MetricPoint>> latest = new TreeMap<>();
      r.metrics().keySet().forEach(k -> latest.put(k, r.latest(k) == null ? List.of() : List.of(r.latest(k))));
      runs.add(
          new StoredRun(
              r.runId(), r.experimentId(), r.runName(), r.status(), r.startTime(), r.endTime(), r.userId(),
              r.artifactUri(), r.dir(), r.params(), r.tags(), latest));
    }
    return runs;
  }

  @Test
  void concurrentSearchesWhileTheStoreChangesNeverGiveAWrongAnswer() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String exp = store.experimentId("sweep");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      try (RunWriter w = store.createRun(exp, "r" + i, "alice", 1_000L * i)) {
        w.logParam("lr", i % 2 == 0 ? "0.01" : "0.10");
        w.setTag("team", "aaa");
        w.logMetric("acc", i / 40.0, 0, 1);
        w.logMetric("empty/none", 1, 0, 1);
        w.finish(RunStatus.FINISHED, 1_000L * i + 1);
        ids.add(w.runId());
      }
    }
    // An empty metric file: the key is listed without a value, from the index too.
    Files.writeString(store.root().resolve(exp).resolve(ids.get(0)).resolve("metrics/empty/none"), "");
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1));
    try (Stream<Path> all = Files.walk(store.root())) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
    assertEquals(truth(store, exp), RunIndex.runs(store, exp));
    Path index = store.root().resolve(exp).resolve(RunIndexFile.NAME);
    assertEquals(40, RunIndexFile.read(index, exp, store.root().resolve(exp)).size());

    // Four searchers (each writing the index when it changed) while tags change in place.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> searches = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      searches.add(
          pool.submit(
              () -> {
                for (int k = 0; k < 15; k++) {
                  List<StoredRun> runs = RunIndex.runs(store, exp);
                  assertEquals(40, runs.size());
                }
                return null;
              }));
    }
    for (int i = 0; i < 40; i++) {
      Path tag = store.root().resolve(exp).resolve(ids.get(i)).resolve("tags/team");
      try (FileChannel ch = FileChannel.open(tag, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(ByteBuffer.wrap("bbb".getBytes(StandardCharsets.UTF_8)));
      }
    }
    for (Future<?> f : searches) {
      f.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    List<StoredRun> after = RunIndex.runs(store, exp);
    assertEquals(truth(store, exp), after);
    assertTrue(after.stream().allMatch(r -> r.tags().get("team").equals("bbb")));
    assertEquals(List.of(), after.get(after.size() - 1).metrics().get("empty/none"));
    try (Stream<Path> files = Files.list(store.root().resolve(exp))) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "temporary files left");
    }
  }
}
