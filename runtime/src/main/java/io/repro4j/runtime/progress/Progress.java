package io.repro4j.runtime.progress;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a long task has done and has to do, counted by the threads doing it: an amount (bytes, or
 * steps) and, optionally, items (files). Adding is cheap and never blocks, so a worker may add per
 * chunk; a {@link ProgressLine} reads the sums on the shared {@code repro4j-progress} thread. Totals may grow while the task
 * runs (a directory's files are counted when it has been walked).
 */
public final class Progress {
  private final LongAdder done = new LongAdder();
  private final LongAdder total = new LongAdder();
  private final LongAdder itemsDone = new LongAdder();
  private final LongAdder itemsTotal = new LongAdder();

  /** Adds {@code amount} to what has been done. */
  public void advance(long amount) {
    done.add(amount);
  }

  /** Adds {@code amount} to what is to be done. */
  public void expect(long amount) {
    total.add(amount);
  }

  /** Counts one more item finished. */
  public void itemDone() {
    itemsDone.increment();
  }

  /** Adds {@code items} items and {@code amount} to what is to be done. */
  public void expect(long items, long amount) {
    itemsTotal.add(items);
    total.add(amount);
  }

  /** The sums now (each read on its own, so only roughly consistent while workers add). */
  public Snapshot snapshot() {
    return new Snapshot(done.sum(), total.sum(), itemsDone.sum(), itemsTotal.sum());
  }

  /**
   * The counters at one moment.
   *
   * @param done the amount done
   * @param total the amount expected so far
   * @param itemsDone the items finished
   * @param itemsTotal the items expected so far (0 when the task counts no items)
   */
  public record Snapshot(long done, long total, long itemsDone, long itemsTotal) {}
}
