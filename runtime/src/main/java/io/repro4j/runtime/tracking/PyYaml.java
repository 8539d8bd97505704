package io.repro4j.runtime.tracking;

import io.repro4j.runtime.config.YamlConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Writes and reads MLflow's {@code meta.yaml} files.
 *
 * <p>Writing reproduces PyYAML's {@code safe_dump(data, default_flow_style=False,
 * allow_unicode=True, sort_keys=True)} byte for byte (what MLflow calls), for the values these
 * files hold: {@code String}, {@code Integer}/{@code Long}, {@code Boolean}, {@code null}, an
 * empty {@code List} ({@code []}) and a {@code Map} of those (block style, {@code {}} when empty).
 * It is a transcription of PyYAML's {@code emitter.py} for exactly these events: scalar style
 * choice ({@code analyze_scalar}, {@code choose_scalar_style} and the implicit resolvers that
 * decide whether a string would read back as a string when plain), the plain, single- and
 * double-quoted writers including their line folding at column 80, and 2-space indentation.
 * SnakeYAML's emitter is not used because its quoting and folding differ.
 *
 * <p>Reading uses SnakeYAML's safe constructor with PyYAML's (YAML 1.1) implicit resolvers, so a
 * plain {@code 1e5} reads as the string PyYAML meant and not as a float; timestamps stay strings.
 */
final class PyYaml {
  private PyYaml() {}

  private static final int BEST_WIDTH = 80;
  private static final int BEST_INDENT = 2;

  // PyYAML resolver.py, the implicit resolvers of SafeDumper/SafeLoader (re.X whitespace removed).
  static final Pattern BOOL =
      Pattern.compile("yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
  static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
              + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
              + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
              + "|[-+]?\\.(?:inf|Inf|INF)"
              + "|\\.(?:nan|NaN|NAN)");
  static final Pattern INT =
      Pattern.compile(
          "[-+]?0b[0-1_]+"
              + "|[-+]?0[0-7_]+"
              + "|[-+]?(?:0|[1-9][0-9_]*)"
              + "|[-+]?0x[0-9a-fA-F_]+"
              + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
  static final Pattern MERGE = Pattern.compile("<<");
  static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  static final Pattern TIMESTAMP =
      Pattern.compile(
          "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
              + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
              + "(?:[Tt]|[ \\t]+)[0-9][0-9]?"
              + ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
              + "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?");
  static final Pattern VALUE = Pattern.compile("=");

  /**
   * The first characters PyYAML registers the resolvers above for (bool {@code yYnNtTfFoO}, float
   * and int {@code -+0-9.}, merge {@code <}, null {@code ~nN}, value {@code =}): a plain scalar
   * starting with another character is a string without matching any pattern.
   */
  private static final String RESOLVER_FIRST_CHARS = "yYnNtTfFoO-+0123456789.<~=";

  /**
   * Whether PyYAML reads the plain scalar {@code s} back as a string (no implicit resolver
   * matches). Each PyYAML resolver only fires on its own first characters, and each of these
   * patterns can only match strings starting with those, so testing all is equivalent.
   */
  static boolean plainIsString(String s) {
    if (!s.isEmpty() && RESOLVER_FIRST_CHARS.indexOf(s.charAt(0)) < 0) {
      return true; // no resolver fires on this first character: PyYAML does not even try one
    }
    if (s.length() > 5 && !numberOrTimestampAlphabet(s)) {
      return true;
    }
    return noResolverMatches(s);
  }

  /** The characters of every string that FLOAT, TIMESTAMP or a decimal, octal or sexagesimal INT matches. */
  private static final String NUMBER_OR_TIMESTAMP_CHARS = "0123456789_-+.:eETtZ \t";

  /**
   * False when no pattern can match {@code s} (longer than 5 characters, so not BOOL, NULL, MERGE,
   * VALUE, {@code .inf} or {@code .nan}): it neither starts like a binary or hexadecimal INT nor
   * keeps to {@link #NUMBER_OR_TIMESTAMP_CHARS}. Spares a run id or a path the seven patterns.
   */
  private static boolean numberOrTimestampAlphabet(String s) {
    int digits = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
    if (s.charAt(digits) == '0' && (s.charAt(digits + 1) == 'b' || s.charAt(digits + 1) == 'x')) {
      return true; // [-+]?0b... or [-+]?0x...: may be an INT with letters
    }
    for (int i = 0; i < s.length(); i++) {
      if (NUMBER_OR_TIMESTAMP_CHARS.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** {@link #plainIsString} by trying every pattern. */
  static boolean noResolverMatches(String s) {
    return !(NULL.matcher(s).matches()
        || BOOL.matcher(s).matches()
        || INT.matcher(s).matches()
        || FLOAT.matcher(s).matches()
        || MERGE.matcher(s).matches()
        || TIMESTAMP.matcher(s).matches()
        || VALUE.matcher(s).matches());
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** Parses a meta.yaml document into maps, lists and scalars (null for an empty document). */
  static Object load(String text) {
    return LOADER.get().load(text);
  }

  // A Yaml instance is costly to build and not thread-safe: one per thread.
  private static final ThreadLocal<Yaml> LOADER =
      ThreadLocal.withInitial(
          () -> {
            // The same limits as config files: meta.yaml may come from a store others wrote.
            LoaderOptions options = YamlConfigReader.limitedLoaderOptions(1_000_000);
            return new Yaml(
                new SafeConstructor(options),
                new Representer(new org.yaml.snakeyaml.DumperOptions()),
                new org.yaml.snakeyaml.DumperOptions(),
                options,
                new PyYamlResolver());
          });

  /** PyYAML's implicit resolvers, minus timestamps, merge and value (strings stay strings). */
  private static final class PyYamlResolver extends Resolver {
    // Qualified names: unqualified BOOL etc. would be SnakeYAML's inherited Resolver patterns.
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, anchored(PyYaml.BOOL), "yYnNtTfFoO", 10);
      addImplicitResolver(Tag.INT, anchored(PyYaml.INT), "-+0123456789", Integer.MAX_VALUE);
      addImplicitResolver(Tag.FLOAT, anchored(PyYaml.FLOAT), "-+0123456789.", Integer.MAX_VALUE);
      addImplicitResolver(Tag.NULL, anchored(PyYaml.NULL), "~nN\0", 10);
      addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null, 10);
    }

    private static Pattern anchored(Pattern p) {
      return Pattern.compile("^(?:" + p.pattern() + ")$");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /** The document PyYAML writes for {@code map} (keys sorted by code point). */
  static String dump(Map<String, ?> map) {
    String flat = flatLines(map);
    return flat != null ? flat : dumpByEmitter(map);
  }

  /**
   * The document for a flat {@code map} whose every line is known without the emitter: a
   * meta.yaml of plain keys and of values that are null, booleans, integers, an empty list, an
   * empty string or {@linkplain #lineSafe line-safe} strings, each written {@code key: value} (PyYAML quotes a
   * string that would read back as another type in single quotes). Null for any other map. A
   * sweep writes two meta.yaml per trial; this keeps the emitter off that path.
   */
  static String flatLines(Map<String, ?> map) {
    if (map.isEmpty()) {
      return null;
    }
    List<String> keys = new ArrayList<>(map.keySet());
    keys.sort(PyYaml::compareCodePoints);
    StringBuilder out = new StringBuilder(64 * keys.size());
    for (String key : keys) {
      // A key of 123 code points or more is not a simple key (the emitter throws).
      if (key.length() > 100 || !lineSafe(key) || !plainIsString(key)) {
        return null;
      }
      out.append(key).append(": ");
      Object value = map.get(key);
      if (value == null) {
        out.append("null");
      } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
        out.append(value);
      } else if (value instanceof List<?> list && list.isEmpty()) {
        out.append("[]");
      } else if ("".equals(value)) {
        out.append("''"); // plain, it would read back as null
      } else if (value instanceof String text && lineSafe(text)) {
        if (plainIsString(text)) {
          out.append(text);
        } else {
          out.append('\'').append(text).append('\''); // no quote inside a line-safe string
        }
      } else {
        return null;
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Whether PyYAML writes {@code s} as it is (plain, or single-quoted when it would read back as
   * another type) on the key's line: non-empty; letters, digits and {@code _ . / = + - ~ :} only, so
   * no space, line break, quote or special character; a colon never last (a block indicator
   * when followed by whitespace or the end); starting with a letter, digit, {@code _}, {@code /}
   * or {@code .} (a first {@code - ? :} can be an indicator) but not {@code ...}.
   */
  static boolean lineSafe(String s) {
    if (s.isEmpty() || s.startsWith("...") || s.charAt(s.length() - 1) == ':') {
      return false;
    }
    char first = s.charAt(0);
    if (!(isAsciiLetterOrDigit(first) || first == '_' || first == '/' || first == '.')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isAsciiLetterOrDigit(c) || "_./=+-~:".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** {@link #dump} by the transcription of PyYAML's emitter (any supported map). */
  static String dumpByEmitter(Map<String, ?> map) {
    Emitter e = new Emitter();
    if (map.isEmpty()) {
      e.writeIndicator("{", true, true, false);
      e.writeIndicator("}", false, false, false);
    } else {
      e.blockMapping(map, 0);
    }
    e.indent = 0;
    e.writeIndent(); // document end: PyYAML's write_indent() ends the last line
    return e.out.toString();
  }

  private static final class Analysis {
    boolean empty;
    boolean multiline;
    boolean allowBlockPlain;
    boolean allowSingleQuoted;
  }

  private static boolean isBreak(int ch) {
    return ch == '\n' || ch == 0x85 || ch == 0x2028 || ch == 0x2029;
  }

  private static boolean isBlankOrBreakOrNul(int ch) {
    return ch == 0 || ch == ' ' || ch == '\t' || ch == '\r' || isBreak(ch);
  }

  /** PyYAML's {@code analyze_scalar} with {@code allow_unicode=True}, block context only. */
  static Analysis analyze(int[] s) {
    Analysis a = new Analysis();
    if (s.length == 0) {
      a.empty = true;
      a.allowBlockPlain = true;
      a.allowSingleQuoted = true;
      return a;
    }
    boolean blockIndicators = false;
    boolean lineBreaks = false;
    boolean specialCharacters = false;
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    if (startsWith(s, "---") || startsWith(s, "...")) {
      blockIndicators = true;
    }
    boolean precededByWhitespace = true;
    boolean followedByWhitespace = s.length == 1 || isBlankOrBreakOrNul(s[1]);
    boolean previousSpace = false;
    boolean previousBreak = false;
    for (int index = 0; index < s.length; index++) {
      int ch = s[index];
      if (index == 0) {
        if ("#,[]{}&*!|>'\"%@`".indexOf(ch) >= 0) {
          blockIndicators = true;
        }
        if ((ch == '?' || ch == ':') && followedByWhitespace) {
          blockIndicators = true;
        }
        if (ch == '-' && followedByWhitespace) {
          blockIndicators = true;
        }
      } else {
        if (ch == ':' && followedByWhitespace) {
          blockIndicators = true;
        }
        if (ch == '#' && precededByWhitespace) {
          blockIndicators = true;
        }
      }
      if (isBreak(ch)) {
        lineBreaks = true;
      }
      if (!(ch == '\n' || (0x20 <= ch && ch <= 0x7E))) {
        boolean unicode =
            (ch == 0x85
                    || (0xA0 <= ch && ch <= 0xD7FF)
                    || (0xE000 <= ch && ch <= 0xFFFD)
                    || (0x10000 <= ch && ch < 0x10FFFF))
                && ch != 0xFEFF;
        if (!unicode) {
          specialCharacters = true; // allow_unicode=True: only non-printables are special
        }
      }
      if (ch == ' ') {
        if (index == 0) {
          leadingSpace = true;
        }
        if (index == s.length - 1) {
          trailingSpace = true;
        }
        if (previousBreak) {
          breakSpace = true;
        }
        previousSpace = true;
        previousBreak = false;
      } else if (isBreak(ch)) {
        if (index == 0) {
          leadingBreak = true;
        }
        if (index == s.length - 1) {
          trailingBreak = true;
        }
        if (previousSpace) {
          spaceBreak = true;
        }
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = isBlankOrBreakOrNul(ch);
      followedByWhitespace = index + 2 >= s.length || isBlankOrBreakOrNul(s[index + 2]);
    }
    a.allowBlockPlain = true;
    a.allowSingleQuoted = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
      a.allowBlockPlain = false;
    }
    if (breakSpace) {
      a.allowBlockPlain = false;
      a.allowSingleQuoted = false;
    }
    if (spaceBreak || specialCharacters) {
      a.allowBlockPlain = false;
      a.allowSingleQuoted = false;
    }
    if (lineBreaks) {
      a.allowBlockPlain = false;
    }
    if (blockIndicators) {
      a.allowBlockPlain = false;
    }
    a.multiline = lineBreaks;
    return a;
  }

  private static boolean startsWith(int[] s, String prefix) {
    if (s.length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (s[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The subset of PyYAML's Emitter state these documents need. */
  private static final class Emitter {
    final StringBuilder out = new StringBuilder(512);
    int indent;
    int column;
    boolean whitespace = true;
    boolean indention = true;

    void blockMapping(Map<String, ?> map, int mappingIndent) {
      List<String> keys = new ArrayList<>(map.keySet());
      keys.sort(PyYaml::compareCodePoints); // Python sorts str by code point
      for (String key : keys) {
        indent = mappingIndent;
        writeIndent();
        // The key: a simple key (PyYAML: length of '!!str' tag + text < 128, not multiline).
        int[] k = key.codePoints().toArray();
        Analysis ka = analyze(k);
        if (ka.empty || ka.multiline || k.length + 5 >= 128) {
          throw new IllegalArgumentException("Not a simple YAML key: '" + key + "'");
        }
        indent = mappingIndent + BEST_INDENT;
        scalar(k, ka, plainIsString(key), true);
        indent = mappingIndent;
        writeIndicator(":", false, false, false);
        Object value = map.get(key);
        if (value instanceof Map<?, ?> m) {
          if (m.isEmpty()) {
            writeIndicator("{", true, true, false);
            writeIndicator("}", false, false, false);
          } else {
            @SuppressWarnings("unchecked")
            Map<String, ?> nested = (Map<String, ?>) m;
            blockMapping(nested, mappingIndent + BEST_INDENT);
            indent = mappingIndent;
          }
        } else if (value instanceof List<?> l) {
          if (!l.isEmpty()) {
            throw new IllegalArgumentException("Only empty lists are supported, at key " + key);
          }
          writeIndicator("[", true, true, false);
          writeIndicator("]", false, false, false);
        } else {
          indent = mappingIndent + BEST_INDENT;
          if (value == null) {
            plain(cps("null"), true);
          } else if (value instanceof Boolean b) {
            plain(cps(b ? "true" : "false"), true);
          } else if (value instanceof Integer || value instanceof Long) {
            plain(cps(value.toString()), true);
          } else if (value instanceof String s) {
            int[] v = s.codePoints().toArray();
            scalar(v, analyze(v), plainIsString(s), false);
          } else {
            throw new IllegalArgumentException(
                "Unsupported meta.yaml value type " + value.getClass().getName() + " at key " + key);
          }
          indent = mappingIndent;
        }
      }
    }

    /** choose_scalar_style for a str scalar in block context, then the matching writer. */
    void scalar(int[] text, Analysis a, boolean implicitString, boolean simpleKey) {
      boolean split = !simpleKey;
      if (implicitString && !(simpleKey && (a.empty || a.multiline)) && a.allowBlockPlain) {
        plain(text, split);
      } else if (a.allowSingleQuoted && !(simpleKey && a.multiline)) {
        singleQuoted(text, split);
      } else {
        doubleQuoted(text, split);
      }
    }

    void writeIndicator(String indicator, boolean needWhitespace, boolean ws, boolean ind) {
      String data = whitespace || !needWhitespace ? indicator : " " + indicator;
      whitespace = ws;
      indention = indention && ind;
      column += data.length();
      out.append(data);
    }

    void writeIndent() {
      if (!indention || column > indent || (column == indent && !whitespace)) {
        writeLineBreak(-1);
      }
      if (column < indent) {
        whitespace = true;
        out.append(" ".repeat(indent - column));
        column = indent;
      }
    }

    void writeLineBreak(int br) {
      whitespace = true;
      indention = true;
      column = 0;
      if (br < 0) {
        out.append('\n');
      } else {
        out.appendCodePoint(br);
      }
    }

    void write(int[] text, int start, int end) {
      for (int i = start; i < end; i++) {
        out.appendCodePoint(text[i]);
      }
      column += end - start; // Python counts code points
    }

    void plain(int[] text, boolean split) {
      if (text.length == 0) {
        return;
      }
      if (!whitespace) {
        out.append(' ');
        column++;
      }
      whitespace = false;
      indention = false;
      boolean spaces = false;
      boolean breaks = false;
      int start = 0;
      int end = 0;
      while (end <= text.length) {
        int ch = end < text.length ? text[end] : -1;
        if (spaces) {
          if (ch != ' ') {
            if (start + 1 == end && column > BEST_WIDTH && split) {
              writeIndent();
              whitespace = false;
              indention = false;
            } else {
              write(text, start, end);
            }
            start = end;
          }
        } else if (breaks) {
          if (!isBreak(ch)) {
            if (text[start] == '\n') {
              writeLineBreak(-1);
            }
            for (int i = start; i < end; i++) {
              writeLineBreak(text[i] == '\n' ? -1 : text[i]);
            }
            writeIndent();
            whitespace = false;
            indention = false;
            start = end;
          }
        } else {
          if (ch == -1 || ch == ' ' || isBreak(ch)) {
            write(text, start, end);
            start = end;
          }
        }
        if (ch != -1) {
          spaces = ch == ' ';
          breaks = isBreak(ch);
        }
        end++;
      }
    }

    void singleQuoted(int[] text, boolean split) {
      writeIndicator("'", true, false, false);
      boolean spaces = false;
      boolean breaks = false;
      int start = 0;
      int end = 0;
      while (end <= text.length) {
        int ch = end < text.length ? text[end] : -1;
        if (spaces) {
          if (ch == -1 || ch != ' ') {
            if (start + 1 == end
                && column > BEST_WIDTH
                && split
                && start != 0
                && end != text.length) {
              writeIndent();
            } else {
              write(text, start, end);
            }
            start = end;
          }
        } else if (breaks) {
          if (ch == -1 || !isBreak(ch)) {
            if (text[start] == '\n') {
              writeLineBreak(-1);
            }
            for (int i = start; i < end; i++) {
              writeLineBreak(text[i] == '\n' ? -1 : text[i]);
            }
            writeIndent();
            start = end;
          }
        } else {
          if (ch == -1 || ch == ' ' || isBreak(ch) || ch == '\'') {
            if (start < end) {
              write(text, start, end);
              start = end;
            }
          }
        }
        if (ch == '\'') {
          out.append("''");
          column += 2;
          start = end + 1;
        }
        if (ch != -1) {
          spaces = ch == ' ';
          breaks = isBreak(ch);
        }
        end++;
      }
      writeIndicator("'", false, false, false);
    }

    void doubleQuoted(int[] text, boolean split) {
      writeIndicator("\"", true, false, false);
      int start = 0;
      int end = 0;
      while (end <= text.length) {
        int ch = end < text.length ? text[end] : -1;
        if (ch == -1
            || ch == '"'
            || ch == '\\'
            || ch == 0x85
            || ch == 0x2028
            || ch == 0x2029
            || ch == 0xFEFF
            || !((0x20 <= ch && ch <= 0x7E)
                || (0xA0 <= ch && ch <= 0xD7FF)
                || (0xE000 <= ch && ch <= 0xFFFD))) {
          if (start < end) {
            write(text, start, end);
            start = end;
          }
          if (ch != -1) {
            String data = escape(ch);
            out.append(data);
            column += data.length();
            start = end + 1;
          }
        }
        if (0 < end
            && end < text.length - 1
            && (ch == ' ' || start >= end)
            && column + (end - start) > BEST_WIDTH
            && split) {
          write(text, start, end);
          out.append('\\');
          column++;
          if (start < end) {
            start = end;
          }
          writeIndent();
          whitespace = false;
          indention = false;
          if (text[start] == ' ') {
            out.append('\\');
            column++;
          }
        }
        end++;
      }
      writeIndicator("\"", false, false, false);
    }

    private static String escape(int ch) {
      switch (ch) {
        case 0:
          return "\\0";
        case 0x07:
          return "\\a";
        case 0x08:
          return "\\b";
        case 0x09:
          return "\\t";
        case 0x0A:
          return "\\n";
        case 0x0B:
          return "\\v";
        case 0x0C:
          return "\\f";
        case 0x0D:
          return "\\r";
        case 0x1B:
          return "\\e";
        case '"':
          return "\\\"";
        case '\\':
          return "\\\\";
        case 0x85:
          return "\\N";
        case 0xA0:
          return "\\_";
        case 0x2028:
          return "\\L";
        case 0x2029:
          return "\\P";
        default:
          if (ch <= 0xFF) {
            return String.format("\\x%02X", ch);
          } else if (ch <= 0xFFFF) {
            return String.format("\\u%04X", ch);
          }
          return String.format("\\U%08X", ch);
      }
    }
  }

  private static int[] cps(String s) {
    return s.codePoints().toArray();
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
