package io.repro4j.runtime.data;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.zip.CRC32C;

/**
 * One root's remembered hashes as read from its cache file, kept as the file's primitive arrays:
 * a recheck of 100,000 unchanged files makes no object per entry (no relpath string, no hex
 * digest, no map entry) until a manifest entry is asked for.
 *
 * <p>Format version 2 (little-endian), sections of fixed-size records and one string table:
 * <pre>
 * "R4JHASH\n"  version:int  mode:str  key:str  manifestMd5:str     (str = length:int + UTF-8)
 * files:int  directories:int  children:int  stringBytes:int
 * per file, in the manifest's order: dev ino size mtime_ns ctime_ns stampedAt_ns (6 longs)
 * per file: md5 (16 bytes)
 * per file: relpath (offset, length into the strings)
 * per directory listing: dev ino size mtime_ns ctime_ns stampedAt_ns (6 longs)
 * per directory listing: relpath prefix (offset, length), first child, child count (4 ints)
 * per child, in listing order: name (offset, length), file index or -1 (3 ints)
 * strings (UTF-8)   CRC32C of everything before it (long)
 * </pre>
 * A directory listing (the directory memo) holds every name the directory listed when its stamp
 * was taken, so a directory whose own stamp is unchanged need not be listed again.
 */
final class CachedTree {
  static final byte[] MAGIC = "R4JHASH\n".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 2;
  private static final int STAMP_LONGS = 6;

  final Path file;
  final String key;
  final HashMode mode;
  /** Whether a cache file existed but failed its checks (and so is ignored). */
  final boolean corrupt;
  /** The directory hash written with the files, or {@code ""}. */
  final String manifestMd5;
  final int files;
  private final long[] fileStamps;
  private final byte[] md5s;
  private final int[] relpaths;
  private final long[] dirStamps;
  private final int[] dirs;
  private final int[] children;
  private final byte[] strings;
  private final Map<String, Integer> dirByPrefix;

  private CachedTree(Path file, String key, HashMode mode, boolean corrupt, String manifestMd5,
      long[] fileStamps, byte[] md5s, int[] relpaths, long[] dirStamps, int[] dirs, int[] children,
      byte[] strings) {
    this.file = file;
    this.key = key;
    this.mode = mode;
    this.corrupt = corrupt;
    this.manifestMd5 = manifestMd5;
    this.files = relpaths.length / 2;
    this.fileStamps = fileStamps;
    this.md5s = md5s;
    this.relpaths = relpaths;
    this.dirStamps = dirStamps;
    this.dirs = dirs;
    this.children = children;
    this.strings = strings;
    this.dirByPrefix = new HashMap<>(dirs.length / 4 * 4 / 3 + 1);
    for (int d = 0; d < dirs.length / 4; d++) {
      dirByPrefix.put(string(dirs[4 * d], dirs[4 * d + 1]), d);
    }
  }

  /** No remembered hashes ({@code corrupt}: a cache file was there but is not to be trusted). */
  static CachedTree empty(Path file, String key, HashMode mode, boolean corrupt) {
    return new CachedTree(file, key, mode, corrupt, "", new long[0], new byte[0], new int[0],
        new long[0], new int[0], new int[0], new byte[0]);
  }

  /** Whether file record {@code i} may stand for the file now stamped {@code now}. */
  boolean validFor(int i, HashCache.Stamp now) {
    return validFor(i, now.dev(), now.ino(), now.size(), now.mtimeNanos(), now.ctimeNanos());
  }

  /** {@link #validFor(int, HashCache.Stamp)} for a stamp given as its fields (no object made). */
  boolean validFor(int i, long dev, long ino, long size, long mtimeNanos, long ctimeNanos) {
    return stampHolds(fileStamps, i * STAMP_LONGS, dev, ino, size, mtimeNanos, ctimeNanos);
  }

  /**
   * Whether the stamp stored at {@code s[at]} (dev, ino, size, mtime, ctime, when taken) equals the
   * one given and its mtime lies well before it was taken: a change within the timestamp
   * granularity of that moment could otherwise go unseen (a racy entry is never trusted).
   */
  private static boolean stampHolds(long[] s, int at, long dev, long ino, long size, long mtimeNanos,
      long ctimeNanos) {
    return s[at] == dev && s[at + 1] == ino && s[at + 2] == size
        && s[at + 3] == mtimeNanos && s[at + 4] == ctimeNanos
        && s[at + 3] < s[at + 5] - HashCache.RACY_WINDOW_NANOS;
  }

  /** File record {@code i}'s relpath. */
  String relpath(int i) {
    return string(relpaths[2 * i], relpaths[2 * i + 1]);
  }

  /** File record {@code i}'s md5 in hex. */
  String md5(int i) {
    return HexFormat.of().formatHex(md5s, 16 * i, 16 * i + 16);
  }

  /** File record {@code i} as an entry to write again. */
  HashCache.Entry entry(int i) {
    int at = i * STAMP_LONGS;
    return new HashCache.Entry(relpath(i), new HashCache.Stamp(fileStamps[at], fileStamps[at + 1],
        fileStamps[at + 2], fileStamps[at + 3], fileStamps[at + 4]), fileStamps[at + 5], md5(i));
  }

  /** The manifest's entries in the manifest's order, each made when it is asked for. */
  List<DvcManifest.Entry> manifestEntries() {
    return new Entries();
  }

  private final class Entries extends AbstractList<DvcManifest.Entry> implements RandomAccess {
    @Override
    public DvcManifest.Entry get(int i) {
      if (i < 0 || i >= files) {
        throw new IndexOutOfBoundsException(i);
      }
      return new DvcManifest.Entry(relpath(i), md5(i));
    }

    @Override
    public int size() {
      return files;
    }
  }

  /** The listing remembered for the directory with relpath prefix {@code prefix}, or -1. */
  int directory(String prefix) {
    Integer d = dirByPrefix.get(prefix);
    return d == null ? -1 : d;
  }

  /**
   * Whether listing {@code d} still holds for the directory now stamped {@code now}: the same
   * directory (device, inode) not modified since (mtime, ctime), and modified well before it
   * was listed (as for files, a change within the timestamp granularity could go unseen).
   */
  boolean listingValidFor(int d, HashCache.Stamp now) {
    return stampHolds(dirStamps, d * STAMP_LONGS, now.dev(), now.ino(), now.size(), now.mtimeNanos(),
        now.ctimeNanos());
  }

  /** When listing {@code d} was taken. */
  long listedAt(int d) {
    return dirStamps[d * STAMP_LONGS + 5];
  }

  /** The names listing {@code d} holds, in listing order. */
  String[] names(int d) {
    String[] names = new String[nameCount(d)];
    for (int k = 0; k < names.length; k++) {
      names[k] = name(d, k);
    }
    return names;
  }

  /** How many names listing {@code d} holds. */
  int nameCount(int d) {
    return dirs[4 * d + 3];
  }

  /** Name {@code k} of listing {@code d}. */
  String name(int d, int k) {
    int c = 3 * (dirs[4 * d + 2] + k);
    return string(children[c], children[c + 1]);
  }

  /**
   * Name {@code k} of listing {@code d} as its UTF-8 bytes, copied into {@code byLength}'s array of
   * that length (made on first use): a caller that only passes the bytes on allocates nothing.
   */
  byte[] nameBytes(int d, int k, byte[][] byLength) {
    int c = 3 * (dirs[4 * d + 2] + k);
    int length = children[c + 1];
    byte[] bytes = length < byLength.length ? byLength[length] : null;
    if (bytes == null) {
      bytes = new byte[length];
      if (length < byLength.length) {
        byLength[length] = bytes;
      }
    }
    System.arraycopy(strings, children[c], bytes, 0, length);
    return bytes;
  }

  /** For each name of listing {@code d}, the index of its file record or -1. */
  int[] fileIndexes(int d) {
    int first = dirs[4 * d + 2];
    int[] indexes = new int[dirs[4 * d + 3]];
    for (int k = 0; k < indexes.length; k++) {
      indexes[k] = children[3 * (first + k) + 2];
    }
    return indexes;
  }

  /** For each of {@code names} (a new listing of directory {@code d}), its file record's index or -1. */
  int[] fileIndexes(int d, String[] names) {
    String[] old = names(d);
    int[] oldIndexes = fileIndexes(d);
    Map<String, Integer> byName = new HashMap<>(old.length * 4 / 3 + 1);
    for (int k = 0; k < old.length; k++) {
      byName.put(old[k], oldIndexes[k]);
    }
    int[] indexes = new int[names.length];
    for (int k = 0; k < names.length; k++) {
      indexes[k] = byName.getOrDefault(names[k], -1);
    }
    return indexes;
  }

  private String string(int offset, int length) {
    return new String(strings, offset, length, StandardCharsets.UTF_8);
  }

  /**
   * A directory as it was listed: its relpath prefix ({@code ""} or ending in {@code /}), its
   * stamp taken before the listing, when, and its names, or null with {@code reused}, the index of
   * the remembered listing that still holds (-1 when names are given).
   */
  record Listing(String prefix, HashCache.Stamp stamp, long listedAt, String[] names, int reused) {}

  static final class CorruptException extends Exception {
    CorruptException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads a cache file's bytes, {@code bytes} from its position to its limit (a direct buffer,
   * for {@link #longs}' sake); throws when any check fails.
   */
  static CachedTree parse(ByteBuffer bytes, Path file, String key, HashMode mode) throws CorruptException {
    try {
      return parseChecked(bytes.slice().order(ByteOrder.LITTLE_ENDIAN), file, key, mode);
    } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new CorruptException(e.toString());
    }
  }

  private static CachedTree parseChecked(ByteBuffer in, Path file, String key, HashMode mode)
      throws CorruptException {
    int length = in.limit();
    if (length < MAGIC.length + 12) {
      throw new CorruptException("short");
    }
    CRC32C crc = new CRC32C();
    crc.update(in.slice(0, length - 8));
    if (in.getLong(length - 8) != crc.getValue()) {
      throw new CorruptException("checksum");
    }
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new CorruptException("magic");
    }
    if (in.getInt() != VERSION) {
      throw new CorruptException("version"); // an older format: rebuilt in this one
    }
    if (!readString(in).equals(mode.dvcName()) || !readString(in).equals(key)) {
      throw new CorruptException("another root or mode");
    }
    String manifestMd5 = readString(in);
    int files = in.getInt();
    int dirCount = in.getInt();
    int childCount = in.getInt();
    int stringBytes = in.getInt();
    if (files < 0 || dirCount < 0 || childCount < 0 || stringBytes < 0) {
      throw new CorruptException("count");
    }
    long expected = in.position() + (long) files * (8 * STAMP_LONGS + 16 + 8)
        + (long) dirCount * (8 * STAMP_LONGS + 16) + (long) childCount * 12 + stringBytes + 8;
    if (expected != length) {
      throw new CorruptException("length");
    }
    long[] fileStamps = longs(in, files * STAMP_LONGS);
    byte[] md5s = new byte[files * 16];
    in.get(md5s);
    int[] relpaths = ints(in, files * 2);
    long[] dirStamps = longs(in, dirCount * STAMP_LONGS);
    int[] dirs = ints(in, dirCount * 4);
    int[] children = ints(in, childCount * 3);
    byte[] strings = new byte[stringBytes];
    in.get(strings);
    for (int i = 0; i < relpaths.length; i += 2) {
      checkRange(relpaths[i], relpaths[i + 1], stringBytes);
    }
    for (int d = 0; d < dirs.length; d += 4) {
      checkRange(dirs[d], dirs[d + 1], stringBytes);
      checkRange(dirs[d + 2], dirs[d + 3], childCount);
    }
    boolean[] named = new boolean[files];
    for (int c = 0; c < children.length; c += 3) {
      checkRange(children[c], children[c + 1], stringBytes);
      int fileIndex = children[c + 2];
      if (fileIndex < -1 || fileIndex >= files) {
        throw new CorruptException("file index");
      }
      if (fileIndex >= 0) {
        if (named[fileIndex]) {
          throw new CorruptException("a file named twice"); // would count one file as two
        }
        named[fileIndex] = true;
      }
    }
    return new CachedTree(file, key, mode, false, manifestMd5, fileStamps, md5s, relpaths,
        dirStamps, dirs, children, strings);
  }

  private static void checkRange(int offset, int length, int limit) throws CorruptException {
    if (offset < 0 || length < 0 || offset > limit - length) {
      throw new CorruptException("range");
    }
  }

  // Bulk copies: from a direct buffer in the platform's order these are one memory copy each, where
  // a heap buffer's view copies value by value (about 30 ms for 600,000 longs in a fresh JVM).
  private static long[] longs(ByteBuffer in, int count) {
    long[] values = new long[count];
    in.slice().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
    in.position(in.position() + 8 * count);
    return values;
  }

  private static int[] ints(ByteBuffer in, int count) {
    int[] values = new int[count];
    in.slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
    in.position(in.position() + 4 * count);
    return values;
  }

  private static String readString(ByteBuffer in) throws CorruptException {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new CorruptException("string length");
    }
    byte[] utf8 = new byte[length];
    in.get(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /**
   * A cache file's bytes: {@code entries} in the manifest's order and the directory listings;
   * a listing's names that are files among {@code entries} point at their records.
   */
  static byte[] serialise(String key, HashMode mode, List<HashCache.Entry> entries,
      String manifestMd5, List<Listing> listings) {
    ByteArrayOutputStream strings = new ByteArrayOutputStream(entries.size() * 24 + 64);
    int files = entries.size();
    long[] fileStamps = new long[files * STAMP_LONGS];
    byte[] md5s = new byte[files * 16];
    int[] relpaths = new int[files * 2];
    Map<String, Integer> fileIndex = new HashMap<>(files * 4 / 3 + 1);
    HexFormat hex = HexFormat.of();
    for (int i = 0; i < files; i++) {
      HashCache.Entry entry = entries.get(i);
      putStamp(fileStamps, i, entry.stamp(), entry.stampedAtNanos());
      System.arraycopy(hex.parseHex(entry.md5()), 0, md5s, 16 * i, 16);
      byte[] relpath = entry.relpath().getBytes(StandardCharsets.UTF_8);
      relpaths[2 * i] = strings.size();
      relpaths[2 * i + 1] = relpath.length;
      strings.writeBytes(relpath);
      fileIndex.put(entry.relpath(), i);
    }
    int childCount = 0;
    for (Listing listing : listings) {
      childCount += listing.names().length;
    }
    long[] dirStamps = new long[listings.size() * STAMP_LONGS];
    int[] dirs = new int[listings.size() * 4];
    int[] children = new int[childCount * 3];
    int c = 0;
    for (int d = 0; d < listings.size(); d++) {
      Listing listing = listings.get(d);
      putStamp(dirStamps, d, listing.stamp(), listing.listedAt());
      byte[] prefix = listing.prefix().getBytes(StandardCharsets.UTF_8);
      dirs[4 * d] = strings.size();
      dirs[4 * d + 1] = prefix.length;
      strings.writeBytes(prefix);
      dirs[4 * d + 2] = c;
      dirs[4 * d + 3] = listing.names().length;
      for (String name : listing.names()) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        Integer file = fileIndex.get(listing.prefix() + name);
        if (file != null) {
          // a file's name is the end of its relpath: no second copy
          children[3 * c] = relpaths[2 * file] + relpaths[2 * file + 1] - bytes.length;
        } else {
          children[3 * c] = strings.size();
          strings.writeBytes(bytes);
        }
        children[3 * c + 1] = bytes.length;
        children[3 * c + 2] = file == null ? -1 : file;
        c++;
      }
    }
    byte[] key8 = key.getBytes(StandardCharsets.UTF_8);
    byte[] mode8 = mode.dvcName().getBytes(StandardCharsets.UTF_8);
    byte[] md58 = manifestMd5.getBytes(StandardCharsets.UTF_8);
    int total = MAGIC.length + 4 + 12 + key8.length + mode8.length + md58.length + 16
        + fileStamps.length * 8 + md5s.length + relpaths.length * 4 + dirStamps.length * 8
        + dirs.length * 4 + children.length * 4 + strings.size() + 8;
    ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).putInt(VERSION);
    out.putInt(mode8.length).put(mode8);
    out.putInt(key8.length).put(key8);
    out.putInt(md58.length).put(md58);
    out.putInt(files).putInt(listings.size()).putInt(childCount).putInt(strings.size());
    out.asLongBuffer().put(fileStamps);
    out.position(out.position() + fileStamps.length * 8);
    out.put(md5s);
    out.asIntBuffer().put(relpaths);
    out.position(out.position() + relpaths.length * 4);
    out.asLongBuffer().put(dirStamps);
    out.position(out.position() + dirStamps.length * 8);
    out.asIntBuffer().put(dirs);
    out.position(out.position() + dirs.length * 4);
    out.asIntBuffer().put(children);
    out.position(out.position() + children.length * 4);
    out.put(strings.toByteArray());
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putLong(crc.getValue());
    return out.array();
  }

  private static void putStamp(long[] into, int i, HashCache.Stamp stamp, long stampedAt) {
    int at = i * STAMP_LONGS;
    into[at] = stamp.dev();
    into[at + 1] = stamp.ino();
    into[at + 2] = stamp.size();
    into[at + 3] = stamp.mtimeNanos();
    into[at + 4] = stamp.ctimeNanos();
    into[at + 5] = stampedAt;
  }
}
