package io.repro4j.cli;

import java.io.PrintWriter;
import java.util.List;

/** RFC 4180 CSV: CRLF line ends; fields with a comma, quote, CR or LF quoted, quotes doubled. */
final class Csv {
  private Csv() {}

  static void row(PrintWriter out, List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(field(fields.get(i)));
    }
    out.print(line.append("\r\n"));
  }

  static String field(String value) {
    if (value == null) {
      return "";
    }
    boolean quote =
        value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0;
    return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }
}
