package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repro4j.lock file on disk: written deterministically, read back exactly, errors at their line. */
class DataLockFileTest {
  private static final String MD5_A = "e5ebd4c02cefbe7955977c67ada242b7";
  private static final String MD5_DIR = "5ea40360f5b4ec688df672a4db9c17d1.dir";

  @TempDir Path dir;

  private Path lockFile() {
    return dir.resolve("repro4j.lock");
  }

  private static DataLock.Entry entry(String path, String md5, long size, int nfiles) {
    return new DataLock.Entry(path, md5, HashMode.MD5, size, nfiles, 0);
  }

  @Test
  void aMissingFileIsAnEmptyLockUnlessItWasNamed() throws Exception {
    DataLock lock = DataLock.read(lockFile());
    assertFalse(lock.exists());
    assertTrue(lock.entries("any").isEmpty());
    DataLock.LockException e = assertThrows(DataLock.LockException.class, () -> DataLock.read(lockFile(), true));
    assertTrue(e.getMessage().startsWith(lockFile() + ": not found (named by --lock-file); write it with --lock"),
        e.getMessage());
  }

  @Test
  void theSameEntriesGiveTheSameBytesWhateverTheOrderTheyCameIn() throws Exception {
    Map<String, DataLock.Entry> forward = new LinkedHashMap<>();
    forward.put("table", entry("data/table.csv", MD5_A, 8, 1));
    forward.put("images", entry("data/images", MD5_DIR, 6, 2));
    Map<String, DataLock.Entry> backward = new LinkedHashMap<>();
    backward.put("images", entry("data/images", MD5_DIR, 6, 2));
    backward.put("table", entry("data/table.csv", MD5_A, 8, 1));
    DataLock empty = DataLock.read(lockFile());
    String one = empty.with("zeta", Map.of("x", entry("x.csv", MD5_A, 8, 1))).with("alpha", forward).text();
    String two = empty.with("alpha", backward).with("zeta", Map.of("x", entry("x.csv", MD5_A, 8, 1))).text();
    assertEquals(one, two);
    assertTrue(one.indexOf("\"alpha\"") < one.indexOf("\"zeta\"") && one.indexOf("\"images\"") < one.indexOf("\"table\""),
        one);
  }

  @Test
  void whatIsWrittenIsReadBackWithTheLineOfEachEntry() throws Exception {
    Map<String, DataLock.Entry> entries = new LinkedHashMap<>();
    entries.put("table", entry("data/table.csv", MD5_A, 8, 1));
    entries.put("images", entry("../shared/images", MD5_DIR, 6, 2));
    DataLock.read(lockFile()).with("iris", entries).write();
    DataLock read = DataLock.read(lockFile());
    assertTrue(read.exists());
    DataLock.Entry images = read.entries("iris").get("images");
    assertTrue(images.sameAs(entries.get("images")), images.toString());
    assertTrue(read.entries("iris").get("table").sameAs(entries.get("table")));
    assertEquals("images", Files.readAllLines(lockFile()).get(images.line() - 1).strip().replace("\"", "").replace(":", ""));
    assertEquals(lockFile().toAbsolutePath() + ":" + images.line(), read.where(images));
    read.write();
    assertEquals(DataLock.read(lockFile()).text(), Files.readString(lockFile()), "rewriting changes nothing");
  }

  @Test
  void namesAndPathsWithAnyCharacterSurviveAndTheFileStaysAscii() throws Exception {
    String experiment = "exp \"quoted\" \\ back: # not a comment";
    String dataset = "d\u00e4ta\nline\u2028\ud83d\ude00";
    String path = "data/\u00fcml\u00e4ut \"q\"/\ud83d\ude00.csv";
    DataLock.read(lockFile()).with(experiment, Map.of(dataset, entry(path, MD5_A, 1, 1))).write();
    byte[] bytes = Files.readAllBytes(lockFile());
    assertEquals(new String(bytes, StandardCharsets.US_ASCII), new String(bytes, StandardCharsets.UTF_8), "ASCII only");
    DataLock.Entry read = DataLock.read(lockFile()).entries(experiment).get(dataset);
    assertEquals(path, read.path());
  }

  @Test
  void anAllDigitMd5StaysAString() throws Exception {
    String digits = "01234567890123456789012345678901";
    DataLock.read(lockFile()).with("e", Map.of("d", entry("d.csv", digits, 1, 1))).write();
    Files.writeString(lockFile(), Files.readString(lockFile()).replace("\"" + digits + "\"", digits));
    assertEquals(digits, DataLock.read(lockFile()).entries("e").get("d").md5());
  }

  private String error(String text) throws Exception {
    Files.writeString(lockFile(), text);
    return assertThrows(DataLock.LockException.class, () -> DataLock.read(lockFile())).getMessage();
  }

  private static String entryText(String md5, String extra) {
    return "version: 1\nexperiments:\n  e:\n    d:\n      path: d.csv\n      md5: " + md5
        + "\n      hash: md5\n      size: 3\n      nfiles: 1\n" + extra;
  }

  @Test
  void eachMistakeIsReportedAtItsLineWithTheFix() throws Exception {
    String file = lockFile().toAbsolutePath().toString();
    assertTrue(error("").startsWith(file + ":1: empty;"));
    assertTrue(error("version: 1\nexperiments:\n  e: {d: [unclosed\n").startsWith(file + ":4:1: not valid YAML:"),
        error("version: 1\nexperiments:\n  e: {d: [unclosed\n"));
    assertTrue(error("version: 2\nexperiments: {}\n").startsWith(file + ":1: version must be 1"));
    assertTrue(error("- a list\n").startsWith(file + ":1: expected a mapping for the top level"));
    assertTrue(error(entryText("abc", "")).startsWith(file + ":6: md5 'abc' of e/d is not 32 lowercase hex digits"));
    assertTrue(error(entryText(MD5_A.toUpperCase(java.util.Locale.ROOT), "")).startsWith(file + ":6: md5"));
    assertTrue(error(entryText(MD5_A, "      extra: 1\n")).startsWith(file + ":10: unknown key 'extra'"));
    assertTrue(error(entryText(MD5_A, "").replace("      size: 3\n", "      size: -3\n"))
        .startsWith(file + ":8: size '-3' is not a whole number"));
    assertTrue(error(entryText(MD5_A, "").replace("hash: md5", "hash: sha256"))
        .startsWith(file + ":7: unknown hash mode 'sha256'"));
    assertTrue(error(entryText(MD5_A, "").replace("      path: d.csv\n", "")).startsWith(file + ":5: 'path' is missing"));
    String duplicate = entryText(MD5_A, "    d:\n      path: d.csv\n");
    assertTrue(error(duplicate).contains(":10:") && error(duplicate).contains("duplicate key 'd'"), error(duplicate));
    String conflict = "version: 1\n<<<<<<< HEAD\nexperiments: {}\n=======\nexperiments: {}\n>>>>>>> other\n";
    assertTrue(error(conflict).startsWith(file + ":"), error(conflict));
    for (String message : List.of(error(entryText("abc", "")), error("version: 2\nexperiments: {}\n"))) {
      assertTrue(message.contains("'repro4j lock'"), message);
    }
  }

  @Test
  void aHugeFileIsRefusedBeforeItIsRead() throws Exception {
    Files.write(lockFile(), new byte[4_000_001]);
    assertTrue(assertThrows(DataLock.LockException.class, () -> DataLock.read(lockFile())).getMessage()
        .startsWith(lockFile().toAbsolutePath() + ": larger than 4000000 bytes"));
  }

  @Test
  void manifestsAreKeptNextToTheLockUnderTheirHash() throws Exception {
    DvcManifest manifest = new DvcManifest(List.of(
        new DvcManifest.Entry("foo", "acbd18db4cc2f85cedef654fccc4a4d8"),
        new DvcManifest.Entry("bar", "37b51d194a7513e45b56f6524f2d51f2")));
    DataLock lock = DataLock.read(lockFile());
    assertTrue(lock.storedManifest(manifest.md5()).isEmpty());
    lock.storeManifest(manifest);
    Path stored = dir.resolve(".repro4j/manifests/5e/a40360f5b4ec688df672a4db9c17d1.dir");
    assertEquals(MD5_DIR, manifest.md5());
    assertEquals(stored, lock.storedManifest(manifest.md5()).orElseThrow());
    assertEquals(manifest.json(), Files.readString(stored));
  }

  @Test
  void theLockAndItsManifestsGetTheModeOfAnyFileTheUserMakes() throws Exception {
    // Files.createTempFile's 0600 would hide a shared lock from the rest of a team on a cluster.
    Path plain = Files.createFile(dir.resolve("made-by-the-user.txt"));
    Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
    DataLock lock = DataLock.read(lockFile());
    lock.with("iris", Map.of("table", entry("data/table.csv", MD5_A, 8, 1))).write();
    DvcManifest manifest = new DvcManifest(List.of(new DvcManifest.Entry("foo", "acbd18db4cc2f85cedef654fccc4a4d8")));
    lock.storeManifest(manifest);
    assertEquals(expected, Files.getPosixFilePermissions(lockFile()));
    assertEquals(expected, Files.getPosixFilePermissions(lock.storedManifest(manifest.md5()).orElseThrow()));
    try (Stream<Path> files = Files.walk(dir)) {
      assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
          "no temporary file left behind");
    }
  }
}
