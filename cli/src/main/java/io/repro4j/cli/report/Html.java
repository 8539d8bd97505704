package io.repro4j.cli.report;

/**
 * The one place text becomes HTML. Everything user-given (run names, params, tags, metric keys)
 * reaches the page either through {@link #text} on the server or as JSON through {@link
 * #jsonForScript}, which the page's script puts into the DOM with {@code textContent} only.
 */
public final class Html {
  private Html() {}

  /** {@code s} as HTML text or a quoted attribute value: {@code & < > " '} escaped. */
  public static String text(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * JSON text made safe inside {@code <script type="application/json">}: {@code < > &} and the
   * line separators U+2028/U+2029 become {@code \}{@code uXXXX} escapes, which JSON reads back as
   * the same characters, so no value can close the script element or open a comment.
   */
  public static String jsonForScript(String json) {
    StringBuilder out = new StringBuilder(json.length() + 64);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
