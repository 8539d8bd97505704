package io.repro4j.cli;

import io.repro4j.runtime.Repro4j;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code repro4j} command. Exit codes as everywhere in Repro4j: 0 ok, 2 usage or config error;
 * {@code doctor} exits 1 when problems remain.
 */
@Command(
    name = "repro4j",
    mixinStandardHelpOptions = true,
    versionProvider = Repro4jCli.Version.class,
    description = "Tools for Repro4j experiments.")
public final class Repro4jCli implements Runnable {
  /**
   * The subcommands, in the order usage lists them. Added by {@link #commandLine(Map, Path, ZoneId,
   * String)} rather than by {@code @Command(subcommands = ...)}: picocli builds the model of every
   * listed command by reflection before parsing, about 0.3 s of a cold start that one command
   * does not need.
   */
  static final List<Class<?>> COMMANDS =
      List.of(
          OverrideCommand.class,
          RunsCommand.class,
          ShowCommand.class,
          DiffCommand.class,
          MetricsCommand.class,
          HashCommand.class,
          LockCommand.class,
          DoctorCommand.class,
          ExportCommand.class,
          SweepCommand.class,
          ReportCommand.class,
          UiCommand.class);

  @Spec CommandSpec spec;

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
      HashWarmUp.start(args); // on the other core while picocli builds the command
    }
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
    }
    System.exit(commandLine(args).execute(args));
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
    CommandLine commandLine = new CommandLine(new Repro4jCli(environment, workDir, zone));
    Class<?> named = null;
    for (Class<?> c : COMMANDS) {
      if (c.getAnnotation(Command.class).name().equals(first)) {
        named = c;
        break; // names are unique: the commands after it need not be read
      }
    }
    for (Class<?> c : named == null ? COMMANDS : List.of(named)) {
      commandLine.addSubcommand(c);
    }
    commandLine.setExpandAtFiles(false); // after adding: the setting is passed on to the subcommands
    return commandLine;
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
