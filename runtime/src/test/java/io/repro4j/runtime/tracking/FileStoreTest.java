package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {
  @TempDir Path tmp;

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  private static Map<String, Object> meta(Path p) throws IOException {
    return FileStore.readMeta(p);
  }

  @Test
  void openCreatesTheLayoutMlflowCreates() throws IOException {
    Path root = tmp.resolve("mlruns");
    FileStore store = FileStore.open(root);
    assertEquals(root, store.root());
    assertTrue(Files.isDirectory(root.resolve(".trash")));
    Path meta = root.resolve("0/meta.yaml");
    Map<String, Object> m = meta(meta);
    long created = ((Number) m.get("creation_time")).longValue();
    assertEquals(
        "artifact_location: file://" + root + "/0\n"
            + "creation_time: " + created + "\n"
            + "experiment_id: '0'\n"
            + "last_update_time: " + created + "\n"
            + "lifecycle_stage: active\n"
            + "name: Default\n",
        read(meta));
    assertEquals("0", store.experimentId("Default"));
    // Nothing but the default experiment and .trash.
    try (Stream<Path> s = Files.list(root)) {
      assertEquals(Set.of(".trash", "0"), s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
  }

  @Test
  void openOnExistingDirectories() throws IOException {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    FileStore.open(empty);
    assertTrue(Files.exists(empty.resolve("0/meta.yaml")), "an empty root gets experiment 0");

    Path existing = Files.createDirectories(tmp.resolve("existing/123"));
    FileStore.open(existing.getParent());
    assertFalse(Files.exists(existing.getParent().resolve("0")), "a used root gets no experiment 0");
    assertTrue(Files.isDirectory(existing.getParent().resolve(".trash")), ".trash is always created");

    Path file = Files.writeString(tmp.resolve("file"), "x");
    NotDirectoryException e = assertThrows(NotDirectoryException.class, () -> FileStore.open(file));
    assertTrue(e.getMessage().contains("must be a directory"));
  }

  @Test
  void rootFromUri() {
    Path cwd = Path.of("").toAbsolutePath();
    assertEquals(Path.of("/abs/mlruns"), FileStore.rootFromUri("file:///abs/mlruns"));
    assertEquals(Path.of("/abs/mlruns"), FileStore.rootFromUri("file://localhost/abs/mlruns"));
    assertEquals(Path.of("/abs/my runs/é"), FileStore.rootFromUri("file:///abs/my%20runs/%C3%A9"));
    assertEquals(Path.of("/abs/x"), FileStore.rootFromUri("FILE:///abs/./y/../x"));
    assertEquals(cwd.resolve("rel/mlruns"), FileStore.rootFromUri("file:rel/mlruns"));
    assertEquals(cwd.resolve("mlruns"), FileStore.rootFromUri("mlruns"));
    assertEquals(cwd.resolve("mlruns"), FileStore.rootFromUri("./mlruns"));
    assertEquals(Path.of("/abs/mlruns"), FileStore.rootFromUri("/abs/mlruns"));
    for (String bad :
        List.of("http://localhost:5000", "https://mlflow.example.com", "databricks://profile",
            "sqlite:///mlflow.db", "s3://bucket/x")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> FileStore.rootFromUri(bad), bad);
      assertTrue(e.getMessage().contains(bad.startsWith("http") ? "names an MLflow tracking server" : "not supported yet"),
          e.getMessage());
    }
    for (String bad : List.of("", "  ", "file://host/x", "file:", "file://", "file:///a?b", "file:///a%zz", "file:///a%00")) {
      assertThrows(IllegalArgumentException.class, () -> FileStore.rootFromUri(bad), bad);
    }
  }

  @Test
  void experimentIdGetsOrCreatesWithADeterministicId() throws IOException {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String id = store.experimentId("iris");
    assertEquals(FileStore.deterministicId("iris", 0), id);
    assertTrue(id.matches("[1-9][0-9]{17}"), id);
    assertEquals(id, store.experimentId("iris"));
    assertNotEquals(id, store.experimentId("iris2"));

    Path meta = store.root().resolve(id).resolve("meta.yaml");
    long created = ((Number) meta(meta).get("creation_time")).longValue();
    assertEquals(
        "artifact_location: file://" + store.root() + "/" + id + "\n"
            + "creation_time: " + created + "\n"
            + "experiment_id: '" + id + "'\n"
            + "last_update_time: " + created + "\n"
            + "lifecycle_stage: active\n"
            + "name: iris\n",
        read(meta));

    List<StoredExperiment> all = store.experiments();
    assertEquals(3, all.size());
    StoredExperiment iris = all.stream().filter(e -> e.name().equals("iris")).findFirst().orElseThrow();
    assertEquals(new StoredExperiment(id, "iris", "file://" + store.root() + "/" + id, "active", created), iris);
  }

  @Test
  void experimentNamesThatNeedQuoting() throws IOException {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    for (String name : List.of("123", "yes", "My exp: v2", "it's", " padded ", "日本語", "a\nb", "null")) {
      String id = store.experimentId(name);
      assertEquals(id, store.experimentId(name), name);
      assertEquals(name, store.experiments().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow().name());
    }
    assertThrows(IllegalArgumentException.class, () -> store.experimentId(""));
    assertThrows(IllegalArgumentException.class, () -> store.experimentId(null));
    assertThrows(IllegalArgumentException.class, () -> store.experimentId("x".repeat(501)));
    store.experimentId("x".repeat(500));
  }

  @Test
  void findsExperimentsMlflowCreated() throws IOException {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    Path dir = Files.createDirectory(store.root().resolve("283746510293847561"));
    Files.writeString(
        dir.resolve("meta.yaml"),
        "artifact_location: file:///elsewhere/283746510293847561\ncreation_time: 1700000000000\n"
            + "experiment_id: '283746510293847561'\nlast_update_time: 1700000000000\n"
            + "lifecycle_stage: active\nname: from-python\ntrace_location: null\nworkspace: default\n");
    assertEquals("283746510293847561", store.experimentId("from-python"));
    // Malformed neighbours are skipped, as MLflow skips them.
    Files.createDirectory(store.root().resolve("999"));
    Files.writeString(Files.createDirectory(store.root().resolve("998")).resolve("meta.yaml"), ": : :\n[");
    Files.writeString(
        Files.createDirectory(store.root().resolve("997")).resolve("meta.yaml"),
        "experiment_id: '1'\nname: wrong-id\nartifact_location: x\nlifecycle_stage: active\n");
    assertEquals(
        List.of("0", "283746510293847561"), // newest first, as MLflow lists them
        store.experiments().stream().map(StoredExperiment::id).toList());
  }

  @Test
  void deletedExperimentNameIsAnErrorAsInMlflow() throws IOException {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    String id = store.experimentId("old");
    Path dir = store.root().resolve(id);
    Files.writeString(dir.resolve("meta.yaml"), read(dir.resolve("meta.yaml")).replace("active", "deleted"));
    Files.move(dir, store.root().resolve(".trash").resolve(id));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.experimentId("old"));
    assertTrue(e.getMessage().contains("already exists in deleted state"), e.getMessage());
    assertTrue(e.getMessage().contains("mlflow experiments restore --experiment-id " + id), e.getMessage());
    assertEquals("deleted", store.experiments().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow().lifecycleStage());
  }

  @Test
  void takenIdFallsBackToTheNextDeterministicCandidate() throws IOException {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    // Another experiment sits on the first candidate id (a hash collision) ...
    String first = FileStore.deterministicId("wanted", 0);
    Path dir = Files.createDirectory(store.root().resolve(first));
    Files.writeString(dir.resolve("meta.yaml"),
        "artifact_location: x\nexperiment_id: '" + first + "'\nlifecycle_stage: active\nname: other\n");
    // ... and a deleted experiment owns the second one.
    Files.createDirectories(store.root().resolve(".trash").resolve(FileStore.deterministicId("wanted", 1)));
    String id = store.experimentId("wanted");
    assertEquals(FileStore.deterministicId("wanted", 2), id);
    assertEquals(id, store.experimentId("wanted"));
    assertEquals("other", store.readExperiment(dir, first).orElseThrow().name());
  }

  @Test
  void concurrentThreadsCreateOneExperiment() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 10; round++) {
        String name = "race-" + round;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        List<Future<String>> ids = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          ids.add(pool.submit(() -> {
            barrier.await();
            return FileStore.open(store.root()).experimentId(name);
          }));
        }
        Set<String> distinct = new HashSet<>();
        for (Future<String> f : ids) {
          distinct.add(f.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, distinct.size(), name + ": " + distinct);
        assertEquals(1, store.experiments().stream().filter(e -> e.name().equals(name)).count(), name);
      }
    } finally {
      pool.shutdownNow();
    }
    assertNoStagingLeft(store.root());
  }

  @Test
  void concurrentJvmsCreateOneExperiment() throws Exception {
    Path root = tmp.resolve("mlruns");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      names.add("jvm-race-" + i);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long startAt = System.currentTimeMillis() + 1200; // both JVMs are up by then (if not: no race, still correct)
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
          CreateExperimentsMain.class.getName(), root.toString(), Long.toString(startAt)));
      cmd.addAll(names);
      processes.add(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }
    List<String> outputs = new ArrayList<>();
    for (Process p : processes) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      outputs.add(out);
    }
    assertEquals(outputs.get(0), outputs.get(1), "both JVMs got the same ids");
    FileStore store = FileStore.open(root);
    for (String name : names) {
      assertEquals(1, store.experiments().stream().filter(e -> e.name().equals(name)).count(), name);
    }
    assertEquals(names.size() + 1, store.experiments().size());
    assertNoStagingLeft(root);
  }

  private static void assertNoStagingLeft(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".repro4j")).toList());
    }
  }
}
