package io.repro4j.runtime.config;

/**
 * One thing wrong with a config: where ({@link Origin}), which key (may be empty for syntax errors)
 * and what, phrased so that it says how to fix it.
 */
public record ConfigProblem(Origin origin, String key, String message) {

  /**
   * The problem as users see it. For a file: {@code iris.yaml:3:1: unknown key 'lrr' (did you mean
   * 'lr'?)}. For an override, two more lines show the override and carets under the fault:
   *
   * <pre>
   * override 'lrr=0.1': unknown key 'lrr' (did you mean 'lr'?)
   *   lrr=0.1
   *   ^^^
   * </pre>
   *
   * <p>The carets cover {@code [start, end)} of the override, at least one (a fault at the very end,
   * such as a missing {@code =}, gets one caret after the text). For a default: {@code
   * IrisTrainer.lr (default): 'lr' = 20.0 is out of range [0.0, 10.0]}. For a place in the code:
   * {@code IrisTrainer.validate(): batchSize must divide 120}.
   */
  public String format() {
    if (origin instanceof Origin.InFile) {
      return origin + ": " + message;
    }
    if (origin instanceof Origin.Default d) {
      return d.element() + " (default): " + message;
    }
    if (origin instanceof Origin.InCode c) {
      return c.element() + ": " + message;
    }
    Origin.InOverride o = (Origin.InOverride) origin;
    String text = o.text();
    int start = Math.max(0, Math.min(o.start(), text.length()));
    int end = Math.max(start + 1, Math.min(o.end(), text.length()));
    StringBuilder out = new StringBuilder();
    out.append(o).append(": ").append(message).append('\n');
    out.append("  ").append(text).append('\n');
    out.append("  ");
    // Copy tabs from the text so that the carets line up however the terminal renders tabs.
    for (int i = 0; i < start; i++) {
      out.append(text.charAt(i) == '\t' ? '\t' : ' ');
    }
    out.append("^".repeat(end - start));
    return out.toString();
  }
}
