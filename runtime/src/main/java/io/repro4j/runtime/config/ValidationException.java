package io.repro4j.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An experiment's own {@code validate()} rejected the bound config. Generated code wraps whatever
 * {@code validate()} throws in this, naming the method; the launcher reports it as a config error
 * (exit 2, no run created).
 */
public final class ValidationException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String method;
  private final String keyPrefix;

  /**
   * @param method the method that threw, as users see it: {@code IrisTrainer.validate()}
   * @param cause what it threw
   */
  public ValidationException(String method, Throwable cause) {
    this(method, "", cause);
  }

  /**
   * The {@code validate()} of a nested config or a group's option threw.
   *
   * @param method the method that threw, as users see it: {@code Model.validate()}
   * @param keyPrefix the prefix of that object's keys ({@code model.}): its message names
   *     {@code width} for the key {@code model.width}
   * @param cause what it threw
   */
  public ValidationException(String method, String keyPrefix, Throwable cause) {
    super(method + ": " + describe(cause), cause);
    this.method = method;
    this.keyPrefix = keyPrefix;
  }

  /** The method that threw: {@code IrisTrainer.validate()}. */
  public String method() {
    return method;
  }

  /**
   * The problem as a config error: {@code IrisTrainer.validate(): <message>}, then, for every config
   * key the message names (as a whole word; for a nested config's method, also by its name under
   * the nested config's key), its value and where that value came from, so that the user knows
   * which file or override to change:
   *
   * <pre>
   * IrisTrainer.validate(): batchSize must not exceed the training rows (120), got 200
   *   batchSize = 200 from override 'batchSize=200'
   * </pre>
   */
  public ConfigProblem problem(ResolvedConfig config) {
    StringBuilder message = new StringBuilder(describe(getCause()));
    List<String> named = new ArrayList<>();
    for (ParamSpec spec : config.schema().params()) {
      String key = spec.key();
      boolean own = !keyPrefix.isEmpty() && key.startsWith(keyPrefix);
      if (config.values().containsKey(key)
          && (mentions(message, key) || (own && mentions(message, key.substring(keyPrefix.length()))))) {
        named.add(key);
      }
    }
    for (String key : named) {
      Object value = config.values().get(key);
      message.append("\n  ").append(key).append(" = ").append(Interpolator.display(shown(value)));
      Origin origin = config.origin(key);
      if (origin != null) {
        message.append(" from ").append(origin);
      }
    }
    return new ConfigProblem(new Origin.InCode(method), String.join(", ", named), message.toString());
  }

  private static Object shown(Object value) {
    if (value instanceof List<?> list) {
      List<Object> shown = new ArrayList<>();
      list.forEach(e -> shown.add(shown(e)));
      return shown;
    }
    return value instanceof Float f ? Double.parseDouble(f.toString()) : value;
  }

  /** Whether {@code key} appears in {@code text} as a word of its own (not inside a longer name). */
  private static boolean mentions(CharSequence text, String key) {
    Matcher matcher =
        Pattern.compile("(?<![A-Za-z0-9_.-])" + Pattern.quote(key) + "(?![A-Za-z0-9_-])").matcher(text);
    return matcher.find();
  }

  /**
   * The message of {@code cause}; the exception's class too, unless it is one of the two exceptions
   * that mean "this argument/state is not acceptable", whose message says it all.
   */
  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    boolean plain = cause instanceof IllegalArgumentException || cause instanceof IllegalStateException;
    if (message == null || message.isBlank()) {
      return "threw " + cause.getClass().getName();
    }
    return plain ? message : "threw " + cause.getClass().getName() + ": " + message;
  }
}
