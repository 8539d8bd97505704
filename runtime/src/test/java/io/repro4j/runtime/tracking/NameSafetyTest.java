package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No name can escape the run directory: every hostile key and artifact path is refused with
 * MLflow's message (keys) or ours (artifact paths), and the whole tree, inside and outside the
 * store, is byte for byte what it was before.
 */
class NameSafetyTest {
  @TempDir Path tmp;

  private static final List<String> HOSTILE_KEYS =
      List.of("../escape", "a/../../escape", "/abs", "/etc/passwd", "a\0b", "a\\..\\b", "..\\escape", ".", "",
          "a//b", "x".repeat(251));

  /** Every path under {@code root} with its content (directories and links as markers). */
  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.toList()) {
        String content =
            Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                : Files.isDirectory(p) ? "/" : new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        tree.put(root.relativize(p).toString(), content);
      }
    }
    return tree;
  }

  @Test
  void hostileKeysAreRefusedWithMlflowsMessagesAndNothingIsWritten() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    Files.createDirectories(tmp.resolve("outside"));
    try (RunWriter run = store.createRun(store.experimentId("e"), "r", "u", 1)) {
      Map<String, String> before = tree(tmp);
      for (String key : HOSTILE_KEYS) {
        String shown = key.length() > 250 ? "x".repeat(250) : key;
        IllegalArgumentException param =
            assertThrows(IllegalArgumentException.class, () -> run.logParam(key, "v"), key);
        IllegalArgumentException tag =
            assertThrows(IllegalArgumentException.class, () -> run.setTag(key, "v"), key);
        IllegalArgumentException metric =
            assertThrows(IllegalArgumentException.class, () -> run.logMetric(key, 1.0, 0, 1), key);
        for (Map.Entry<String, IllegalArgumentException> e :
            Map.of("parameter name", param, "tag name", tag, "metric name", metric).entrySet()) {
          String message = e.getValue().getMessage();
          if (key.length() > 250) {
            assertTrue(message.matches("(?s)(Parameter|Tag|Metric) name '" + shown + ".*' had length 251, which exceeded"
                + " length limit of 250"), message);
          } else {
            assertTrue(message.startsWith("Invalid " + e.getKey() + ": '" + key + "'. "), message);
            assertTrue(message.contains("Names may only contain alphanumerics")
                || message.contains("Names may be treated as files in certain cases"), message);
          }
        }
      }
      run.flush();
      assertEquals(before, tree(tmp), "nothing written anywhere");
    }
  }

  @Test
  void hostileArtifactPathsAreRefusedAndNothingIsWritten() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    try (RunWriter run = store.createRun(store.experimentId("e"), "r", "u", 1)) {
      Files.createSymbolicLink(run.artifactsDir().resolve("out"), outside);
      Map<String, String> before = tree(tmp);
      Map<String, String> expected =
          Map.ofEntries(
              Map.entry("../escape.txt", "has an empty, '.' or '..' segment"),
              Map.entry("a/../../escape.txt", "has an empty, '.' or '..' segment"),
              Map.entry("a/./b.txt", "has an empty, '.' or '..' segment"),
              Map.entry("a//b.txt", "has an empty, '.' or '..' segment"),
              Map.entry("/tmp/abs.txt", "is absolute"),
              Map.entry("a\0b", "contains NUL"),
              Map.entry("..\\escape.txt", "contains a backslash (use '/' as separator)"));
      for (Map.Entry<String, String> e : expected.entrySet()) {
        IllegalArgumentException thrown =
            assertThrows(IllegalArgumentException.class, () -> run.writeArtifact(e.getKey(), "x"), e.getKey());
        assertEquals(
            "Artifact path '" + e.getKey() + "' " + e.getValue() + "; artifacts live under " + run.artifactsDir()
                + " and are named by a relative path such as 'plots/loss.txt'",
            thrown.getMessage());
      }
      IllegalArgumentException link =
          assertThrows(IllegalArgumentException.class, () -> run.writeArtifact("out/escape.txt", "x"));
      assertTrue(link.getMessage().contains("passes through the symbolic link"), link.getMessage());
      assertThrows(IllegalArgumentException.class, () -> run.writeArtifact("", "x"));
      // A segment longer than the file system allows: refused by the OS, nothing left behind.
      assertThrows(IOException.class, () -> run.writeArtifact("n".repeat(300) + "/f.txt", "x"));
      assertThrows(IOException.class, () -> run.writeArtifact("n".repeat(300), "x"));
      assertEquals(before, tree(tmp), "nothing written anywhere");
    }
  }

  @Test
  void linksPlantedInTheRunDirectoryAreNotFollowed() throws Exception {
    FileStore store = FileStore.open(tmp.resolve("mlruns"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    RunWriter run = store.createRun(store.experimentId("e"), "r", "u", 1);
    Files.createSymbolicLink(run.runDir().resolve("params/p"), outside);
    Files.createSymbolicLink(run.runDir().resolve("tags/t"), outside);
    Files.createSymbolicLink(run.runDir().resolve("metrics/m"), outside);
    Files.createSymbolicLink(run.runDir().resolve("metrics/direct"), outside.resolve("direct"));
    Map<String, String> before = tree(tmp);

    IOException param = assertThrows(IOException.class, () -> run.logParam("p/escape", "v"));
    assertTrue(param.getMessage().contains("is a symbolic link, which could lead outside the run"), param.getMessage());
    assertThrows(IOException.class, () -> run.setTag("t/escape", "v"));
    run.logMetric("m/escape", 1.0, 0, 1);
    run.logMetric("direct", 1.0, 0, 1);
    assertThrows(Exception.class, () -> {
      run.flush();
      run.finish(RunStatus.FINISHED, 2);
    }, "the metric writer refuses the links and the run says so");
    java.io.UncheckedIOException closed = assertThrows(java.io.UncheckedIOException.class, run::close);
    assertTrue(closed.getMessage().contains("metrics/m is a symbolic link, which could lead outside the run"),
        closed.getMessage());
    assertEquals(List.of(), Files.list(outside).toList(), "nothing written outside");
    Map<String, String> after = tree(tmp);
    for (String path : before.keySet()) {
      assertTrue(after.containsKey(path), path);
    }
    assertTrue(after.keySet().stream().filter(p -> !before.containsKey(p)).allMatch(p -> p.startsWith("mlruns/")),
        after.keySet().toString());
    assertEquals("-> " + outside.resolve("direct"), after.get(run.runDir().resolve("metrics/direct").toString()
        .substring(tmp.toString().length() + 1)), "the link itself left alone, not written through");
  }
}
