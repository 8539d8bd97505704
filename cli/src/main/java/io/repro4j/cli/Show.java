package io.repro4j.cli;

import io.repro4j.runtime.tracking.PythonFloat;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.StoredRun;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How values read in tables: local times to the second, short durations, Python float repr. */
final class Show {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter TIME_MS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private Show() {}

  /** The first 8 digits of a run id, as the MLflow UI and git show them. */
  static String shortId(String runId) {
    return runId.length() <= 8 ? runId : runId.substring(0, 8);
  }

  static String time(long epochMs, ZoneId zone) {
    return TIME.format(Instant.ofEpochMilli(epochMs).atZone(zone));
  }

  /** To the millisecond, for metric points that are often logged within one second. */
  static String timeMs(long epochMs, ZoneId zone) {
    return TIME_MS.format(Instant.ofEpochMilli(epochMs).atZone(zone));
  }

  static String time(Long epochMs, ZoneId zone) {
    return epochMs == null ? "-" : time(epochMs.longValue(), zone);
  }

  /** {@code 0.5s}, {@code 59.9s}, {@code 3m 05s}, {@code 2h 03m}; "running" while the run has no end. */
  static String duration(StoredRun run) {
    if (run.endTime() == null) {
      return run.status() == RunStatus.RUNNING ? "running" : "-";
    }
    long ms = Math.max(0, run.endTime() - run.startTime());
    if (ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format(java.util.Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(java.util.Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
  }

  /** A metric value as MLflow writes it (Python repr: 0.1, 1e-05, nan, inf). */
  static String number(double v) {
    return PythonFloat.repr(v);
  }

  static String orDash(String s) {
    return s == null ? "-" : s;
  }
}
