package io.repro4j.cli.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactPathsTest {
  @TempDir Path tmp;
  Path artifacts;

  @BeforeEach
  void files() throws Exception {
    artifacts = Files.createDirectories(tmp.resolve("run/artifacts"));
    Files.createDirectories(artifacts.resolve("repro4j"));
    Files.writeString(artifacts.resolve("repro4j/config.yaml"), "lr: 0.1\n");
    Files.writeString(artifacts.resolve("a b+c.txt"), "x");
    Files.writeString(tmp.resolve("secret.txt"), "outside");
    Files.createSymbolicLink(artifacts.resolve("link.txt"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(artifacts.resolve("linkdir"), tmp);
  }

  @Test
  void resolvesPlainAndEncodedNamesInsideTheArtifacts() throws Exception {
    assertEquals(artifacts.resolve("repro4j/config.yaml"), ArtifactPaths.resolve(artifacts, "repro4j/config.yaml"));
    assertEquals(artifacts.resolve("a b+c.txt"), ArtifactPaths.resolve(artifacts, "a%20b+c.txt"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "..", "../secret.txt", "repro4j/../../secret.txt", "%2e%2e/secret.txt", "%2E%2E/secret.txt", ".%2e/secret.txt",
      "repro4j/%2e%2e/%2e%2e/secret.txt", "..%2fsecret.txt", "..%2Fsecret.txt", "..%5csecret.txt", "/etc/passwd",
      "%2fetc%2fpasswd", "repro4j//config.yaml", "./repro4j/config.yaml", "repro4j/config.yaml%00.txt", "%zz", "%2",
      "C:%5cWindows", "\u00e9"})
  void refusesTraversalEncodedOrNot(String raw) {
    ArtifactPaths.Refused e = assertThrows(ArtifactPaths.Refused.class, () -> ArtifactPaths.resolve(artifacts, raw));
    assertEquals(400, e.status, e.getMessage());
  }

  @Test
  void refusesSymbolicLinksEvenToFilesThatExist() {
    for (String raw : List.of("link.txt", "linkdir/secret.txt")) {
      ArtifactPaths.Refused e = assertThrows(ArtifactPaths.Refused.class, () -> ArtifactPaths.resolve(artifacts, raw));
      assertEquals(403, e.status, raw);
    }
  }

  @Test
  void aMissingFileIsNotFound() {
    ArtifactPaths.Refused e = assertThrows(ArtifactPaths.Refused.class, () -> ArtifactPaths.resolve(artifacts, "nope.txt"));
    assertEquals(404, e.status);
  }
}
