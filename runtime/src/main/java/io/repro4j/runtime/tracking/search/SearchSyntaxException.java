package io.repro4j.runtime.tracking.search;

/**
 * A search filter or order-by clause that MLflow would reject. The message names the fault, quotes
 * the text and puts a caret under the place:
 *
 * <pre>
 * Expected numeric value type for metric. Found 'high'
 *   metrics.accuracy &gt; 'high'
 *                      ^
 * </pre>
 */
public final class SearchSyntaxException extends IllegalArgumentException {
  private final String reason;
  private final String text;
  private final int position;

  SearchSyntaxException(String reason, String text, int position) {
    super(format(reason, text, position));
    this.reason = reason;
    this.text = text;
    this.position = position;
  }

  /** The fault alone, without the quoted text and caret. */
  public String reason() {
    return reason;
  }

  /** The filter or order-by text as given. */
  public String text() {
    return text;
  }

  /** The offset of the fault in {@link #text()} (0-based, in chars). */
  public int position() {
    return position;
  }

  private static String format(String reason, String text, int position) {
    // Tabs and newlines would shift the caret; show them as spaces.
    String shown = text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    int at = Math.max(0, Math.min(position, shown.length()));
    return reason + "\n  " + shown + "\n  " + " ".repeat(at) + "^";
  }
}
