package io.repro4j.runtime.progress;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One self-overwriting status line on a terminal, for a task that turns out to be slow:
 *
 * <pre>hashing data  1.21 GiB / 3.40 GiB  35%  612 MiB/s  ETA 0:04  1234/10000 files</pre>
 *
 * <p>It appears only once the task has run for a second (a quick task prints nothing), is redrawn
 * at most ten times a second by the one daemon thread all lines share, {@code repro4j-progress}
 * (the workers only add to a {@link Progress}),
 * and is erased on {@link #close()}, leaving the terminal as it was. It is drawn only when stderr
 * is an interactive terminal: {@code System.console()} exists and {@code TERM} is not {@code dumb}.
 * {@code REPRO4J_PROGRESS} (or the system property {@code repro4j.progress}) set to {@code always}
 * or {@code never} overrides that; any other value means {@code auto}. The system property
 * {@code repro4j.progress.delay-ms} changes the one-second delay (the terminal tests set 0).
 */
public final class ProgressLine implements AutoCloseable {
  /**
   * What a line shows, for tasks whose line is not a plain {@link Progress} (training, sweeps):
   * read on the ticker thread only.
   */
  public interface Status {
    /** The count the rate is measured on (steps, trials); read once per draw. */
    long done();

    /** The whole line for {@code done} at {@code ratePerSecond}. */
    String render(long done, double ratePerSecond);
  }

  /** How {@link Progress}'s amount is shown. */
  public enum Unit {
    /** Bytes, in binary units (KiB, MiB, GiB). */
    BYTES,
    /** A plain count (steps, runs). */
    COUNT
  }

  /** A task quicker than this shows no line at all. */
  static final long SHOW_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** The shortest time between two redraws. */
  static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  /** The rate is measured over about this much recent time, so a change of pace shows soon. */
  static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** Seconds between two plain lines when stderr is not a terminal. */
  static final double DEFAULT_LOG_SECONDS = 10;

  private final Status status;
  private final PrintStream sink; // null: silent
  private final long logEveryNanos; // > 0: plain log lines (not a terminal) this often; 0: redrawn line
  private final LongSupplier clock;
  private final long showAfterNanos;
  private final long startNanos;
  private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanos, done}
  private long lastDrawNanos;
  private int drawnLength = -1; // -1: nothing on the terminal
  private String drawn = "";
  private boolean closed;

  ProgressLine(
      String label, Progress progress, Unit unit, String itemNoun, PrintStream sink, LongSupplier clock,
      long showAfterNanos) {
    this(new Status() {
      @Override
      public long done() {
        return progress.snapshot().done();
      }

      @Override
      public String render(long done, double ratePerSecond) {
        return ProgressLine.render(label, progress.snapshot(), unit, itemNoun, ratePerSecond);
      }
    }, sink, clock, showAfterNanos, 0);
  }

  ProgressLine(Status status, PrintStream sink, LongSupplier clock, long showAfterNanos, long logEveryNanos) {
    this.status = status;
    this.logEveryNanos = logEveryNanos;
    this.sink = sink;
    this.clock = clock;
    this.showAfterNanos = showAfterNanos;
    this.startNanos = clock.getAsLong();
    samples.add(new long[] {startNanos, 0});
  }

  /**
   * Starts a line on {@code System.err} for {@code progress} if stderr is a terminal (see the class
   * comment); otherwise returns a line that never draws anything.
   *
   * @param label what is being done, e.g. {@code "hashing data"}
   * @param itemNoun the plural of what items are, e.g. {@code "files"}; null when no items are counted
   */
  public static ProgressLine start(String label, Progress progress, Unit unit, String itemNoun) {
    PrintStream sink = enabled(System.getProperty("repro4j.progress", System.getenv("REPRO4J_PROGRESS")),
        System.console() != null, System.getenv("TERM")) ? System.err : null;
    long showAfter = Long.getLong("repro4j.progress.delay-ms", TimeUnit.NANOSECONDS.toMillis(SHOW_AFTER_NANOS));
    ProgressLine line = new ProgressLine(
        label, progress, unit, itemNoun, sink, System::nanoTime, TimeUnit.MILLISECONDS.toNanos(showAfter));
    if (sink != null) {
      line.startTicker();
    }
    return line;
  }

  /**
   * Starts a line for {@code status} on {@code err}: redrawn in place when stderr is a terminal (as
   * {@link #start}), otherwise a plain line every {@code REPRO4J_PROGRESS_INTERVAL} seconds (system
   * property {@code repro4j.progress.interval}; default 10, decimals allowed, 0 turns them off), the
   * first one only after that long, so a short task prints nothing. {@code REPRO4J_PROGRESS=never}
   * turns both off.
   */
  public static ProgressLine startOrLog(Status status, PrintStream err) {
    String setting = System.getProperty("repro4j.progress", System.getenv("REPRO4J_PROGRESS"));
    long showAfter = TimeUnit.MILLISECONDS.toNanos(
        Long.getLong("repro4j.progress.delay-ms", TimeUnit.NANOSECONDS.toMillis(SHOW_AFTER_NANOS)));
    ProgressLine line;
    // Only the process's own stderr can be the terminal (a sweep's trial writes to its log file).
    if (err == System.err && enabled(setting, System.console() != null, System.getenv("TERM"))) {
      line = new ProgressLine(status, err, System::nanoTime, showAfter, 0);
    } else {
      boolean never = setting != null && "never".equalsIgnoreCase(setting.strip());
      long every = never ? 0 : logInterval(
          System.getProperty("repro4j.progress.interval", System.getenv("REPRO4J_PROGRESS_INTERVAL")));
      line = new ProgressLine(status, every > 0 ? err : null, System::nanoTime, every, every);
    }
    if (line.sink != null) {
      line.startTicker();
    }
    return line;
  }

  /** The log interval in nanoseconds from a number of seconds; the default for null or junk. */
  static long logInterval(String seconds) {
    double value = DEFAULT_LOG_SECONDS;
    if (seconds != null) {
      try {
        value = Double.parseDouble(seconds.strip());
      } catch (NumberFormatException e) {
        value = DEFAULT_LOG_SECONDS; // a progress setting is never worth failing a run for
      }
    }
    return value > 0 && value < 1e9 ? Math.round(value * 1e9) : 0;
  }

  /**
   * Whether this line may ever draw (stderr is a terminal, or forced). A caller may skip counting
   * work, such as finding file sizes for the total, when it does not.
   */
  public boolean draws() {
    return sink != null;
  }

  /** Whether to draw: {@code setting} is always, never or anything else for auto. */
  static boolean enabled(String setting, boolean console, String term) {
    String value = setting == null ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "always" -> true;
      case "never" -> false;
      default -> console && !"dumb".equals(term);
    };
  }

  private void startTicker() {
    Ticker.add(this);
  }

  /**
   * One daemon thread ({@code repro4j-progress}) ticks every open line, and ends once no line has
   * been open for {@link #LINGER_NANOS}: a sweep's trials in one JVM each open a line (for their
   * log), and a thread per line would be started and ended every few milliseconds.
   */
  private static final class Ticker {
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Set<ProgressLine> LINES = new LinkedHashSet<>(); // guarded by Ticker.class
    private static Thread thread; // guarded by Ticker.class

    static synchronized void add(ProgressLine line) {
      LINES.add(line);
      if (thread == null) {
        thread = new Thread(Ticker::loop, "repro4j-progress");
        thread.setDaemon(true);
        thread.start();
      }
    }

    static synchronized void remove(ProgressLine line) {
      LINES.remove(line);
    }

    private static void loop() {
      long idleSince = System.nanoTime();
      while (true) {
        try {
          TimeUnit.NANOSECONDS.sleep(REDRAW_NANOS);
        } catch (InterruptedException e) {
          // Nobody interrupts it; the lines decide when it ends.
        }
        List<ProgressLine> lines;
        synchronized (Ticker.class) {
          long now = System.nanoTime();
          if (!LINES.isEmpty()) {
            idleSince = now;
          } else if (now - idleSince >= LINGER_NANOS) {
            thread = null;
            return;
          }
          lines = List.copyOf(LINES);
        }
        for (ProgressLine line : lines) {
          try {
            line.tick();
          } catch (RuntimeException e) {
            // One line's status failing to render must not stop the others' ticks.
          }
        }
      }
    }
  }

  /** Redraws the line if it is due: shown after the delay, then at most every {@link #REDRAW_NANOS}. */
  synchronized void tick() {
    if (closed || sink == null) {
      return;
    }
    long now = clock.getAsLong();
    long minGap = logEveryNanos > 0 ? logEveryNanos : REDRAW_NANOS;
    if (now - startNanos < showAfterNanos || (drawnLength >= 0 && now - lastDrawNanos < minGap)) {
      return;
    }
    long done = status.done();
    samples.add(new long[] {now, done});
    while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
      samples.removeFirst();
    }
    long[] oldest = samples.peekFirst();
    double rate = now > oldest[0] ? (done - oldest[1]) * 1e9 / (now - oldest[0]) : 0;
    String line = status.render(done, rate);
    lastDrawNanos = now;
    if (logEveryNanos > 0) {
      sink.println(line); // not a terminal: a plain log line, kept
      sink.flush();
      drawnLength = 0;
      return;
    }
    if (line.equals(drawn)) {
      return;
    }
    // Pad over the rest of a longer previous line; plain spaces work on any terminal.
    sink.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
    sink.flush();
    drawn = line;
    drawnLength = line.length();
  }

  /**
   * Prints {@code text} as a line of {@code stream} without mixing it into the line: on a terminal
   * the line is erased first and redrawn at the next tick.
   */
  public synchronized void printAbove(PrintStream stream, String text) {
    if (!closed && sink != null && drawnLength >= 0 && logEveryNanos == 0) {
      sink.print("\r" + " ".repeat(drawnLength) + "\r");
      sink.flush();
      drawnLength = -1;
      drawn = "";
      lastDrawNanos = 0;
    }
    stream.println(text);
    stream.flush();
  }

  /** Stops redrawing and erases the line if one was drawn. */
  @Override
  public void close() {
    Ticker.remove(this);
    // A tick already under way holds this line's lock: it draws before the erase below, never after.
    synchronized (this) {
      if (!closed && sink != null && drawnLength >= 0 && logEveryNanos == 0) {
        sink.print("\r" + " ".repeat(drawnLength) + "\r");
        sink.flush();
      }
      closed = true;
    }
  }

  /** The line for {@code snapshot} at {@code ratePerSecond} (amount per second). */
  static String render(String label, Progress.Snapshot snapshot, Unit unit, String itemNoun, double ratePerSecond) {
    StringBuilder line = new StringBuilder(label);
    line.append("  ").append(amount(snapshot.done(), unit));
    if (snapshot.total() > 0) {
      long done = Math.min(snapshot.done(), snapshot.total());
      line.append(" / ").append(amount(snapshot.total(), unit))
          .append("  ").append(done * 100 / snapshot.total()).append('%');
    }
    line.append("  ").append(amount(Math.round(ratePerSecond), unit)).append("/s");
    long remaining = snapshot.total() - snapshot.done();
    if (snapshot.total() > 0 && remaining > 0) {
      line.append("  ETA ").append(ratePerSecond >= 1 ? duration(Math.round(remaining / ratePerSecond)) : "-:--");
    }
    if (itemNoun != null && snapshot.itemsTotal() > 0) {
      line.append("  ").append(snapshot.itemsDone()).append('/').append(snapshot.itemsTotal())
          .append(' ').append(itemNoun);
    }
    return line.toString();
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 12.3 MiB}, {@code 1.00 GiB}; or a plain count. */
  static String amount(long value, Unit unit) {
    if (unit == Unit.COUNT) {
      return Long.toString(value);
    }
    if (value < 1024) {
      return value + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double scaled = value;
    int i = -1;
    while (scaled >= 1024 && i < units.length - 1) {
      scaled /= 1024;
      i++;
    }
    String format = scaled >= 100 ? "%.0f %s" : scaled >= 10 ? "%.1f %s" : "%.2f %s";
    return String.format(Locale.ROOT, format, scaled, units[i]);
  }

  /** {@code 0:04}, {@code 12:34}, {@code 1:02:03}. */
  static String duration(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}
