package io.repro4j.runtime.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.tracking.RunIndexFile.Entry;
import io.repro4j.runtime.tracking.RunIndexFile.Kind;
import io.repro4j.runtime.tracking.RunIndexFile.Validator;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The index file's format: what goes in comes out, and no damaged file is ever believed. */
class RunIndexFileTest {
  private static final Path EXP = Path.of("/store/123");

  private static Entry entry(String id, Map<String, List<MetricPoint>> metrics, String name, Long end) {
    StoredRun run =
        new StoredRun(
            id, "123", name, RunStatus.FAILED, -5, end, null, "file:///store/123/" + id + "/artifacts",
            EXP.resolve(id), Map.of("lr", "0.01", "opt/name", "adam ünïcode ✓ \uD83D\uDE00"),
            Map.of("mlflow.runName", name == null ? "" : name, "note", ""), metrics);
    return new Entry(
        id,
        List.of(
            new Validator("", Kind.DIRECTORY, 1_790_000_000_123_456_789L, 4096, -17),
            new Validator("params/lr", Kind.FILE, Long.MIN_VALUE, 0, Integer.MAX_VALUE),
            Validator.missing("tags")),
        run);
  }

  private static Map<String, Entry> sample() {
    Map<String, List<MetricPoint>> metrics = new LinkedHashMap<>();
    metrics.put("acc", List.of(new MetricPoint(12, Double.NaN, -3)));
    metrics.put("neg/zero", List.of(new MetricPoint(Long.MAX_VALUE, -0.0, Long.MIN_VALUE)));
    metrics.put("inf", List.of(new MetricPoint(0, Double.NEGATIVE_INFINITY, 0)));
    metrics.put("empty", List.of()); // a metric file without a complete line
    Map<String, Entry> entries = new LinkedHashMap<>();
    entries.put("a1", entry("a1", metrics, "alpha", 7L));
    entries.put("b2", entry("b2", Map.of(), null, null));
    entries.put("c3", new Entry("c3", List.of(Validator.missing("meta.yaml")), null)); // not a run
    return entries;
  }

  @Test
  void whatIsWrittenIsReadBackExactly() {
    Map<String, Entry> in = sample();
    byte[] bytes = RunIndexFile.encode("123", List.copyOf(in.values()));
    Map<String, Entry> out = RunIndexFile.decode(bytes, "123", EXP);
    assertEquals(in, out);
    // NaN and -0.0 keep their bits
    assertEquals(
        Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(out.get("a1").run().metrics().get("neg/zero").get(0).value()));
  }

  @Test
  void everyFlippedByteAndEveryTruncationIsRejected() {
    byte[] good = RunIndexFile.encode("123", List.copyOf(sample().values()));
    for (int i = 0; i < good.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        assertEquals(Map.of(), RunIndexFile.decode(bad, "123", EXP), "flipped bit " + bit + " of byte " + i);
      }
    }
    for (int length = 0; length < good.length; length++) {
      assertEquals(Map.of(), RunIndexFile.decode(Arrays.copyOf(good, length), "123", EXP), "length " + length);
    }
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertEquals(Map.of(), RunIndexFile.decode(longer, "123", EXP));
    assertTrue(RunIndexFile.decode(good, "123", EXP).size() == 3);
  }

  @Test
  void anIndexOfAnotherExperimentIsIgnored() {
    byte[] bytes = RunIndexFile.encode("123", List.copyOf(sample().values()));
    assertEquals(Map.of(), RunIndexFile.decode(bytes, "124", EXP));
  }

  @Test
  void anIndexOfTheFormerFormatIsIgnoredEvenWhenItsChecksumIsRight() {
    byte[] bytes = RunIndexFile.encode("123", List.copyOf(sample().values()));
    ByteBuffer header = ByteBuffer.wrap(bytes);
    header.putInt(8, 2); // format 2: validators and sections not laid out as format 3 reads them
    CRC32C crc = new CRC32C();
    crc.update(bytes, 24, bytes.length - 24);
    header.putInt(20, (int) crc.getValue());
    assertEquals(Map.of(), RunIndexFile.decode(bytes, "123", EXP));
  }

  @Test
  void theMapsOfARunReadBackBehaveAsSortedUnmodifiableMapsBeforeAndAfterDecoding() {
    Map<String, Entry> in = sample();
    byte[] bytes = RunIndexFile.encode("123", List.copyOf(in.values()));
    StoredRun expected = in.get("a1").run();
    for (boolean decodeFirst : new boolean[] {false, true}) {
      StoredRun run = RunIndexFile.decode(bytes, "123", EXP).get("a1").run();
      if (decodeFirst) {
        assertEquals(expected.params().size(), run.params().entrySet().size());
      }
      // lookups, as a filter does them (before decoding: a scan of the section)
      assertEquals("0.01", run.params().get("lr"));
      assertEquals("adam ünïcode ✓ \uD83D\uDE00", run.params().get("opt/name"));
      assertNull(run.params().get("absent"));
      assertTrue(run.tags().containsKey("note"));
      assertEquals("", run.tags().get("note"));
      assertFalse(run.tags().containsKey("absent"));
      assertEquals(List.of(), run.metrics().get("empty"));
      assertTrue(run.metrics().containsKey("empty"));
      assertEquals(4, run.metrics().size());
      assertEquals(Double.NEGATIVE_INFINITY, run.latest("inf").value());
      // iteration: sorted by key, as StoredRun promises
      assertEquals(List.of("acc", "empty", "inf", "neg/zero"), List.copyOf(run.metrics().keySet()));
      assertEquals(expected, run);
      assertEquals(expected.hashCode(), run.hashCode());
      assertThrows(UnsupportedOperationException.class, () -> run.params().put("lr", "1"));
      assertThrows(UnsupportedOperationException.class, () -> run.tags().entrySet().clear());
      assertThrows(UnsupportedOperationException.class, () -> run.metrics().remove("acc"));
    }
  }

  @Test
  void validatorsAreReadOneByOneByTheirPathsTableIndex() {
    byte[] bytes = RunIndexFile.encode("123", List.copyOf(sample().values()));
    RunIndexFile.Validators v = (RunIndexFile.Validators) RunIndexFile.decode(bytes, "123", EXP).get("a1").validators();
    assertEquals(3, v.size());
    assertEquals(new Validator("params/lr", Kind.FILE, Long.MIN_VALUE, 0, Integer.MAX_VALUE), v.get(1));
    assertEquals(v.table().indexOf("params/lr"), v.pathIndex(1));
    assertEquals(v.table().indexOf("tags"), v.pathIndex(2));
    assertEquals(-1, v.table().indexOf("metrics/acc"));
    assertThrows(IndexOutOfBoundsException.class, () -> v.get(3));
  }
}
