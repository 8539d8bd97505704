package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.progress.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReadAhead}: exact chunks whatever the stream's reads return, failures, and stopping. */
class ReadAheadTest {
  /** A stream over {@code bytes} that returns at most 7 bytes per read, as a pipe might. */
  static final class Trickle extends InputStream {
    final byte[] bytes;
    int position;
    final AtomicBoolean closed = new AtomicBoolean();
    int failAt = -1;

    Trickle(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException("ReadAhead reads blocks");
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (failAt >= 0 && position >= failAt) {
        throw new IOException("disk on fire at byte " + position);
      }
      if (position == bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(length, 7), bytes.length - position);
      System.arraycopy(bytes, position, into, offset, n);
      position += n;
      return n;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @Test
  void deliversFullChunksInOrderThenTheShortLastOne() throws IOException {
    byte[] data = random(10 * 100 + 33);
    Trickle in = new Trickle(data);
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    try (ReadAhead chunks = new ReadAhead(in, 100, 3)) {
      for (int i = 0; i < 10; i++) {
        ReadAhead.Chunk chunk = chunks.next();
        assertEquals(100, chunk.length(), "chunk " + i);
        seen.write(chunk.bytes(), 0, chunk.length());
        chunks.recycle(chunk);
      }
      ReadAhead.Chunk last = chunks.next();
      assertEquals(33, last.length());
      seen.write(last.bytes(), 0, last.length());
    }
    assertArrayEquals(data, seen.toByteArray());
    assertTrue(in.closed.get());
  }

  @Test
  void aStreamOfWholeChunksEndsWithAnEmptyOne() throws IOException {
    try (ReadAhead chunks = new ReadAhead(new Trickle(random(200)), 100, 2)) {
      chunks.recycle(chunks.next());
      chunks.recycle(chunks.next());
      assertEquals(0, chunks.next().length());
    }
  }

  @Test
  void aReadFailureIsThrownToTheCallerAfterTheChunksBeforeIt() throws IOException {
    Trickle in = new Trickle(random(1000));
    in.failAt = 250;
    try (ReadAhead chunks = new ReadAhead(in, 100, 3)) {
      chunks.recycle(chunks.next());
      chunks.recycle(chunks.next());
      IOException e = assertThrows(IOException.class, chunks::next);
      assertEquals("disk on fire at byte 256", e.getMessage());
    }
    assertTrue(in.closed.get());
  }

  @Test
  void closingEarlyStopsTheReaderAndClosesTheStream() throws IOException {
    Trickle in = new Trickle(random(100_000));
    ReadAhead chunks = new ReadAhead(in, 100, 3);
    ReadAhead.Chunk first = chunks.next();
    assertEquals(100, first.length());
    chunks.close(); // the reader waits for a free buffer that never comes back: it must still end
    assertTrue(in.closed.get());
    assertTrue(in.position <= 400, "read " + in.position + " bytes; 3 buffers hold at most 300 (+1 read)");
  }

  @Test
  void anInterruptedCallerGetsAnInterruptedIoExceptionAndKeepsItsFlag() throws IOException {
    // a stream that never delivers: the caller waits in next() until interrupted
    InputStream stuck =
        new InputStream() {
          @Override
          public int read() throws IOException {
            try {
              Thread.sleep(60_000);
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException("stopped");
            }
            return -1;
          }
        };
    ReadAhead chunks = new ReadAhead(stuck, 100, 2);
    Thread.currentThread().interrupt();
    assertThrows(java.io.InterruptedIOException.class, chunks::next);
    assertTrue(Thread.interrupted()); // (clears it again for the close and the next tests)
    chunks.close();
  }

  /** The file hash's read-ahead path over a real file: the same hash and progress as reading inline. */
  @Test
  void fileHashReadsAheadWithTheSameResult(@TempDir Path tmp) throws IOException {
    byte[] text = new byte[FileHash.CHUNK_SIZE * 2 + 5000];
    Arrays.fill(text, (byte) 'a');
    for (int i = 50; i < text.length; i += 80) {
      text[i] = '\r';
      text[i + 1] = '\n';
    }
    Path file = Files.write(tmp.resolve("big.txt"), text);
    for (HashMode mode : HashMode.values()) {
      Progress inline = new Progress();
      Progress ahead = new Progress();
      FileHash expected = FileHash.of(file, mode, inline, Long.MAX_VALUE);
      assertEquals(expected, FileHash.of(file, mode, ahead, 0));
      assertEquals(text.length, ahead.snapshot().done());
      assertEquals(inline.snapshot().done(), ahead.snapshot().done());
    }
  }
}
