package io.repro4j.runtime.config;

/** Python's {@code fnmatch.fnmatchcase}: {@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}. */
final class Fnmatch {
  private Fnmatch() {}

  static boolean matches(String name, String pattern) {
    return name.matches(toRegex(pattern));
  }

  /** Python's {@code fnmatch.translate}, for the features glob patterns use. */
  static String toRegex(String pattern) {
    StringBuilder regex = new StringBuilder("(?s)");
    int i = 0;
    int n = pattern.length();
    while (i < n) {
      char c = pattern.charAt(i++);
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < n && pattern.charAt(j) == '!') {
          j++;
        }
        if (j < n && pattern.charAt(j) == ']') {
          j++;
        }
        while (j < n && pattern.charAt(j) != ']') {
          j++;
        }
        if (j >= n) {
          regex.append("\\[");
        } else {
          String set = pattern.substring(i, j).replace("\\", "\\\\");
          i = j + 1;
          if (set.startsWith("!")) {
            set = "^" + set.substring(1);
          } else if (set.startsWith("^")) {
            set = "\\" + set;
          }
          regex.append('[').append(set.replace("[", "\\[").replace("&&", "&\\&")).append(']');
        }
      } else {
        regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
