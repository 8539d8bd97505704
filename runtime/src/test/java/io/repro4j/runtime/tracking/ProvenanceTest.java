package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
  @TempDir Path tmp;

  private static boolean gitInstalled() {
    try {
      Process p = new ProcessBuilder("git", "--version").start();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com",
        "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=trunk"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", args) + ": " + out);
  }

  @Test
  void gitStateOfAWorkTree() throws Exception {
    assumeTrue(gitInstalled(), "git not installed");
    Path repo = Files.createDirectory(tmp.resolve("repo"));
    assertEquals(Optional.empty(), Provenance.git(repo), "not a work tree");
    git(repo, "init", "-q");
    assertEquals(Optional.empty(), Provenance.git(repo), "no commit yet");
    Files.writeString(repo.resolve("a.txt"), "1");
    git(repo, "add", "a.txt");
    git(repo, "commit", "-q", "-m", "first");

    Provenance.GitInfo clean = Provenance.git(repo).orElseThrow();
    assertTrue(clean.commit().matches("[0-9a-f]{40}"), clean.commit());
    assertEquals("trunk", clean.branch());
    assertNull(clean.remoteUrl());
    assertFalse(clean.dirty());

    Files.writeString(repo.resolve("untracked.txt"), "x");
    assertFalse(Provenance.git(repo).orElseThrow().dirty(), "untracked files do not count");
    Files.writeString(repo.resolve("a.txt"), "2");
    assertTrue(Provenance.git(Files.createDirectory(repo.resolve("sub"))).orElseThrow().dirty(),
        "a modified tracked file counts, seen from a sub-directory too");

    git(repo, "remote", "add", "origin", "https://user:s3cret@example.com/team/proj.git");
    git(repo, "checkout", "-q", "--detach");
    Provenance.GitInfo detached = Provenance.git(repo).orElseThrow();
    assertNull(detached.branch());
    assertEquals("https://example.com/team/proj.git", detached.remoteUrl());
    assertEquals(clean.commit(), detached.commit());
  }

  @Test
  void credentialsAreRemovedFromRemoteUrls() {
    assertEquals("https://host/x.git", Provenance.withoutCredentials("https://tok@host/x.git"));
    assertEquals("ssh://host/x.git", Provenance.withoutCredentials("ssh://git@host/x.git"));
    assertEquals("git@github.com:team/x.git", Provenance.withoutCredentials("git@github.com:team/x.git"));
    assertEquals("/srv/repos/x.git", Provenance.withoutCredentials("/srv/repos/x.git"));
  }

  @Test
  void environmentJson() throws Exception {
    Map<String, Object> env = Provenance.environment(tmp, "0.1.0");
    assertEquals(
        List.of("java.version", "java.vendor", "java.vm.name", "os.name", "os.version", "os.arch",
            "host", "cpus", "maxHeapBytes", "vmOptions", "repro4j.version", "git"),
        new ArrayList<>(env.keySet()));
    assertEquals(System.getProperty("java.version"), env.get("java.version"));
    assertEquals(Runtime.getRuntime().availableProcessors(), env.get("cpus"));
    assertEquals("0.1.0", env.get("repro4j.version"));
    assertEquals(Provenance.git(tmp).isEmpty(), env.get("git") == null);
    assertFalse(((String) env.get("host")).isBlank());
    assertEquals(
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().size(),
        ((List<?>) env.get("vmOptions")).size());

    String json = Provenance.toJson(env);
    assertTrue(json.startsWith("{\n  \"java.version\" : \""), json);
    assertTrue(json.contains("\"repro4j.version\" : \"0.1.0\""), json);
    @SuppressWarnings("unchecked")
    Map<String, Object> back = new ObjectMapper().readValue(json, Map.class);
    assertEquals(env.keySet(), back.keySet());
  }

  @Test
  void environmentWithVariablesAppendsTheRecordedOnes() {
    Map<String, Object> env =
        Provenance.environment(Optional.empty(), "0.1.0", Map.of("USER", "ada", "API_TOKEN", "x", "HOME", "/h",
            "REPRO4J_ENV", "API_TOKEN"));
    assertEquals("variables", new ArrayList<>(env.keySet()).get(env.size() - 1));
    assertEquals(Map.of("USER", "ada", "API_TOKEN", "***", "REPRO4J_ENV", "API_TOKEN"), env.get("variables"));
  }

  @Test
  void uncommittedDiffOnlyWhenDirtyAndBounded() throws Exception {
    assumeTrue(gitInstalled(), "git not installed");
    Path repo = Files.createDirectory(tmp.resolve("repo"));
    git(repo, "init", "-q");
    Files.writeString(repo.resolve("a.txt"), "old line\n");
    Files.writeString(repo.resolve("big.txt"), "");
    git(repo, "add", "a.txt", "big.txt");
    git(repo, "commit", "-q", "-m", "first");
    Optional<Provenance.GitInfo> clean = Provenance.git(repo);
    assertEquals(Optional.empty(), Provenance.gitDiff(repo));
    assertEquals(List.of("repro4j/classpath.json"), new ArrayList<>(Provenance.artifacts(repo, clean).keySet()));

    Files.writeString(repo.resolve("a.txt"), "new line\n");
    Files.writeString(repo.resolve("untracked.txt"), "not in the diff\n");
    String diff = Provenance.gitDiff(repo).orElseThrow();
    assertTrue(diff.contains("-old line\n+new line\n"), diff);
    assertFalse(diff.contains("untracked"), diff);
    Map<String, String> artifacts = Provenance.artifacts(repo, Provenance.git(repo));
    assertEquals(List.of("repro4j/classpath.json", "repro4j/git.diff"), new ArrayList<>(artifacts.keySet()));
    assertEquals(diff, artifacts.get("repro4j/git.diff"));

    String line = "x".repeat(99) + "\n";
    Files.writeString(repo.resolve("big.txt"), line.repeat(15_000)); // 1.5 MB of added lines
    String bounded = Provenance.gitDiff(repo).orElseThrow();
    int bytes = bounded.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    assertTrue(bytes <= Provenance.MAX_DIFF_BYTES + 100, "bounded: " + bytes);
    assertTrue(bounded.endsWith("(limit " + Provenance.MAX_DIFF_BYTES + ")\n"), bounded.substring(bounded.length() - 200));
    assertTrue(bounded.contains("\n+" + "x".repeat(99) + "\n# repro4j: diff truncated at "), "cut at a line end");
  }
  @Test
  void theEnvironmentJsonIsReusedOnlyForTheSameEntriesInTheSameOrder() {
    Map<String, Object> first = new java.util.LinkedHashMap<>(Provenance.environment(Optional.empty(), "1.0"));
    String json = Provenance.environmentJson(first);
    assertEquals(Provenance.toJson(first), json);
    Map<String, Object> same = new java.util.LinkedHashMap<>(Provenance.environment(Optional.empty(), "1.0"));
    assertEquals(json, Provenance.environmentJson(same));

    Map<String, Object> reordered = new java.util.LinkedHashMap<>();
    reordered.put("host", same.get("host"));
    same.forEach(reordered::putIfAbsent);
    assertEquals(Provenance.toJson(reordered), Provenance.environmentJson(reordered));
    assertFalse(Provenance.environmentJson(reordered).equals(json), "keys in another order print in that order");

    Map<String, Object> otherVersion = new java.util.LinkedHashMap<>(Provenance.environment(Optional.empty(), "2.0"));
    assertTrue(Provenance.environmentJson(otherVersion).contains("\"2.0\""));
    Map<String, Object> asLong = new java.util.LinkedHashMap<>(otherVersion);
    asLong.put("cpus", ((Integer) otherVersion.get("cpus")).longValue());
    assertFalse(io.repro4j.runtime.config.OrderedEquality.sameInOrder(otherVersion, asLong), "an Integer and a Long are different values");
    assertTrue(io.repro4j.runtime.config.OrderedEquality.sameInOrder(List.of(Map.of("a", 1)), List.of(Map.of("a", 1))));
    assertFalse(io.repro4j.runtime.config.OrderedEquality.sameInOrder(List.of(1, 2), List.of(2, 1)));
  }
}
