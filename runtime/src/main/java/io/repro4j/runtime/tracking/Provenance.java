package io.repro4j.runtime.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.repro4j.runtime.config.OrderedEquality;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Where a run comes from: the git state of the working tree and the JVM/OS environment, for
 * {@code environment.json} and the {@code mlflow.source.git.*} tags. Runs {@code git} as a
 * subprocess, at startup only (never on the training path).
 */
public final class Provenance {
  private Provenance() {}

  private static final long GIT_TIMEOUT_MS = 5_000;
  private static final int MAX_OUTPUT = 1 << 20;

  /**
   * The git state of the work tree containing {@code workDir}.
   *
   * @param commit the full HEAD commit hash
   * @param branch the checked-out branch, null when HEAD is detached
   * @param remoteUrl the URL of remote {@code origin} with any user/password removed ({@code
   *     https://token@host/x} becomes {@code https://host/x}), null when there is no origin
   * @param dirty whether tracked files differ from HEAD (staged or not); untracked files do not
   *     count, so outputs such as {@code mlruns/} that are not ignored do not make every run dirty
   */
  public record GitInfo(String commit, String branch, String remoteUrl, boolean dirty) {}

  /**
   * The git state of {@code workDir}, or empty when it is not inside a git work tree, the
   * repository has no commit yet, {@code git} is not installed, or git takes more than 5 s in
   * total. Runs {@code git status --porcelain=v2 --branch --untracked-files=no} and {@code git
   * config --get remote.origin.url} with {@code GIT_OPTIONAL_LOCKS=0}, so that concurrent runs
   * never fight over {@code .git/index.lock}.
   */
  public static Optional<GitInfo> git(Path workDir) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GIT_TIMEOUT_MS);
    Optional<String> status =
        runGit(workDir, deadline, "status", "--porcelain=v2", "--branch", "--untracked-files=no");
    if (status.isEmpty()) {
      return Optional.empty();
    }
    String commit = null;
    String branch = null;
    boolean dirty = false;
    for (String line : status.get().split("\n")) {
      if (line.startsWith("# branch.oid ")) {
        commit = line.substring("# branch.oid ".length()).trim();
      } else if (line.startsWith("# branch.head ")) {
        branch = line.substring("# branch.head ".length()).trim();
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        dirty = true; // a changed-entry line: 1 (ordinary), 2 (rename), u (unmerged)
      }
    }
    if (commit == null || commit.equals("(initial)")) {
      return Optional.empty(); // no commit to reproduce from
    }
    if ("(detached)".equals(branch)) {
      branch = null;
    }
    String remote =
        runGit(workDir, deadline, "config", "--get", "remote.origin.url")
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(Provenance::withoutCredentials)
            .orElse(null);
    return Optional.of(new GitInfo(commit, branch, remote, dirty));
  }

  private static final Pattern URL_USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*://)[^/@]*@");

  /** Removes {@code user[:password]@} from a URL; scp-style {@code git@host:x} stays as is. */
  static String withoutCredentials(String url) {
    return URL_USERINFO.matcher(url).replaceFirst("$1");
  }

  /** stdout of a successful git command, or empty (not a repo, no git, error, timeout). */
  private static Optional<String> runGit(Path workDir, long deadlineNanos, String... args) {
    return runGit(workDir, deadlineNanos, MAX_OUTPUT, args);
  }

  /** As above, keeping at most about {@code maxOutput} bytes (the rest is read and dropped). */
  private static Optional<String> runGit(Path workDir, long deadlineNanos, int maxOutput, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    Map<String, String> env = pb.environment();
    env.put("GIT_OPTIONAL_LOCKS", "0"); // read-only: never take index.lock
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("LC_ALL", "C");
    Process p;
    try {
      if (!Files.isDirectory(workDir)) {
        return Optional.empty();
      }
      p = pb.start();
      p.getOutputStream().close(); // git must never wait for input
    } catch (IOException e) {
      return Optional.empty(); // git not installed
    }
    // Drain stdout on another thread so a large output cannot block git while we wait.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (InputStream in = p.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                  synchronized (out) {
                    if (out.size() < maxOutput) {
                      out.write(buf, 0, n);
                    }
                  }
                }
              } catch (IOException ignored) {
                // process killed; the exit code decides
              }
            },
            "repro4j-git-output");
    reader.setDaemon(true);
    reader.start();
    try {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
      if (p.exitValue() != 0) {
        return Optional.empty();
      }
      synchronized (out) {
        return Optional.of(out.toString(StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return Optional.empty();
    }
  }

  /** At most this much of {@code git diff HEAD} is kept as the {@code repro4j/git.diff} artifact. */
  public static final int MAX_DIFF_BYTES = 1 << 20;

  /**
   * The uncommitted changes to tracked files ({@code git diff HEAD}, text, no colour, no external
   * diff driver), for the {@code repro4j/git.diff} artifact; empty when there are none or git
   * cannot tell. A diff longer than {@link #MAX_DIFF_BYTES} is cut at a line end and ends with a
   * line saying so.
   */
  public static Optional<String> gitDiff(Path workDir) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GIT_TIMEOUT_MS);
    Optional<String> diff =
        runGit(workDir, deadline, MAX_DIFF_BYTES + 1, "diff", "HEAD", "--no-color", "--no-ext-diff", "--no-textconv");
    if (diff.isEmpty() || diff.get().isEmpty()) {
      return Optional.empty();
    }
    String text = diff.get();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_DIFF_BYTES) {
      return Optional.of(text);
    }
    int end = MAX_DIFF_BYTES;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    return Optional.of(new String(bytes, 0, end, StandardCharsets.UTF_8)
        + "# repro4j: diff truncated at " + end + " bytes (limit " + MAX_DIFF_BYTES + ")\n");
  }

  /**
   * The content of {@code environment.json}, in this order: {@code java.version, java.vendor,
   * java.vm.name, os.name, os.version, os.arch, host, cpus, maxHeapBytes, vmOptions,
   * repro4j.version, git} ({@code {commit, branch, dirty, remoteUrl}}, or null outside a git work
   * tree). {@code vmOptions} are the JVM's input arguments, secret-looking {@code -D} values
   * masked (see {@link Secrets#maskedJvmOptions}).
   */
  public static Map<String, Object> environment(Path workDir, String repro4jVersion) {
    return environment(git(workDir), repro4jVersion);
  }

  /**
   * As {@link #environment(Optional, String)}, followed by {@code variables}: the {@linkplain
   * EnvironmentVariables#recorded recorded} variables of {@code processEnvironment}.
   */
  public static Map<String, Object> environment(
      Optional<GitInfo> git, String repro4jVersion, Map<String, String> processEnvironment) {
    Map<String, Object> env = environment(git, repro4jVersion);
    env.put("variables", EnvironmentVariables.recorded(processEnvironment));
    return env;
  }

  /** As {@link #environment(Path, String)}, with git information already looked up. */
  public static Map<String, Object> environment(Optional<GitInfo> git, String repro4jVersion) {
    Map<String, Object> env = new LinkedHashMap<>();
    for (String key :
        List.of("java.version", "java.vendor", "java.vm.name", "os.name", "os.version", "os.arch")) {
      env.put(key, System.getProperty(key));
    }
    env.put("host", ThisJvm.HOST);
    env.put("cpus", ThisJvm.CPUS);
    env.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    env.put("vmOptions", ThisJvm.VM_OPTIONS);
    env.put("repro4j.version", repro4jVersion);
    env.put(
        "git",
        git
            .map(
                g -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("commit", g.commit());
                  m.put("branch", g.branch());
                  m.put("dirty", g.dirty());
                  m.put("remoteUrl", g.remoteUrl());
                  return (Object) m;
                })
            .orElse(null));
    return env;
  }

  /**
   * What {@code environment.json} records of the machine and the JVM, looked up once per JVM (all
   * its runs record the same): each lookup reads /proc or cgroup files, and a sweep's trials in one
   * JVM record it a thousand times.
   */
  private static final class ThisJvm {
    static final String HOST = hostName();
    static final int CPUS = Runtime.getRuntime().availableProcessors();
    static final List<String> VM_OPTIONS =
        List.copyOf(Secrets.maskedJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
  }

  /**
   * The host name without a DNS lookup (which can hang for seconds on a misconfigured node):
   * Linux's kernel host name, else {@code HOSTNAME}/{@code COMPUTERNAME}, else the local address.
   */
  static String hostName() {
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(kernel)) {
        String h = Files.readString(kernel, StandardCharsets.UTF_8).trim();
        if (!h.isEmpty()) {
          return h;
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // fall through
    }
    for (String var : List.of("HOSTNAME", "COMPUTERNAME")) {
      String h = System.getenv(var);
      if (h != null && !h.isBlank()) {
        return h.trim();
      }
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * The provenance artifacts of a run, by artifact path: {@code repro4j/classpath.json} (see {@link
   * ClasspathManifest}) and, when the work tree is dirty, {@code repro4j/git.diff}. Hashes the
   * class path: call at startup, before the run exists, never on the training thread. A class path
   * entry that cannot be read is recorded as the reason in {@code classpath.json}'s {@code error}.
   */
  public static Map<String, String> artifacts(Path workDir, Optional<GitInfo> git) {
    Map<String, String> artifacts = new LinkedHashMap<>();
    String classpath;
    try {
      classpath = ClasspathManifest.toJson(ClasspathManifest.ofThisJvm());
    } catch (IOException e) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", "class path could not be hashed: " + e);
      classpath = toJson(error);
    }
    artifacts.put("repro4j/classpath.json", classpath + "\n");
    if (git.isPresent() && git.get().dirty()) {
      gitDiff(workDir).ifPresent(diff -> artifacts.put("repro4j/git.diff", diff));
    }
    return artifacts;
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * {@link #toJson} of a run's {@link #environment}, the text of the previous call reused when
   * {@code environment} holds the same entries in the same order: all trials of a sweep in one JVM
   * record the same environment, and a JSON generator per trial costs a fresh JVM compile time.
   * {@code environment} must not be changed after the call.
   */
  public static String environmentJson(Map<String, Object> environment) {
    EnvironmentJson last = lastEnvironmentJson;
    if (last != null && OrderedEquality.sameInOrder(last.environment(), environment)) {
      return last.json();
    }
    String json = toJson(environment);
    lastEnvironmentJson = new EnvironmentJson(environment, json);
    return json;
  }

  /** An environment and its JSON. */
  private record EnvironmentJson(Map<String, Object> environment, String json) {}

  /** What {@link #environmentJson} wrote last. */
  private static volatile EnvironmentJson lastEnvironmentJson;

  /** {@code m} as pretty-printed JSON (Jackson's default pretty printer), keys in map order. */
  public static String toJson(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not serialisable as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
