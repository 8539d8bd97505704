package io.repro4j.runtime.data;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The walk's per-entry {@code lstat} as one {@code fstatat(dirfd, name, AT_SYMLINK_NOFOLLOW)}:
 * relative to one open descriptor of the directory, the name given as its bytes, the result read
 * into one reused attribute object. Per unchanged file that spares a {@code String}, a
 * {@code Path} (encoding and normalising it), the attribute view's provider chain, a new
 * attribute object and the kernel's lookup of every directory above it.
 *
 * <p>The JDK has no public {@code fstatat}; its {@code sun.nio.fs.UnixNativeDispatcher} has
 * (package-private), so it is called through method handles made once, as {@link UnixStat} reads
 * the fields. Where that is not possible ({@link UnixStat} unavailable, another JDK's layout, a
 * file system other than the default one, or file names not encoded as UTF-8, the encoding the
 * hash cache keeps them in) {@link #usable} is false and every entry is stat-ed by path as before.
 * {@code -Drepro4j.statAt=false} turns it off.
 */
final class UnixStatAt {
  /** The system property that turns stats by descriptor off ({@code false}). */
  static final String PROPERTY = "repro4j.statAt";

  /** Whether the JDK's internals are there (see {@link #usable} for one walk). */
  static final boolean AVAILABLE;

  /** Package-private switch: false makes every walk stat by path (tests run both ways). */
  static volatile boolean enabled = !"false".equals(System.getProperty(PROPERTY));

  /** Directories opened for stats by name so far (tests check that the fast path ran). */
  static final AtomicLong directoriesOpened = new AtomicLong();

  private static final Class<?> UNIX_EXCEPTION;
  private static final MethodHandle NEW_ATTRIBUTES; // () Object
  private static final MethodHandle OPEN; // (Object unixPath, int flags, int mode) int
  private static final MethodHandle CLOSE; // (int fd) void
  private static final MethodHandle FSTAT; // (int fd, Object attributes) void
  private static final MethodHandle FSTATAT; // (int dirFd, byte[] name, int flags, Object attributes) void
  private static final MethodHandle ERRNO; // (Object unixException) int
  private static final int OPEN_FLAGS;
  private static final int AT_SYMLINK_NOFOLLOW;
  private static final int ENOENT;

  static {
    Class<?> exception = null;
    MethodHandle[] handles = new MethodHandle[6];
    int[] constants = new int[3];
    boolean available = false;
    try {
      if (UnixStat.AVAILABLE && "UTF-8".equals(System.getProperty("sun.jnu.encoding"))) {
        Class<?> attributes = Class.forName("sun.nio.fs.UnixFileAttributes");
        Class<?> dispatcher = Class.forName("sun.nio.fs.UnixNativeDispatcher");
        Class<?> path = Class.forName("sun.nio.fs.UnixPath");
        Class<?> unixConstants = Class.forName("sun.nio.fs.UnixConstants");
        exception = Class.forName("sun.nio.fs.UnixException");
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(dispatcher, MethodHandles.lookup());
        MethodHandle openatSupported = lookup.findStatic(dispatcher, "openatSupported",
            MethodType.methodType(boolean.class));
        if ((boolean) openatSupported.invokeExact()) {
          handles[0] = MethodHandles.privateLookupIn(attributes, MethodHandles.lookup()) // private
              .findConstructor(attributes, MethodType.methodType(void.class))
              .asType(MethodType.methodType(Object.class));
          handles[1] = lookup.findStatic(dispatcher, "open", MethodType.methodType(int.class, path, int.class, int.class))
              .asType(MethodType.methodType(int.class, Object.class, int.class, int.class));
          handles[2] = lookup.findStatic(dispatcher, "close", MethodType.methodType(void.class, int.class));
          handles[3] = lookup.findStatic(dispatcher, "fstat", MethodType.methodType(void.class, int.class, attributes))
              .asType(MethodType.methodType(void.class, int.class, Object.class));
          handles[4] = lookup.findStatic(dispatcher, "fstatat",
                  MethodType.methodType(void.class, int.class, byte[].class, int.class, attributes))
              .asType(MethodType.methodType(void.class, int.class, byte[].class, int.class, Object.class));
          handles[5] = lookup.findVirtual(exception, "errno", MethodType.methodType(int.class))
              .asType(MethodType.methodType(int.class, Object.class));
          // the platform's values, as the JDK was built with them (they differ between architectures)
          int nonBlocking = nonBlockingFlag();
          constants[0] = constant(lookup, unixConstants, "O_RDONLY") | constant(lookup, unixConstants, "O_NOFOLLOW")
              | nonBlocking;
          constants[1] = constant(lookup, unixConstants, "AT_SYMLINK_NOFOLLOW");
          constants[2] = constant(lookup, unixConstants, "ENOENT");
          available = nonBlocking != 0;
        }
      }
    } catch (Throwable e) {
      // not opened to us, or another JDK's layout: stats by path
      java.util.Arrays.fill(handles, null);
      available = false;
    }
    AVAILABLE = available;
    UNIX_EXCEPTION = exception;
    NEW_ATTRIBUTES = handles[0];
    OPEN = handles[1];
    CLOSE = handles[2];
    FSTAT = handles[3];
    FSTATAT = handles[4];
    ERRNO = handles[5];
    OPEN_FLAGS = constants[0];
    AT_SYMLINK_NOFOLLOW = constants[1];
    ENOENT = constants[2];
  }

  /**
   * {@code O_NONBLOCK}, which the JDK does not export, where its value is known (0 elsewhere: stats
   * by path). Without it, a FIFO put in a directory's place between the listing and the open would
   * block the walk, as opening a FIFO for reading waits for a writer.
   */
  private static int nonBlockingFlag() {
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "");
    if (os.equals("Linux") && Set.of("amd64", "x86_64", "aarch64", "arm", "riscv64", "ppc64le", "ppc64", "s390x")
        .contains(arch)) {
      return 04000; // asm-generic, and these architectures' own headers
    }
    if (os.equals("Mac OS X")) {
      return 0x0004;
    }
    return 0;
  }

  private static int constant(MethodHandles.Lookup lookup, Class<?> constants, String name) throws Throwable {
    return (int) lookup.findStaticGetter(constants, name, int.class).invokeExact();
  }

  private UnixStatAt() {}

  /** Whether a walk of {@code root} can stat its entries by descriptor. */
  static boolean usable(Path root) {
    return AVAILABLE && enabled && root.getFileSystem() == FileSystems.getDefault();
  }

  /**
   * Opens {@code dir} (not following a symbolic link) for stats by name; -1 when it cannot be
   * opened, is no longer a directory, or is not the directory {@code stamped} (null: not
   * known), in which case the caller stats by path and reports what is wrong as before.
   *
   * <p>Opened read-only and non-blocking without {@code O_DIRECTORY}, which the JDK does not
   * export: the walk has just seen a directory there, and the {@code fstat} below checks that this
   * is still it (a FIFO put in its place opens at once, and is refused there).
   */
  static int openDirectory(Path dir, HashCache.Stamp stamped) {
    int fd;
    try {
      fd = (int) OPEN.invokeExact((Object) dir, OPEN_FLAGS, 0);
    } catch (Throwable e) {
      rethrowUnexpected(e);
      return -1;
    }
    Probe probe = new Probe();
    boolean same;
    try {
      FSTAT.invokeExact(fd, probe.attributes);
      probe.read(probe.attributes);
      same = HashCache.kindOf(probe.mode) == HashCache.Kind.DIRECTORY
          && (stamped == null || (probe.dev == stamped.dev() && probe.ino == stamped.ino()));
    } catch (Throwable e) {
      close(fd); // before anything unexpected is thrown on
      rethrowUnexpected(e);
      return -1;
    }
    if (!same) {
      close(fd);
      return -1;
    }
    directoriesOpened.incrementAndGet();
    return fd;
  }

  /** Closes a descriptor {@link #openDirectory} returned. */
  static void close(int fd) {
    try {
      CLOSE.invokeExact(fd);
    } catch (Throwable e) {
      rethrowUnexpected(e);
    }
  }

  private static void rethrowUnexpected(Throwable e) {
    if (!UNIX_EXCEPTION.isInstance(e)) {
      if (e instanceof RuntimeException r) {
        throw r;
      }
      if (e instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("the JDK's native file call failed", e);
    }
  }

  /**
   * One thread's reused attribute object and the fields of its last {@link #lstat}: nothing is
   * allocated for an entry the cache vouches for.
   */
  static final class Probe extends UnixStat.Fields {
    private final Object attributes;

    Probe() {
      try {
        attributes = NEW_ATTRIBUTES.invokeExact();
      } catch (Throwable e) {
        throw new IllegalStateException("creating the JDK's attribute object failed", e);
      }
    }

    /**
     * {@code lstat} of {@code name} in directory {@code dirFd}: 0 with the fields set, else the
     * error number ({@link #notFound} when it is gone).
     */
    int lstat(int dirFd, byte[] name) {
      try {
        FSTATAT.invokeExact(dirFd, name, AT_SYMLINK_NOFOLLOW, attributes);
      } catch (Throwable e) {
        rethrowUnexpected(e);
        try {
          return (int) ERRNO.invokeExact((Object) e);
        } catch (Throwable cannot) {
          throw new IllegalStateException("reading the JDK's error number failed", cannot);
        }
      }
      read(attributes);
      return 0;
    }

    /** Whether {@code errno} says there is no such entry. */
    static boolean notFound(int errno) {
      return errno == ENOENT;
    }

    /** Whether the last entry is a regular file. */
    boolean isRegularFile() {
      return HashCache.kindOf(mode) == HashCache.Kind.FILE;
    }

  }
}
