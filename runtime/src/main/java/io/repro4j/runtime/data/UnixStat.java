package io.repro4j.runtime.data;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * One {@code lstat}'s mode, device, inode, size, mtime and ctime read straight from the JDK's
 * own attribute object, without the {@code unix:} attribute view's map.
 *
 * <p>Why: the ctime is only public through {@code Files.readAttributes(path, "unix:...")}, which
 * per call splits the attribute list, fills a set and a map and boxes every value; for a
 * 100,000-file recheck in a fresh JVM that costs about 1.4 s more CPU than the same stats through
 * {@link PosixFileAttributes} (most of it the JIT compiling that machinery; BENCHMARKS.md). The
 * JDK's {@code sun.nio.fs.UnixFileAttributes} holds the whole {@code struct stat}, so its fields
 * are read here through method handles made once. That needs the package opened to this code:
 * {@code repro4j.jar}'s manifest does it ({@code Add-Opens: java.base/sun.nio.fs}), as does
 * {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED}. Where it is not open, or the JDK's class
 * differs, {@link #AVAILABLE} is false and {@link HashCache} uses the {@code unix:} view: the
 * same values, only slower.
 */
final class UnixStat {
  /** Whether the fields can be read (else use the {@code unix:} view). */
  static final boolean AVAILABLE;

  private static final Class<?> ATTRIBUTES;
  // the field getters, (Object) -> int or long
  private static final MethodHandle MODE;
  private static final MethodHandle INO;
  private static final MethodHandle DEV;
  private static final MethodHandle SIZE;
  private static final MethodHandle MTIME_SEC;
  private static final MethodHandle MTIME_NSEC;
  private static final MethodHandle CTIME_SEC;
  private static final MethodHandle CTIME_NSEC;

  static {
    Class<?> type = null;
    MethodHandle[] getters = new MethodHandle[8];
    boolean available = false;
    try {
      type = Class.forName("sun.nio.fs.UnixFileAttributes");
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      String[] names = {"st_mode", "st_ino", "st_dev", "st_size", "st_mtime_sec", "st_mtime_nsec",
          "st_ctime_sec", "st_ctime_nsec"};
      for (int i = 0; i < names.length; i++) {
        Class<?> fieldType = i == 0 ? int.class : long.class;
        getters[i] = lookup.findGetter(type, names[i], fieldType)
            .asType(MethodType.methodType(fieldType, Object.class));
      }
      available = true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // not opened to us (a library use without --add-opens), or another JDK's layout: the unix: view
      java.util.Arrays.fill(getters, null);
    }
    AVAILABLE = available;
    ATTRIBUTES = type;
    MODE = getters[0];
    INO = getters[1];
    DEV = getters[2];
    SIZE = getters[3];
    MTIME_SEC = getters[4];
    MTIME_NSEC = getters[5];
    CTIME_SEC = getters[6];
    CTIME_NSEC = getters[7];
  }

  private UnixStat() {}

  /**
   * Stats {@code path}; null when the file system is not the JDK's default one (its attributes
   * are another class), in which case the caller uses the {@code unix:} view. Only called when
   * {@link #AVAILABLE}.
   */
  static HashCache.Stat stat(Path path, LinkOption... options) throws IOException {
    PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, options);
    if (a.getClass() != ATTRIBUTES) {
      return null;
    }
    Fields fields = new Fields();
    fields.read(a);
    return fields.stat();
  }

  /**
   * The fields of one JDK attribute object ({@code sun.nio.fs.UnixFileAttributes}), read without
   * allocating: {@link UnixStatAt.Probe} reuses one for every entry of a walk.
   */
  static class Fields {
    int mode;
    long dev;
    long ino;
    long size;
    long mtimeNanos;
    long ctimeNanos;

    /** Reads {@code attributes}' fields into this. Only called when {@link #AVAILABLE}. */
    final void read(Object attributes) {
      try {
        mode = (int) MODE.invokeExact(attributes);
        dev = (long) DEV.invokeExact(attributes);
        ino = (long) INO.invokeExact(attributes);
        size = (long) SIZE.invokeExact(attributes);
        // as FileTime.to(NANOSECONDS) of the JDK's own FileTime for these fields
        mtimeNanos = (long) MTIME_SEC.invokeExact(attributes) * 1_000_000_000L
            + (long) MTIME_NSEC.invokeExact(attributes);
        ctimeNanos = (long) CTIME_SEC.invokeExact(attributes) * 1_000_000_000L
            + (long) CTIME_NSEC.invokeExact(attributes);
      } catch (Throwable e) {
        // field getters do not throw
        throw new IllegalStateException("reading the JDK's stat fields failed", e);
      }
    }

    /** The kind and stamp as {@link HashCache#stat} gives them. */
    final HashCache.Stat stat() {
      return new HashCache.Stat(HashCache.kindOf(mode),
          new HashCache.Stamp(dev, ino, size, mtimeNanos, ctimeNanos));
    }
  }
}
