package io.repro4j.runtime.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sweep line's text, and trial lines printed above a drawn line, on a hand-moved clock. */
class SweepProgressTest {
  private final AtomicLong now = new AtomicLong(3_000_000_000L);

  @Test
  void rendersTrialsFailuresAndAnEtaFromTheMeanTimePerTrial() {
    SweepProgress sweep = new SweepProgress(12, now::get);
    assertEquals("sweep  trials 0/12  0%  ETA -:--", sweep.render(sweep.done(), 0));
    sweep.ended(true);
    sweep.ended(false);
    sweep.ended(true);
    now.addAndGet(TimeUnit.SECONDS.toNanos(30)); // 10 s a trial, 9 to go
    assertEquals("sweep  trials 3/12  25%  1 failed  ETA 1:30", sweep.render(sweep.done(), 0));
    for (int i = 0; i < 9; i++) {
      sweep.ended(true);
    }
    assertEquals("sweep  trials 12/12  100%  1 failed", sweep.render(sweep.done(), 0));
  }

  @Test
  void aTrialLineIsPrintedOnACleanLineAndTheSweepLineRedrawnBelowIt() {
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(terminal, true, StandardCharsets.UTF_8);
    SweepProgress sweep = new SweepProgress(2, now::get);
    ProgressLine line = new ProgressLine(sweep, stream, now::get, 0, 0);
    line.tick();
    String first = "sweep  trials 0/2  0%  ETA -:--";
    sweep.ended(true);
    line.printAbove(stream, "repro4j: trial #0 FINISHED : lr=0.1");
    now.addAndGet(TimeUnit.SECONDS.toNanos(4));
    line.tick(); // redrawn at once, not a redraw interval later
    line.close();
    String blank = " ".repeat(first.length());
    String second = "sweep  trials 1/2  50%  ETA 0:04";
    assertEquals("\r" + first + "\r" + blank + "\r" + "repro4j: trial #0 FINISHED : lr=0.1" + System.lineSeparator()
        + "\r" + second + "\r" + " ".repeat(second.length()) + "\r", terminal.toString(StandardCharsets.UTF_8));
  }
}
