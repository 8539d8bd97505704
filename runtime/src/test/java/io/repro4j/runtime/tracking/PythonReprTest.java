package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonReprTest {
  enum Optimizer {
    ADAM
  }

  @Test
  void scalars() {
    assertEquals("None", PythonRepr.str(null));
    assertEquals("True", PythonRepr.str(true));
    assertEquals("False", PythonRepr.str(Boolean.FALSE));
    assertEquals("42", PythonRepr.str(42));
    assertEquals("-9223372036854775808", PythonRepr.str(Long.MIN_VALUE));
    assertEquals("0.01", PythonRepr.str(0.01));
    assertEquals("1e-05", PythonRepr.str(1e-5));
    assertEquals("1e+16", PythonRepr.str(1e16));
    assertEquals("nan", PythonRepr.str(Double.NaN));
    assertEquals("0.1", PythonRepr.str(0.1f));
    assertEquals("adam's \"best\"", PythonRepr.str("adam's \"best\""));
    assertEquals("data/train.csv", PythonRepr.str(Path.of("data/train.csv")));
    assertEquals("ADAM", PythonRepr.str(Optimizer.ADAM));
    assertEquals("x", PythonRepr.str('x'));
  }

  @Test
  void lists() {
    assertEquals(
        "[1, 2.5, 'a', None, True]", PythonRepr.str(Arrays.asList(1, 2.5, "a", null, true)));
    assertEquals("[]", PythonRepr.str(List.of()));
    assertEquals("[[1, 2], [3]]", PythonRepr.str(List.of(List.of(1, 2), List.of(3))));
    assertEquals("['ADAM', 'p/q']", PythonRepr.str(List.of(Optimizer.ADAM, Path.of("p/q"))));
    assertEquals("[0.1, 1e-05]", PythonRepr.str(List.of(0.1f, 1e-5)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", 1);
    m.put("b", List.of("x"));
    assertEquals("{'a': 1, 'b': ['x']}", PythonRepr.str(m));
  }

  @Test
  void stringReprEscapesLikePython() {
    assertEquals("'plain'", PythonRepr.reprString("plain"));
    assertEquals("\"it's\"", PythonRepr.reprString("it's"));
    assertEquals("'it\\'s \"x\"'", PythonRepr.reprString("it's \"x\""));
    assertEquals("'a\\\\b'", PythonRepr.reprString("a\\b"));
    assertEquals("'\\t\\n\\r\\x00\\x1f\\x7f'", PythonRepr.reprString("\t\n\r\0\u001f\u007f"));
    assertEquals("'\\x85\\xa0é'", PythonRepr.reprString("\u0085\u00a0é"));
    assertEquals("'日本\\u200b\\u2028😀\\U000e0001'", PythonRepr.reprString("日本\u200b\u2028😀\uDB40\uDC01"));
  }

  @Test
  void agreesWithPython() throws Exception {
    assumeTrue(Python.available("json"), "python3 not available");
    List<String> samples = new ArrayList<>(List.of(
        "plain", "it's", "say \"hi\"", "both ' and \"", "back\\slash", "tab\there", "nl\nx",
        "\u0000\u0001\u001f\u007f\u0080\u009f\u00a0\u00ad", "é日本", "\u200b\u200e\u2028\u2029\u3000",
        "😀 \uDB40\uDC01", "\uE000\uF8FF", "\u0378", "\uFEFF", " "));
    ObjectMapper json = new ObjectMapper();
    String out = Python.run(
        "import sys, json\n"
            + "for s in json.load(sys.stdin):\n"
            + "    print(json.dumps(repr(s)))\n",
        json.writeValueAsString(samples));
    String[] lines = out.split("\n");
    for (int i = 0; i < samples.size(); i++) {
      assertEquals(json.readValue(lines[i], String.class), PythonRepr.reprString(samples.get(i)),
          "repr of " + json.writeValueAsString(samples.get(i)));
    }
    String lists = Python.run("print([1, 2.5, 'a', None, True, 1e-05, 0.1, [], ['x']])", "");
    assertEquals(lists.strip(),
        PythonRepr.str(Arrays.asList(1, 2.5, "a", null, true, 1e-5, 0.1f, List.of(), List.of("x"))));
  }
}
