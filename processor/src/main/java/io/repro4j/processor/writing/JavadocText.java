package io.repro4j.processor.writing;

/** Makes user text (help strings) safe inside a generated Javadoc comment. */
final class JavadocText {
  private JavadocText() {}

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("\\", "&#92;") // javac reads unicode escapes even in comments
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("@", "&#64;")
        .replace("*/", "*&#47;");
  }
}
