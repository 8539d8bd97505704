package io.repro4j.runtime.tracking;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run {@code meta.yaml} files this JVM wrote last, with the fields they were written from, so
 * that reading one back (a sweep's final table reads every trial's run) need not parse YAML: when
 * the file still holds exactly the bytes written, the fields are what parsing would give. A file
 * changed since (a rename in the MLflow UI, another process) differs in its bytes and is parsed.
 *
 * <p>Bounded: the {@value #CAPACITY} most recently written files.
 */
final class WrittenMeta {
  static final int CAPACITY = 4096;

  private record Entry(String text, Map<String, Object> fields) {}

  private static final Map<Path, Entry> WRITTEN = new LinkedHashMap<>(256, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Path, Entry> eldest) {
      return size() > CAPACITY;
    }
  };

  private WrittenMeta() {}

  /** Remembers that {@code file} now holds {@code bytes}, written from {@code fields}. */
  static void remember(Path file, byte[] bytes, Map<String, Object> fields) {
    Map<String, Object> parsed = asParsed(fields);
    synchronized (WRITTEN) {
      if (parsed == null) {
        WRITTEN.remove(file);
      } else {
        WRITTEN.put(file, new Entry(new String(bytes, StandardCharsets.UTF_8), parsed));
      }
    }
  }

  /** The fields of {@code file} if it holds {@code text} as this JVM wrote it (a fresh copy), else null. */
  static Map<String, Object> lookUp(Path file, String text) {
    Entry entry;
    synchronized (WRITTEN) {
      entry = WRITTEN.get(file);
    }
    if (entry == null || !entry.text().equals(text)) {
      return null;
    }
    Map<String, Object> copy = new LinkedHashMap<>(entry.fields());
    copy.replaceAll((key, value) -> value instanceof List<?> list ? new ArrayList<>(list) : value);
    return copy;
  }

  /**
   * The fields as SnakeYAML's safe constructor gives them back: an integer that fits in an int is
   * an Integer, a list an ArrayList. Null when a value is of another kind (not cached then).
   */
  static Map<String, Object> asParsed(Map<String, Object> fields) {
    Map<String, Object> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      Object value = field.getValue();
      if (value instanceof Long l && l == (int) (long) l) {
        value = (int) (long) l;
      } else if (value instanceof List<?> list) {
        if (!list.isEmpty()) {
          return null;
        }
        value = new ArrayList<>();
      } else if (!(value == null || value instanceof String || value instanceof Integer || value instanceof Long)) {
        return null;
      }
      parsed.put(field.getKey(), value);
    }
    return parsed;
  }
}
