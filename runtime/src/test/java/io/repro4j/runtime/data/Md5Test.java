package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Md5Test {
  @TempDir Path dir;

  @Test
  void knownDigests() throws IOException {
    Path empty = Files.write(dir.resolve("empty"), new byte[0]);
    assertEquals("d41d8cd98f00b204e9800998ecf8427e", Md5.ofFile(empty));
    // "foo\n" as in DVC's own test_add.py (acbd18db... is md5 of "foo")
    Path foo = Files.write(dir.resolve("foo"), "foo".getBytes(StandardCharsets.UTF_8));
    assertEquals("acbd18db4cc2f85cedef654fccc4a4d8", Md5.ofFile(foo));
    // CRLF is hashed as is (DVC 3.x md5, not 2.x md5-dos2unix)
    Path crlf = Files.write(dir.resolve("crlf"), "a\r\nb\r\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(Md5.ofBytes("a\r\nb\r\n".getBytes(StandardCharsets.UTF_8)), Md5.ofFile(crlf));
  }

  @Test
  void streamsLargeFilesAcrossBufferBoundaries() throws Exception {
    byte[] data = new byte[3 * 64 * 1024 + 17];
    new Random(5).nextBytes(data);
    Path big = Files.write(dir.resolve("big.bin"), data);
    String ours = Md5.ofFile(big);
    assertEquals(Md5.ofBytes(data), ours);
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/md5sum")), "md5sum not installed");
    Process p = new ProcessBuilder("/usr/bin/md5sum", big.toString()).start();
    assertEquals(true, p.waitFor(10, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(out.substring(0, 32), ours);
  }

  @Test
  void errors() {
    assertThrows(NoSuchFileException.class, () -> Md5.ofFile(dir.resolve("missing")));
    IOException e = assertThrows(IOException.class, () -> Md5.ofFile(dir));
    assertEquals(true, e.getMessage().contains("is a directory"));
  }
}
