package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DVC-identical hashes, checked against the values published in dvc.md (produced by dvc-data) and
 * against {@code dvc_hash.py}, DVC's algorithm in Python (hashlib, json, os.walk), on real files.
 */
class DvcHashTest {
  private static final int MIB = 1 << 20;
  private static Path script;

  @TempDir Path dir;

  @BeforeAll
  static void copyScript(@TempDir Path scripts) throws IOException {
    script = scripts.resolve("dvc_hash.py");
    try (InputStream in = DvcHashTest.class.getResourceAsStream("/dvc/dvc_hash.py")) {
      Files.write(script, in.readAllBytes());
    }
  }

  // ---- published values (dvc.md §1, §2) ----

  @Test
  void publishedFileHashes() throws IOException {
    assertEquals("acbd18db4cc2f85cedef654fccc4a4d8", md5(write("foo", "foo"), HashMode.MD5));
    assertEquals("d41d8cd98f00b204e9800998ecf8427e", md5(write("empty", ""), HashMode.MD5));
    assertEquals("d41d8cd98f00b204e9800998ecf8427e", md5(write("empty", ""), HashMode.MD5_DOS2UNIX));
    assertEquals("6f5902ac237024bdd0c176cb93063dc4", md5(write("lf", "hello world\n"), HashMode.MD5));
    Path crlf = write("crlf", "hello world\r\n");
    assertEquals("a0f2a3c1dcd5b1cac71bf0c03f2ff1bd", md5(crlf, HashMode.MD5));
    assertEquals("6f5902ac237024bdd0c176cb93063dc4", md5(crlf, HashMode.MD5_DOS2UNIX));
  }

  @Test
  void publishedDirectoryHashes() throws IOException {
    Path foobar = Files.createDirectory(dir.resolve("foobar"));
    Files.writeString(foobar.resolve("foo"), "foo");
    Files.writeString(foobar.resolve("bar"), "bar");
    assertEquals(new DvcHash("5ea40360f5b4ec688df672a4db9c17d1.dir", 6, 2, true),
        DvcHash.of(foobar, HashMode.MD5));
    Files.createDirectories(foobar.resolve("subdir"));
    Files.writeString(foobar.resolve("subdir/data"), "data");
    assertEquals("8761c4e9acad696bee718615e23e22db.dir", DvcHash.of(foobar, HashMode.MD5).md5());

    Path emptyOnly = Files.createDirectories(dir.resolve("empty_only/a/b"));
    Files.createDirectories(dir.resolve("empty_only/c"));
    assertEquals(new DvcHash("d751713988987e9331980363e24189ce.dir", 0, 0, true),
        DvcHash.of(dir.resolve("empty_only"), HashMode.MD5));
    assertEquals("d751713988987e9331980363e24189ce.dir",
        DvcHash.of(emptyOnly, HashMode.MD5_DOS2UNIX).md5());
  }

  /** The manifest of dvc.md §2.2, byte for byte, from its entries in scrambled order. */
  @Test
  void publishedManifestBytes() {
    String published = "[{\"md5\": \"63eb87dca8954bf9c0aa0d18ce984c9e\", \"relpath\": \".hidden\"}, {\"md5\": \"da7445cd89180279ec4fbb90498d6c3f\", \"relpath\": \"A.txt\"}, {\"md5\": \"4906606d351994a0df26d6295c98e94b\", \"relpath\": \"README.txt\"}, {\"md5\": \"12776d70544b39dade4027784129e974\", \"relpath\": \"a-b.txt\"}, {\"md5\": \"60b725f10c9c85c70d97880dfe8191b3\", \"relpath\": \"a.txt\"}, {\"md5\": \"77f74a0cb59bc980372d7367238fcfa2\", \"relpath\": \"a/inner.txt\"}, {\"md5\": \"317c77303bf3d8d83ce39e9670f8566d\", \"relpath\": \"a0.txt\"}, {\"md5\": \"b32cdbbf3bada63fe2c7080ddcd8bc65\", \"relpath\": \"data.csv\"}, {\"md5\": \"4f784201526479699db75d69c7abad6d\", \"relpath\": \"dup1.txt\"}, {\"md5\": \"4f784201526479699db75d69c7abad6d\", \"relpath\": \"dup2.txt\"}, {\"md5\": \"d41d8cd98f00b204e9800998ecf8427e\", \"relpath\": \"images/empty.bin\"}, {\"md5\": \"04efd1e6a4e06e3794694154279db582\", \"relpath\": \"images/pixels.bin\"}, {\"md5\": \"615932ae63dcb21736f1cfe665604fd4\", \"relpath\": \"nested/deeper/deepest/leaf.txt\"}, {\"md5\": \"1567f6d20b6dbfbb82dc7b55c4151770\", \"relpath\": \"space name.txt\"}, {\"md5\": \"5efe61400696146f89e5c69107891529\", \"relpath\": \"\\u00fcn\\u00efc\\u00f6d\\u00e9/\\u0444\\u0430\\u0439\\u043b.txt\"}, {\"md5\": \"2123035863e00ab6633d0f429fd9aefa\", \"relpath\": \"\\u00fcn\\u00efc\\u00f6d\\u00e9/\\u65e5\\u672c\\u8a9e.txt\"}, {\"md5\": \"f88da202f08e12abc19ce52a0357218e\", \"relpath\": \"\\uff01.txt\"}, {\"md5\": \"027a1b1d8e537e3a87b2c80370d31885\", \"relpath\": \"\\ud83d\\ude00.txt\"}]";
    List<DvcManifest.Entry> entries = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("\\{\"md5\": \"([0-9a-f]{32})\", \"relpath\": \"([^\"]*)\"\\}").matcher(published);
    while (m.find()) {
      entries.add(new DvcManifest.Entry(unescape(m.group(2)), m.group(1)));
    }
    assertEquals(18, entries.size());
    Collections.shuffle(entries, new Random(3));
    Collections.sort(entries, (a, b) -> a.relpath().compareTo(b.relpath())); // Java's UTF-16 order
    DvcManifest manifest = new DvcManifest(entries);
    assertEquals(published, manifest.json());
    assertEquals("0e31f705f233405ebc848173e903e899.dir", manifest.md5());
  }

  @Test
  void jsonEscapesLikePython() {
    StringBuilder out = new StringBuilder();
    DvcManifest.appendPythonJsonString(out, "q\"b\\n\nr\rt\tb\bf\f\u0001\u007f/é😀");
    assertEquals("\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\f\\u0001\\u007f/\\u00e9\\ud83d\\ude00\"", out.toString());
  }

  // ---- single files against Python ----

  @Test
  void filesOfEveryKindMatchPython() throws Exception {
    List<Path> files = new ArrayList<>();
    files.add(write("empty", ""));
    files.add(write("lf.txt", "a\nb\n"));
    files.add(write("crlf.txt", "a\r\nb\r\n"));
    files.add(write("mixed.txt", "one\r\ntwo\rthree\nfour\r\n"));
    files.add(write("lone-cr.txt", "one\rtwo\r"));
    files.add(write("cr-cr-lf.txt", "x\r\r\ny\r\n"));
    files.add(write("latin.txt", "caf\u00e9 na\u00efve text line one\r\nline two, ok\r\n"));
    files.add(write("cyrillic.txt", "\u043f\u0440\u0438\u0432\u0435\u0442 \u043c\u0438\u0440\r\n\u0434\u0430\r\n"));
    files.add(bytes("binary-nul.bin", "a\r\n\0b\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    ByteArrayOutputStream textThenBinary = new ByteArrayOutputStream();
    textThenBinary.write("x\r\n".repeat(200).getBytes(StandardCharsets.US_ASCII));
    textThenBinary.write(new byte[] {0, 1, 2, '\r', '\n', 0, (byte) 0xff});
    files.add(bytes("text-then-binary.bin", textThenBinary.toByteArray()));
    // CRLF straddling the 1 MiB chunk boundary: not merged in md5-dos2unix (dvc#8374)
    byte[] straddle = textBytes(MIB + 100);
    straddle[MIB - 1] = '\r';
    straddle[MIB] = '\n';
    straddle[10] = '\r';
    straddle[11] = '\n';
    files.add(bytes("straddle.txt", straddle));
    // a text chunk, then a chunk that starts binary (left alone)
    byte[] textThenBinaryChunk = textBytes(2 * MIB + 7);
    textThenBinaryChunk[MIB] = 0;
    textThenBinaryChunk[MIB + 600] = '\r';
    textThenBinaryChunk[MIB + 601] = '\n';
    textThenBinaryChunk[5] = '\r';
    textThenBinaryChunk[6] = '\n';
    files.add(bytes("text-chunk-binary-chunk.txt", textThenBinaryChunk));
    files.add(bytes("exactly-1mib.txt", textBytes(MIB)));
    byte[] random = new byte[3 * MIB + 12345];
    new Random(7).nextBytes(random);
    files.add(bytes("random.bin", random));
    for (HashMode mode : HashMode.values()) {
      List<JsonNode> goldens = python(mode, files.toArray(Path[]::new));
      for (int i = 0; i < files.size(); i++) {
        Path file = files.get(i);
        JsonNode golden = goldens.get(i);
        FileHash ours = FileHash.of(file, mode);
        assertEquals(golden.get("md5").asText(), ours.md5(), file.getFileName() + " " + mode);
        assertEquals(golden.get("size").asLong(), ours.size(), file.getFileName() + " " + mode);
        assertEquals(Files.size(file), ours.size());
        // the read-ahead path of large files, on these small ones: the same chunks, the same hash
        assertEquals(ours, FileHash.of(file, mode, null, 0), file.getFileName() + " " + mode + " read ahead");
      }
    }
    // the quirks really are exercised: the modes differ where dvc.md says they do
    assertFalse(md5(dir.resolve("straddle.txt"), HashMode.MD5).equals(md5(dir.resolve("straddle.txt"), HashMode.MD5_DOS2UNIX)));
    assertEquals(md5(dir.resolve("cyrillic.txt"), HashMode.MD5), md5(dir.resolve("cyrillic.txt"), HashMode.MD5_DOS2UNIX));
    assertEquals(md5(dir.resolve("binary-nul.bin"), HashMode.MD5), md5(dir.resolve("binary-nul.bin"), HashMode.MD5_DOS2UNIX));
    assertEquals(md5(dir.resolve("lone-cr.txt"), HashMode.MD5), md5(dir.resolve("lone-cr.txt"), HashMode.MD5_DOS2UNIX));
  }

  @Test
  void straddlingCrlfIsNotMerged() throws IOException {
    byte[] straddle = textBytes(MIB + 1);
    straddle[MIB - 1] = '\r';
    straddle[MIB] = '\n';
    Path file = bytes("straddle.txt", straddle);
    // nothing else to normalise, so md5-dos2unix leaves every byte as is
    assertEquals(Md5.ofBytes(straddle), md5(file, HashMode.MD5_DOS2UNIX));
  }

  // ---- directories against Python ----

  @Test
  void treeMatchesPythonInBothModes() throws Exception {
    Path tree = sampleTree();
    for (HashMode mode : HashMode.values()) {
      JsonNode golden = python(mode, tree);
      DvcHash ours = DvcHash.of(tree, mode);
      assertEquals(golden.get("md5").asText(), ours.md5(), mode.toString());
      assertEquals(golden.get("size").asLong(), ours.size());
      assertEquals(golden.get("nfiles").asInt(), ours.nfiles());
      assertEquals(golden.get("manifest").asText(), DirectoryHash.of(tree, mode).manifest().json());
      assertEquals(ours, DvcHash.of(tree, mode), "deterministic");
      assertEquals(ours.md5(), DirectoryHash.of(tree, mode, 1).manifest().md5(), "one thread");
    }
    assertFalse(DvcHash.of(tree, HashMode.MD5).md5().equals(DvcHash.of(tree, HashMode.MD5_DOS2UNIX).md5()));
  }

  @Test
  void symlinksAsDvcTreatsThem() throws Exception {
    Path tree = sampleTree();
    DvcHash before = DvcHash.of(tree, HashMode.MD5);
    Files.createSymbolicLink(tree.resolve("link_to_dir"), tree.resolve("nested"));
    assertEquals(before, DvcHash.of(tree, HashMode.MD5), "a directory symlink is skipped");
    Files.createSymbolicLink(tree.resolve("link_to_a.txt"), tree.resolve("a.txt"));
    DvcHash withLink = DvcHash.of(tree, HashMode.MD5);
    assertEquals(before.nfiles() + 1, withLink.nfiles(), "a file symlink counts as a file");
    assertEquals(before.size() + Files.size(tree.resolve("a.txt")), withLink.size());
    assertEquals(python(HashMode.MD5, tree).get("md5").asText(), withLink.md5());
    // the top itself may be a symlink
    Path top = Files.createSymbolicLink(dir.resolve("top-link"), tree);
    assertEquals(withLink, DvcHash.of(top, HashMode.MD5));

    Files.createSymbolicLink(tree.resolve("broken"), tree.resolve("gone"));
    IOException e = assertThrows(IOException.class, () -> DvcHash.of(tree, HashMode.MD5));
    assertTrue(e.getMessage().contains("broken symbolic link"), e.getMessage());
    assertTrue(e.getMessage().contains("broken"), e.getMessage());
  }

  @Test
  void dvcignoreInsideIsAnError() throws Exception {
    Path tree = sampleTree();
    Files.writeString(tree.resolve("nested/.dvcignore"), "*.csv\n");
    IOException e = assertThrows(IOException.class, () -> DvcHash.of(tree, HashMode.MD5));
    assertTrue(e.getMessage().contains("nested/.dvcignore"), e.getMessage());
    assertTrue(e.getMessage().contains("IgnoreInCollectedDirError"), e.getMessage());
  }

  @Test
  void insideADvcRepoGitAndSubreposAreIgnored() throws Exception {
    Path repo = Files.createDirectory(dir.resolve("repo"));
    Path tree = Files.createDirectory(repo.resolve("data"));
    Files.writeString(tree.resolve("a.txt"), "a");
    Files.createDirectories(tree.resolve(".git"));
    Files.writeString(tree.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.createDirectories(tree.resolve("sub/.dvc"));
    Files.writeString(tree.resolve("sub/x"), "x");
    Files.createDirectories(tree.resolve(".hg"));
    Files.writeString(tree.resolve(".hg/y"), "y");
    // outside a DVC repo nothing is ignored (dvc-data alone)
    assertEquals(python(HashMode.MD5, tree).get("md5").asText(), DvcHash.of(tree, HashMode.MD5).md5());
    assertEquals(4, DvcHash.of(tree, HashMode.MD5).nfiles());

    Files.createDirectory(repo.resolve(".dvc"));
    Files.writeString(repo.resolve(".dvcignore"),
        "# Add patterns of files dvc should ignore, which could improve\n# the performance.\n\n");
    DvcHash inRepo = DvcHash.of(tree, HashMode.MD5);
    assertEquals(1, inRepo.nfiles());
    assertEquals(new DvcManifest(List.of(new DvcManifest.Entry("a.txt", Md5.ofBytes("a".getBytes(StandardCharsets.UTF_8))))).md5(),
        inRepo.md5());

    Files.writeString(tree.resolve("b.csv"), "b");
    Files.writeString(repo.resolve(".dvcignore"), "*.csv\n");
    assertEquals(inRepo, DvcHash.of(tree, HashMode.MD5), "b.csv is ignored by the root .dvcignore");
  }

  @Test
  void nameThatIsNotUtf8IsRefused() throws Exception {
    Path tree = Files.createDirectory(dir.resolve("latin1"));
    Process p = new ProcessBuilder("python3", "-S", "-c",
        "import sys; open(sys.argv[1].encode() + b'/caf\\xe9.txt', 'wb').write(b'x')", tree.toString())
        .inheritIO().start();
    assertEquals(0, p.waitFor());
    IOException e = assertThrows(IOException.class, () -> DvcHash.of(tree, HashMode.MD5));
    assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
  }

  @Test
  void theRepositoryRootItselfLeavesOutDvcAndGit() throws Exception {
    Path repo = Files.createDirectory(dir.resolve("repo"));
    Files.createDirectories(repo.resolve(".dvc/cache"));
    Files.writeString(repo.resolve(".dvc/config"), "[core]\n");
    Files.writeString(repo.resolve(".git"), "gitdir: ../elsewhere\n"); // a worktree's .git file
    Files.writeString(repo.resolve("foo"), "foo");
    Files.writeString(repo.resolve("bar"), "bar");
    assertEquals("5ea40360f5b4ec688df672a4db9c17d1.dir", DvcHash.of(repo, HashMode.MD5).md5());
  }

  @Test
  void fileErrors() {
    assertThrows(IOException.class, () -> DvcHash.of(dir.resolve("missing"), HashMode.MD5));
    IOException e = assertThrows(IOException.class, () -> FileHash.of(dir, HashMode.MD5));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
  }

  @Test
  void hashModeNames() {
    assertEquals(HashMode.MD5, HashMode.fromDvcName("md5"));
    assertEquals(HashMode.MD5_DOS2UNIX, HashMode.fromDvcName("MD5-dos2unix"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HashMode.fromDvcName("sha256"));
    assertTrue(e.getMessage().contains("md5-dos2unix"));
  }

  // ---- fixtures ----

  /**
   * Nested dirs, empty files and dirs, dot-files, CRLF text, binary with CR, and names whose order
   * differs between Java's UTF-16 compare and Python's code points (U+1F600 vs U+FF01).
   */
  private Path sampleTree() throws IOException {
    Path tree = Files.createDirectory(dir.resolve("dataset"));
    Files.writeString(tree.resolve(".hidden"), "hidden\n");
    Files.writeString(tree.resolve("A.txt"), "A\n");
    Files.writeString(tree.resolve("README.txt"), "read me\r\n");
    Files.writeString(tree.resolve("a-b.txt"), "a-b");
    Files.writeString(tree.resolve("a.txt"), "a\n");
    Files.createDirectories(tree.resolve("a"));
    Files.writeString(tree.resolve("a/inner.txt"), "inner\r\n");
    Files.writeString(tree.resolve("a0.txt"), "a0");
    Files.writeString(tree.resolve("data.csv"), "x,y\r\n1,2\r\n");
    Files.createDirectories(tree.resolve("images/empty_subdir/also_empty"));
    Files.createDirectories(tree.resolve("empty_dir"));
    Files.write(tree.resolve("images/empty.bin"), new byte[0]);
    Files.write(tree.resolve("images/pixels.bin"), new byte[] {0, '\r', '\n', 1, (byte) 0x89, 'P', 'N', 'G', '\r', '\n'});
    Files.createDirectories(tree.resolve("nested/deeper/deepest"));
    Files.writeString(tree.resolve("nested/deeper/deepest/leaf.txt"), "leaf\r\n");
    Files.writeString(tree.resolve("space name.txt"), "space");
    Files.createDirectories(tree.resolve("\u00fcn\u00efc\u00f6d\u00e9"));
    Files.writeString(tree.resolve("\u00fcn\u00efc\u00f6d\u00e9/\u0444\u0430\u0439\u043b.txt"), "\u0444\u0430\u0439\u043b\r\n");
    Files.writeString(tree.resolve("\u00fcn\u00efc\u00f6d\u00e9/\u65e5\u672c\u8a9e.txt"), "\u65e5\u672c\u8a9e");
    Files.writeString(tree.resolve("\uff01.txt"), "fullwidth !");
    Files.writeString(tree.resolve("\ud83d\ude00.txt"), "smile");
    Files.writeString(tree.resolve("caf\u00e9.txt"), "nfc");
    Files.writeString(tree.resolve("cafe\u0301.txt"), "nfd");
    Files.write(tree.resolve("big.bin"), textBytes(MIB + 3));
    return tree;
  }

  private static byte[] textBytes(int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) (i % 64 == 63 ? '\n' : 'a' + i % 26);
    }
    return bytes;
  }

  private Path write(String name, String text) throws IOException {
    return bytes(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private Path bytes(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private static String md5(Path file, HashMode mode) throws IOException {
    return FileHash.of(file, mode).md5();
  }

  private static JsonNode python(HashMode mode, Path path) throws Exception {
    return python(mode, new Path[] {path}).get(0);
  }

  /** One Python process for all {@code paths} (its start-up dominates). */
  private static List<JsonNode> python(HashMode mode, Path... paths) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3", "-S", script.toString(), mode.dvcName()));
    for (Path path : paths) {
      command.add(path.toString());
    }
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.split("\n")) {
      lines.add(new ObjectMapper().readTree(line));
    }
    assertEquals(paths.length, lines.size(), out);
    return lines;
  }

  private static String unescape(String json) {
    try {
      return new ObjectMapper().readValue("\"" + json + "\"", String.class);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

}
