package io.repro4j.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream in chunks of exactly {@code chunkSize} bytes (the last one shorter) on its own
 * thread, a few chunks ahead of the caller, so that the read system calls and copies of a large
 * file run on another core while the caller's thread digests. The caller takes each chunk with
 * {@link #next}, is done with it before {@link #recycle}, and closes this to stop the reader and
 * close the stream.
 */
final class ReadAhead implements AutoCloseable {
  /** A filled buffer: {@code length} bytes, fewer than its size only at the end of the stream. */
  record Chunk(byte[] bytes, int length) {}

  /** What the reader hands over after a failure, in place of a chunk. */
  private record Failure(IOException error) {}

  private final InputStream in;
  private final BlockingQueue<byte[]> free;
  // Room for every buffer plus a failure, so that the reader never blocks on handing over.
  private final BlockingQueue<Object> filled;
  private final Thread reader;

  /**
   * Starts reading {@code in} (which this now owns) into {@code buffers} buffers of {@code
   * chunkSize} bytes: three keep both threads busy when one is briefly slower.
   */
  ReadAhead(InputStream in, int chunkSize, int buffers) {
    this.in = in;
    this.free = new ArrayBlockingQueue<>(buffers);
    this.filled = new ArrayBlockingQueue<>(buffers + 1);
    for (int i = 0; i < buffers; i++) {
      free.add(new byte[chunkSize]);
    }
    this.reader = new Thread(() -> read(chunkSize), "repro4j-read-ahead");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(int chunkSize) {
    try {
      while (true) {
        byte[] buffer = free.take();
        int n = in.readNBytes(buffer, 0, chunkSize);
        filled.add(new Chunk(buffer, n));
        if (n < chunkSize) {
          return;
        }
      }
    } catch (IOException e) {
      filled.add(new Failure(e));
    } catch (InterruptedException e) {
      // closed by the caller: nothing more is wanted
    }
  }

  /**
   * The next chunk, waiting for the reader if needed. After a chunk shorter than the chunk size
   * there is none.
   *
   * @throws IOException what reading the stream threw
   */
  Chunk next() throws IOException {
    Object next;
    try {
      next = filled.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    }
    if (next instanceof Failure failure) {
      throw failure.error();
    }
    return (Chunk) next;
  }

  /** Gives {@code chunk}'s buffer back to the reader. */
  void recycle(Chunk chunk) {
    free.add(chunk.bytes());
  }

  /** Stops the reader, waits for it, and closes the stream. */
  @Override
  public void close() throws IOException {
    reader.interrupt();
    boolean interrupted = false;
    while (true) {
      try {
        reader.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the reader ends promptly once interrupted; wait for it all the same
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    in.close();
  }
}
