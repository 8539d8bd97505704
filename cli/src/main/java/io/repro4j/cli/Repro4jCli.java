package io.repro4j.cli;

import io.repro4j.runtime.Repro4j;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code repro4j} command. Exit codes as everywhere in Repro4j: 0 ok, 2 usage or config error;
 * {@code doctor} exits 1 when problems remain.
 *
 * <p>This command, {@code hash} and {@code lock} are built with picocli's programmatic API, not its
 * annotations: reading annotations spins a proxy class per annotation type and reflects over
 * fields and generic signatures, 40-90 ms of main-thread CPU at every start of the two commands
 * that hash, whose wall time (JVM start included) is what issue 5's targets measure (BENCHMARKS.md,
 * "Start-up of `repro4j hash`: picocli's model built by hand"). A {@code hash} command line with
 * plain arguments ({@link HashCommand.Arguments#plain}) is run without picocli at all. The other
 * subcommands stay annotated classes, read only when named.
 */
public final class Repro4jCli implements Runnable {
  /**
   * The subcommands' names, in the order usage lists them. Each is added by {@link
   * #commandLine(Map, Path, ZoneId, String)} rather than by {@code @Command(subcommands = ...)}:
   * picocli builds the model of every listed command before parsing, about 0.3 s of a cold start
   * that one command does not need.
   */
  static final List<String> COMMANDS =
      List.of("override", "runs", "show", "diff", "metrics", "hash", "lock", "doctor", "export", "sweep", "report", "ui");

  /** This command's model: {@link #run} reports a usage error through it. */
  private CommandSpec spec;

  /** Environment variables (MLFLOW_TRACKING_URI); a parameter so that tests can set them. */
  final java.util.Map<String, String> environment;

  /** The directory relative tracking URIs resolve against. */
  final java.nio.file.Path workDir;

  /** The zone times are shown in; null until {@link #zone()} first asks for the system's. */
  private java.time.ZoneId zone;

  /** With {@code zone} null, times are shown in the system's zone, looked up when first needed. */
  Repro4jCli(java.util.Map<String, String> environment, java.nio.file.Path workDir, java.time.ZoneId zone) {
    this.environment = environment;
    this.workDir = workDir;
    this.zone = zone;
  }

  /**
   * The zone times are shown in. Looked up on first use: the system's zone reads the time-zone
   * database (tzdb.dat), a cost at every start that commands showing no time ({@code hash}, {@code
   * lock}) need not pay.
   */
  java.time.ZoneId zone() {
    if (zone == null) {
      zone = ZoneId.systemDefault();
    }
    return zone;
  }

  /**
   * picocli's built-in converters that it registers by reflection on every start (loading the
   * classes, which for java.sql means another module): no option of ours has these types.
   */
  static final String UNUSED_CONVERTERS = "java\\.time\\..*,java\\.sql\\..*";

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    String first = args.length == 0 ? null : args[0];
    if (("hash".equals(first) || "lock".equals(first)) && !"false".equals(System.getProperty(HashWarmUp.PROPERTY))) {
      HashWarmUp.start(args); // on the other core while the command starts
    }
    System.exit(execute(args, System.getenv(), Path.of(""),
        writer(System.out, "sun.stdout.encoding"), writer(System.err, "sun.stderr.encoding")));
  }

  /**
   * Runs {@code args} as {@link #main} does, with {@code environment} and {@code workDir}, writing
   * to {@code out} and {@code err}; the exit code. A {@code hash} command line with plain arguments
   * ({@link HashCommand.Arguments#plain}) runs without picocli, an unexpected exception handled as
   * picocli's {@code execute} handles one (its stack trace, exit code 1); any other runs on a
   * command line with only the subcommand it names ({@link #commandLine(Map, Path, ZoneId, String)}).
   */
  static int execute(String[] args, Map<String, String> environment, Path workDir, PrintWriter out, PrintWriter err) {
    HashCommand.Arguments plainHash = HashCommand.Arguments.plain(args);
    if (plainHash != null) {
      try {
        return HashCommand.hash(plainHash, environment, workDir, out, err);
      } catch (Exception e) {
        e.printStackTrace(err);
        err.flush();
        return 1;
      }
    }
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
    }
    CommandLine commandLine = commandLine(environment, workDir, null, args.length == 0 ? null : args[0]);
    commandLine.setOut(out);
    commandLine.setErr(err);
    return commandLine.execute(args);
  }

  /**
   * A writer on {@code stream} as picocli makes its own ({@code CommandLine.getOut()}, {@code
   * getErr()}): in the encoding the JVM names in {@code encodingProperty}, else (also when that
   * name is unknown to this JVM) the default one; flushed at each line.
   */
  static PrintWriter writer(PrintStream stream, String encodingProperty) {
    String encoding = System.getProperty(encodingProperty);
    Charset charset;
    try {
      charset = encoding == null ? Charset.defaultCharset()
          : Charset.forName("cp65001".equalsIgnoreCase(encoding) ? "UTF-8" : encoding); // Windows' name for UTF-8
    } catch (IllegalArgumentException e) { // unsupported or malformed name
      charset = Charset.defaultCharset();
    }
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
  }

  /** The command line {@link #main} runs {@code args} with: only the subcommand they name is built. */
  static CommandLine commandLine(String[] args) {
    return commandLine(System.getenv(), Path.of(""), null, args.length == 0 ? null : args[0]);
  }

  /**
   * The command line as {@link #main} runs it; tests set its streams. Argument files ({@code @file})
   * are off, since {@code @pkg=x} is an override.
   */
  public static CommandLine commandLine() {
    return commandLine(System.getenv(), java.nio.file.Path.of(""), null);
  }

  /** As {@link #commandLine()}, with the environment, working directory and time zone given. */
  static CommandLine commandLine(java.util.Map<String, String> environment, java.nio.file.Path workDir, java.time.ZoneId zone) {
    return commandLine(environment, workDir, zone, null);
  }

  /**
   * As {@link #commandLine(Map, Path, ZoneId)}, with only the subcommand named {@code first} when
   * it names one (the first argument: what the root would dispatch to), else with all of them, so
   * that root usage, {@code --version} and the error for an unknown command stay as they are.
   */
  static CommandLine commandLine(Map<String, String> environment, Path workDir, ZoneId zone, String first) {
    Repro4jCli root = new Repro4jCli(environment, workDir, zone);
    CommandLine commandLine = new CommandLine(root.spec());
    boolean named = first != null && COMMANDS.contains(first);
    for (String name : named ? List.of(first) : COMMANDS) {
      commandLine.addSubcommand(subcommand(name, root));
    }
    commandLine.setExpandAtFiles(false); // after adding: the setting is passed on to the subcommands
    return commandLine;
  }

  /** The root command's model: {@code --help}, {@code --version}, no options of its own. */
  private CommandSpec spec() {
    spec = CommandSpec.wrapWithoutInspection(this).name("repro4j").versionProvider(new Version());
    spec.usageMessage().description("Tools for Repro4j experiments.");
    addStandardHelpOptions(spec);
    return spec;
  }

  /**
   * What {@code @Command(mixinStandardHelpOptions = true)} adds, without the annotated mixin that
   * picocli would read by reflection: {@code -h, --help} and {@code -V, --version}. Added last, as
   * picocli adds the mixin's.
   */
  static void addStandardHelpOptions(CommandSpec command) {
    command.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).initialValue(false)
        .description("Show this help message and exit.").build());
    command.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).initialValue(false)
        .description("Print version information and exit.").build());
  }

  /**
   * The subcommand named {@code name} (one of {@link #COMMANDS}): a command line built by hand, or
   * the annotated class, which picocli reads when it is added.
   */
  private static Object subcommand(String name, Repro4jCli root) {
    switch (name) {
      case "override": return OverrideCommand.class;
      case "runs": return RunsCommand.class;
      case "show": return ShowCommand.class;
      case "diff": return DiffCommand.class;
      case "metrics": return MetricsCommand.class;
      case "hash": return new CommandLine(HashCommand.spec(root));
      case "lock": return new CommandLine(LockCommand.spec(root));
      case "doctor": return DoctorCommand.class;
      case "export": return ExportCommand.class;
      case "sweep": return SweepCommand.class;
      case "report": return ReportCommand.class;
      case "ui": return UiCommand.class;
      default: throw new IllegalArgumentException("no subcommand " + name);
    }
  }

  /** Without a subcommand: a usage error (picocli prints it with the usage, exit code 2). */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing a command, e.g. repro4j override 'lr=0.1'");
  }

  /** {@code --version}: Repro4j's version, and the grammar it follows. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"repro4j " + Repro4j.version() + " (override grammar of Hydra 1.3)"};
    }
  }
}
