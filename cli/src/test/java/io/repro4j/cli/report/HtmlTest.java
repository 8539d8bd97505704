package io.repro4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void textEscapesEveryCharacterThatOpensMarkupOrEndsAnAttribute() {
    assertEquals("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;",
        Html.text("<script>alert(1)</script> & \"x\" 'y'"));
    assertEquals("plain text", Html.text("plain text"));
  }

  @Test
  void jsonForScriptCannotCloseTheScriptElementAndReadsBackTheSame() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String value = "</script><script>alert(1)</script><!-- & \u2028\u2029 -->";
    String text = Html.jsonForScript(json.writeValueAsString(Map.of("v", value)));
    assertFalse(text.contains("<"), text);
    assertFalse(text.contains(">"), text);
    assertFalse(text.contains("&"), text);
    assertFalse(text.contains("\u2028") || text.contains("\u2029"), text);
    assertEquals(value, json.readTree(text).get("v").asText());
  }
}
