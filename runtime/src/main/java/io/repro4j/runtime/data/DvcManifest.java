package io.repro4j.runtime.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A directory's {@code .dir} manifest as DVC builds it ({@code dvc_data/hashfile/tree.py}): the
 * entries sorted by their whole relpath in Unicode code point order, written as Python's
 * {@code json.dumps(entries, sort_keys=True)} writes them, and hashed with plain md5.
 */
public final class DvcManifest {
  /** One file of the directory: its relpath with {@code /} separators and its hash. */
  public record Entry(String relpath, String md5) {}

  /**
   * Python's {@code str} order: by code point. Java's {@link String#compareTo} compares UTF-16
   * units, which puts U+1F600 before U+FF01.
   */
  public static final Comparator<String> CODE_POINT_ORDER = DvcManifest::compareCodePoints;

  private final List<Entry> entries;
  private volatile String md5; // computed once: a large manifest costs a JSON text and its md5

  /** The manifest of {@code entries}, in any order. */
  public DvcManifest(List<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(Entry::relpath, CODE_POINT_ORDER));
    this.entries = List.copyOf(sorted);
  }

  private DvcManifest(List<Entry> sortedEntries, String md5) {
    this.entries = sortedEntries;
    this.md5 = md5;
  }

  /**
   * A manifest remembered by the hash cache: entries already in DVC's order (an unmodifiable
   * list, kept as given: the cache's makes each entry only when it is asked for), and their hash.
   */
  static DvcManifest sorted(List<Entry> sortedEntries, String md5) {
    return new DvcManifest(sortedEntries, md5);
  }

  /** The entries, sorted as DVC sorts them. */
  public List<Entry> entries() {
    return entries;
  }

  /** The manifest's JSON, byte for byte as DVC hashes and stores it (pure ASCII, one line). */
  public String json() {
    StringBuilder json = new StringBuilder(entries.size() * 80 + 2).append('[');
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      if (i > 0) {
        json.append(", ");
      }
      json.append("{\"md5\": ");
      appendPythonJsonString(json, entry.md5());
      json.append(", \"relpath\": ");
      appendPythonJsonString(json, entry.relpath());
      json.append('}');
    }
    return json.append(']').toString();
  }

  /** DVC's directory hash: the md5 of {@link #json()} followed by {@code .dir}. */
  public String md5() {
    String known = md5;
    if (known == null) {
      known = Md5.ofBytes(json().getBytes(StandardCharsets.US_ASCII)) + ".dir";
      md5 = known;
    }
    return known;
  }

  /**
   * Appends {@code s} as Python's {@code json.dumps} writes a str with {@code ensure_ascii=True}:
   * short escapes for {@code " \ \n \r \t \b \f}, {@code \}{@code uXXXX} (lowercase hex, UTF-16
   * units, so surrogate pairs) for everything else outside 0x20..0x7E.
   */
  static void appendPythonJsonString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c >= 0x20 && c <= 0x7e) {
            out.append(c);
          } else {
            out.append("\\u").append(String.format("%04x", (int) c));
          }
        }
      }
    }
    out.append('"');
  }

  private static int compareCodePoints(String a, String b) {
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
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
