package io.repro4j.runtime.tracking;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Every entry of the class path with its size and SHA-256, for {@code repro4j/classpath.json}: the
 * exact code a run used, as Tribuo's provenance records it. A jar's manifest {@code Class-Path} is
 * followed (launchers such as Maven Surefire and {@code java -jar} put the real class path there).
 * Hashes are computed at startup, before the run exists; a jar seen before with the same size and
 * modification time is not hashed again in this JVM.
 */
public final class ClasspathManifest {
  private ClasspathManifest() {}

  /**
   * One class path entry.
   *
   * @param path the absolute, normalised path
   * @param kind {@code jar} (any regular file), {@code directory} or {@code missing}
   * @param size the file size in bytes, null for a directory or a missing entry
   * @param sha256 lowercase hex, null for a directory (its classes change as you edit) or a missing
   *     entry
   */
  public record Entry(String path, String kind, Long size, String sha256) {}

  private record Stamp(long size, long modifiedMillis, String sha256) {}

  private static final Map<Path, Stamp> HASHED = new ConcurrentHashMap<>();

  /** The entries of the running JVM's class path ({@code java.class.path}). */
  public static List<Entry> ofThisJvm() throws IOException {
    return of(System.getProperty("java.class.path", ""), Path.of("").toAbsolutePath());
  }

  /**
   * The entries of {@code classPath} (separated by {@link File#pathSeparator}; relative entries
   * against {@code workDir}), each once, in class-loading order, manifest {@code Class-Path}
   * entries right after the jar that names them.
   */
  public static List<Entry> of(String classPath, Path workDir) throws IOException {
    Set<Path> seen = new LinkedHashSet<>();
    Deque<Path> pending = new ArrayDeque<>();
    for (String item : classPath.split(File.pathSeparator)) {
      if (!item.isBlank()) {
        pending.addLast(workDir.resolve(item).toAbsolutePath().normalize());
      }
    }
    List<Entry> entries = new ArrayList<>();
    while (!pending.isEmpty()) {
      Path path = pending.removeFirst();
      if (!seen.add(path)) {
        continue;
      }
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(path, BasicFileAttributes.class);
      } catch (IOException e) {
        entries.add(new Entry(path.toString(), "missing", null, null));
        continue;
      }
      if (attrs.isDirectory()) {
        entries.add(new Entry(path.toString(), "directory", null, null));
        continue;
      }
      entries.add(new Entry(path.toString(), "jar", attrs.size(), sha256(path, attrs)));
      List<Path> referenced = manifestClassPath(path);
      for (int i = referenced.size() - 1; i >= 0; i--) {
        pending.addFirst(referenced.get(i));
      }
    }
    return entries;
  }

  /** {@code entries} as the JSON array of {@code classpath.json}. */
  public static String toJson(List<Entry> entries) {
    List<Object> list = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", e.path());
      m.put("kind", e.kind());
      if (e.size() != null) {
        m.put("size", e.size());
        m.put("sha256", e.sha256());
      }
      list.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("classpath", list);
    return Provenance.toJson(root);
  }

  private static String sha256(Path file, BasicFileAttributes attrs) throws IOException {
    long modified = attrs.lastModifiedTime().toMillis();
    Stamp known = HASHED.get(file);
    if (known != null && known.size() == attrs.size() && known.modifiedMillis() == modified) {
      return known.sha256();
    }
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    String hex = HexFormat.of().formatHex(digest.digest());
    HASHED.put(file, new Stamp(attrs.size(), modified, hex));
    return hex;
  }

  /** The jars a jar's manifest adds ({@code Class-Path}: space-separated relative URLs). */
  private static List<Path> manifestClassPath(Path jar) {
    List<Path> paths = new ArrayList<>();
    if (!Files.isRegularFile(jar, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(jar)) {
      return paths;
    }
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Manifest manifest = file.getManifest();
      String value = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (value == null) {
        return paths;
      }
      URI base = jar.getParent().toUri();
      for (String url : value.trim().split("\\s+")) {
        if (url.isEmpty()) {
          continue;
        }
        try {
          URI resolved = base.resolve(url);
          if ("file".equals(resolved.getScheme())) {
            paths.add(Path.of(resolved).toAbsolutePath().normalize());
          }
        } catch (IllegalArgumentException ignored) {
          // not a file URL: the JVM ignores it too
        }
      }
    } catch (IOException | SecurityException notAJar) {
      // a regular file that is not a zip: recorded with its hash, nothing to follow
    }
    return paths;
  }
}
