package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlflowNamesTest {

  @Test
  void acceptsMlflowKeys() {
    for (String key :
        List.of(
            "loss", "train/loss", "val loss", "a.b-c_d", "lr:0", "ünïcödé", "日本語", "x²", "a/...",
            "a/..b", ".hidden", "mlflow.runName", "a".repeat(250))) {
      assertDoesNotThrow(() -> MlflowNames.checkKey("metric name", key), key);
    }
  }

  @Test
  void rejectsBadCharactersWithMlflowsMessage() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MlflowNames.checkKey("metric name", "a!b"));
    assertEquals(
        "Invalid metric name: 'a!b'. Names may only contain alphanumerics, underscores (_), dashes"
            + " (-), periods (.), spaces ( ), colon(:) and slashes (/).",
        e.getMessage());
    for (String key :
        List.of("a\\b", "a\0b", "tab\tx", "nl\n", "é\u0301", "a‿b", "a,b", "a*", "😀")) {
      assertThrows(IllegalArgumentException.class, () -> MlflowNames.checkKey("tag name", key), key);
    }
  }

  @Test
  void rejectsNamesThatResolveElsewhere() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> MlflowNames.checkKey("parameter name", "a/../b"));
    assertEquals(
        "Invalid parameter name: 'a/../b'. Names may be treated as files in certain cases, and must"
            + " not resolve to other names when treated as such. This name would resolve to 'b'",
        e.getMessage());
    for (String key : List.of("", ".", "..", "...", "..a", "../x", "/abs", "a//b", "a/", "./a", "a/.", "a/..", "//x")) {
      assertThrows(IllegalArgumentException.class, () -> MlflowNames.checkKey("metric name", key), key);
    }
  }

  @Test
  void lengthAndNull() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MlflowNames.checkKey("metric name", "k".repeat(251)));
    assertTrue(e.getMessage().endsWith("had length 251, which exceeded length limit of 250"));
    assertTrue(e.getMessage().startsWith("Metric name 'kkk"));
    assertEquals(
        "Metric name cannot be null. A key name must be provided.",
        assertThrows(IllegalArgumentException.class, () -> MlflowNames.checkKey("metric name", null))
            .getMessage());
    // 250 code points, not UTF-16 units (U+20000 is a CJK letter outside the BMP)
    assertDoesNotThrow(() -> MlflowNames.checkKey("tag name", "\uD840\uDC00".repeat(250)));
    assertThrows(
        IllegalArgumentException.class,
        () -> MlflowNames.checkKey("tag name", "\uD840\uDC00".repeat(251)));
  }

  @Test
  void validKeysStayInsideTheDirectory() {
    Path dir = Path.of("/store/run/metrics");
    for (String key : List.of("a", "a/b", "a/...", "a/.../b", " ", "a b/c d", ".x/y")) {
      MlflowNames.checkKey("metric name", key);
      Path p = dir.resolve(key).normalize();
      assertTrue(p.startsWith(dir) && !p.equals(dir), key);
    }
  }

  @Test
  void normpathMatchesPosixpath() {
    assertEquals(".", MlflowNames.normpath(""));
    assertEquals("b", MlflowNames.normpath("a/../b"));
    assertEquals("//x", MlflowNames.normpath("//x"));
    assertEquals("/x", MlflowNames.normpath("///x"));
    assertEquals("../x", MlflowNames.normpath("../x"));
    assertEquals("/", MlflowNames.normpath("/.."));
    assertEquals("a/b", MlflowNames.normpath("a//b/"));
    assertFalse(MlflowNames.isValidKey("a/"));
  }

  @Test
  void truncatesLongValues() {
    assertEquals("abc", MlflowNames.truncate("Param value", "abc", 5, "test"));
    assertEquals("a".repeat(6000), MlflowNames.truncate("Param value", "a".repeat(6001), 6000, "test"));
    assertEquals("😀😀", MlflowNames.truncate("Tag value", "😀😀😀", 2, "test"));
  }
}
