package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunStatus;
import io.repro4j.runtime.tracking.RunWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/repro4j} as a user runs it, in new processes: the JVM options it picks per subcommand
 * and its Class Data Sharing archive (built on first use, used after, never a word on stdout or
 * stderr, ignored when it does not match). Maven runs this in the package phase, after the jar.
 */
class LauncherJarTest {
  private static final Path SCRIPT = Path.of("..", "bin", "repro4j").toAbsolutePath().normalize();
  private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

  @TempDir Path tmp;
  Path jar;
  Path store;
  Path cache;

  record Result(int exitCode, String out, String err) {}

  @BeforeEach
  void setUp() throws IOException {
    jar = Path.of(System.getProperty("repro4j.jar", "target/repro4j.jar")).toAbsolutePath();
    assumeTrue(Files.isRegularFile(jar), "no " + jar + ": it exists only after mvn package");
    store = tmp.resolve("mlruns");
    FileStore files = FileStore.open(store);
    try (RunWriter run = files.createRun(files.experimentId("iris"), "only", "alice", 1_790_000_000_000L)) {
      run.logParam("lr", "0.01");
      run.logMetric("accuracy", 0.95, 0, 1_790_000_000_001L);
      run.finish(RunStatus.FINISHED, 1_790_000_001_000L);
    }
    cache = tmp.resolve("xdg-cache");
  }

  /** Runs the launcher with JAVA_HOME set to this JVM, the cache in the temp dir, plus {@code env}. */
  Result launch(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile());
    builder.environment().put("JAVA_HOME", JAVA_HOME.toString());
    builder.environment().put("XDG_CACHE_HOME", cache.toString());
    builder.environment().remove("REPRO4J_JAVA_OPTS");
    builder.environment().remove("REPRO4J_CDS");
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the launcher did not finish: " + command);
    return new Result(process.exitValue(), out, new String(err.get(), StandardCharsets.UTF_8));
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private List<Path> archives() throws IOException {
    Path dir = cache.resolve("repro4j/cds");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jsa")).sorted().toList();
    }
  }

  /** The source the JVM logged for {@code className} (-Xlog:class+load to a file). */
  private static Optional<String> loadedFrom(Path log, String className) throws IOException {
    String prefix = " " + className + " source: ";
    return Files.readAllLines(log).stream()
        .filter(line -> line.contains(prefix))
        .map(line -> line.substring(line.indexOf(prefix) + prefix.length()))
        .findFirst();
  }

  private String[] runsJson() {
    return new String[] {"runs", "--tracking-uri", store.toString(), "--filter", "params.lr = '0.01'", "--json"};
  }

  @Test
  void shortCommandsGetC1AndTheSerialCollectorHashingLaterC2AndUserOptionsComeLast() throws Exception {
    // A java that records its arguments, then runs the real one.
    Path fakeHome = tmp.resolve("jdk");
    Files.createDirectories(fakeHome.resolve("bin"));
    Path argsFile = tmp.resolve("java-args");
    Path fakeJava = fakeHome.resolve("bin/java");
    Files.writeString(
        fakeJava,
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + argsFile + "'\nexec '" + JAVA_HOME.resolve("bin/java") + "' \"$@\"\n");
    assertTrue(fakeJava.toFile().setExecutable(true));
    Map<String, String> env = Map.of("JAVA_HOME", fakeHome.toString(), "REPRO4J_CDS", "off",
        "REPRO4J_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=4");
    Path file = Files.writeString(tmp.resolve("a.txt"), "a\n");

    Result runs = launch(env, runsJson());
    assertEquals(0, runs.exitCode(), runs.err());
    Result hash = launch(env, "hash", "--no-hash-cache", file.toString());
    assertEquals(0, hash.exitCode(), hash.err());
    assertEquals("60b725f10c9c85c70d97880dfe8191b3  " + file + "\n", hash.out());
    Result version = launch(env, "--version");
    assertEquals(0, version.exitCode(), version.err());

    List<String> calls = Files.readAllLines(argsFile);
    assertEquals(3, calls.size(), calls.toString());
    // ours first, then the user's (the JVM takes the last of a repeated option), then the jar
    String user = "-Xmx256m -XX:TieredStopAtLevel=4 -jar " + jar;
    assertTrue(calls.get(0).startsWith("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC " + user + " runs "), calls.get(0));
    assertTrue(calls.get(1).startsWith(String.join(" ", LauncherOptions.HASH) + " " + user + " hash "), calls.get(1));
    assertTrue(calls.get(2).startsWith("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC " + user + " --version"), calls.get(2));
    assertEquals(List.of(), archives(), "REPRO4J_CDS=off builds no archive");
  }

  @Test
  void theArchiveIsBuiltOnceUsedAfterAndNeverPrints() throws Exception {
    Result plain = launch(Map.of("REPRO4J_CDS", "off"), runsJson());
    assertEquals(0, plain.exitCode(), plain.err());
    assertTrue(plain.out().startsWith("["), plain.out());

    Result first = launch(Map.of(), runsJson()); // builds the archive, then runs
    assertEquals(new Result(0, plain.out(), ""), first);
    List<Path> archives = archives();
    assertEquals(1, archives.size(), archives.toString());

    Path log = tmp.resolve("classes.log");
    Result second = launch(Map.of("REPRO4J_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), runsJson());
    assertEquals(new Result(0, plain.out(), ""), second);
    assertEquals(archives, archives(), "built once");
    assertEquals(Optional.of("shared objects file"), loadedFrom(log, "io.repro4j.cli.RunsCommand"));
    assertEquals(Optional.of("shared objects file"), loadedFrom(log, "io.repro4j.runtime.tracking.search.SearchFilter"));
  }

  @Test
  void aRebuiltJarGetsItsOwnArchiveAndAStaleOneIsIgnoredSilently() throws Exception {
    Path copy = Files.copy(jar, tmp.resolve("repro4j.jar"));
    Map<String, String> env = Map.of("REPRO4J_JAR", copy.toString());
    Result plain = launch(Map.of("REPRO4J_JAR", copy.toString(), "REPRO4J_CDS", "off"), runsJson());
    assertEquals(new Result(0, plain.out(), ""), launch(env, runsJson()));
    Path before = archives().get(0);
    byte[] staleArchive = Files.readAllBytes(before);

    // "mvn package" again: a new jar (here the same bytes, a new time) gets a new archive
    Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 3_600_000));
    assertEquals(new Result(0, plain.out(), ""), launch(env, runsJson()));
    List<Path> after = archives();
    assertEquals(1, after.size(), "the old jar's archive is removed: " + after);
    assertFalse(after.get(0).equals(before));

    // an archive that does not match the jar (the JVM checks): used for nothing, and not a word
    Path current = after.get(0);
    Files.delete(current); // (archives are read-only)
    Files.write(current, staleArchive);
    Path log = tmp.resolve("classes.log");
    Result stale = launch(Map.of("REPRO4J_JAR", copy.toString(), "REPRO4J_JAVA_OPTS", "-Xlog:class+load=info:file=" + log),
        runsJson());
    assertEquals(new Result(0, plain.out(), ""), stale);
    assertTrue(loadedFrom(log, "io.repro4j.cli.RunsCommand").orElseThrow().startsWith("file:"),
        "loaded from the jar: " + loadedFrom(log, "io.repro4j.cli.RunsCommand"));

    // a damaged archive: the same
    Files.delete(current);
    Files.writeString(current, "not an archive");
    assertEquals(new Result(0, plain.out(), ""), launch(env, runsJson()));
  }

  /** {@code tool}'s path on this process's PATH. */
  private static Path onPath(String tool) {
    for (String dir : System.getenv("PATH").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(tool + " is not on PATH");
  }

  /**
   * The archive's name (a checksum of the JVM's and the jar's paths, sizes and times: a stat and a
   * cksum) is computed once per java/jar pair; later runs with the same pair, unchanged, take it
   * from the record of the last few pairs without either process; a changed jar, or a damaged
   * record, gets it computed anew.
   */
  @Test
  void theArchivesNameIsComputedOnceThenRemembered() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("logging-bin"));
    Path calls = tmp.resolve("key-calls");
    for (String tool : List.of("stat", "cksum")) {
      Path fake = bin.resolve(tool);
      Files.writeString(fake, "#!/bin/sh\necho " + tool + " >> '" + calls + "'\nexec '" + onPath(tool) + "' \"$@\"\n");
      assertTrue(fake.toFile().setExecutable(true));
    }
    Path copy = Files.copy(jar, tmp.resolve("repro4j.jar"));
    Path other = Files.copy(jar, Files.createDirectories(tmp.resolve("other")).resolve("repro4j.jar"));
    String path = bin + java.io.File.pathSeparator + System.getenv("PATH");
    Map<String, String> env = Map.of("PATH", path, "REPRO4J_JAR", copy.toString());
    Map<String, String> otherEnv = Map.of("PATH", path, "REPRO4J_JAR", other.toString());
    Result plain = launch(Map.of("REPRO4J_CDS", "off"), runsJson());
    java.util.function.IntSupplier stats = () -> {
      try {
        return (int) Files.readAllLines(calls).stream().filter("stat"::equals).count();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };

    assertEquals(new Result(0, plain.out(), ""), launch(env, runsJson())); // builds the archive
    assertEquals(1, stats.getAsInt());
    assertEquals(new Result(0, plain.out(), ""), launch(env, runsJson()));
    assertEquals(1, stats.getAsInt(), "remembered");
    // another checkout's jar, then each in turn: both remembered
    assertEquals(new Result(0, plain.out(), ""), launch(otherEnv, runsJson()));
    assertEquals(2, stats.getAsInt());
    assertEquals(new Result(0, plain.out(), ""), launch(env, runsJson()));
    assertEquals(new Result(0, plain.out(), ""), launch(otherEnv, runsJson()));
    assertEquals(2, stats.getAsInt(), "both remembered");
    Path names = cache.resolve("repro4j/cds/names");
    List<String> lines = Files.readAllLines(names);
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith(JAVA_HOME.resolve("bin/java") + "|" + other + "|"), "the latest first: " + lines);
    String key = lines.get(1).substring(lines.get(1).lastIndexOf('|') + 1);
    assertEquals(JAVA_HOME.resolve("bin/java") + "|" + copy + "|" + key, lines.get(1));
    assertTrue(Files.exists(cache.resolve("repro4j/cds/" + key + ".jsa")), key);

    // "mvn package" again: the jar's time changes, so the name is computed and the new archive built
    Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 3_600_000));
    assertEquals(new Result(0, plain.out(), ""), launch(env, runsJson()));
    assertEquals(3, stats.getAsInt());
    assertFalse(Files.exists(cache.resolve("repro4j/cds/" + key + ".jsa")), "the old archive is removed");
    assertFalse(Files.exists(cache.resolve("repro4j/cds/" + key + ".jar-time")), "and its time copies");
    List<String> rebuilt = Files.readAllLines(names);
    assertEquals(2, rebuilt.size(), rebuilt.toString());

    // a damaged record names no archive outside the cache and is replaced
    String record = rebuilt.get(0);
    List<Path> archives = archives();
    Files.writeString(names, record.substring(0, record.lastIndexOf('|') + 1) + "../../escape\n" + rebuilt.get(1) + "\n");
    assertEquals(new Result(0, plain.out(), ""), launch(env, runsJson()));
    assertEquals(4, stats.getAsInt());
    assertEquals(rebuilt, Files.readAllLines(names));
    assertEquals(archives, archives());
  }


  @Test
  void aFailedBuildIsRememberedNotRetriedAndTheCommandStillRuns() throws Exception {
    // A java that cannot dump a class list (as a JVM without CDS) but runs commands.
    Path fakeHome = tmp.resolve("jdk");
    Files.createDirectories(fakeHome.resolve("bin"));
    Path calls = tmp.resolve("calls");
    Path fakeJava = fakeHome.resolve("bin/java");
    Files.writeString(fakeJava, "#!/bin/sh\necho \"$1\" >> '" + calls + "'\n"
        + "case $1 in -XX:DumpLoadedClassList=*) echo 'Error: no CDS here'; exit 1 ;; esac\n"
        + "exec '" + JAVA_HOME.resolve("bin/java") + "' \"$@\"\n");
    assertTrue(fakeJava.toFile().setExecutable(true));
    Map<String, String> env = Map.of("JAVA_HOME", fakeHome.toString());
    Result plain = launch(Map.of("REPRO4J_CDS", "off"), runsJson());

    assertEquals(new Result(0, plain.out(), ""), launch(env, runsJson()));
    assertEquals(new Result(0, plain.out(), ""), launch(env, runsJson()));
    assertEquals(List.of(), archives());
    try (Stream<Path> files = Files.list(cache.resolve("repro4j/cds"))) {
      List<Path> failed = files.filter(p -> p.toString().endsWith(".jsa.failed")).toList();
      assertEquals(1, failed.size(), failed.toString());
      assertEquals("Error: no CDS here\n", Files.readString(failed.get(0)), "the JVM's log is kept");
    }
    List<String> javaCalls = Files.readAllLines(calls);
    assertEquals(3, javaCalls.size(), "one failed build, then two commands: " + javaCalls);
    assertTrue(javaCalls.get(0).startsWith("-XX:DumpLoadedClassList="), javaCalls.toString());
  }

  /** A java at {@code tmp/NAME/bin/java} that appends its arguments to {@code calls}, then runs {@code body}. */
  private Path fakeJava(String name, Path calls, String body) throws IOException {
    Path fakeHome = tmp.resolve(name);
    Files.createDirectories(fakeHome.resolve("bin"));
    Path fakeJava = fakeHome.resolve("bin/java");
    Files.writeString(fakeJava, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + calls + "'\n" + body);
    assertTrue(fakeJava.toFile().setExecutable(true));
    return fakeHome;
  }

  private Path optionsOf(Path archive) {
    return archive.resolveSibling(archive.getFileName() + ".options");
  }

  @Test
  void theArchiveIsMappedWhereItWasDumpedExceptByTheServer() throws Exception {
    Path calls = tmp.resolve("calls");
    Path home = fakeJava("jdk", calls, "exec '" + JAVA_HOME.resolve("bin/java") + "' \"$@\"\n");
    Path file = Files.writeString(tmp.resolve("a.txt"), "a\n");
    Result first = launch(Map.of("JAVA_HOME", home.toString()), "hash", "--no-hash-cache", file.toString());
    assertEquals(new Result(0, "60b725f10c9c85c70d97880dfe8191b3  " + file + "\n", ""), first);
    Path archive = archives().get(0);
    // this JVM (JDK 17+) has the flag: the archive's options say to map it where it was dumped
    assertEquals("-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0\n", Files.readString(optionsOf(archive)));

    Files.delete(calls);
    // the JVM's own CDS log, on stdout (the user's options come last): where the archive went
    Result logged = launch(Map.of("JAVA_HOME", home.toString(), "REPRO4J_JAVA_OPTS", "-Xlog:cds=info"),
        "hash", "--no-hash-cache", file.toString());
    assertEquals(0, logged.exitCode(), logged.err());
    assertTrue(logged.out().contains("Opened archive " + archive), logged.out());
    assertFalse(logged.out().contains("ArchiveRelocationMode == 1"), logged.out());
    if (logged.out().contains("CDS heap data relocation delta")) { // heap objects archived (G1)
      assertTrue(logged.out().contains("CDS heap data relocation delta = 0 bytes"),
          "the dump's heap ends where a run's does: " + logged.out());
    }
    Result ui = launch(Map.of("JAVA_HOME", home.toString()), "ui", "--help");
    assertEquals(0, ui.exitCode(), ui.err());
    List<String> javaCalls = Files.readAllLines(calls);
    assertEquals(2, javaCalls.size(), javaCalls.toString());
    assertTrue(javaCalls.get(0).contains("-XX:SharedArchiveFile=" + archive + " ")
        && javaCalls.get(0).contains(" -XX:ArchiveRelocationMode=0 "), javaCalls.get(0));
    assertTrue(javaCalls.get(1).contains("-XX:SharedArchiveFile=" + archive + " ")
        && !javaCalls.get(1).contains("ArchiveRelocationMode"), "ui keeps the archive's ASLR: " + javaCalls.get(1));
  }

  @Test
  void aJvmWithoutTheRelocationFlagIsNeverGivenIt() throws Exception {
    // A JVM that does not know ArchiveRelocationMode: not in its flags, and refused as a JVM refuses it.
    Path calls = tmp.resolve("calls");
    Path home = fakeJava("old-jdk", calls,
        "case \"$*\" in *ArchiveRelocationMode=*) echo 'Unrecognized VM option' >&2; exit 1 ;; esac\n"
            + "case \"$*\" in *PrintFlagsFinal*) '" + JAVA_HOME.resolve("bin/java")
            + "' \"$@\" | grep -v ArchiveRelocationMode; exit 0 ;; esac\n"
            + "exec '" + JAVA_HOME.resolve("bin/java") + "' \"$@\"\n");
    Path file = Files.writeString(tmp.resolve("a.txt"), "a\n");
    Result expected = new Result(0, "60b725f10c9c85c70d97880dfe8191b3  " + file + "\n", "");
    assertEquals(expected, launch(Map.of("JAVA_HOME", home.toString()), "hash", "--no-hash-cache", file.toString()));
    Path archive = archives().get(0);
    assertEquals("\n", Files.readString(optionsOf(archive)));
    assertEquals(expected, launch(Map.of("JAVA_HOME", home.toString()), "hash", "--no-hash-cache", file.toString()));
    List<String> javaCalls = Files.readAllLines(calls);
    assertTrue(javaCalls.get(javaCalls.size() - 1).contains("-XX:SharedArchiveFile=" + archive + " "),
        "the archive is still used: " + javaCalls);
  }

  @Test
  void aCachePathWithSpacesMeansNoArchive() throws Exception {
    Path spaced = tmp.resolve("my cache");
    Result plain = launch(Map.of("REPRO4J_CDS", "off"), runsJson());
    assertEquals(new Result(0, plain.out(), ""), launch(Map.of("XDG_CACHE_HOME", spaced.toString()), runsJson()));
    assertFalse(Files.exists(spaced), "nothing written there");
  }

  /** Another JDK on this machine (e.g. /usr/lib/jvm/temurin-25-jdk-amd64), if there is one. */
  private static Optional<Path> anotherJdk() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    Path ours = JAVA_HOME.toRealPath();
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .filter(home -> Files.isExecutable(home.resolve("bin/java")) && !Files.isSymbolicLink(home))
          .filter(home -> {
            try {
              return !home.toRealPath().equals(ours);
            } catch (IOException e) {
              return false;
            }
          })
          .findFirst();
    }
  }

  @Test
  void anotherJvmGetsItsOwnArchiveAndIsSilentAboutOneMadeByAnother() throws Exception {
    Optional<Path> other = anotherJdk();
    assumeTrue(other.isPresent(), "only one JDK on this machine");
    Result plain = launch(Map.of("REPRO4J_CDS", "off"), runsJson());
    assertEquals(new Result(0, plain.out(), ""), launch(Map.of(), runsJson()));
    Path ours = archives().get(0);
    Map<String, String> env = Map.of("JAVA_HOME", other.get().toString());
    assertEquals(new Result(0, plain.out(), ""), launch(env, runsJson()));
    List<Path> both = archives();
    assertEquals(2, both.size(), "one per JVM: " + both);
    Path theirs = both.get(0).equals(ours) ? both.get(1) : both.get(0);

    // the other JVM handed this JVM's archive: it says so on stdout, unless the launcher silences it
    Files.delete(theirs);
    Files.copy(ours, theirs);
    assertEquals(new Result(0, plain.out(), ""), launch(env, runsJson()));
  }
}
