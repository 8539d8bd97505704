package io.repro4j.runtime.progress;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What the sweep line shows: trials ended of all, how many failed, and an ETA from the mean time
 * per ended trial so far (trials end seconds or minutes apart, so a rate over the last few seconds
 * would mostly read zero). Counted by the trials' threads, read by the line's thread.
 *
 * <pre>sweep  trials 3/12  25%  1 failed  ETA 2:41</pre>
 */
public final class SweepProgress implements ProgressLine.Status {
  private final int trials;
  private final LongSupplier clock;
  private final long startNanos;
  private final AtomicInteger ended = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  /** A sweep launching {@code trials} trials, starting now. */
  public SweepProgress(int trials) {
    this(trials, System::nanoTime);
  }

  SweepProgress(int trials, LongSupplier clock) {
    this.trials = trials;
    this.clock = clock;
    this.startNanos = clock.getAsLong();
  }

  /** Counts one trial ended, {@code ok} or not. */
  public void ended(boolean ok) {
    if (!ok) {
      failed.incrementAndGet();
    }
    ended.incrementAndGet();
  }

  @Override
  public long done() {
    return ended.get();
  }

  @Override
  public String render(long done, double ratePerSecond) {
    StringBuilder line = new StringBuilder("sweep  trials ").append(done).append('/').append(trials);
    if (trials > 0) {
      line.append("  ").append(Math.min(done, trials) * 100 / trials).append('%');
    }
    int failures = failed.get();
    if (failures > 0) {
      line.append("  ").append(failures).append(" failed");
    }
    if (done < trials) {
      long elapsed = clock.getAsLong() - startNanos;
      line.append("  ETA ").append(done > 0 ? ProgressLine.duration(Math.round(elapsed / 1e9 / done * (trials - done)))
          : "-:--");
    }
    return line.toString();
  }
}
