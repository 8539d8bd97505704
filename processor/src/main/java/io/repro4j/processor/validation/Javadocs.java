package io.repro4j.processor.validation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a Javadoc comment into one line of help: its first sentence, as plain text. */
final class Javadocs {
  private Javadocs() {}

  private static final Pattern LINK = Pattern.compile("\\{@link(?:plain)?\\s+([^\\s}]+)(?:\\s+([^}]*))?}");
  private static final Pattern INLINE_TAG = Pattern.compile("\\{@\\w+\\s*([^}]*)}");
  // Block tags separate words (a paragraph ends a sentence); inline tags (em, code) do not.
  private static final Pattern BLOCK_TAG =
      Pattern.compile("</?(p|br|div|li|ul|ol|dl|dt|dd|pre|table|tr|td|th|h[1-6]|hr|blockquote)\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern HTML_TAG = Pattern.compile("</?[A-Za-z][^>]*>");
  private static final Pattern SENTENCE_END = Pattern.compile("\\.(\\s|$)");

  /** The first sentence of {@code comment} (as {@code Elements.getDocComment} returns it), or "". */
  static String firstSentence(String comment) {
    if (comment == null) {
      return "";
    }
    StringBuilder description = new StringBuilder();
    for (String line : comment.split("\n", -1)) {
      if (line.strip().startsWith("@")) {
        break; // block tags (@param, @see) end the description
      }
      description.append(line).append(' ');
    }
    String text = description.toString();
    text = replaceAll(LINK, text, Javadocs::linkText);
    text = replaceAll(INLINE_TAG, text, m -> m.group(1));
    text = BLOCK_TAG.matcher(text).replaceAll(" ");
    text = HTML_TAG.matcher(text).replaceAll("");
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&#47;", "/").replace("&amp;", "&");
    text = text.replaceAll("\\s+", " ").strip();
    Matcher end = SENTENCE_END.matcher(text);
    return end.find() ? text.substring(0, end.start() + 1) : text;
  }

  /**
   * The first sentence of the {@code @param name} text of {@code comment} (a record's Javadoc
   * describes its components so), or "".
   */
  static String paramText(String comment, String name) {
    if (comment == null) {
      return "";
    }
    StringBuilder text = null;
    for (String line : comment.split("\n", -1)) {
      String stripped = line.strip();
      if (text != null) {
        if (stripped.startsWith("@")) {
          break;
        }
        text.append(line).append('\n');
      } else if (stripped.matches("@param\\s+" + Pattern.quote(name) + "(\\s.*)?")) {
        text = new StringBuilder(stripped.substring("@param".length()).strip().substring(name.length())).append('\n');
      }
    }
    return text == null ? "" : firstSentence(text.toString());
  }

  private static String linkText(Matcher link) {
    if (link.group(2) != null) {
      return link.group(2);
    }
    String reference = link.group(1);
    return reference.startsWith("#") ? reference.substring(1) : reference.replace('#', '.');
  }

  private static String replaceAll(
      Pattern pattern, String text, java.util.function.Function<Matcher, String> replacement) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher).strip()));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
