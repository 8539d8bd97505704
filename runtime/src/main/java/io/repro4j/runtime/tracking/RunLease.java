package io.repro4j.runtime.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The lease a live run holds: {@code <run dir>/repro4j-lease.json} with the writing process's pid,
 * host and start time, and a heartbeat that the metric writer thread refreshes every {@link
 * #HEARTBEAT_PERIOD_MS} ms (rewritten atomically: readers see a whole file). {@link
 * RunWriter#finish} removes it. A RUNNING run whose heartbeat is older than {@link #STALE_PERIODS}
 * periods, or whose process on this host is gone, was left behind by a dead process: {@code
 * repro4j doctor} reports it and {@code --fix} marks it KILLED.
 *
 * <p>MLflow ignores the file (it reads only {@code meta.yaml} and the metrics, params, tags and
 * artifacts folders of a run).
 *
 * @param pid the writing process
 * @param host its host name
 * @param processStartMs its start time (ms since the epoch), to tell a reused pid from the writer
 * @param heartbeatMs the last heartbeat (ms since the epoch)
 * @param periodMs the heartbeat period the writer promised
 */
public record RunLease(long pid, String host, long processStartMs, long heartbeatMs, long periodMs) {
  /** The file name, in the run directory. */
  public static final String FILE = "repro4j-lease.json";
  /** How often the metric writer refreshes the heartbeat. */
  public static final long HEARTBEAT_PERIOD_MS = 2000;
  /** A heartbeat older than this many periods means the writer is gone. */
  public static final int STALE_PERIODS = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The lease of this process, with heartbeat {@code nowMs}. */
  static RunLease ofThisProcess(long nowMs) {
    return new RunLease(ThisProcess.PID, thisHost(), ThisProcess.START_MS, nowMs, HEARTBEAT_PERIOD_MS);
  }

  /**
   * This process's pid and start time, asked once per JVM: the operating system answers through
   * /proc (and the user database), which each in-process trial of a sweep would otherwise pay for.
   */
  private static final class ThisProcess {
    static final long PID = ProcessHandle.current().pid();
    static final long START_MS =
        ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
  }

  /** This machine's host name, as leases record it (looked up once: it may ask DNS). */
  public static String thisHost() {
    String h = cachedHost;
    if (h == null) {
      h = lookUpHost();
      cachedHost = h;
    }
    return h;
  }

  private static volatile String cachedHost;

  private static String lookUpHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env != null ? env : "unknown-host";
    }
  }

  RunLease withHeartbeat(long nowMs) {
    return new RunLease(pid, host, processStartMs, nowMs, periodMs);
  }

  /** Writes the lease into {@code runDir}, atomically (never a half-written file). */
  void write(Path runDir) throws IOException {
    StoreFiles.writeAtomically(runDir.resolve(FILE), json(), runDir, false);
  }

  /** Writes the lease into a run directory no reader sees yet (one being built to be renamed into place). */
  void writeIntoStaging(Path stagingDir) throws IOException {
    StoreFiles.writeNew(stagingDir.resolve(FILE), json(), false);
  }

  private byte[] json() {
    String text =
        "{\"pid\": " + pid
            + ", \"host\": " + StoreFiles.pythonJsonString(host)
            + ", \"process_start_ms\": " + processStartMs
            + ", \"heartbeat_ms\": " + heartbeatMs
            + ", \"heartbeat_period_ms\": " + periodMs + "}\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The lease in {@code runDir}, or empty when there is none.
   *
   * @throws IOException naming the file when it exists but is not a lease
   */
  public static Optional<RunLease> read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(Files.readAllBytes(file));
      for (String field : new String[] {"pid", "host", "process_start_ms", "heartbeat_ms", "heartbeat_period_ms"}) {
        if (n == null || !n.hasNonNull(field)) {
          throw new IOException("field '" + field + "' is missing");
        }
      }
      return Optional.of(
          new RunLease(
              n.get("pid").asLong(),
              n.get("host").asText(),
              n.get("process_start_ms").asLong(),
              n.get("heartbeat_ms").asLong(),
              n.get("heartbeat_period_ms").asLong()));
    } catch (IOException e) {
      throw new IOException(
          file + " is not a readable lease (" + e.getMessage() + "); delete it if its run is over",
          e);
    }
  }

  /** Whether the heartbeat is older than {@link #STALE_PERIODS} periods at {@code nowMs}. */
  public boolean stale(long nowMs) {
    return nowMs - heartbeatMs > STALE_PERIODS * Math.max(periodMs, 1);
  }

  /**
   * Whether the lease's process is known to be gone: it ran on this host and no process has its
   * pid, or the process with that pid started at another time (the pid was reused). Empty when
   * it cannot be told (another host).
   */
  public Optional<Boolean> processGone() {
    if (!host.equals(thisHost())) {
      return Optional.empty();
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) {
      return Optional.of(true);
    }
    Optional<Instant> started = p.get().info().startInstant();
    if (started.isEmpty() || processStartMs < 0) {
      return Optional.of(false); // alive as far as we can tell
    }
    // Start instants come from /proc in clock ticks: allow a little rounding.
    return Optional.of(Math.abs(started.get().toEpochMilli() - processStartMs) > 1000);
  }
}
