package io.repro4j.cli.ui;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the raw (still percent-encoded) path of an artifact URL into a file inside the run's
 * {@code artifacts} directory, or refuses. Browsers normalise {@code ..} away, other clients do not,
 * so the checks are made here on what arrives: each segment is decoded once and must be a plain
 * name (not empty, {@code .} or {@code ..}, no slash, backslash or NUL); no component may be a
 * symbolic link; and the real path must still lie under the real artifacts directory.
 */
final class ArtifactPaths {
  /** Why a path was refused; the message is safe to show. */
  static final class Refused extends Exception {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private ArtifactPaths() {}

  /** The segments of {@code rawPath} ("a/b%20c.txt"), each decoded once. */
  static List<String> segments(String rawPath) throws Refused {
    if (rawPath.isEmpty()) {
      throw new Refused(400, "empty artifact path");
    }
    List<String> out = new ArrayList<>();
    for (String raw : rawPath.split("/", -1)) {
      String s = decode(raw);
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        throw new Refused(400, "artifact paths may not contain empty, '.' or '..' segments");
      }
      if (s.indexOf('/') >= 0 || s.indexOf('\\') >= 0 || s.indexOf('\0') >= 0 || s.indexOf(':') >= 0) {
        throw new Refused(400, "artifact path segments may not contain '/', '\\', ':' or NUL");
      }
      out.add(s);
    }
    return out;
  }

  /** The regular file {@code rawPath} names under {@code artifactsDir}. */
  static Path resolve(Path artifactsDir, String rawPath) throws Refused, IOException {
    List<String> segments = segments(rawPath);
    if (!Files.isDirectory(artifactsDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused(404, "the run has no artifacts");
    }
    Path p = artifactsDir;
    for (String s : segments) {
      p = p.resolve(s);
      if (!p.normalize().startsWith(artifactsDir.normalize()) || !p.getParent().equals(p.normalize().getParent())) {
        throw new Refused(400, "artifact path leaves the run's artifacts");
      }
      if (Files.isSymbolicLink(p)) {
        throw new Refused(403, "artifact paths may not go through symbolic links");
      }
    }
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused(404, "no such artifact");
    }
    if (!p.toRealPath().startsWith(artifactsDir.toRealPath())) {
      throw new Refused(403, "artifact path leaves the run's artifacts");
    }
    return p;
  }

  /** Percent-decoding of one path segment ('+' stays '+'); malformed escapes or UTF-8 are refused. */
  static String decode(String raw) throws Refused {
    ByteBuffer bytes = ByteBuffer.allocate(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new Refused(400, "malformed percent escape in the path");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new Refused(400, "malformed percent escape in the path");
        }
        bytes.put((byte) (hi * 16 + lo));
        i += 2;
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else {
        throw new Refused(400, "unescaped non-ASCII character in the path");
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new Refused(400, "the path is not UTF-8");
    }
  }
}
