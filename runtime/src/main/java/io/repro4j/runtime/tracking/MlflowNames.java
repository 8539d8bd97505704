package io.repro4j.runtime.tracking;

import java.util.ArrayList;
import java.util.List;

/**
 * MLflow's rules for metric, param and tag keys ({@code mlflow/utils/validation.py}), with
 * MLflow's error messages, plus its value length limits.
 *
 * <p>A key is valid when:
 *
 * <ul>
 *   <li>every character is a Unicode letter or number (Python's {@code \w} on {@code str}), or one
 *       of {@code _ - . / : } and space: MLflow's {@code ^[/\w.\- :]*$} on POSIX. Java 17's
 *       Unicode 13 tables stand in for Python 3.11's Unicode 14. Unlike Python's {@code $}, a
 *       trailing newline is <em>not</em> accepted (MLflow would create a file whose name ends in
 *       a newline);
 *   <li>{@code posixpath.normpath(key) == key} and the normalised key is not {@code .}, does not
 *       start with {@code ..} or {@code /}: so no empty key, no {@code a//b}, {@code a/}, {@code
 *       ./a}, {@code a/../b}, {@code /a};
 *   <li>it has at most {@value #MAX_KEY_LENGTH} characters (code points).
 * </ul>
 *
 * <p>Together these guarantee that {@code dir.resolve(key)} names a file strictly inside {@code
 * dir}: no absolute path, no {@code ..} segment, no backslash or NUL. Keys with {@code :} cannot be
 * copied to Windows (MLflow forbids {@code :} there).
 */
public final class MlflowNames {
  private MlflowNames() {}

  /** Longest metric, param or tag key. */
  public static final int MAX_KEY_LENGTH = 250;
  /** Longest param value; longer ones are truncated with a warning, as MLflow does by default. */
  public static final int MAX_PARAM_VALUE_LENGTH = 6000;
  /** Longest run tag value; longer ones are truncated with a warning. */
  public static final int MAX_TAG_VALUE_LENGTH = 8000;
  /** Longest experiment name. */
  public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
  /** Longest dataset name of a run input. */
  public static final int MAX_DATASET_NAME_LENGTH = 500;
  /** Longest dataset digest of a run input. */
  public static final int MAX_DATASET_DIGEST_LENGTH = 36;
  /** Longest dataset source (a JSON string) of a run input. */
  public static final int MAX_DATASET_SOURCE_LENGTH = 65535;

  private static final String BAD_CHARACTERS =
      "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ),"
          + " colon(:) and slashes (/).";

  /**
   * Checks a key as MLflow does.
   *
   * @param what what the key names, as in MLflow's messages: {@code "metric name"}, {@code
   *     "parameter name"} or {@code "tag name"}
   * @param key the key
   * @throws IllegalArgumentException with MLflow's message, e.g. {@code Invalid metric name:
   *     'a/../b'. Names may be treated as files in certain cases, and must not resolve to other
   *     names when treated as such. This name would resolve to 'b'}
   */
  public static void checkKey(String what, String key) {
    if (key == null) {
      throw new IllegalArgumentException(
          capitalize(what) + " cannot be null. A key name must be provided.");
    }
    if (!hasValidCharacters(key)) {
      throw new IllegalArgumentException(
          "Invalid " + what + ": '" + key + "'. " + BAD_CHARACTERS);
    }
    String norm = normpath(key);
    if (!norm.equals(key) || norm.equals(".") || norm.startsWith("..") || norm.startsWith("/")) {
      throw new IllegalArgumentException(
          "Invalid "
              + what
              + ": '"
              + key
              + "'. Names may be treated as files in certain cases, and must not resolve to other"
              + " names when treated as such. This name would resolve to '"
              + norm
              + "'");
    }
    int length = key.codePointCount(0, key.length());
    if (length > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          capitalize(what)
              + " '"
              + prefix(key, MAX_KEY_LENGTH)
              + "' had length "
              + length
              + ", which exceeded length limit of "
              + MAX_KEY_LENGTH);
    }
  }

  /** Whether {@link #checkKey} accepts {@code key}. */
  public static boolean isValidKey(String key) {
    try {
      checkKey("key", key);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * {@code value} cut to {@code limit} code points, with MLflow's warning on stderr when it was
   * longer ({@code MLFLOW_TRUNCATE_LONG_VALUES} defaults to true).
   *
   * @param entity for the warning: {@code "Param value"}, {@code "Tag value"}
   */
  static String truncate(String entity, String value, int limit, String context) {
    int length = value.codePointCount(0, value.length());
    if (length <= limit) {
      return value;
    }
    System.err.println(
        "WARNING [repro4j] "
            + entity
            + " '"
            + prefix(value, 100)
            + "...' ("
            + length
            + " characters) is truncated to "
            + limit
            + " characters to meet the length limit ("
            + context
            + ").");
    return prefix(value, limit);
  }

  /** The first {@code n} code points of {@code s}. */
  static String prefix(String s, int n) {
    int count = s.codePointCount(0, s.length());
    return count <= n ? s : s.substring(0, s.offsetByCodePoints(0, n));
  }

  private static boolean hasValidCharacters(String key) {
    for (int i = 0; i < key.length(); ) {
      int cp = key.codePointAt(i);
      i += Character.charCount(cp);
      if (!isWordOrAllowed(cp)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWordOrAllowed(int cp) {
    if (cp == '/' || cp == '.' || cp == '-' || cp == ' ' || cp == ':' || cp == '_') {
      return true;
    }
    // Python's \w on str: str.isalnum() (letters Lu Ll Lt Lm Lo, and numbers Nd Nl No) or '_'.
    // Java's \w with UNICODE_CHARACTER_CLASS also admits marks and connector punctuation.
    if (Character.isLetter(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /** Python's {@code posixpath.normpath}. */
  static String normpath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    int initialSlashes = path.startsWith("/") ? 1 : 0;
    // POSIX keeps exactly two leading slashes; three or more collapse to one.
    if (initialSlashes == 1 && path.startsWith("//") && !path.startsWith("///")) {
      initialSlashes = 2;
    }
    List<String> comps = new ArrayList<>();
    for (String comp : path.split("/", -1)) {
      if (comp.isEmpty() || comp.equals(".")) {
        continue;
      }
      if (!comp.equals("..")
          || (initialSlashes == 0 && comps.isEmpty())
          || (!comps.isEmpty() && comps.get(comps.size() - 1).equals(".."))) {
        comps.add(comp);
      } else if (!comps.isEmpty()) {
        comps.remove(comps.size() - 1);
      }
    }
    String joined = "/".repeat(initialSlashes) + String.join("/", comps);
    return joined.isEmpty() ? "." : joined;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
