package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DVC's {@code .dvcignore} rules applied to a real directory in a real DVC repository layout: the
 * files left in the manifest, the patterns' regular expressions as pathspec 0.12 writes them, and
 * the rebasing of a deeper {@code .dvcignore} as {@code dvc/pathspec_math.py} does it.
 */
class DvcIgnoreTest {
  @TempDir Path dir;
  private Path repo;
  private Path data;

  @BeforeEach
  void repository() throws IOException {
    repo = dir.resolve("repo");
    Files.createDirectories(repo.resolve(".dvc"));
    data = Files.createDirectories(repo.resolve("data"));
    for (String file : List.of("a.txt", "b.csv", "keep.csv", "tmp", "sub/a.txt", "sub/c.csv",
        "sub/tmp/x", "sub/deep/er/leaf.txt", "sub/deep/er/cache/y", "cache/z", "logs/run.log")) {
      Path path = data.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, file);
    }
  }

  private List<String> hashed() throws IOException {
    List<String> relpaths = new ArrayList<>();
    DirectoryHash.of(data, HashMode.MD5).manifest().entries().forEach(e -> relpaths.add(e.relpath()));
    return relpaths;
  }

  private void ignore(String file, String patterns) throws IOException {
    Files.writeString(repo.resolve(file), patterns);
  }

  @Test
  void negationReincludesAFileButNotOneInAnIgnoredDirectory() throws IOException {
    ignore(".dvcignore", "*.csv\n!keep.csv\nsub/\n!sub/c.csv\n");
    assertEquals(List.of("a.txt", "cache/z", "keep.csv", "logs/run.log", "tmp"), hashed());
  }

  @Test
  void aTrailingSlashMatchesDirectoriesOnly() throws IOException {
    ignore(".dvcignore", "tmp/\n");
    // the file data/tmp stays; the directory data/sub/tmp goes
    assertEquals(List.of("a.txt", "b.csv", "cache/z", "keep.csv", "logs/run.log", "sub/a.txt",
        "sub/c.csv", "sub/deep/er/cache/y", "sub/deep/er/leaf.txt", "tmp"), hashed());
  }

  @Test
  void aPatternWithASlashIsAnchoredToItsDvcignoreAndOneWithoutMatchesAtAnyDepth() throws IOException {
    ignore(".dvcignore", "data/a.txt\n");
    assertEquals(false, hashed().contains("a.txt"));
    assertEquals(true, hashed().contains("sub/a.txt"));
    ignore(".dvcignore", "/a.txt\n"); // the repository's a.txt, not data's
    assertEquals(true, hashed().contains("a.txt"));
    ignore(".dvcignore", "a.txt\n");
    assertEquals(false, hashed().contains("a.txt"));
    assertEquals(false, hashed().contains("sub/a.txt"));
  }

  @Test
  void doubleAsterisks() throws IOException {
    ignore(".dvcignore", "data/**/leaf.txt\n**/cache\ndata/logs/**\n");
    assertEquals(List.of("a.txt", "b.csv", "keep.csv", "sub/a.txt", "sub/c.csv", "sub/tmp/x", "tmp"),
        hashed());
  }

  @Test
  void aDeeperDvcignoreIsRebasedAndComesAfterTheRootOne() throws IOException {
    ignore(".dvcignore", "*.csv\n");
    // repo/.dvcignore ignores every csv; a .dvcignore between the root and data re-includes one
    Path middle = Files.createDirectories(repo.resolve("m"));
    Path inner = Files.move(data, middle.resolve("data"));
    data = inner;
    Files.writeString(middle.resolve(".dvcignore"), "!data/keep.csv\n/data/tmp\n");
    assertEquals(List.of("a.txt", "cache/z", "keep.csv", "logs/run.log", "sub/a.txt",
        "sub/deep/er/cache/y", "sub/deep/er/leaf.txt", "sub/tmp/x"), hashed());
  }

  @Test
  void aDvcignoreThatIsItselfIgnoredIsNotRead() throws IOException {
    Path middle = Files.createDirectories(repo.resolve("m"));
    data = Files.move(data, middle.resolve("data"));
    ignore(".dvcignore", "m/.dvcignore\n");
    Files.writeString(middle.resolve(".dvcignore"), "*.txt\n");
    assertTrue(hashed().contains("a.txt"));
  }

  @Test
  void anIgnoredDatasetAndAnInvalidPatternAreErrorsNamingTheLine() throws IOException {
    ignore(".dvcignore", "# comment\n\ndata\n");
    IOException ignored = assertThrows(IOException.class, this::hashed);
    assertTrue(ignored.getMessage().contains(repo.resolve(".dvcignore") + ":3: 'data'"), ignored.getMessage());
    assertTrue(ignored.getMessage().contains("OutputIsIgnoredError"), ignored.getMessage());

    ignore(".dvcignore", "*.csv\nfoo\\\n");
    IOException invalid = assertThrows(IOException.class, this::hashed);
    assertTrue(invalid.getMessage().startsWith(repo.resolve(".dvcignore") + ":2: 'foo\\'"), invalid.getMessage());
  }

  @Test
  void anIgnoredDvcignoreInsideTheDatasetIsNoError() throws IOException {
    Files.writeString(data.resolve("sub/.dvcignore"), "*.txt\n");
    assertThrows(IOException.class, this::hashed); // DVC: IgnoreInCollectedDirError
    ignore(".dvcignore", ".dvcignore\n");
    assertTrue(hashed().contains("sub/a.txt"));
  }

  /** pathspec 0.12's regular expressions (the named group of a directory mark left out). */
  @Test
  void regexesAsPathspecWritesThem() {
    assertArrayEquals(new String[] {"^(?:.+/)?[^/]*\\.csv(?:/.*)?$", "ignore"}, DvcIgnore.toRegex("*.csv"));
    assertArrayEquals(new String[] {"^(?:.+/)?tmp/.*$", "ignore"}, DvcIgnore.toRegex("tmp/"));
    assertArrayEquals(new String[] {"^data/a\\.txt(?:/.*)?$", "include"}, DvcIgnore.toRegex("!/data/a.txt"));
    assertArrayEquals(new String[] {"^a(?:/.+)?/b(?:/.*)?$", "ignore"}, DvcIgnore.toRegex("a/**/b"));
    assertArrayEquals(new String[] {"^a/.*$", "ignore"}, DvcIgnore.toRegex("a/**"));
    assertArrayEquals(new String[] {"^.+/.*$", "ignore"}, DvcIgnore.toRegex("**/"));
    assertArrayEquals(new String[] {"^[^/]+(?:/.*)?$", "ignore"}, DvcIgnore.toRegex("**"));
    assertArrayEquals(new String[] {"^f[^/]o[^/]*/[^/]+(?:/.*)?$", "ignore"}, DvcIgnore.toRegex("f?o*/*"));
    assertArrayEquals(new String[] {"^(?:.+/)?\\#x(?:/.*)?$", "ignore"}, DvcIgnore.toRegex("\\#x"));
    assertNull(DvcIgnore.toRegex("# comment"));
    assertNull(DvcIgnore.toRegex("/"));
    assertNull(DvcIgnore.toRegex("   "));
  }

  @Test
  void bracketExpressions() {
    assertTrue(matches("[a-c]x", "bx"));
    assertTrue(!matches("[a-c]x", "dx"));
    assertTrue(matches("[!a-c]x", "dx"));
    assertTrue(matches("[]]x", "]x"));
    assertTrue(matches("[a-]x", "-x"));
    assertTrue(matches("[[]x", "[x"));
    assertTrue(matches("[&&a]x", "&x"));
    assertTrue(matches("[x", "[x")); // no closing bracket: a literal
    assertTrue(matches("[\\\\]x", "\\x"));
  }

  private static boolean matches(String pattern, String path) {
    return Pattern.compile(DvcIgnore.toRegex(pattern)[0]).matcher(path).matches();
  }

  @Test
  void rebasingAsPathspecMath() {
    assertEquals("sub/**/*.csv", DvcIgnore.rebase("*.csv", "sub"));
    assertEquals("!/sub/**/keep.csv", DvcIgnore.rebase("!keep.csv", "sub"));
    assertEquals("sub/a/b", DvcIgnore.rebase("/a/b", "sub"));
    assertEquals("sub/a/b", DvcIgnore.rebase("a/b", "sub"));
    assertEquals("sub/**/tmp/", DvcIgnore.rebase("tmp/", "sub"));
    assertEquals("x/y/**/z", DvcIgnore.rebase("**/z", "x/y"));
    assertEquals("sub/**/#x", DvcIgnore.rebase("\\#x", "sub"));
  }

  /**
   * dvc.md §2.3's published case, observed with DVC's own {@code dvc/ignore.py}: a root
   * {@code .dvcignore} of {@code *.csv} and {@code nested/}, and a {@code dataset/.git/HEAD},
   * leave 16 of the 18 files of §2.2, whose manifest hashes to {@code b2508096….dir}. The walk
   * leaves out exactly those files of a tree of the same names; the published entries without
   * them give the published hash.
   */
  @Test
  void dvcsPublishedIgnoreCase() throws IOException {
    String published = "[{\"md5\": \"63eb87dca8954bf9c0aa0d18ce984c9e\", \"relpath\": \".hidden\"}, {\"md5\": \"da7445cd89180279ec4fbb90498d6c3f\", \"relpath\": \"A.txt\"}, {\"md5\": \"4906606d351994a0df26d6295c98e94b\", \"relpath\": \"README.txt\"}, {\"md5\": \"12776d70544b39dade4027784129e974\", \"relpath\": \"a-b.txt\"}, {\"md5\": \"60b725f10c9c85c70d97880dfe8191b3\", \"relpath\": \"a.txt\"}, {\"md5\": \"77f74a0cb59bc980372d7367238fcfa2\", \"relpath\": \"a/inner.txt\"}, {\"md5\": \"317c77303bf3d8d83ce39e9670f8566d\", \"relpath\": \"a0.txt\"}, {\"md5\": \"b32cdbbf3bada63fe2c7080ddcd8bc65\", \"relpath\": \"data.csv\"}, {\"md5\": \"4f784201526479699db75d69c7abad6d\", \"relpath\": \"dup1.txt\"}, {\"md5\": \"4f784201526479699db75d69c7abad6d\", \"relpath\": \"dup2.txt\"}, {\"md5\": \"d41d8cd98f00b204e9800998ecf8427e\", \"relpath\": \"images/empty.bin\"}, {\"md5\": \"04efd1e6a4e06e3794694154279db582\", \"relpath\": \"images/pixels.bin\"}, {\"md5\": \"615932ae63dcb21736f1cfe665604fd4\", \"relpath\": \"nested/deeper/deepest/leaf.txt\"}, {\"md5\": \"1567f6d20b6dbfbb82dc7b55c4151770\", \"relpath\": \"space name.txt\"}, {\"md5\": \"5efe61400696146f89e5c69107891529\", \"relpath\": \"\\u00fcn\\u00efc\\u00f6d\\u00e9/\\u0444\\u0430\\u0439\\u043b.txt\"}, {\"md5\": \"2123035863e00ab6633d0f429fd9aefa\", \"relpath\": \"\\u00fcn\\u00efc\\u00f6d\\u00e9/\\u65e5\\u672c\\u8a9e.txt\"}, {\"md5\": \"f88da202f08e12abc19ce52a0357218e\", \"relpath\": \"\\uff01.txt\"}, {\"md5\": \"027a1b1d8e537e3a87b2c80370d31885\", \"relpath\": \"\\ud83d\\ude00.txt\"}]";
    List<DvcManifest.Entry> entries = new ArrayList<>();
    Matcher m = Pattern.compile("\\{\"md5\": \"([0-9a-f]{32})\", \"relpath\": \"([^\"]*)\"\\}").matcher(published);
    while (m.find()) {
      entries.add(new DvcManifest.Entry(unescape(m.group(2)), m.group(1)));
    }
    assertEquals(18, entries.size());

    Path dataset = Files.createDirectories(repo.resolve("dataset"));
    for (DvcManifest.Entry entry : entries) {
      Path file = dataset.resolve(entry.relpath());
      Files.createDirectories(file.getParent());
      Files.writeString(file, entry.relpath());
    }
    Files.createDirectories(dataset.resolve(".git"));
    Files.writeString(dataset.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    ignore(".dvcignore", "*.csv\nnested/\n");
    List<String> kept = new ArrayList<>();
    DirectoryHash.of(dataset, HashMode.MD5).manifest().entries().forEach(e -> kept.add(e.relpath()));
    List<DvcManifest.Entry> expected = new ArrayList<>(entries);
    expected.removeIf(e -> e.relpath().equals("data.csv") || e.relpath().startsWith("nested/"));
    assertEquals(expected.stream().map(DvcManifest.Entry::relpath).toList(), kept);
    assertEquals(16, expected.size());
    assertEquals("b250809649840f42cb91f06c3cd6bd29.dir", new DvcManifest(expected).md5());
  }

  private static String unescape(String json) {
    Matcher u = Pattern.compile("\\\\u([0-9a-f]{4})").matcher(json);
    StringBuilder out = new StringBuilder();
    while (u.find()) {
      u.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(u.group(1), 16))));
    }
    return u.appendTail(out).toString();
  }
}
