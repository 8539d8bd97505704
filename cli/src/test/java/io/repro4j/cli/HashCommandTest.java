package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repro4j hash}, in this JVM, on real files; expected values from DVC (dvc.md). */
class HashCommandTest {
  @TempDir Path dir;
  private Path foo;
  private Path crlf;
  private Path tree;

  @BeforeEach
  void files() throws Exception {
    foo = Files.writeString(dir.resolve("foo"), "foo");
    crlf = Files.writeString(dir.resolve("crlf.txt"), "hello world\r\n");
    tree = Files.createDirectory(dir.resolve("foobar"));
    Files.writeString(tree.resolve("foo"), "foo");
    Files.writeString(tree.resolve("bar"), "bar");
  }

  @Test
  void printsLikeMd5sum() {
    Repro4jCliTest.Result result = Repro4jCliTest.run("hash", foo.toString(), tree.toString());
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(
        "acbd18db4cc2f85cedef654fccc4a4d8  " + foo + "\n"
            + "5ea40360f5b4ec688df672a4db9c17d1.dir  " + tree + "\n",
        result.out().replace(System.lineSeparator(), "\n"));
    assertEquals("", result.err());
  }

  @Test
  void jsonHasPathMd5SizeAndNfiles() throws Exception {
    List<JsonNode> lines = Repro4jCliTest.run("hash", "--json", foo.toString(), tree.toString()).lines();
    assertEquals(
        "{\"path\":\"" + foo + "\",\"md5\":\"acbd18db4cc2f85cedef654fccc4a4d8\",\"size\":3,\"nfiles\":null}",
        lines.get(0).toString());
    assertEquals(
        "{\"path\":\"" + tree + "\",\"md5\":\"5ea40360f5b4ec688df672a4db9c17d1.dir\",\"size\":6,\"nfiles\":2}",
        lines.get(1).toString());
  }

  @Test
  void modes() {
    assertEquals("a0f2a3c1dcd5b1cac71bf0c03f2ff1bd  " + crlf,
        Repro4jCliTest.run("hash", crlf.toString()).out().strip());
    assertEquals("6f5902ac237024bdd0c176cb93063dc4  " + crlf,
        Repro4jCliTest.run("hash", "--mode", "md5-dos2unix", crlf.toString()).out().strip());
    assertEquals("a0f2a3c1dcd5b1cac71bf0c03f2ff1bd  " + crlf,
        Repro4jCliTest.run("hash", "--mode=md5", crlf.toString()).out().strip());

    Repro4jCliTest.Result bad = Repro4jCliTest.run("hash", "--mode", "sha256", crlf.toString());
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("unknown hash mode 'sha256': use md5 (DVC 3.x) or md5-dos2unix (DVC 2.x)"), bad.err());
  }

  @Test
  void missingPathIsExitTwoAndTheOthersAreStillHashed() {
    Path missing = dir.resolve("missing.csv");
    Repro4jCliTest.Result result = Repro4jCliTest.run("hash", missing.toString(), foo.toString());
    assertEquals(2, result.exitCode());
    assertEquals("acbd18db4cc2f85cedef654fccc4a4d8  " + foo, result.out().strip());
    assertTrue(result.err().startsWith("repro4j hash: " + missing + ": no such file or directory"), result.err());
  }

  @Test
  void unhashableDirectoryIsExitTwoWithTheReason() throws Exception {
    Files.createSymbolicLink(tree.resolve("broken"), tree.resolve("gone"));
    Repro4jCliTest.Result result = Repro4jCliTest.run("hash", tree.toString());
    assertEquals(2, result.exitCode());
    assertEquals("", result.out());
    assertTrue(result.err().contains("broken symbolic link"), result.err());
  }

  @Test
  void needsAPath() {
    Repro4jCliTest.Result result = Repro4jCliTest.run("hash");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("Missing required parameter: 'PATH'"), result.err());
  }
}
