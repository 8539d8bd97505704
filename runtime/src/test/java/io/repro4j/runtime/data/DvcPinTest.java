package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins read from real {@code .dvc} and {@code dvc.lock} texts in DVC's formats (dvc.md §3). */
class DvcPinTest {
  private static final String CRLF_MD5 = "a0f2a3c1dcd5b1cac71bf0c03f2ff1bd"; // "hello world\r\n", 3.x
  private static final String CRLF_DOS2UNIX = "6f5902ac237024bdd0c176cb93063dc4"; // the same, 2.x

  @TempDir Path work;

  private static DatasetSpec dvc(String path, String dvcFile) {
    return new DatasetSpec("data", path, "", "T.data", dvcFile, "");
  }

  private static DatasetSpec lock(String path, String lockFile, String stage) {
    return new DatasetSpec("data", path, "", "T.data", lockFile, stage);
  }

  private void write(String relative, String text) throws Exception {
    Path file = work.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void dvc3FileIsPlainMd5() throws Exception {
    write("data/foo.dvc", "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: foo\n");
    DvcPin pin = DvcPin.read(dvc("data/foo", "data/foo.dvc"), work);
    assertEquals("acbd18db4cc2f85cedef654fccc4a4d8", pin.md5());
    assertEquals(HashMode.MD5, pin.mode());
    assertEquals(work.resolve("data/foo.dvc") + ":2", pin.source());
  }

  @Test
  void legacyFileWithoutHashKeyIsDos2unixAndValuesAreLowercased() throws Exception {
    write("iris.csv.dvc", "outs:\n- md5: 6F5902AC237024BDD0C176CB93063DC4\n  path: iris.csv\n  cache: true\n  metric: false\n");
    DvcPin pin = DvcPin.read(dvc("iris.csv", "iris.csv.dvc"), work);
    assertEquals(CRLF_DOS2UNIX, pin.md5());
    assertEquals(HashMode.MD5_DOS2UNIX, pin.mode());
  }

  @Test
  void allDigitMd5KeepsItsLeadingZeros() throws Exception {
    write("d.dvc", "outs:\n- md5: 01234567890123456789012345678901\n  hash: md5\n  path: d\n");
    assertEquals("01234567890123456789012345678901", DvcPin.read(dvc("d", "d.dvc"), work).md5());
  }

  @Test
  void lockEntriesOfBothModesFoundByPathRelativeToTheLockFolder() throws Exception {
    write("project/dvc.lock", """
        schema: '2.0'
        stages:
          prepare:
            cmd: python prepare.py
            deps:
            - path: data/raw/
              hash: md5
              md5: 75f77c6ca378b83b4d199c58e68d213f.dir
              size: 1762301353
              nfiles: 8
            - path: prepare.py
              md5: 0123456789abcdef0123456789abcdef
            params:
              params.yaml:
                prepare.seed: 20170428
            outs:
            - path: data/prepared
              md5: 0e31f705f233405ebc848173e903e899.dir
              size: 568
              nfiles: 18
        """);
    DvcPin raw = DvcPin.read(lock("project/data/raw", "project/dvc.lock", "prepare"), work);
    assertEquals("75f77c6ca378b83b4d199c58e68d213f.dir", raw.md5());
    assertEquals(HashMode.MD5, raw.mode());
    DvcPin prepared = DvcPin.read(lock("project/data/prepared", "project/dvc.lock", "prepare"), work);
    assertEquals("0e31f705f233405ebc848173e903e899.dir", prepared.md5());
    assertEquals(HashMode.MD5_DOS2UNIX, prepared.mode());
    assertEquals(work.resolve("project/dvc.lock") + ":18", prepared.source());
  }

  @Test
  void lockProblemsNameTheLineAndTheFix() throws Exception {
    write("dvc.lock", "schema: '2.0'\nstages:\n  train:\n    cmd: x\n    deps:\n    - path: a.csv\n      md5: 0123456789abcdef0123456789abcdef\n");
    String noStage = assertThrows(DvcPin.PinException.class, () -> DvcPin.read(lock("a.csv", "dvc.lock", "prepare"), work)).getMessage();
    assertEquals(work.resolve("dvc.lock") + ":3: no stage 'prepare'; set stage in @Dataset of T.data to one of [train]", noStage);
    String noPath = assertThrows(DvcPin.PinException.class, () -> DvcPin.read(lock("b.csv", "dvc.lock", "train"), work)).getMessage();
    assertTrue(noPath.startsWith(work.resolve("dvc.lock") + ":4: stage 'train' has no dep or out with path 'b.csv'"), noPath);
    assertTrue(noPath.contains("it names [a.csv]: fix path or stage in @Dataset of T.data"), noPath);

    write("old/dvc.lock", "train:\n  cmd: x\n");
    String oldSchema = assertThrows(DvcPin.PinException.class, () -> DvcPin.read(lock("a.csv", "old/dvc.lock", "train"), work)).getMessage();
    assertTrue(oldSchema.startsWith(work.resolve("old/dvc.lock") + ":1: not a DVC 2.0+ lock file"), oldSchema);
  }

  @Test
  void dvcFileProblemsNameTheLineAndTheFix() throws Exception {
    String missing = assertThrows(DvcPin.PinException.class, () -> DvcPin.read(dvc("x.csv", "x.csv.dvc"), work)).getMessage();
    assertTrue(missing.startsWith(work.resolve("x.csv.dvc") + ": not found (named by @Dataset of T.data); run 'dvc add x.csv'"), missing);

    write("bad.dvc", "outs:\n- md5: [1, 2\n");
    String syntax = assertThrows(DvcPin.PinException.class, () -> DvcPin.read(dvc("bad", "bad.dvc"), work)).getMessage();
    assertTrue(syntax.startsWith(work.resolve("bad.dvc") + ":3:1: not valid YAML"), syntax);

    write("nohash.dvc", "outs:\n- path: s3://bucket/x\n  etag: abc\n");
    String etag = assertThrows(DvcPin.PinException.class, () -> DvcPin.read(dvc("x", "nohash.dvc"), work)).getMessage();
    assertTrue(etag.startsWith(work.resolve("nohash.dvc") + ":2: the entry has no md5"), etag);

    write("short.dvc", "outs:\n- path: x\n  hash: md5\n  md5: abc\n");
    String shortMd5 = assertThrows(DvcPin.PinException.class, () -> DvcPin.read(dvc("x", "short.dvc"), work)).getMessage();
    assertTrue(shortMd5.startsWith(work.resolve("short.dvc") + ":4: md5 'abc' is not 32 hex digits"), shortMd5);

    write("sha.dvc", "outs:\n- path: x\n  hash: sha256\n  md5: 0123456789abcdef0123456789abcdef\n");
    String sha = assertThrows(DvcPin.PinException.class, () -> DvcPin.read(dvc("x", "sha.dvc"), work)).getMessage();
    assertTrue(sha.startsWith(work.resolve("sha.dvc") + ":3: hash 'sha256' cannot be checked"), sha);

    write("empty.dvc", "");
    assertTrue(assertThrows(DvcPin.PinException.class, () -> DvcPin.read(dvc("x", "empty.dvc"), work))
        .getMessage().startsWith(work.resolve("empty.dvc") + ":1: empty"));
    write("noouts.dvc", "deps: []\n");
    assertTrue(assertThrows(DvcPin.PinException.class, () -> DvcPin.read(dvc("x", "noouts.dvc"), work))
        .getMessage().contains(":1: no 'outs' list with an entry"));
  }

  @Test
  void checkHashesInThePinsModeSoACrlfFileMatchesBothItsLegacyAndItsDvc3Pin() throws Exception {
    write("data/hello.txt", "hello world\r\n");
    write("data/hello.txt.dvc", "outs:\n- md5: " + CRLF_DOS2UNIX + "\n  size: 13\n  path: hello.txt\n");
    write("dvc.lock", "schema: '2.0'\nstages:\n  prep:\n    cmd: x\n    deps:\n    - path: data/hello.txt\n      hash: md5\n      md5: "
        + CRLF_MD5 + "\n      size: 13\n");
    DatasetCheck.Result result = DatasetCheck.check(
        List.of(
            new DatasetSpec("legacy", "data/hello.txt", "", "T.legacy", "data/hello.txt.dvc", ""),
            new DatasetSpec("locked", "data/hello.txt", "", "T.locked", "dvc.lock", "prep")),
        Map.of("legacy", Path.of("data/hello.txt"), "locked", Path.of("data/hello.txt")),
        work);
    assertTrue(result.ok(), result.problems().toString());
    assertEquals(CRLF_DOS2UNIX, result.datasets().get(0).md5());
    assertEquals(HashMode.MD5_DOS2UNIX, result.datasets().get(0).mode());
    assertEquals(CRLF_MD5, result.datasets().get(1).md5());
    assertEquals(HashMode.MD5, result.datasets().get(1).mode());
    assertEquals(CRLF_MD5, result.datasets().get(1).expected());
  }

  @Test
  void mismatchAgainstADvcPinSaysWhereThePinCameFromAndHowToUpdateIt() throws Exception {
    write("data/hello.txt", "hello world\n!");
    write("data/hello.txt.dvc", "outs:\n- md5: " + CRLF_MD5 + "\n  size: 13\n  hash: md5\n  path: hello.txt\n");
    DatasetCheck.Result result = DatasetCheck.check(
        List.of(new DatasetSpec("hello", "data/hello.txt", "", "T.hello", "data/hello.txt.dvc", "")),
        Map.of("hello", Path.of("data/hello.txt")),
        work);
    assertFalse(result.ok());
    String problem = result.problems().get(0);
    assertTrue(problem.contains("expected: " + CRLF_MD5 + "  from " + work.resolve("data/hello.txt.dvc") + ":2 (md5)"), problem);
    assertTrue(problem.endsWith("'dvc add' or 'dvc repro' rewrites data/hello.txt.dvc"), problem);
    assertFalse(result.datasets().get(0).matched());
  }

  @Test
  void badPinFileIsADataProblemAndTheDatasetIsNotHashed() throws Exception {
    write("data/hello.txt", "hello");
    DatasetCheck.Result result = DatasetCheck.check(
        List.of(new DatasetSpec("hello", "data/hello.txt", "", "T.hello", "data/hello.txt.dvc", "")),
        Map.of("hello", Path.of("data/hello.txt")),
        work);
    assertEquals(1, result.problems().size());
    assertTrue(result.problems().get(0).startsWith("dataset 'hello' (T.hello): bad pin file " + work.resolve("data/hello.txt.dvc") + ": not found"),
        result.problems().get(0));
    assertTrue(result.datasets().isEmpty());
  }
}
