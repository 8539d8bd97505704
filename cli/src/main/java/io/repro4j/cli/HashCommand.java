package io.repro4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repro4j.runtime.IoFailures;
import io.repro4j.runtime.data.DvcHash;
import io.repro4j.runtime.data.HashBatch;
import io.repro4j.runtime.data.HashCache;
import io.repro4j.runtime.data.HashMode;
import io.repro4j.runtime.progress.Progress;
import io.repro4j.runtime.progress.ProgressLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code repro4j hash [--mode md5|md5-dos2unix] [--json] [--hash-cache DIR | --no-hash-cache]
 * PATH...}: each file's or directory's hash exactly as DVC records it, so a dataset can be checked
 * by hand against a {@code .dvc} file. Files unchanged since the hash cache saw them are not read.
 * Exit code 0 when every path was hashed, 2 otherwise (each failure is reported on stderr, the
 * other paths are still hashed). All paths are hashed at once on every core, each distinct one once;
 * on a terminal a progress line shows on stderr when that takes more than a second.
 *
 * <p>Its model is built with picocli's programmatic API ({@link #spec}), not read from annotations,
 * and plain command lines do without it ({@link Arguments#plain}): this command's wall time, JVM
 * start included, is what issue 5's targets measure (see {@link Repro4jCli}).
 */
final class HashCommand implements Callable<Integer> {
  private final Repro4jCli parent;
  private final CommandSpec spec;

  private final OptionSpec mode =
      OptionSpec.builder("--mode")
          .paramLabel("MODE")
          .type(HashMode.class)
          .converters(new ModeConverter())
          .defaultValue("md5")
          .description("md5 (DVC 3.x, entries with 'hash: md5'; the default) or md5-dos2unix (DVC 2.x,"
              + " entries without 'hash': CRLF counts as LF in text).")
          .build();

  private final OptionSpec json =
      OptionSpec.builder("--json").type(boolean.class).initialValue(false)
          .description("One JSON object per path.").build();

  private final PositionalParamSpec paths =
      PositionalParamSpec.builder()
          .arity("1..*")
          .required(true)
          .paramLabel("PATH")
          .type(List.class)
          .auxiliaryTypes(Path.class)
          .description("Files or directories to hash.")
          .build();

  private final OptionSpec hashCache =
      OptionSpec.builder("--hash-cache")
          .paramLabel("DIR")
          .type(Path.class)
          .description("Where to remember file hashes, so that unchanged files are not read again"
              + " (default: $" + HashCache.ENV_DIR + ", else .repro4j/cache/hashes in the working"
              + " directory).")
          .build();

  private final OptionSpec noHashCache =
      OptionSpec.builder("--no-hash-cache").type(boolean.class).initialValue(false)
          .description("Read and hash every file; use no hash cache.").build();

  private HashCommand(Repro4jCli parent) {
    this.parent = parent;
    this.spec = CommandSpec.wrapWithoutInspection(this).name("hash");
    spec.usageMessage().description(
        "Prints DVC-compatible hashes: a file's md5, a directory's md5 of its .dir manifest.",
        "Without --json, one line per path as md5sum prints it: MD5  PATH.",
        "With --json, one object per line: {\"path\", \"md5\", \"size\", \"nfiles\"}"
            + " (nfiles is null for a file, as DVC records none).",
        "All paths are hashed together on every core. On a terminal, stderr shows progress when"
            + " hashing takes more than a second (REPRO4J_PROGRESS=always|never overrides).");
    spec.addOption(mode);
    spec.addOption(json);
    spec.addPositional(paths);
    spec.addOption(hashCache);
    spec.addOption(noHashCache);
    Repro4jCli.addStandardHelpOptions(spec);
  }

  /** The {@code hash} subcommand of {@code parent}, whose environment and working directory it uses. */
  static CommandSpec spec(Repro4jCli parent) {
    return new HashCommand(parent).spec;
  }

  @Override
  public Integer call() throws JsonProcessingException {
    return hash(arguments(), parent.environment, parent.workDir, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** What picocli parsed. */
  Arguments arguments() {
    return new Arguments(mode.getValue(), json.getValue(), paths.getValue(), hashCache.getValue(), noHashCache.getValue());
  }

  /**
   * A {@code hash} command line's values.
   *
   * @param mode {@code --mode}
   * @param json {@code --json}
   * @param paths the files and directories to hash, at least one
   * @param hashCache {@code --hash-cache}, or null
   * @param noHashCache {@code --no-hash-cache}
   */
  record Arguments(HashMode mode, boolean json, List<Path> paths, Path hashCache, boolean noHashCache) {
    /**
     * The values of {@code args} ({@code hash ...}) when they are plain: each option given at most
     * once, by its full name ({@code --mode M} or {@code --mode=M} with a mode {@code --mode}
     * accepts, {@code --hash-cache DIR} or {@code --hash-cache=DIR}, {@code --json}, {@code
     * --no-hash-cache}), and at least one path, none empty or starting with {@code -}. Such a
     * command line means to picocli exactly what it means here ({@code HashCommandTest} compares
     * the two on generated command lines); for anything else, null, and picocli parses it, with its
     * help and its error messages. Also null whenever the system property {@code
     * picocli.trimQuotes} is set, which has picocli strip quotes from every argument.
     *
     * <p>{@link Repro4jCli#execute} runs plain arguments without building picocli's model (about
     * 50 ms of a cold start, the JVM's own start-up aside the largest part of {@code repro4j
     * hash}'s fixed cost: BENCHMARKS.md), and {@link HashWarmUp#plan} decides from the same values
     * what to ready.
     */
    static Arguments plain(String[] args) {
      if (args.length < 2 || !args[0].equals("hash") || System.getProperty("picocli.trimQuotes") != null) {
        return null;
      }
      HashMode mode = null;
      Path hashCache = null;
      boolean json = false;
      boolean noHashCache = false;
      List<Path> paths = new ArrayList<>();
      try {
        for (int i = 1; i < args.length; i++) {
          String arg = args[i];
          String value = null;
          String name = arg;
          if (arg.startsWith("--mode=") || arg.startsWith("--hash-cache=")) {
            name = arg.substring(0, arg.indexOf('='));
            value = arg.substring(name.length() + 1);
          } else if ((arg.equals("--mode") || arg.equals("--hash-cache")) && i + 1 < args.length) {
            value = args[++i];
          }
          if (value != null && (value.isEmpty() || value.startsWith("-"))) {
            return null;
          }
          if (name.equals("--mode") && value != null && mode == null) {
            mode = HashMode.fromDvcName(value);
          } else if (name.equals("--hash-cache") && value != null && hashCache == null) {
            hashCache = Path.of(value);
          } else if (name.equals("--json") && !json) {
            json = true;
          } else if (name.equals("--no-hash-cache") && !noHashCache) {
            noHashCache = true;
          } else if (!arg.isEmpty() && !arg.startsWith("-")) {
            paths.add(Path.of(arg));
          } else {
            return null; // another option, one given twice, a missing value, --, -, ""
          }
        }
      } catch (IllegalArgumentException e) { // an unknown mode, a path the file system cannot name
        return null;
      }
      return paths.isEmpty() ? null : new Arguments(mode == null ? HashMode.MD5 : mode, json, paths, hashCache, noHashCache);
    }
  }

  /**
   * Runs {@code hash} with {@code arguments}: the hashes on {@code out}, failures on {@code err};
   * the exit code.
   */
  static int hash(Arguments arguments, Map<String, String> environment, Path workDir, PrintWriter out, PrintWriter err)
      throws JsonProcessingException {
    HashMode mode = arguments.mode();
    boolean json = arguments.json();
    List<Path> paths = arguments.paths();
    Path hashCache = arguments.hashCache();
    boolean noHashCache = arguments.noHashCache();
    if (noHashCache && hashCache != null) {
      err.println("repro4j hash: --hash-cache and --no-hash-cache exclude each other; give one");
      err.flush();
      return 2;
    }
    HashCache cache = noHashCache ? null
        : HashCache.choose(hashCache, environment, workDir.toAbsolutePath());
    boolean allHashed = true;
    List<HashBatch.Target> targets = new ArrayList<>();
    boolean[] missing = new boolean[paths.size()]; // looked at once: the outcomes follow the targets
    for (int i = 0; i < paths.size(); i++) {
      missing[i] = !Files.exists(paths.get(i), LinkOption.NOFOLLOW_LINKS);
      if (!missing[i]) {
        targets.add(new HashBatch.Target(paths.get(i), mode));
      }
    }
    // All paths at once on every core; printed afterwards in the order given.
    Progress progress = new Progress();
    List<HashBatch.Outcome> outcomes;
    try (ProgressLine line = ProgressLine.start("hashing", progress, ProgressLine.Unit.BYTES, "files")) {
      outcomes = HashBatch.hashAll(targets, line.draws() ? progress : null, cache); // silent: no sizes to look up
    }
    Iterator<HashBatch.Outcome> outcome = outcomes.iterator();
    for (int i = 0; i < paths.size(); i++) {
      Path path = paths.get(i);
      if (missing[i]) {
        err.println("repro4j hash: " + path + ": no such file or directory (relative paths are"
            + " resolved against " + Path.of("").toAbsolutePath() + ")");
        allHashed = false;
        continue;
      }
      DvcHash hash;
      try {
        hash = outcome.next().dvcHash();
      } catch (IOException e) {
        err.println("repro4j hash: " + path + ": " + IoFailures.describe(e));
        allHashed = false;
        continue;
      }
      if (json) {
        ObjectNode line = Json.PLAIN.createObjectNode();
        line.put("path", path.toString());
        line.put("md5", hash.md5());
        line.put("size", hash.size());
        if (hash.directory()) {
          line.put("nfiles", hash.nfiles());
        } else {
          line.putNull("nfiles");
        }
        out.println(Json.PLAIN.writeValueAsString(line));
      } else {
        // In pieces, not with '+': a string concatenation's first run links StringConcatFactory's
        // method handles, which spins a dozen classes (about 20 ms) just before the output.
        out.print(hash.md5());
        out.print("  ");
        out.println(path);
      }
    }
    out.flush();
    err.flush();
    return allHashed ? 0 : 2;
  }

  /** {@code --mode}: DVC's names for the modes. */
  static final class ModeConverter implements CommandLine.ITypeConverter<HashMode> {
    @Override
    public HashMode convert(String value) {
      try {
        return HashMode.fromDvcName(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
