package io.repro4j.runtime.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The on-disk format of {@link RunIndex}: one file per experiment, {@code
 * <experiment>/.repro4j-runs-index}.
 *
 * <pre>
 * "R4JRUNIX"  8 bytes magic
 * int         format version ({@link #FORMAT}); another version is ignored and rebuilt
 * long        payload length in bytes
 * int         CRC32C of the payload
 * payload:    string table, experiment id, entries (varints; strings as table indexes)
 * entry:      run id, validators (fixed width: 25 bytes each), then, for a run, its meta.yaml
 *             fields and three length-prefixed sections: params, tags, metrics
 * </pre>
 *
 * A file whose length, checksum, version or experiment id does not match, or that cannot be
 * parsed, is treated as absent: never trusted, rebuilt by the next search.
 *
 * <p>Reading costs what a search uses: {@link #decode} reads each entry's run id and meta.yaml
 * fields and skips the rest; a validator is decoded when it is looked at ({@link Validators}, by
 * string-table index), a run's params, tags and metrics when they are first used ({@link
 * SectionMap}), and a table string when first needed. The checksum is verified over the whole
 * file first, so what is decoded later is what was written.
 */
final class RunIndexFile {
  /** A plain file: MLflow lists only directories of an experiment as runs, so it never sees it. */
  static final String NAME = ".repro4j-runs-index";

  /**
   * Bump whenever what is stored, how it is laid out (RunStatus and Kind are stored as their
   * ordinals), or how FileStore reads a run, changes.
   */
  static final int FORMAT = 3;

  private static final byte[] MAGIC = "R4JRUNIX".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 4 + 8 + 4;
  private static final long MAX_BYTES = 1L << 30;
  private static final Kind[] KINDS = Kind.values();
  private static final RunStatus[] STATUSES = RunStatus.values();

  /** Path (table index), kind, mtime, size, file key: fixed, so validator i is found directly. */
  private static final int VALIDATOR_BYTES = 4 + 1 + 8 + 8 + 4;

  /** What a stat of one path below a run directory returned. */
  enum Kind {
    MISSING,
    FILE,
    DIRECTORY,
    OTHER
  }

  /**
   * The stat of {@code path} (relative to the run directory, "" for the directory itself) when
   * the entry was read: any change to the bytes, the entries of a directory, or a replacement
   * changes one of these.
   */
  record Validator(String path, Kind kind, long mtimeNanos, long size, int fileKey) {
    static Validator of(String path, BasicFileAttributes a) {
      Kind kind = a.isRegularFile() ? Kind.FILE : a.isDirectory() ? Kind.DIRECTORY : Kind.OTHER;
      Object key = a.fileKey();
      return new Validator(
          path, kind, a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size(),
          key == null ? 0 : key.hashCode());
    }

    static Validator missing(String path) {
      return new Validator(path, Kind.MISSING, 0, 0, 0);
    }

    /** Whether {@code file} (resolved from this path) still has these stats; lstat, links not followed. */
    boolean matches(Path file) throws IOException {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return kind == Kind.MISSING;
      }
      Kind now = a.isRegularFile() ? Kind.FILE : a.isDirectory() ? Kind.DIRECTORY : Kind.OTHER;
      Object key = a.fileKey();
      return now == kind
          && a.size() == size
          && a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) == mtimeNanos
          && (key == null ? 0 : key.hashCode()) == fileKey;
    }

    /** The validator of {@code runDir/path} now (lstat: links are not followed). */
    static Validator stat(Path runDir, String path) throws IOException {
      Path p = path.isEmpty() ? runDir : runDir.resolve(path);
      try {
        return of(path, Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
      } catch (NoSuchFileException e) {
        return missing(path);
      }
    }
  }

  /**
   * One directory entry of the experiment.
   *
   * @param runId the directory name
   * @param validators the stats taken before the run was read
   * @param run the run as FileStore read it, metrics reduced to their latest point; null when the
   *     directory is not an active run (deleted, malformed, ids not matching)
   */
  record Entry(String runId, List<Validator> validators, StoredRun run) {}

  private RunIndexFile() {}

  /**
   * The entries of the index file at {@code file}, by run id; empty when the file is missing,
   * unreadable, of another format or experiment, truncated or corrupt.
   */
  static Map<String, Entry> read(Path file, String experimentId, Path expDir) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        return Map.of();
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      return Map.of(); // missing, replaced under us (NFS: stale handle), unreadable: rebuild
    }
    return decode(bytes, experimentId, expDir);
  }

  static Map<String, Entry> decode(byte[] bytes, String experimentId, Path expDir) {
    if (bytes.length < HEADER) {
      return Map.of();
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    for (byte b : MAGIC) {
      if (buf.get() != b) {
        return Map.of();
      }
    }
    if (buf.getInt() != FORMAT) {
      return Map.of();
    }
    long length = buf.getLong();
    int crc = buf.getInt();
    if (length != bytes.length - HEADER) {
      return Map.of(); // truncated, or appended to
    }
    CRC32C check = new CRC32C();
    check.update(bytes, HEADER, bytes.length - HEADER);
    if ((int) check.getValue() != crc) {
      return Map.of();
    }
    try {
      return new Decoder(bytes, HEADER, expDir).entries(experimentId);
    } catch (RuntimeException e) {
      return Map.of(); // a well-checksummed file we cannot parse: not ours to trust
    }
  }

  /** The whole file: header and payload. */
  static byte[] encode(String experimentId, List<Entry> entries) {
    Strings table = new Strings();
    Encoder body = new Encoder(table);
    body.string(experimentId);
    body.varint(entries.size());
    for (Entry e : entries) {
      body.entry(e);
    }
    Encoder strings = new Encoder(table);
    strings.varint(table.list.size());
    for (String s : table.list) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      strings.varint(utf8.length);
      strings.out.write(utf8, 0, utf8.length);
    }
    int length = strings.out.size() + body.out.size();
    ByteBuffer file = ByteBuffer.allocate(HEADER + length);
    file.put(MAGIC).putInt(FORMAT).putLong(length).putInt(0);
    file.put(strings.out.toByteArray()).put(body.out.toByteArray());
    byte[] bytes = file.array();
    CRC32C crc = new CRC32C();
    crc.update(bytes, HEADER, length);
    ByteBuffer.wrap(bytes).putInt(MAGIC.length + 4 + 8, (int) crc.getValue());
    return bytes;
  }

  // ---------------------------------------------------------------------------------------------

  /** The string table being written: each distinct string once, by first use. */
  private static final class Strings {
    final List<String> list = new ArrayList<>();
    final Map<String, Integer> ids = new HashMap<>();

    int id(String s) {
      Integer id = ids.get(s);
      if (id == null) {
        id = list.size();
        list.add(s);
        ids.put(s, id);
      }
      return id;
    }
  }

  private static final class Encoder {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    final Strings table;

    Encoder(Strings table) {
      this.table = table;
    }

    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    void signed(long v) {
      varint((v << 1) ^ (v >> 63)); // zigzag
    }

    void fixed(long v) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (v >>> shift));
      }
    }

    void fixedInt(int v) {
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write(v >>> shift);
      }
    }

    /** A string as its index in the table plus one; 0 for null. */
    void string(String s) {
      varint(s == null ? 0 : table.id(s) + 1L);
    }

    void entry(Entry e) {
      string(e.runId());
      varint(e.validators().size());
      for (Validator v : e.validators()) {
        fixedInt(table.id(v.path()));
        out.write(v.kind().ordinal());
        fixed(v.mtimeNanos());
        fixed(v.size());
        fixedInt(v.fileKey());
      }
      StoredRun r = e.run();
      if (r == null) {
        varint(0);
        return;
      }
      varint(1);
      string(r.runName());
      varint(r.status().ordinal());
      signed(r.startTime());
      if (r.endTime() == null) {
        varint(0);
      } else {
        varint(1);
        signed(r.endTime());
      }
      string(r.userId());
      string(r.artifactUri());
      section(strings(r.params()));
      section(strings(r.tags()));
      Encoder metrics = new Encoder(table);
      metrics.varint(r.metrics().size());
      for (String key : r.metrics().keySet()) {
        metrics.string(key);
        MetricPoint p = r.latest(key);
        if (p == null) {
          metrics.varint(0); // a metric file without complete lines: the key is listed, without a value
        } else {
          metrics.varint(1);
          metrics.signed(p.timestamp());
          metrics.signed(Double.doubleToRawLongBits(p.value()));
          metrics.signed(p.step());
        }
      }
      section(metrics);
    }

    /** Length-prefixed, so that a reader can skip it. */
    void section(Encoder section) {
      varint(section.out.size());
      out.writeBytes(section.out.toByteArray());
    }

    Encoder strings(Map<String, String> map) {
      Encoder section = new Encoder(table);
      section.varint(map.size());
      map.forEach(
          (k, v) -> {
            section.string(k);
            section.string(v);
          });
      return section;
    }
  }

  /** A position in the payload; reading past the end throws (a corrupt file). */
  private static final class Cursor {
    final byte[] bytes;
    int pos;

    Cursor(byte[] bytes, int pos) {
      this.bytes = bytes;
      this.pos = pos;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = bytes[pos++]; // past the end: ArrayIndexOutOfBoundsException, i.e. corrupt
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalStateException("varint too long");
    }

    long signed() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    /** A count or length: never more than the bytes left. */
    int count() {
      long v = varint();
      if (v < 0 || v > bytes.length - pos + 1L) {
        throw new IllegalStateException("bad count " + v);
      }
      return (int) v;
    }

    /** Skips {@code n} bytes, checking they are there. */
    int skip(long n) {
      if (n < 0 || n > bytes.length - pos) {
        throw new IllegalStateException("section past the end");
      }
      int start = pos;
      pos += (int) n;
      return start;
    }
  }

  /**
   * The string table of a file read: offsets are found up front, each string is made on first
   * use (most of them are values no search looks at).
   */
  static final class Table {
    private final byte[] bytes;
    private final int[] offsets;
    private final int[] lengths;
    private final String[] strings;

    private Table(Cursor c) {
      this.bytes = c.bytes;
      int n = c.count();
      offsets = new int[n];
      lengths = new int[n];
      strings = new String[n];
      for (int i = 0; i < n; i++) {
        lengths[i] = c.count();
        offsets[i] = c.skip(lengths[i]);
      }
    }

    /** The string of table index {@code id}; made once (a race makes it twice, harmlessly). */
    String string(int id) {
      String s = strings[id];
      if (s == null) {
        s = new String(bytes, offsets[id], lengths[id], StandardCharsets.UTF_8);
        strings[id] = s;
      }
      return s;
    }

    /** The table index of {@code s}, or -1 when no entry uses it; compares bytes, makes no strings. */
    int indexOf(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < offsets.length; i++) {
        if (lengths[i] == utf8.length
            && Arrays.equals(bytes, offsets[i], offsets[i] + lengths[i], utf8, 0, utf8.length)) {
          return i;
        }
      }
      return -1;
    }

    /** The string of a reference ({@code index + 1}, 0 for null). */
    String reference(long ref) {
      return ref == 0 ? null : string(Math.toIntExact(ref - 1));
    }
  }

  /**
   * The validators of an entry read from a file, decoded one at a time: a search looks at the few
   * its keys need, found by {@link #pathIndex} (a table index, compared without making strings).
   */
  static final class Validators extends AbstractList<Validator> implements RandomAccess {
    private final Table table;
    private final int start;
    private final int size;

    private Validators(Table table, int start, int size) {
      this.table = table;
      this.start = start;
      this.size = size;
    }

    Table table() {
      return table;
    }

    /** The table index of the path of validator {@code i}. */
    int pathIndex(int i) {
      return readInt(start + i * VALIDATOR_BYTES);
    }

    @Override
    public Validator get(int i) {
      Objects.checkIndex(i, size);
      int at = start + i * VALIDATOR_BYTES;
      return new Validator(
          table.string(readInt(at)), KINDS[table.bytes[at + 4]], readLong(at + 5), readLong(at + 13), readInt(at + 21));
    }

    @Override
    public int size() {
      return size;
    }

    private int readInt(int at) {
      byte[] b = table.bytes;
      return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private long readLong(int at) {
      return (long) readInt(at) << 32 | (readInt(at + 4) & 0xFFFFFFFFL);
    }
  }

  /**
   * A run's params, tags or metrics as stored: unmodifiable, sorted by key, decoded when first
   * used. {@link #get} and {@link #containsKey} before that scan the section without building the
   * map, which is all a filter on a key needs.
   */
  abstract static class SectionMap<V> extends AbstractMap<String, V> {
    final Table table;
    private final int start;
    private volatile Map<String, V> decoded;

    private SectionMap(Table table, int start) {
      this.table = table;
      this.start = start;
    }

    /** Reads the value at the cursor. */
    abstract V value(Cursor c);

    @Override
    public V get(Object key) {
      Map<String, V> d = decoded;
      if (d != null) {
        return d.get(key);
      }
      if (!(key instanceof String)) {
        return null;
      }
      Cursor c = new Cursor(table.bytes, start);
      for (int i = c.count(); i > 0; i--) {
        String k = table.reference(c.varint());
        V v = value(c);
        if (key.equals(k)) {
          return v;
        }
      }
      return null;
    }

    @Override
    public boolean containsKey(Object key) {
      Map<String, V> d = decoded;
      if (d != null) {
        return d.containsKey(key);
      }
      if (!(key instanceof String)) {
        return false;
      }
      Cursor c = new Cursor(table.bytes, start);
      for (int i = c.count(); i > 0; i--) {
        String k = table.reference(c.varint());
        value(c);
        if (key.equals(k)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public int size() {
      Map<String, V> d = decoded;
      return d != null ? d.size() : new Cursor(table.bytes, start).count();
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
      Map<String, V> d = decoded;
      if (d == null) {
        TreeMap<String, V> map = new TreeMap<>();
        Cursor c = new Cursor(table.bytes, start);
        for (int i = c.count(); i > 0; i--) {
          String k = table.reference(c.varint());
          if (k == null) {
            throw new IllegalStateException("null key");
          }
          map.put(k, value(c));
        }
        d = Collections.unmodifiableMap(map);
        decoded = d;
      }
      return d.entrySet();
    }
  }

  private static final class StringSection extends SectionMap<String> {
    private StringSection(Table table, int start) {
      super(table, start);
    }

    @Override
    String value(Cursor c) {
      return table.reference(c.varint());
    }
  }

  private static final class MetricSection extends SectionMap<List<MetricPoint>> {
    private MetricSection(Table table, int start) {
      super(table, start);
    }

    @Override
    List<MetricPoint> value(Cursor c) {
      if (c.varint() == 0) {
        return List.of();
      }
      long ts = c.signed();
      double value = Double.longBitsToDouble(c.signed());
      return List.of(new MetricPoint(ts, value, c.signed()));
    }
  }

  /** Reads the entries' run ids and meta.yaml fields; everything else is skipped, for later. */
  private static final class Decoder {
    final Cursor c;
    final Path expDir;
    Table table;

    Decoder(byte[] bytes, int pos, Path expDir) {
      this.c = new Cursor(bytes, pos);
      this.expDir = expDir;
    }

    Map<String, Entry> entries(String experimentId) {
      table = new Table(c);
      if (!experimentId.equals(table.reference(c.varint()))) {
        return Map.of(); // copied from another experiment
      }
      int entries = c.count();
      Map<String, Entry> result = new HashMap<>(entries * 2);
      for (int i = 0; i < entries; i++) {
        Entry e = entry(experimentId);
        result.put(e.runId(), e);
      }
      if (c.pos != c.bytes.length) {
        throw new IllegalStateException("trailing bytes");
      }
      return result;
    }

    String nonNull() {
      String s = table.reference(c.varint());
      if (s == null) {
        throw new IllegalStateException("null key");
      }
      return s;
    }

    Entry entry(String experimentId) {
      String runId = nonNull();
      int n = c.count();
      Validators validators = new Validators(table, c.skip((long) n * VALIDATOR_BYTES), n);
      if (c.varint() == 0) {
        return new Entry(runId, validators, null);
      }
      String runName = table.reference(c.varint());
      RunStatus status = STATUSES[Math.toIntExact(c.varint())];
      long start = c.signed();
      Long end = c.varint() == 0 ? null : c.signed();
      String user = table.reference(c.varint());
      String artifactUri = table.reference(c.varint());
      SectionMap<String> params = new StringSection(table, section());
      SectionMap<String> tags = new StringSection(table, section());
      SectionMap<List<MetricPoint>> metrics = new MetricSection(table, section());
      return new Entry(
          runId,
          validators,
          new StoredRun(
              runId, experimentId, runName, status, start, end, user, artifactUri, expDir.resolve(runId),
              params, tags, metrics));
    }

    /** Skips a length-prefixed section; returns where it starts. */
    int section() {
      return c.skip(c.count());
    }
  }
}
