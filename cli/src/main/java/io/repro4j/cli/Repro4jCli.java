package io.repro4j.cli;

import io.repro4j.runtime.Repro4j;
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
    description = "Tools for Repro4j experiments.",
    subcommands = {
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
      UiCommand.class
    })
public final class Repro4jCli implements Runnable {
  @Spec CommandSpec spec;

  /** Environment variables (MLFLOW_TRACKING_URI); a parameter so that tests can set them. */
  final java.util.Map<String, String> environment;

  /** The directory relative tracking URIs resolve against. */
  final java.nio.file.Path workDir;

  /** The zone times are shown in. */
  final java.time.ZoneId zone;

  Repro4jCli(java.util.Map<String, String> environment, java.nio.file.Path workDir, java.time.ZoneId zone) {
    this.environment = environment;
    this.workDir = workDir;
    this.zone = zone;
  }

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line as {@link #main} runs it; tests set its streams. Argument files ({@code @file})
   * are off, since {@code @pkg=x} is an override.
   */
  public static CommandLine commandLine() {
    return commandLine(System.getenv(), java.nio.file.Path.of(""), java.time.ZoneId.systemDefault());
  }

  /** As {@link #commandLine()}, with the environment, working directory and time zone given. */
  static CommandLine commandLine(java.util.Map<String, String> environment, java.nio.file.Path workDir, java.time.ZoneId zone) {
    CommandLine commandLine = new CommandLine(new Repro4jCli(environment, workDir, zone));
    commandLine.setExpandAtFiles(false);
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
