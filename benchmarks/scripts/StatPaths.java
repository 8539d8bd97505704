import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One lstat per file of a tree (the hash cache's recheck, without the cache), four ways, in a
 * fresh JVM as `repro4j hash` runs: what reading the ctime costs (issue 5, BENCHMARKS.md).
 *
 * <pre>
 * /usr/bin/time -f "%e s wall %U s user %S s sys" java --add-opens java.base/sun.nio.fs=ALL-UNNAMED \
 *     benchmarks/scripts/StatPaths.java /tmp/bench-tree-100k WAY [ROUNDS]
 * </pre>
 * WAY: unix-map (Files.readAttributes(p, "unix:mode,dev,ino,size,lastModifiedTime,ctime"), what
 * HashCache did), posix (PosixFileAttributes: no ctime, so not enough; the floor), posix+ctime
 * (PosixFileAttributes plus Files.getAttribute(p, "unix:ctime"): two lstats), fields (PosixFileAttributes
 * and the JDK object's st_ctime fields through method handles, what UnixStat does). Prints the
 * stats' own thread CPU per round; the process's CPU (GNU time) adds the JIT's threads.
 */
public class StatPaths {
  public static void main(String[] args) throws Throwable {
    Path root = Path.of(args[0]);
    String way = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        if (Files.isDirectory(dir)) {
          try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(files::add);
          }
        }
      }
    }
    MethodHandle ctimeSec = null;
    MethodHandle ctimeNsec = null;
    if (way.equals("fields")) {
      Class<?> type = Class.forName("sun.nio.fs.UnixFileAttributes");
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      ctimeSec = lookup.findGetter(type, "st_ctime_sec", long.class).asType(MethodType.methodType(long.class, Object.class));
      ctimeNsec = lookup.findGetter(type, "st_ctime_nsec", long.class).asType(MethodType.methodType(long.class, Object.class));
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    LinkOption[] noFollow = {LinkOption.NOFOLLOW_LINKS};
    for (int round = 0; round < rounds; round++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      long sink = 0;
      for (Path p : files) {
        switch (way) {
          case "unix-map" -> {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,dev,ino,size,lastModifiedTime,ctime", noFollow);
            sink += (Long) a.get("ino") + (Integer) a.get("mode")
                + ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS);
          }
          case "posix" -> {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, noFollow);
            sink += a.size() + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + a.fileKey().hashCode();
          }
          case "posix+ctime" -> {
            BasicFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, noFollow);
            sink += a.size() + a.fileKey().hashCode()
                + ((FileTime) Files.getAttribute(p, "unix:ctime", noFollow)).to(TimeUnit.NANOSECONDS);
          }
          case "fields" -> {
            Object a = Files.readAttributes(p, PosixFileAttributes.class, noFollow);
            sink += (long) ctimeSec.invokeExact(a) * 1_000_000_000L + (long) ctimeNsec.invokeExact(a);
          }
          default -> throw new IllegalArgumentException("WAY: unix-map, posix, posix+ctime or fields");
        }
      }
      System.out.printf("%s round %d: %d files, %d ms wall, %d ms CPU of this thread (%d)%n", way, round,
          files.size(), (System.nanoTime() - wall) / 1_000_000, (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000,
          sink & 1);
    }
  }
}
