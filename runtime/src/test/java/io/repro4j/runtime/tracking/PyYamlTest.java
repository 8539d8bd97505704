package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PyYamlTest {

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static String one(String value) {
    return PyYaml.dump(map("k", value));
  }

  @Test
  void experimentMetaLikeMlflow() {
    String yaml =
        PyYaml.dump(
            map(
                "name", "exp-a",
                "lifecycle_stage", "active",
                "last_update_time", 1795940523217L,
                "experiment_id", "890651861615041377",
                "creation_time", 1795940523217L,
                "artifact_location", "file:///path/to/mlruns/890651861615041377"));
    assertEquals(
        """
        artifact_location: file:///path/to/mlruns/890651861615041377
        creation_time: 1795940523217
        experiment_id: '890651861615041377'
        last_update_time: 1795940523217
        lifecycle_stage: active
        name: exp-a
        """,
        yaml);
  }

  @Test
  void runMetaLikeMlflow() {
    String yaml =
        PyYaml.dump(
            RunWriter.runMeta(
                "file:///path/to/mlruns/1/1d89071f9d62473d90eb867d8e73b4e4/artifacts",
                null,
                "1",
                "active",
                "1d89071f9d62473d90eb867d8e73b4e4",
                "r1",
                1795940523218L,
                RunStatus.RUNNING,
                "unknown",
                null));
    assertEquals(
        """
        artifact_uri: file:///path/to/mlruns/1/1d89071f9d62473d90eb867d8e73b4e4/artifacts
        end_time: null
        entry_point_name: ''
        experiment_id: '1'
        lifecycle_stage: active
        run_id: 1d89071f9d62473d90eb867d8e73b4e4
        run_name: r1
        run_uuid: 1d89071f9d62473d90eb867d8e73b4e4
        source_name: ''
        source_type: 4
        source_version: ''
        start_time: 1795940523218
        status: 1
        tags: []
        user_id: unknown
        """,
        yaml);
  }

  @Test
  void nestedMapsAndEmptyCollections() {
    assertEquals(
        """
        destination_id: 921ae6f65b3bd495dc43b9675cc5fae5
        destination_type: RUN
        source_id: 921ae6f65b3bd495dc43b9675cc5fae5
        source_type: DATASET
        tags:
          mlflow.data.context: training
          split: train
        """,
        PyYaml.dump(
            map(
                "source_type", "DATASET",
                "source_id", "921ae6f65b3bd495dc43b9675cc5fae5",
                "destination_type", "RUN",
                "destination_id", "921ae6f65b3bd495dc43b9675cc5fae5",
                "tags", map("split", "train", "mlflow.data.context", "training"))));
    assertEquals("a: {}\nb: []\n", PyYaml.dump(map("b", List.of(), "a", Map.of())));
    assertEquals("{}\n", PyYaml.dump(Map.of()));
  }

  @Test
  void quotesLikePyYaml() {
    // Strings that would read back as something else are single-quoted.
    for (String s :
        List.of("123", "0", "-1", "1.5", "1_000", "0x1F", "0b101", "017", "1:30", ".inf", "-.Inf",
            ".NaN", "yes", "No", "ON", "off", "true", "null", "~", "NULL", "2024-01-31",
            "2024-1-2 3:04:05", "<<", "=", "")) {
      assertEquals("k: '" + s + "'\n", one(s), s);
    }
    // ... and these stay plain (PyYAML's YAML 1.1 rules: 1e5 has no dot, so it is a string).
    for (String s :
        List.of("1e5", "abc", "a b", "a:b", "a#b", "file:///x/y", "-x", "x-", "1d89071f", "y", "n",
            "é日本", "a'b", "a\"b", "100%", "a,b", "x]", "x[")) {
      assertEquals("k: " + s + "\n", one(s), s);
    }
    assertEquals("k: '{\"uri\": \"file:///data/train.csv\"}'\n", one("{\"uri\": \"file:///data/train.csv\"}"));
    assertEquals("k: 'it''s: x'\n", one("it's: x"));
    assertEquals("k: ' lead'\n", one(" lead"));
    assertEquals("k: 'trail '\n", one("trail "));
    assertEquals("k: '- item'\n", one("- item"));
    assertEquals("k: 'a: b'\n", one("a: b"));
    assertEquals("k: 'a #b'\n", one("a #b"));
    assertEquals("k: '#x'\n", one("#x"));
    assertEquals("k: '---x'\n", one("---x"));
    assertEquals("k: '[x'\n", one("[x"));
    assertEquals("k: \"tab\\there\"\n", one("tab\there"));
    assertEquals("k: \"bell\\a nul\\0 esc\\e \\x7F \\uFEFF \\U0001F600\"\n",
        one("bell\u0007 nul\0 esc\u001b \u007f \uFEFF \uD83D\uDE00".replace("\uD83D\uDE00", "\uD83D\uDE00")));
    assertEquals("k: 'line1\n\n  line2'\n", one("line1\nline2"));
    assertEquals("k: \"a \\nb\"\n", one("a \nb"));
  }

  @Test
  void foldsLongLinesAtColumn80LikePyYaml() {
    String words = "word ".repeat(30).strip();
    assertEquals(
        "k: word word word word word word word word word word word word word word word word\n"
            + "  word word word word word word word word word word word word word word\n",
        one(words));
    assertEquals(
        "k: 'word word word word word word word word word word word word word word word word\n"
            + "  word word word word word word word word word word word word word word '\n",
        one("word ".repeat(30)));
    assertEquals("k: " + "x".repeat(200) + "\n", one("x".repeat(200))); // no space: no fold
  }

  @Test
  void readsBackWithPyYamlTypes() {
    @SuppressWarnings("unchecked")
    Map<String, Object> m =
        (Map<String, Object>)
            PyYaml.load(
                "a: '123'\nb: 123\nc: 1e5\nd: null\ne: 1.5\nf: yes\ng: 2024-01-31\nh: []\n"
                    + "i: 12345678901234\nj: 'it''s'\n");
    assertEquals("123", m.get("a"));
    assertEquals(123, m.get("b"));
    assertEquals("1e5", m.get("c"));
    assertNull(m.get("d"));
    assertEquals(1.5, m.get("e"));
    assertEquals(true, m.get("f"));
    assertEquals("2024-01-31", m.get("g"));
    assertEquals(List.of(), m.get("h"));
    assertEquals(12345678901234L, ((Number) m.get("i")).longValue());
    assertEquals("it's", m.get("j"));
  }

  /** Strings built to hit every branch of PyYAML's scalar analysis and writers. */
  static List<String> trickyStrings() {
    List<String> out =
        new ArrayList<>(
            List.of("", " ", "  ", "a", "-", "--", "---", "...", "?", "? x", ":", ": x", "x:",
                "x: y", "x :y", "#", "a #", "a# b", "'", "\"", "''", "\\", "@x", "`x", "%x", "!x",
                "&x", "*x", "|", ">", "[]", "{}", ",", "-1", "+1", "0o7", "1__0", "1.0.0", "1e+5",
                "1.e5", "Yes", "yES", "nULL", "~x", "\n", "\nx", "x\n", "a\n\nb", "a\n b", "a \nb",
                "\u0085", "a\u2028b", "a\u2029", "\u00a0", "x\u00a0y", "\ufeff", "\ufffe",
                "\ud7ff\ue000", "\t", "a\tb", "\r", "a\rb", "\u001f", "é", "日本語 テスト",
                "\uD83D\uDE00", "a \uD83D\uDE00 b", "\uDBFF\uDFFF", "0123", "09", "0x", "1:60",
                "12:30:45", "2024-01-31T10:20:30Z", "2024-01-31 10:20:30.5 +01:00", "=", "<<",
                ".", ".5", "5.", ".inf", "x".repeat(130), "k ".repeat(60)));
    SplittableRandom r = new SplittableRandom(11);
    String[] atoms = {
      " ", " ", " ", "  ", "\n", "\n\n", "a", "bc", "word", "x", "1", "0.5", ":", ": ", "#", " #",
      "-", "- ", "'", "\"", "\\", "\t", "é", "日本", "\u0085", "\u2028", "\u00a0", "\ufeff", "?",
      ",", "[", "}", "!", "%", "\uD83D\uDE00", "\u0007", "yes", "null", "---", "...", "\r"
    };
    for (int i = 0; i < 1500; i++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(1, i % 5 == 0 ? 120 : 12);
      for (int j = 0; j < n; j++) {
        sb.append(atoms[r.nextInt(atoms.length)]);
      }
      out.add(sb.toString());
    }
    return out;
  }

  /** Byte-for-byte against PyYAML's safe_dump (pure Python emitter). */
  @Test
  void agreesWithPyYamlSafeDump() throws Exception {
    assumeTrue(Python.available("yaml"), "python3 with PyYAML not available");
    List<String> strings = trickyStrings();
    List<Map<String, Object>> docs = new ArrayList<>();
    for (String s : strings) {
      docs.add(map("artifact_location", s, "z", 1L));
      docs.add(map("tags", map("mlflow.data.context", s), "name", s));
    }
    ObjectMapper json = new ObjectMapper();
    String out =
        Python.run(
            "import sys, json, yaml\n"
                + "docs = json.load(sys.stdin)\n"
                + "print(json.dumps([yaml.safe_dump(d, default_flow_style=False,"
                + " allow_unicode=True, sort_keys=True) for d in docs]))\n",
            json.writeValueAsString(docs));
    List<String> expected = json.readValue(out, new TypeReference<List<String>>() {});
    int mismatches = 0;
    StringBuilder report = new StringBuilder();
    for (int i = 0; i < docs.size(); i++) {
      String ours = PyYaml.dump(docs.get(i));
      if (!ours.equals(expected.get(i)) && mismatches++ < 5) {
        report.append("doc ").append(json.writeValueAsString(docs.get(i)))
            .append("\n ours:   ").append(json.writeValueAsString(ours))
            .append("\n pyyaml: ").append(json.writeValueAsString(expected.get(i))).append('\n');
      }
    }
    assertEquals(0, mismatches, report.toString());
  }

  /**
   * MLflow dumps with LibYAML's CSafeDumper when PyYAML has it (Debian's python3-yaml does).
   * For meta.yaml-like values both emitters agree; this pins that down on realistic strings and
   * records (in the assertion message) any exotic string where LibYAML differs from PyYAML.
   */
  @Test
  void agreesWithLibYamlOnRealisticValues() throws Exception {
    assumeTrue(Python.available("yaml"), "python3 with PyYAML not available");
    List<String> realistic =
        new ArrayList<>(
            List.of("exp-a", "My Experiment (v2)", "lr=0.01, bs=32", "résumé 日本", "123", "",
                "yes", "1e5", "it's", "a: b", "file:///home/me/my runs/mlruns/123/abc/artifacts",
                "{\"uri\": \"file:///data/train%20set.csv\"}", "brisk-heron-72", "x".repeat(300),
                "a very long experiment name with spaces that goes past the eighty column limit"
                    + " of the emitter for sure"));
    List<Map<String, Object>> docs = new ArrayList<>();
    for (String s : realistic) {
      docs.add(map("name", s, "source", s));
    }
    ObjectMapper json = new ObjectMapper();
    String out =
        Python.run(
            "import sys, json, yaml\n"
                + "D = getattr(yaml, 'CSafeDumper', yaml.SafeDumper)\n"
                + "docs = json.load(sys.stdin)\n"
                + "print(json.dumps([yaml.dump(d, Dumper=D, default_flow_style=False,"
                + " allow_unicode=True, sort_keys=True) for d in docs]))\n",
            json.writeValueAsString(docs));
    List<String> expected = json.readValue(out, new TypeReference<List<String>>() {});
    for (int i = 0; i < docs.size(); i++) {
      assertEquals(expected.get(i), PyYaml.dump(docs.get(i)), json.writeValueAsString(docs.get(i)));
    }
  }

  @Test
  void ourReaderReadsWhatWeWrite() {
    for (String s : trickyStrings()) {
      if (s.matches("(?s).*[\u0085\u2028\u2029].*")) {
        continue; // PyYAML itself folds NEL/LS/PS in quoted scalars: '\x85' reads back as ' '
      }
      Object back = PyYaml.load(PyYaml.dump(map("k", s)));
      assertTrue(back instanceof Map<?, ?>);
      assertEquals(s, ((Map<?, ?>) back).get("k"), Arrays.toString(s.codePoints().toArray()));
    }
  }
}
