package io.repro4j.runtime.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The training line's text, and the plain log lines when stderr is not a terminal, on a hand-moved clock. */
class TrainingStatusTest {
  private final AtomicLong now = new AtomicLong(7_000_000_000L);
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final TrainingStatus status = new TrainingStatus(new String[] {"loss", "accuracy"});

  private void advanceClock(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  private String written() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rendersStepOfTotalRateEtaAndTheLatestMetrics() {
    status.expectSteps(5000);
    status.publish(1200, new double[] {0.095712, 0.96666});
    assertEquals("training  step 1200/5000  24%  830 steps/s  ETA 0:05  loss=0.09571 accuracy=0.9667",
        status.render(status.done(), 830));
  }

  @Test
  void withoutATotalShowsTheStepAndRateOnly() {
    assertEquals("training  waiting for the first step", status.render(status.done(), 0));
    status.publish(3, new double[] {Double.NaN, 1});
    assertEquals("training  step 3  2.5 steps/s  loss=NaN accuracy=1", status.render(status.done(), 2.5));
    status.expectSteps(10);
    assertEquals("training  step 3/10  30%  0 steps/s  ETA -:--  loss=NaN accuracy=1", status.render(3, 0));
    // Past the declared end: no ETA, never over 100%.
    status.publish(12, new double[] {0, 1});
    assertEquals("training  step 12/10  100%  4 steps/s  loss=0 accuracy=1", status.render(status.done(), 4));
  }

  @Test
  void publishingAStepAllocatesNothingWhileTheLineReadsIt() throws Exception {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    long me = Thread.currentThread().getId();
    double[] values = {0.5, 0.25};
    ProgressLine line = new ProgressLine(status, new PrintStream(err, true, StandardCharsets.UTF_8), System::nanoTime,
        0, 0);
    Thread reader = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        line.tick();
      }
    });
    reader.start();
    try {
      for (int round = 0; round < 3; round++) { // the first rounds compile publish
        long before = threads.getThreadAllocatedBytes(me);
        for (long step = 0; step < 1_000_000; step++) {
          values[0] = step;
          status.publish(step, values);
        }
        long allocated = threads.getThreadAllocatedBytes(me) - before;
        if (round == 2) {
          assertTrue(allocated < 4096, "the training thread allocated " + allocated + " bytes");
        }
      }
    } finally {
      reader.interrupt();
      reader.join();
      line.close();
    }
    assertEquals(999_999, status.done());
  }

  @Test
  void valuesKeepFourSignificantDigits() {
    assertEquals("0.0957", TrainingStatus.value(0.0957));
    assertEquals("12.35", TrainingStatus.value(12.345678));
    assertEquals("-3", TrainingStatus.value(-3.0));
    assertEquals("1.235e-07", TrainingStatus.value(1.2345e-7));
    assertEquals("1.235e+09", TrainingStatus.value(1.2345e9));
    assertEquals("Infinity", TrainingStatus.value(Double.POSITIVE_INFINITY));
  }

  @Test
  void notATerminalLogsAPlainLineEveryIntervalAndNothingForAShortRun() {
    long every = TimeUnit.SECONDS.toNanos(10);
    ProgressLine line = new ProgressLine(status, new PrintStream(err, true, StandardCharsets.UTF_8), now::get, every, every);
    status.expectSteps(100);
    status.publish(5, new double[] {0.5, 0.25});
    advanceClock(9_900);
    line.tick();
    assertEquals("", written(), "a run shorter than the interval logs nothing");
    advanceClock(100);
    line.tick();
    assertEquals("training  step 5/100  5%  0.5 steps/s  ETA 3:10  loss=0.5 accuracy=0.25\n", written());
    status.publish(25, new double[] {0.25, 0.5});
    advanceClock(5_000);
    line.tick();
    assertEquals(1, written().lines().count(), "at most one line per interval");
    advanceClock(5_000);
    line.tick();
    assertEquals(2, written().lines().count());
    assertTrue(written().endsWith("training  step 25/100  25%  2 steps/s  ETA 0:38  loss=0.25 accuracy=0.5\n"),
        written());
    line.close();
    assertFalse(written().contains("\r"), "a log is never erased: " + written());
  }

  @Test
  void logIntervalIsSecondsWithDecimalsAndZeroTurnsItOff() {
    assertEquals(TimeUnit.SECONDS.toNanos(10), ProgressLine.logInterval(null));
    assertEquals(TimeUnit.MILLISECONDS.toNanos(250), ProgressLine.logInterval(" 0.25 "));
    assertEquals(0, ProgressLine.logInterval("0"));
    assertEquals(TimeUnit.SECONDS.toNanos(10), ProgressLine.logInterval("soon"));
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlaceAndErased() {
    ProgressLine line = new ProgressLine(
        status, new PrintStream(err, true, StandardCharsets.UTF_8), now::get, ProgressLine.SHOW_AFTER_NANOS, 0);
    status.publish(1, new double[] {1, 0});
    advanceClock(1_000);
    line.tick();
    assertTrue(written().startsWith("\rtraining  step 1  "), written());
    line.close();
    assertTrue(written().endsWith("\r"), "erased: " + written());
    assertFalse(written().contains("\n"));
  }
}
