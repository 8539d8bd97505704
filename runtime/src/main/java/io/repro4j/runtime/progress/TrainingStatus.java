package io.repro4j.runtime.progress;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the training line shows, handed over from the training thread without locks or allocation:
 * {@link #publish} stores the step and the metrics' values with release semantics (plain stores on
 * x86), and the line's own thread reads them. A draw may mix values of two neighbouring steps,
 * which a progress line can afford.
 *
 * <pre>training  step 1200/5000  24%  830 steps/s  ETA 0:04  loss=0.0957 accuracy=0.967</pre>
 */
public final class TrainingStatus implements ProgressLine.Status {
  private static final long NOT_STEPPED = Long.MIN_VALUE;

  private final String[] metricKeys;
  private final AtomicLongArray metricBits; // Double.doubleToRawLongBits of each value
  private final AtomicLong step = new AtomicLong(NOT_STEPPED);
  private final AtomicLong expectedSteps = new AtomicLong(0); // 0: unknown

  /** A status for a run whose {@code @Metric}s have these keys, in the order {@link #publish} gets them. */
  public TrainingStatus(String[] metricKeys) {
    this.metricKeys = metricKeys.clone();
    this.metricBits = new AtomicLongArray(metricKeys.length);
  }

  /** The values the run recorded at {@code step}; from the training thread, no allocation. */
  public void publish(long step, double[] values) {
    for (int i = 0; i < values.length; i++) {
      metricBits.setRelease(i, Double.doubleToRawLongBits(values[i]));
    }
    this.step.setRelease(step);
  }

  /** The step the run will end at, for the percentage and ETA; 0 or less: unknown. */
  public void expectSteps(long total) {
    expectedSteps.setRelease(Math.max(0, total));
  }

  @Override
  public long done() {
    long current = step.getAcquire();
    return current == NOT_STEPPED ? 0 : current;
  }

  @Override
  public String render(long done, double ratePerSecond) {
    StringBuilder line = new StringBuilder("training  ");
    if (step.getAcquire() == NOT_STEPPED) {
      return line.append("waiting for the first step").toString();
    }
    long total = expectedSteps.getAcquire();
    line.append("step ").append(done);
    if (total > 0) {
      line.append('/').append(total).append("  ").append(Math.max(0, Math.min(done, total)) * 100 / total).append('%');
    }
    line.append("  ").append(rate(ratePerSecond)).append(" steps/s");
    if (total > 0 && total > done) {
      line.append("  ETA ")
          .append(ratePerSecond > 0 ? ProgressLine.duration(Math.round((total - done) / ratePerSecond)) : "-:--");
    }
    for (int i = 0; i < metricKeys.length; i++) {
      line.append(i == 0 ? "  " : " ").append(metricKeys[i]).append('=')
          .append(value(Double.longBitsToDouble(metricBits.getAcquire(i))));
    }
    return line.toString();
  }

  /** {@code 830}, {@code 2.5}, {@code 0.12}: whole numbers from 100 on, since epochs may be slow. */
  static String rate(double perSecond) {
    if (perSecond >= 100 || perSecond == 0) {
      return Long.toString(Math.round(perSecond));
    }
    return value(perSecond);
  }

  /** Four significant digits, plain for ordinary magnitudes: {@code 0.0957}, {@code 12.35}, {@code 1.235e-07}. */
  static String value(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
      return value == 0 ? "0" : Double.toString(value);
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 1e-4 && magnitude < 1e7) {
      return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
    return String.format(java.util.Locale.ROOT, "%.3e", value);
  }
}
