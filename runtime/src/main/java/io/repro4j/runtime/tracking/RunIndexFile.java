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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * payload:    experiment id, string table, entries (varints; strings as table indexes)
 * </pre>
 *
 * A file whose length, checksum, version or experiment id does not match, or that cannot be
 * parsed, is treated as absent: never trusted, rebuilt by the next search.
 */
final class RunIndexFile {
  /** A plain file: MLflow lists only directories of an experiment as runs, so it never sees it. */
  static final String NAME = ".repro4j-runs-index";

  /** Bump whenever what is stored, or how FileStore reads a run, changes. */
  static final int FORMAT = 2;

  private static final byte[] MAGIC = "R4JRUNIX".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 4 + 8 + 4;
  private static final long MAX_BYTES = 1L << 30;
  private static final Kind[] KINDS = Kind.values();

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
      return new Decoder(buf, expDir).entries(experimentId);
    } catch (RuntimeException e) {
      return Map.of(); // a well-checksummed file we cannot parse: not ours to trust
    }
  }

  /** The whole file: header and payload. */
  static byte[] encode(String experimentId, List<Entry> entries) {
    Encoder body = new Encoder();
    body.string(experimentId);
    body.varint(entries.size());
    for (Entry e : entries) {
      body.entry(e);
    }
    Encoder strings = new Encoder();
    strings.varint(body.table.size());
    for (String s : body.table) {
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

  private static final class Encoder {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    final List<String> table = new ArrayList<>();
    final Map<String, Integer> ids = new HashMap<>();

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

    /** A string as its index in the table plus one; 0 for null. */
    void string(String s) {
      if (s == null) {
        varint(0);
        return;
      }
      Integer id = ids.get(s);
      if (id == null) {
        id = table.size();
        table.add(s);
        ids.put(s, id);
      }
      varint(id + 1L);
    }

    void entry(Entry e) {
      string(e.runId());
      varint(e.validators().size());
      for (Validator v : e.validators()) {
        string(v.path());
        varint(v.kind().ordinal());
        fixed(v.mtimeNanos()); // ~1.8e18: a varint would take 9 bytes
        signed(v.size());
        signed(v.fileKey());
      }
      StoredRun r = e.run();
      if (r == null) {
        varint(0);
        return;
      }
      varint(1);
      string(r.runName());
      string(r.status().name());
      signed(r.startTime());
      if (r.endTime() == null) {
        varint(0);
      } else {
        varint(1);
        signed(r.endTime());
      }
      string(r.userId());
      string(r.artifactUri());
      strings(r.params());
      strings(r.tags());
      varint(r.metrics().size());
      for (Map.Entry<String, List<MetricPoint>> m : r.metrics().entrySet()) {
        string(m.getKey());
        MetricPoint p = r.latest(m.getKey());
        if (p == null) {
          varint(0); // a metric file without complete lines: the key is listed, without a value
        } else {
          varint(1);
          signed(p.timestamp());
          signed(Double.doubleToRawLongBits(p.value()));
          signed(p.step());
        }
      }
    }

    void strings(Map<String, String> map) {
      varint(map.size());
      map.forEach(
          (k, v) -> {
            string(k);
            string(v);
          });
    }
  }

  /** Reads the payload straight from the array: the index of 10,000 runs is read at every search. */
  private static final class Decoder {
    final byte[] bytes;
    final Path expDir;
    int pos;
    String[] table;

    Decoder(ByteBuffer buf, Path expDir) {
      this.bytes = buf.array();
      this.pos = buf.position();
      this.expDir = expDir;
    }

    Map<String, Entry> entries(String experimentId) {
      int n = count();
      table = new String[n];
      for (int i = 0; i < n; i++) {
        int len = count();
        table[i] = new String(bytes, pos, len, StandardCharsets.UTF_8);
        pos += len;
      }
      if (!experimentId.equals(string())) {
        return Map.of(); // copied from another experiment
      }
      int entries = count();
      Map<String, Entry> result = new HashMap<>(entries * 2);
      for (int i = 0; i < entries; i++) {
        Entry e = entry(experimentId);
        result.put(e.runId(), e);
      }
      if (pos != bytes.length) {
        throw new IllegalStateException("trailing bytes");
      }
      return result;
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

    long fixed() {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (bytes[pos++] & 0xFF);
      }
      return v;
    }

    int count() {
      long v = varint();
      if (v < 0 || v > bytes.length - pos + 1L) {
        throw new IllegalStateException("bad count " + v); // cannot be more items than bytes
      }
      return (int) v;
    }

    long signed() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    String string() {
      long id = varint();
      return id == 0 ? null : table[Math.toIntExact(id - 1)];
    }

    String nonNull() {
      String s = string();
      if (s == null) {
        throw new IllegalStateException("null key");
      }
      return s;
    }

    Entry entry(String experimentId) {
      String runId = nonNull();
      int n = count();
      List<Validator> validators = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        validators.add(
            new Validator(nonNull(), KINDS[(int) varint()], fixed(), signed(), (int) signed()));
      }
      if (varint() == 0) {
        return new Entry(runId, validators, null);
      }
      String runName = string();
      RunStatus status = RunStatus.valueOf(nonNull());
      long start = signed();
      Long end = varint() == 0 ? null : signed();
      String user = string();
      String artifactUri = string();
      Map<String, String> params = strings();
      Map<String, String> tags = strings();
      int m = count();
      Map<String, List<MetricPoint>> metrics = new TreeMap<>();
      for (int i = 0; i < m; i++) {
        String key = nonNull();
        if (varint() == 0) {
          metrics.put(key, List.of());
        } else {
          long ts = signed();
          double value = Double.longBitsToDouble(signed());
          metrics.put(key, List.of(new MetricPoint(ts, value, signed())));
        }
      }
      return new Entry(
          runId,
          validators,
          new StoredRun(
              runId, experimentId, runName, status, start, end, user, artifactUri, expDir.resolve(runId),
              params, tags, metrics));
    }

    Map<String, String> strings() {
      int n = count();
      Map<String, String> map = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        map.put(nonNull(), string());
      }
      return map;
    }
  }
}
