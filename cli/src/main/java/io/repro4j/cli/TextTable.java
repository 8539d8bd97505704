package io.repro4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: columns padded to their widest cell, two spaces apart, no trailing spaces.
 * Rows may also be section titles, printed as they are and not counted in the widths.
 */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> titles = new ArrayList<>(); // parallel to rows; null for cell rows

  void row(List<String> cells) {
    rows.add(cells.toArray(new String[0]));
    titles.add(null);
  }

  void row(String... cells) {
    row(List.of(cells));
  }

  void title(String text) {
    rows.add(null);
    titles.add(text);
  }

  void print(PrintWriter out) {
    int columns = 0;
    for (String[] r : rows) {
      if (r != null) {
        columns = Math.max(columns, r.length);
      }
    }
    int[] width = new int[columns];
    for (String[] r : rows) {
      if (r != null) {
        for (int c = 0; c < r.length; c++) {
          width[c] = Math.max(width[c], r[c].codePointCount(0, r[c].length()));
        }
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      if (r == null) {
        out.println(titles.get(i));
        continue;
      }
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < r.length; c++) {
        if (c > 0) {
          line.append("  ");
        }
        line.append(r[c]);
        if (c < r.length - 1) {
          line.append(" ".repeat(width[c] - r[c].codePointCount(0, r[c].length())));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
