package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.progress.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files hashed many at once, one per MD5 lane, on real files: every hash must be the one {@link
 * FileHash#of(Path, HashMode)} and MessageDigest give, whatever the lane count and wherever files
 * end in a chunk or a block.
 */
class MultiBufferMd5Test {
  @TempDir Path dir;
  private final List<Path> files = new ArrayList<>();
  private final List<byte[]> contents = new ArrayList<>();

  /** Sizes at every edge of a 64-byte block, a 55/56-byte tail and a lane's chunk. */
  private static final int[] EDGES = {
    0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 64 * 3,
    MultiBufferMd5.LANE_CHUNK - 1, MultiBufferMd5.LANE_CHUNK, MultiBufferMd5.LANE_CHUNK + 1,
    MultiBufferMd5.LANE_CHUNK + 56, 2 * MultiBufferMd5.LANE_CHUNK, 5 << 20,
  };

  @BeforeEach
  void makeFiles() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    for (int size : EDGES) {
      add("edge-" + size, size, random);
    }
    // More files than one thread's lanes, of sizes that end at all different times.
    for (int i = 0; i < 300; i++) {
      add("random-" + i, random.nextInt(i % 10 == 0 ? 300_000 : 5_000), random);
    }
  }

  private void add(String name, int size, SplittableRandom random) throws IOException {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    files.add(file);
    contents.add(bytes);
  }

  private long[] sizes() throws IOException {
    long[] sizes = new long[files.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = Files.size(files.get(i));
    }
    return sizes;
  }

  private static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }

  @Test
  void manyThreadsShareTheLaneBudgetAndStillGiveMessageDigestsHashes() throws Exception {
    assertEquals(MultiBufferMd5.LANES, MultiBufferMd5.lanesPerThread(MultiBufferMd5.LANES, 2));
    assertEquals(MultiBufferMd5.LANES, MultiBufferMd5.lanesPerThread(MultiBufferMd5.LANES, 4));
    assertEquals(8, MultiBufferMd5.lanesPerThread(MultiBufferMd5.LANES, 64), "512 open files in all, not 8,192");
    assertEquals(1, MultiBufferMd5.lanesPerThread(MultiBufferMd5.LANES, 4096));
    long[] sizes = sizes();
    try (HashBatch batch = new HashBatch(64, new Progress())) {
      List<FileHash> hashes = MultiBufferMd5.hashAll(files, sizes, batch);
      for (int i = 0; i < files.size(); i++) {
        assertEquals(md5(contents.get(i)), hashes.get(i).md5(), files.get(i).getFileName() + " on 64 threads");
      }
    }
  }

  @Test
  void everyLaneCountGivesMessageDigestsHashesAndTheSizes() throws Exception {
    long[] sizes = sizes();
    for (int threads : new int[] {1, 2}) {
      for (int lanes : new int[] {1, 3, 128}) {
        Progress progress = new Progress();
        try (HashBatch batch = new HashBatch(threads, progress)) {
          List<FileHash> hashes = MultiBufferMd5.hashAll(files, sizes, batch, lanes, false);
          for (int i = 0; i < files.size(); i++) {
            String where = files.get(i).getFileName() + " with " + lanes + " lanes on " + threads + " threads";
            assertEquals(new FileHash(md5(contents.get(i)), contents.get(i).length), hashes.get(i), where);
          }
        }
        long bytes = 0;
        for (byte[] content : contents) {
          bytes += content.length;
        }
        Progress.Snapshot done = progress.snapshot();
        assertEquals(bytes, done.done(), "bytes counted as read");
        assertEquals(files.size(), done.itemsDone(), "files counted as done");
      }
    }
  }

  @Test
  void aDirectoryHashesAsFileByFile() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("link-to-edge-120"), dir.resolve("edge-120"));
    Files.createDirectories(dir.resolve("sub"));
    Files.write(dir.resolve("sub/inner"), new byte[] {1, 2, 3});
    List<DvcManifest.Entry> expected = new ArrayList<>();
    long size = 0;
    try (var stream = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) stream::iterator) {
        if (!Files.isDirectory(file)) {
          FileHash hash = FileHash.of(file, HashMode.MD5);
          expected.add(new DvcManifest.Entry(dir.relativize(file).toString(), hash.md5()));
          size += hash.size();
        }
      }
    }
    assertEquals(FileHash.of(dir.resolve("edge-120"), HashMode.MD5), FileHash.of(link, HashMode.MD5));
    for (int threads : new int[] {1, 2, 3}) {
      DirectoryHash hash = DirectoryHash.of(dir, HashMode.MD5, threads);
      assertEquals(new DvcManifest(expected).entries(), hash.manifest().entries(), threads + " threads");
      assertEquals(size, hash.size());
    }
  }

  @Test
  void aFileThatCannotBeReadFailsAsFileHashFails() throws Exception {
    Path missing = dir.resolve("gone");
    Path directory = Files.createDirectory(dir.resolve("a-directory"));
    Path fifo = dir.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor(), "mkfifo");
    for (Path bad : List.of(missing, directory, fifo)) {
      IOException expected = assertThrows(IOException.class, () -> FileHash.of(bad, HashMode.MD5));
      List<Path> withBad = new ArrayList<>(files);
      withBad.add(7, bad);
      long[] sizes = new long[withBad.size()];
      try (HashBatch batch = new HashBatch(2, null)) {
        IOException actual = assertThrows(IOException.class,
            () -> MultiBufferMd5.hashAll(withBad, sizes, batch, 16, false));
        assertEquals(expected.getClass(), actual.getClass(), bad.toString());
        assertEquals(expected.getMessage(), actual.getMessage());
      }
    }
  }

  @Test
  void theFirstFailureInTheFilesOrderIsTheOneReported() throws Exception {
    List<Path> withBad = new ArrayList<>(files);
    withBad.add(200, dir.resolve("second-missing"));
    withBad.add(3, dir.resolve("first-missing"));
    long[] sizes = new long[withBad.size()];
    for (int threads : new int[] {1, 2}) {
      try (HashBatch batch = new HashBatch(threads, null)) {
        IOException failure = assertThrows(IOException.class,
            () -> MultiBufferMd5.hashAll(withBad, sizes, batch, 8, false));
        assertTrue(failure.getMessage().contains("first-missing"), failure.getMessage());
      }
    }
  }

  @Test
  void aFileWithoutReadPermissionHasTheSameOutcomeAsFileHash() throws Exception {
    Path locked = dir.resolve("edge-65");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    // As root the file is still readable; either way both paths must agree.
    String expected;
    try {
      expected = FileHash.of(locked, HashMode.MD5).toString();
    } catch (IOException e) {
      expected = e.getClass().getName() + ": " + e.getMessage();
    }
    String actual;
    try (HashBatch batch = new HashBatch(2, null)) {
      actual = MultiBufferMd5.hashAll(files, sizes(), batch, 4, false).get(files.indexOf(locked)).toString();
    } catch (IOException e) {
      actual = e.getClass().getName() + ": " + e.getMessage();
    }
    assertEquals(expected, actual);
  }

  @Test
  void largeFilesAmongFewBytesKeepTheOneFilePathAndTheSameHashes() throws Exception {
    try (HashBatch batch = new HashBatch(2, null)) {
      List<FileHash> hashes = MultiBufferMd5.hashAll(files, sizes(), batch);
      for (int i = 0; i < files.size(); i++) {
        assertEquals(new FileHash(md5(contents.get(i)), contents.get(i).length), hashes.get(i));
      }
    }
  }
}
