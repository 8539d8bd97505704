package io.repro4j.runtime.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The line's text, when it is drawn and how it is erased, on a clock the test moves by hand. */
class ProgressLineTest {
  private static final long MIB = 1 << 20;
  private final AtomicLong now = new AtomicLong(5_000_000_000L); // any start: only differences count
  private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
  private final Progress progress = new Progress();

  private ProgressLine line() {
    return new ProgressLine("hashing", progress, ProgressLine.Unit.BYTES, "files",
        new PrintStream(terminal, true, StandardCharsets.UTF_8), now::get, ProgressLine.SHOW_AFTER_NANOS);
  }

  private void advanceClock(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  private String drawn() {
    return terminal.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rendersAmountTotalPercentRateEtaAndItems() {
    String text = ProgressLine.render("hashing data",
        new Progress.Snapshot(300 * MIB, 1024 * MIB, 1234, 10_000), ProgressLine.Unit.BYTES, "files", 100.0 * MIB);
    assertEquals("hashing data  300 MiB / 1.00 GiB  29%  100 MiB/s  ETA 0:07  1234/10000 files", text);
  }

  @Test
  void rendersUnknownTotalsAndStalledRatesWithoutGuessing() {
    assertEquals("steps  42  0/s",
        ProgressLine.render("steps", new Progress.Snapshot(42, 0, 0, 0), ProgressLine.Unit.COUNT, null, 0));
    assertEquals("hashing  0 B / 10.0 KiB  0%  0 B/s  ETA -:--",
        ProgressLine.render("hashing", new Progress.Snapshot(0, 10240, 0, 0), ProgressLine.Unit.BYTES, "files", 0));
    // Done (a total that grew late may be overtaken for a moment): no ETA, never over 100%.
    assertEquals("hashing  2.00 KiB / 1.00 KiB  100%  1.00 KiB/s  1/1 files",
        ProgressLine.render("hashing", new Progress.Snapshot(2048, 1024, 1, 1), ProgressLine.Unit.BYTES, "files", 1024));
  }

  @Test
  void amountsAndDurations() {
    assertEquals("1023 B", ProgressLine.amount(1023, ProgressLine.Unit.BYTES));
    assertEquals("1.50 KiB", ProgressLine.amount(1536, ProgressLine.Unit.BYTES));
    assertEquals("12.3 MiB", ProgressLine.amount(Math.round(12.3 * MIB), ProgressLine.Unit.BYTES));
    assertEquals("256 GiB", ProgressLine.amount(256L << 30, ProgressLine.Unit.BYTES));
    assertEquals("0:00", ProgressLine.duration(0));
    assertEquals("12:34", ProgressLine.duration(12 * 60 + 34));
    assertEquals("1:02:03", ProgressLine.duration(3723));
  }

  @Test
  void aQuickTaskDrawsNothing() {
    ProgressLine line = line();
    progress.expect(1, 100);
    advanceClock(999);
    progress.advance(100);
    line.tick();
    line.close();
    assertEquals("", drawn());
  }

  @Test
  void appearsAfterOneSecondRedrawsAtMostTenTimesASecondAndIsErased() {
    ProgressLine line = line();
    progress.expect(2, 400 * MIB);
    advanceClock(1000);
    progress.advance(100 * MIB);
    line.tick();
    String first = "hashing  100 MiB / 400 MiB  25%  100 MiB/s  ETA 0:03  0/2 files";
    assertEquals("\r" + first, drawn());

    // Ticks closer than 100 ms apart do not redraw, however much was done.
    advanceClock(99);
    progress.advance(100 * MIB);
    progress.itemDone();
    line.tick();
    assertEquals("\r" + first, drawn());

    advanceClock(1);
    line.tick();
    String second = "hashing  200 MiB / 400 MiB  50%  182 MiB/s  ETA 0:01  1/2 files";
    assertEquals("\r" + first + "\r" + second, drawn());

    line.close();
    assertEquals("\r" + first + "\r" + second + "\r" + " ".repeat(second.length()) + "\r", drawn());
    advanceClock(1000);
    line.tick(); // a late tick after close draws nothing
    assertTrue(drawn().endsWith(" \r"));
  }

  @Test
  void aShorterLineOverwritesTheRestOfALongerOne() {
    ProgressLine line = line();
    progress.expect(1, 10 * MIB);
    progress.advance(5 * MIB);
    advanceClock(1000);
    line.tick();
    String first = "hashing  5.00 MiB / 10.0 MiB  50%  5.00 MiB/s  ETA 0:01  0/1 files";
    progress.advance(5 * MIB);
    progress.itemDone();
    advanceClock(1000);
    line.tick();
    String second = "hashing  10.0 MiB / 10.0 MiB  100%  5.00 MiB/s  1/1 files";
    assertEquals("\r" + first + "\r" + second + " ".repeat(first.length() - second.length()), drawn());
    line.close();
  }

  @Test
  void theRateFollowsRecentPace() {
    ProgressLine line = line();
    progress.expect(0, 10_000 * MIB);
    for (int second = 1; second <= 10; second++) {
      advanceClock(1000);
      progress.advance(second <= 3 ? 100 * MIB : 10 * MIB); // fast at first, then slow
      line.tick();
    }
    String text = drawn().substring(drawn().lastIndexOf('\r') + 1);
    assertTrue(text.contains("  10.0 MiB/s  "), text); // the last 5 s, not the 33 MiB/s average
    line.close();
  }

  @Test
  void drawsOnlyOnAnInteractiveTerminalUnlessForced() {
    assertTrue(ProgressLine.enabled(null, true, "xterm-256color"));
    assertTrue(ProgressLine.enabled("auto", true, null));
    assertFalse(ProgressLine.enabled(null, false, "xterm"));
    assertFalse(ProgressLine.enabled(null, true, "dumb"));
    assertTrue(ProgressLine.enabled("always", false, "dumb"));
    assertTrue(ProgressLine.enabled(" Always ", false, null));
    assertFalse(ProgressLine.enabled("never", true, "xterm"));
    assertFalse(ProgressLine.enabled("sometimes", false, "xterm"));
  }

  @Test
  void aSilentLineNeverWritesAndItsTickerStops() throws Exception {
    // Not a terminal (surefire's stderr is a pipe): start() gives a line that draws nothing.
    System.clearProperty("repro4j.progress");
    ProgressLine line = ProgressLine.start("hashing", progress, ProgressLine.Unit.BYTES, "files");
    assertFalse(line.draws());
    line.tick();
    line.close();
    // Forced on, with its real daemon ticker: it starts and close() stops it.
    System.setProperty("repro4j.progress", "always");
    try {
      ProgressLine forced = ProgressLine.start("hashing", progress, ProgressLine.Unit.BYTES, "files");
      assertTrue(forced.draws());
      assertTrue(Thread.getAllStackTraces().keySet().stream()
          .anyMatch(t -> t.getName().equals("repro4j-progress") && t.isDaemon()));
      forced.close();
      // The one ticker thread of all lines ends about a second after the last line closed.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (Thread.getAllStackTraces().keySet().stream()
          .anyMatch(t -> t.getName().equals("repro4j-progress") && t.isAlive())
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertFalse(Thread.getAllStackTraces().keySet().stream()
          .anyMatch(t -> t.getName().equals("repro4j-progress") && t.isAlive()));
    } finally {
      System.clearProperty("repro4j.progress");
    }
  }
}
