package io.repro4j.runtime.tracking;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks a file store the way {@code repro4j doctor} reports it: runs left RUNNING by a dead
 * process (see {@link RunLease}), unreadable {@code meta.yaml}, metric lines MLflow would reject,
 * missing run folders. With {@code fix}, repairs what can be repaired without guessing: a dead run
 * is marked KILLED with {@code end_time} = its last heartbeat, a half-written last metric line (a
 * crash mid-append) is cut off, missing folders are created, a leftover lease of an ended run is
 * removed.
 */
public final class StoreDoctor {
  private static final List<String> RUN_FOLDERS =
      List.of(RunWriter.METRICS, RunWriter.PARAMS, RunWriter.TAGS, RunWriter.ARTIFACTS);

  /**
   * One thing found.
   *
   * @param path the file or run folder concerned
   * @param problem what is wrong and what to do about it
   * @param fixed whether {@code --fix} repaired it
   */
  public record Finding(Path path, String problem, boolean fixed) {}

  /**
   * What the doctor saw.
   *
   * @param runs how many run folders were checked
   * @param findings the problems, in store order
   * @param notes things worth knowing that are not problems (a live run, a run without lease)
   */
  public record Report(int runs, List<Finding> findings, List<String> notes) {
    /** Whether nothing is left to repair. */
    public boolean healthy() {
      return findings.stream().allMatch(Finding::fixed);
    }
  }

  private final Path root;
  private final boolean fix;
  private final long nowMs;
  private final List<Finding> findings = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private int runs;

  private StoreDoctor(Path root, boolean fix, long nowMs) {
    this.root = root;
    this.fix = fix;
    this.nowMs = nowMs;
  }

  /**
   * Examines every run of every experiment under {@code root} (not {@code .trash}).
   *
   * @param fix whether to repair what can be repaired
   * @param nowMs the current time, to judge heartbeats
   * @throws IOException when {@code root} is not a readable folder
   */
  public static Report examine(Path root, boolean fix, long nowMs) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + " is not a folder; give the tracking store with --tracking-uri");
    }
    StoreDoctor doctor = new StoreDoctor(root, fix, nowMs);
    try (DirectoryStream<Path> experiments = Files.newDirectoryStream(root)) {
      for (Path exp : sorted(experiments)) {
        String name = exp.getFileName().toString();
        if (!name.startsWith(".")
            && Files.isDirectory(exp, LinkOption.NOFOLLOW_LINKS)
            && Files.isRegularFile(exp.resolve(FileStore.META))) {
          doctor.examineExperiment(exp);
        }
      }
    }
    return new Report(doctor.runs, List.copyOf(doctor.findings), List.copyOf(doctor.notes));
  }

  private static List<Path> sorted(DirectoryStream<Path> entries) {
    List<Path> list = new ArrayList<>();
    entries.forEach(list::add);
    list.sort(null);
    return list;
  }

  private void examineExperiment(Path exp) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(exp)) {
      for (Path dir : sorted(entries)) {
        String name = dir.getFileName().toString();
        if (!FileStore.mayBeRunFolder(name) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        runs++;
        examineRun(dir);
      }
    }
  }

  private void examineRun(Path runDir) throws IOException {
    Path metaFile = runDir.resolve(FileStore.META);
    Map<String, Object> meta = FileStore.readMeta(metaFile);
    if (meta == null) {
      findings.add(
          new Finding(
              metaFile,
              (Files.exists(metaFile) ? "is not a readable YAML mapping" : "is missing")
                  + "; neither MLflow nor Repro4j can show this run. Restore it from a backup,"
                  + " or delete the run folder",
              false));
    } else {
      examineStatus(runDir, meta);
    }
    for (String folder : RUN_FOLDERS) {
      Path dir = runDir.resolve(folder);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        boolean present = Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        boolean repaired = false;
        if (fix && !present) {
          Files.createDirectory(dir);
          repaired = true;
        }
        findings.add(
            new Finding(
                dir,
                (present ? "is not a folder" : "is missing")
                    + "; MLflow expects the folder '" + folder + "' in every run"
                    + (repaired ? " (created, empty)" : "; --fix creates it empty"),
                repaired));
      }
    }
    Path metrics = runDir.resolve(RunWriter.METRICS);
    if (Files.isDirectory(metrics, LinkOption.NOFOLLOW_LINKS)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(metrics)) {
        files =
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                .filter(p -> !StoreFiles.isStagingName(p.getFileName().toString()))
                .sorted()
                .toList();
      }
      for (Path file : files) {
        examineMetricFile(file);
      }
    }
  }

  private void examineStatus(Path runDir, Map<String, Object> meta) throws IOException {
    Optional<RunLease> lease;
    try {
      lease = RunLease.read(runDir);
    } catch (IOException e) {
      findings.add(new Finding(runDir.resolve(RunLease.FILE), e.getMessage(), false));
      return;
    }
    boolean running = meta.get("status") instanceof Number n && n.intValue() == RunStatus.RUNNING.code();
    if (!running) {
      if (lease.isPresent()) {
        // finish() updates meta.yaml before it removes the lease: a crash in between leaves this.
        boolean repaired = fix && Files.deleteIfExists(runDir.resolve(RunLease.FILE));
        findings.add(
            new Finding(
                runDir.resolve(RunLease.FILE),
                "is left over by a run that has ended"
                    + (repaired ? " (removed)" : "; --fix removes it"),
                repaired));
      }
      return;
    }
    if (lease.isEmpty()) {
      notes.add(runDir + ": RUNNING without a lease (written by MLflow or another tool); cannot tell"
          + " whether its process is alive");
      return;
    }
    RunLease l = lease.get();
    Optional<Boolean> gone = l.processGone();
    String why;
    if (gone.orElse(false)) {
      why = "its process " + l.pid() + " on " + l.host() + " is gone";
    } else if (gone.isEmpty() && l.stale(nowMs)) {
      why = "its heartbeat from " + l.host() + " (pid " + l.pid() + ") stopped at "
          + Instant.ofEpochMilli(l.heartbeatMs()) + ", more than " + RunLease.STALE_PERIODS
          + " periods of " + l.periodMs() + " ms ago";
    } else {
      notes.add(runDir + ": RUNNING, held by live process " + l.pid() + " on " + l.host()
          + (l.stale(nowMs) ? " (heartbeat late: is it stuck?)" : ""));
      return;
    }
    boolean repaired = false;
    if (fix) {
      RunWriter.markEnded(runDir, RunStatus.KILLED, l.heartbeatMs());
      Files.deleteIfExists(runDir.resolve(RunLease.FILE));
      repaired = true;
    }
    findings.add(
        new Finding(
            runDir,
            "is RUNNING but " + why
                + (repaired
                    ? " (marked KILLED, end_time " + l.heartbeatMs() + " = its last heartbeat)"
                    : "; --fix marks it KILLED"),
            repaired));
  }

  /**
   * Every complete line must be what MLflow's reader accepts: {@code <int ts> <float> [<int
   * step>]}. A last line without its newline is a crash mid-append: our reader skips it, MLflow's
   * would not, so {@code fix} cuts it off.
   */
  private void examineMetricFile(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    int lastNewline = -1;
    for (int i = end - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        lastNewline = i;
        break;
      }
    }
    String text = new String(bytes, 0, lastNewline + 1, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    int bad = 0;
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || mlflowAccepts(line)) {
        continue;
      }
      if (bad++ < 3) {
        findings.add(
            new Finding(
                file,
                "line " + (i + 1) + " '" + MlflowNames.prefix(line, 80) + "' is not '<timestamp ms>"
                    + " <value> <step>'; MLflow fails to read this metric. Correct or delete the line",
                false));
      }
    }
    if (bad > 3) {
      findings.add(new Finding(file, (bad - 3) + " more malformed lines", false));
    }
    if (lastNewline + 1 < end) {
      String torn = new String(bytes, lastNewline + 1, end - lastNewline - 1, StandardCharsets.UTF_8);
      boolean repaired = false;
      if (fix) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(lastNewline + 1);
          ch.force(true);
        }
        repaired = true;
      }
      findings.add(
          new Finding(
              file,
              "ends in an incomplete line '" + MlflowNames.prefix(torn, 80) + "' (a crash mid-write);"
                  + " Repro4j skips it, MLflow would fail"
                  + (repaired ? " (cut off)" : "; --fix cuts it off"),
              repaired));
    }
  }

  static boolean mlflowAccepts(String line) {
    try {
      MetricLine.parse(line);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
