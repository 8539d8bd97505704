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

  /** {@code repro4j hash ARGS} with its cache in the test's directory, not the working directory. */
  private Repro4jCliTest.Result hash(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("hash", "--hash-cache", dir.resolve("cache").toString()));
    all.addAll(List.of(args));
    return Repro4jCliTest.run(all.toArray(String[]::new));
  }

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
    Repro4jCliTest.Result result = hash(foo.toString(), tree.toString());
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(
        "acbd18db4cc2f85cedef654fccc4a4d8  " + foo + "\n"
            + "5ea40360f5b4ec688df672a4db9c17d1.dir  " + tree + "\n",
        result.out().replace(System.lineSeparator(), "\n"));
    assertEquals("", result.err());
  }

  @Test
  void jsonHasPathMd5SizeAndNfiles() throws Exception {
    List<JsonNode> lines = hash("--json", foo.toString(), tree.toString()).lines();
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
        hash(crlf.toString()).out().strip());
    assertEquals("6f5902ac237024bdd0c176cb93063dc4  " + crlf,
        hash("--mode", "md5-dos2unix", crlf.toString()).out().strip());
    assertEquals("a0f2a3c1dcd5b1cac71bf0c03f2ff1bd  " + crlf,
        hash("--mode=md5", crlf.toString()).out().strip());

    Repro4jCliTest.Result bad = hash("--mode", "sha256", crlf.toString());
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("unknown hash mode 'sha256': use md5 (DVC 3.x) or md5-dos2unix (DVC 2.x)"), bad.err());
  }

  @Test
  void missingPathIsExitTwoAndTheOthersAreStillHashed() {
    Path missing = dir.resolve("missing.csv");
    Repro4jCliTest.Result result = hash(missing.toString(), foo.toString());
    assertEquals(2, result.exitCode());
    assertEquals("acbd18db4cc2f85cedef654fccc4a4d8  " + foo, result.out().strip());
    assertTrue(result.err().startsWith("repro4j hash: " + missing + ": no such file or directory"), result.err());
  }

  @Test
  void unhashableDirectoryIsExitTwoWithTheReason() throws Exception {
    Files.createSymbolicLink(tree.resolve("broken"), tree.resolve("gone"));
    Repro4jCliTest.Result result = hash(tree.toString());
    assertEquals(2, result.exitCode());
    assertEquals("", result.out());
    assertTrue(result.err().contains("broken symbolic link"), result.err());
  }

  @Test
  void theSecondRunUsesTheCacheAndSeesARewriteThatKeepsSizeAndMtime() throws Exception {
    Path cache = dir.resolve("cache");
    assertEquals("5ea40360f5b4ec688df672a4db9c17d1.dir  " + tree, hash(tree.toString()).out().strip());
    try (var files = Files.list(cache)) {
      assertEquals(1, files.count(), "one cache file for the directory");
    }
    // Same size, same mtime, new content: only the ctime (and the racy guard) can tell.
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(tree.resolve("foo"));
    Files.writeString(tree.resolve("foo"), "FOO");
    Files.setLastModifiedTime(tree.resolve("foo"), mtime);
    assertEquals(Md5Manifest.of("FOO", "bar") + "  " + tree, hash(tree.toString()).out().strip());
  }

  @Test
  void noHashCacheWritesNoCache() throws Exception {
    Path cache = dir.resolve("elsewhere");
    Repro4jCliTest.Result result = hashWithCacheVariable(cache, "--no-hash-cache", tree.toString());
    assertEquals("5ea40360f5b4ec688df672a4db9c17d1.dir  " + tree, result.out().strip());
    assertTrue(Files.notExists(cache), "REPRO4J_CACHE_DIR is not used with --no-hash-cache");
    assertEquals(result.out(), hashWithCacheVariable(cache, tree.toString()).out());
    assertTrue(Files.isDirectory(cache), "without it the variable names the cache");
    Repro4jCliTest.Result both =
        Repro4jCliTest.run("hash", "--no-hash-cache", "--hash-cache", cache.toString(), tree.toString());
    assertEquals(2, both.exitCode());
    assertTrue(both.err().contains("--hash-cache and --no-hash-cache exclude each other"), both.err());
  }

  /** The .dir hash of a tree {foo, bar} with the given contents, computed independently. */
  private static final class Md5Manifest {
    static String of(String foo, String bar) throws Exception {
      String json = "[{\"md5\": \"" + md5(bar) + "\", \"relpath\": \"bar\"}, {\"md5\": \"" + md5(foo)
          + "\", \"relpath\": \"foo\"}]";
      return md5(json) + ".dir";
    }

    static String md5(String s) throws Exception {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  /** The model is built by hand (HashCommand.spec): its usage is the one the annotations gave. */
  @Test
  void usageIsUnchanged() {
    Repro4jCliTest.Result help = Repro4jCliTest.runAsMain("hash", "--help");
    assertEquals(0, help.exitCode());
    assertEquals(
        "Usage: repro4j hash [-hV] [--json] [--no-hash-cache] [--hash-cache=DIR]\n"
            + "                    [--mode=MODE] PATH...\n"
            + "Prints DVC-compatible hashes: a file's md5, a directory's md5 of its .dir\n"
            + "manifest.\n"
            + "Without --json, one line per path as md5sum prints it: MD5  PATH.\n"
            + "With --json, one object per line: {\"path\", \"md5\", \"size\", \"nfiles\"} (nfiles is\n"
            + "null for a file, as DVC records none).\n"
            + "All paths are hashed together on every core. On a terminal, stderr shows\n"
            + "progress when hashing takes more than a second (REPRO4J_PROGRESS=always|never\n"
            + "overrides).\n"
            + "      PATH...            Files or directories to hash.\n"
            + "  -h, --help             Show this help message and exit.\n"
            + "      --hash-cache=DIR   Where to remember file hashes, so that unchanged files\n"
            + "                           are not read again (default: $REPRO4J_CACHE_DIR,\n"
            + "                           else .repro4j/cache/hashes in the working directory).\n"
            + "      --json             One JSON object per path.\n"
            + "      --mode=MODE        md5 (DVC 3.x, entries with 'hash: md5'; the default)\n"
            + "                           or md5-dos2unix (DVC 2.x, entries without 'hash':\n"
            + "                           CRLF counts as LF in text).\n"
            + "      --no-hash-cache    Read and hash every file; use no hash cache.\n"
            + "  -V, --version          Print version information and exit.\n",
        help.out().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void needsAPath() {
    Repro4jCliTest.Result result = Repro4jCliTest.run("hash");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("Missing required parameter: 'PATH'"), result.err());
  }

  /**
   * What {@link HashCommand.Arguments#plain} accepts, main runs without picocli: on command lines
   * generated from options, values and paths (well-formed and not), whenever it accepts one,
   * picocli must parse the same command line to the same values. Both outcomes must occur often.
   */
  @Test
  void plainArgumentsMeanWhatTheyMeanToPicocli() {
    String[] tokens = {
      "--json", "--no-hash-cache", "--mode", "--mode=md5", "--mode=MD5-DOS2UNIX", "--mode=sha1", "--mode=",
      "--mode=-x", "md5", "md5-dos2unix", "Md5", "sha256", "--hash-cache", "--hash-cache=cache",
      "--hash-cache=", "--hash-cache=-", "cache dir", "a.csv", "data/", "x=1", "@args", "hash", "dvc.lock",
      "\u00fc.csv", "-", "--", "-x", "--JSON", "--json=true", "--help", "-h", "-V", "", "a\u0000b"
    };
    java.util.Random random = new java.util.Random(42);
    int accepted = 0;
    int rejected = 0;
    for (int n = 0; n < 3000; n++) {
      List<String> args = new java.util.ArrayList<>(List.of("hash"));
      for (int length = 1 + random.nextInt(5); args.size() <= length; ) {
        args.add(tokens[random.nextInt(tokens.length)]);
      }
      String[] line = args.toArray(String[]::new);
      HashCommand.Arguments plain = HashCommand.Arguments.plain(line);
      if (plain == null) {
        rejected++;
        continue;
      }
      accepted++;
      picocli.CommandLine commandLine = Repro4jCli.commandLine(line);
      commandLine.parseArgs(line); // throws (and fails the test) if picocli would not take it
      HashCommand hash = (HashCommand) commandLine.getSubcommands().get("hash").getCommandSpec().userObject();
      assertEquals(hash.arguments(), plain, args.toString());
    }
    assertTrue(accepted > 300 && rejected > 300, accepted + " accepted, " + rejected + " rejected");
    System.setProperty("picocli.trimQuotes", "true"); // picocli would strip quotes from every argument
    try {
      assertEquals(null, HashCommand.Arguments.plain(new String[] {"hash", "\"a b\""}));
    } finally {
      System.clearProperty("picocli.trimQuotes");
    }
    assertEquals(new HashCommand.Arguments(io.repro4j.runtime.data.HashMode.MD5_DOS2UNIX, true,
            List.of(Path.of("a"), Path.of("b")), Path.of("c"), false),
        HashCommand.Arguments.plain(new String[] {"hash", "a", "--mode", "md5-dos2unix", "--json", "--hash-cache=c", "b"}));
  }

  /** Plain arguments run without picocli and print what picocli's command prints, failures too. */
  @Test
  void plainArgumentsRunAsPicocliRunsThem() {
    Path missing = dir.resolve("missing.csv");
    for (String[] args : new String[][] {
      {"hash", "--no-hash-cache", foo.toString(), tree.toString()},
      {"hash", "--json", "--no-hash-cache", crlf.toString(), missing.toString(), tree.toString()},
      {"hash", "--mode=md5-dos2unix", "--hash-cache", dir.resolve("cache").toString(), crlf.toString()},
      {"hash", "--no-hash-cache", "--hash-cache", dir.resolve("cache").toString(), foo.toString()},
    }) {
      assertTrue(HashCommand.Arguments.plain(args) != null, List.of(args).toString());
      assertEquals(Repro4jCliTest.run(args), Repro4jCliTest.runAsMain(args), List.of(args).toString());
    }
  }

  private Repro4jCliTest.Result hashWithCacheVariable(Path cache, String... args) {
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("hash"));
    all.addAll(java.util.List.of(args));
    picocli.CommandLine commandLine = Repro4jCli.commandLine(
        java.util.Map.of(io.repro4j.runtime.data.HashCache.ENV_DIR, cache.toString()), dir, java.time.ZoneOffset.UTC);
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    commandLine.setOut(new java.io.PrintWriter(out));
    commandLine.setErr(new java.io.PrintWriter(err));
    int code = commandLine.execute(all.toArray(new String[0]));
    return new Repro4jCliTest.Result(code, out.toString(), err.toString());
  }
}
