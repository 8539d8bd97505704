package io.repro4j.runtime.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * DVC's ignore rules for a directory inside a DVC repository ({@code dvc/ignore.py}
 * {@code DvcIgnoreFilter}), so that a directory's hash leaves out exactly what DVC leaves out.
 *
 * <p>The rules are DVC's defaults ({@code .hg/}, {@code .git/}, {@code .git}, {@code .dvc/}) and
 * every {@code .dvcignore} from the repository root down to the directory, in that order; a
 * {@code .dvcignore} that an earlier rule ignores is not read. Each line is a gitignore pattern
 * as the Python library pathspec ({@code GitWildMatchPattern}, 0.12) turns it into a regular
 * expression; a deeper file's patterns are rebased onto the repository root as
 * {@code dvc/pathspec_math.py} rebases them. A path is matched by the last rule that matches it;
 * a rule ending in {@code /} matches directories only; {@code !} re-includes.
 */
final class DvcIgnore {
  private static final List<String> DEFAULTS = List.of(".hg/", ".git/", ".git", ".dvc/");

  /** One pattern: what it matches, whether a match ignores ({@code !} re-includes), where from. */
  private record Rule(Pattern regex, boolean ignore, boolean directoryOnly, String source) {}

  private final Path repo;
  private final List<Rule> rules;

  private DvcIgnore(Path repo, List<Rule> rules) {
    this.repo = repo;
    this.rules = rules;
  }

  /**
   * The rules that apply inside {@code root} (a real path) in the DVC repository {@code repo}.
   *
   * @throws IOException when a {@code .dvcignore} cannot be read or holds an invalid pattern, or
   *     when the rules ignore {@code root} itself (DVC would not track it)
   */
  static DvcIgnore load(Path repo, Path root) throws IOException {
    List<Rule> rules = new ArrayList<>();
    for (String pattern : DEFAULTS) {
      rules.add(rule(pattern, "DVC's default ignore '" + pattern + "'"));
    }
    DvcIgnore ignore = new DvcIgnore(repo, rules);
    // The .dvcignore files above root; one inside root is the walk's error (DVC's too).
    List<Path> dirs = new ArrayList<>();
    for (Path dir = root.getParent(); dir != null && dir.startsWith(repo); dir = dir.getParent()) {
      dirs.add(0, dir);
    }
    for (Path dir : dirs) {
      String rel = ignore.repoPrefix(dir);
      Path file = dir.resolve(".dvcignore");
      if (ignore.ignoredWithParents(rel + ".dvcignore", false) != null || !Files.isRegularFile(file)) {
        continue;
      }
      String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String pattern = rel.isEmpty() ? line : rebase(line, rel.substring(0, rel.length() - 1));
        try {
          Rule rule = rule(pattern, file + ":" + (i + 1) + ": '" + line + "'");
          if (rule != null) {
            rules.add(rule);
          }
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ":" + (i + 1) + ": '" + line + "' is not a valid gitignore"
              + " pattern (" + e.getMessage() + "); DVC refuses it too: fix or remove the line");
        }
      }
    }
    String rootRel = ignore.repoPrefix(root);
    if (!rootRel.isEmpty()) {
      Rule rule = ignore.ignoredWithParents(rootRel.substring(0, rootRel.length() - 1), true);
      if (rule != null) {
        throw new IOException(root + " is ignored by " + rule.source() + ", so DVC would not track"
            + " it (OutputIsIgnoredError); change the .dvcignore or hash another directory");
      }
    }
    return ignore;
  }

  /** {@code dir}'s path relative to the repository root with a trailing {@code /}, or "" for the root. */
  String repoPrefix(Path dir) {
    StringBuilder prefix = new StringBuilder();
    for (Path name : repo.relativize(dir)) {
      if (!name.toString().isEmpty()) {
        prefix.append(name).append('/');
      }
    }
    return prefix.toString();
  }

  /**
   * Whether the entry at {@code path} (relative to the repository root, {@code /}-separated) is
   * ignored. Its parents are not looked at: the walk never enters an ignored directory.
   */
  boolean ignored(String path, boolean directory) {
    Rule rule = match(path, directory);
    return rule != null && rule.ignore();
  }

  /** DVC's {@code _ignore}: the path, or one of its parents, is ignored; the rule that does it. */
  private Rule ignoredWithParents(String path, boolean directory) {
    String[] parts = path.split("/");
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        prefix.append('/');
      }
      prefix.append(parts[i]);
      boolean last = i == parts.length - 1;
      Rule rule = match(prefix.toString(), directory || !last);
      if (rule != null && rule.ignore()) {
        return rule;
      }
    }
    return null;
  }

  /** The last rule that matches, or null. */
  private Rule match(String path, boolean directory) {
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule rule = rules.get(i);
      if (rule.directoryOnly() && !directory) {
        continue;
      }
      if (rule.regex().matcher(path).matches()
          || (directory && !path.endsWith("/") && rule.regex().matcher(path + "/").matches())) {
        return rule;
      }
    }
    return null;
  }

  private static Rule rule(String pattern, String source) {
    String[] regex = toRegex(pattern);
    if (regex == null) {
      return null;
    }
    return new Rule(Pattern.compile(regex[0], Pattern.UNIX_LINES), regex[1].equals("ignore"),
        pattern.endsWith("/"), source);
  }

  /**
   * {@code dvc/pathspec_math.py} {@code change_rule}: a pattern of the {@code .dvcignore} in
   * directory {@code rel} (relative to the repository root), rewritten to mean the same from the
   * root.
   */
  static String rebase(String rule, String rel) {
    rule = rule.strip();
    boolean reinclude = rule.startsWith("!");
    if (reinclude) {
      rule = rule.substring(1);
    }
    boolean anyLevel;
    if (rule.substring(0, Math.max(0, rule.length() - 1)).contains("/") && !rule.startsWith("**/")) {
      if (rule.startsWith("/")) {
        rule = rule.substring(1);
      }
      anyLevel = false;
    } else {
      if (rule.startsWith("**/")) {
        rule = rule.substring(3);
      }
      anyLevel = true;
    }
    if (rule.startsWith("\\")) {
      rule = rule.substring(1);
    }
    rule = (anyLevel ? "/**/" : "/") + rule;
    rule = (reinclude ? "!/" : "/") + rel + rule;
    // pathspec's normalize_file: relative, without "./"
    if (rule.startsWith("/")) {
      return rule.substring(1);
    }
    return rule.startsWith("./") ? rule.substring(2) : rule;
  }

  /**
   * pathspec's {@code GitWildMatchPattern.pattern_to_regex} (0.12): the regular expression a
   * path must match in full, and "ignore" or "include" ({@code !}); null for a comment or a blank.
   *
   * @throws IllegalArgumentException for a pattern pathspec rejects
   */
  static String[] toRegex(String pattern) {
    pattern = pattern.endsWith("\\ ") ? pattern.stripLeading() : pattern.strip();
    if (pattern.startsWith("#") || pattern.equals("/") || pattern.isEmpty()) {
      return null;
    }
    boolean ignore = true;
    if (pattern.startsWith("!")) {
      ignore = false;
      pattern = pattern.substring(1);
    }
    List<String> segments = new ArrayList<>(List.of(pattern.split("/", -1)));
    boolean directoryPattern = segments.get(segments.size() - 1).isEmpty();
    for (int i = segments.size() - 1; i > 0; i--) {
      if (segments.get(i - 1).equals("**") && segments.get(i).equals("**")) {
        segments.remove(i);
      }
    }
    String override = null;
    if (segments.size() == 2 && segments.get(0).equals("**") && segments.get(1).isEmpty()) {
      override = "^.+/.*$"; // '**/': everything but the files at the top
    }
    if (segments.get(0).isEmpty()) {
      segments.remove(0); // anchored
    } else if (segments.size() == 1 || (segments.size() == 2 && segments.get(1).isEmpty())) {
      if (!segments.get(0).equals("**")) {
        segments.add(0, "**"); // a single name matches at any depth
      }
    }
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("nothing left to match");
    }
    int end = segments.size() - 1;
    if (segments.get(end).isEmpty() && segments.size() > 1) {
      segments.set(end, "**");
    }
    if (override != null) {
      return new String[] {override, ignore ? "ignore" : "include"};
    }
    StringBuilder regex = new StringBuilder("^");
    boolean needSlash = false;
    for (int i = 0; i <= end; i++) {
      String segment = segments.get(i);
      if (segment.equals("**")) {
        if (i == 0 && i == end) {
          regex.append("[^/]+(?:/.*)?");
        } else if (i == 0) {
          regex.append("(?:.+/)?");
          needSlash = false;
        } else if (i == end) {
          regex.append("/.*");
        } else {
          regex.append("(?:/.+)?");
          needSlash = true;
        }
      } else {
        if (needSlash) {
          regex.append('/');
        }
        regex.append(segment.equals("*") ? "[^/]+" : segmentGlob(segment));
        if (i == end) {
          regex.append("(?:/.*)?"); // a name matches the directory and everything below it
        }
        needSlash = true;
      }
    }
    return new String[] {regex.append('$').toString(), ignore ? "ignore" : "include"};
  }

  /** pathspec's {@code _translate_segment_glob}: {@code * ? [...]} and backslash escapes. */
  private static String segmentGlob(String glob) {
    StringBuilder regex = new StringBuilder();
    boolean escape = false;
    int i = 0;
    int end = glob.length();
    while (i < end) {
      char c = glob.charAt(i++);
      if (escape) {
        escape = false;
        appendLiteral(regex, c);
      } else if (c == '\\') {
        escape = true;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else if (c == '[') {
        int j = i;
        if (j < end && (glob.charAt(j) == '!' || glob.charAt(j) == '^')) {
          j++;
        }
        if (j < end && glob.charAt(j) == ']') {
          j++;
        }
        while (j < end && glob.charAt(j) != ']') {
          j++;
        }
        if (j < end) {
          regex.append('[');
          if (glob.charAt(i) == '!' || glob.charAt(i) == '^') {
            regex.append('^');
            i++;
          }
          // Python's class syntax, written for Java's: every member literal except a range's '-'.
          for (int k = i; k < j; k++) {
            char member = glob.charAt(k);
            if (member == '-' && k > i && k < j - 1) {
              regex.append('-');
            } else {
              appendLiteral(regex, member);
            }
          }
          regex.append(']');
          i = j + 1;
        } else {
          regex.append("\\[");
        }
      } else {
        appendLiteral(regex, c);
      }
    }
    if (escape) {
      throw new IllegalArgumentException("a backslash with nothing to escape");
    }
    return regex.toString();
  }

  private static void appendLiteral(StringBuilder regex, char c) {
    if (c < 0x80 && !Character.isLetterOrDigit(c)) {
      regex.append('\\');
    }
    regex.append(c);
  }
}
