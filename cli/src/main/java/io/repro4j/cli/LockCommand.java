package io.repro4j.cli;

import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.launch.Launcher;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code repro4j lock --class-path CP [--check] [--lock-file PATH] CLASS [OVERRIDE]...}: loads the
 * trainer class and does what the trainer's own {@code --lock} (or {@code --lock-check}) does, with
 * the same config resolution (defaults, YAML, overrides; paths relative to the working directory).
 */
final class LockCommand implements Callable<Integer> {
  private final Repro4jCli parent;
  private final CommandSpec spec;

  private final OptionSpec classPath =
      OptionSpec.builder("--class-path", "-cp")
          .paramLabel("CP")
          .type(String.class)
          .required(true)
          .description("Where the trainer and its generated code are: directories and jars separated by"
              + " the platform's path separator (':' or ';'); DIR/* adds every jar in DIR.")
          .build();

  private final OptionSpec check =
      OptionSpec.builder("--check").type(boolean.class).initialValue(false)
          .description("Do not write: exit 2 when the lock file is out of date (for CI).").build();

  private final OptionSpec lockFile =
      OptionSpec.builder("--lock-file").paramLabel("PATH").type(String.class)
          .description("The lock file (default: ./repro4j.lock).").build();

  private final PositionalParamSpec className =
      PositionalParamSpec.builder().index("0").required(true).paramLabel("CLASS").type(String.class)
          .description("The @Experiment class, e.g. io.example.IrisTrainer.").build();

  private final PositionalParamSpec overrides =
      PositionalParamSpec.builder()
          .index("1..*")
          .arity("0..1") // what picocli gives an annotated List: the index range takes the rest
          .paramLabel("OVERRIDE")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .initialValue(new ArrayList<String>())
          .description("Overrides as for a run, e.g. iris=data/v2.csv.")
          .build();

  private LockCommand(Repro4jCli parent) {
    this.parent = parent;
    this.spec = CommandSpec.wrapWithoutInspection(this).name("lock");
    spec.usageMessage().description( // one string per paragraph: picocli wraps each to the width
        "Writes or updates the lock file (./repro4j.lock) with the hash of every dataset of the"
            + " experiment that is not pinned by md5 or DVC, at the location a run with the same overrides"
            + " would read. A run then fails (exit 2) when the data no longer matches, unless run with"
            + " --allow-data-drift. Same as running the trainer with --lock.",
        "Exit codes: 0 written (or up to date with --check), 2 usage, config or data error, or out of"
            + " date with --check.");
    spec.addOption(classPath);
    spec.addOption(check);
    spec.addOption(lockFile);
    spec.addPositional(className);
    spec.addPositional(overrides);
    Repro4jCli.addStandardHelpOptions(spec);
  }

  /**
   * The {@code lock} subcommand of {@code parent}, whose environment and working directory it uses;
   * built with picocli's programmatic API as {@code hash} is (see {@link Repro4jCli}).
   */
  static CommandSpec spec(Repro4jCli parent) {
    return new LockCommand(parent).spec;
  }

  @Override
  public Integer call() {
    String classPath = this.classPath.getValue();
    boolean check = this.check.getValue();
    String lockFile = this.lockFile.getValue();
    String className = this.className.getValue();
    List<String> overrides = this.overrides.getValue();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Trainer trainer;
    try {
      trainer = instantiate(loader(classPath), className, classPath);
    } catch (UsageError e) {
      err.println("repro4j lock: " + e.getMessage());
      err.flush();
      return 2;
    }
    List<String> args = new ArrayList<>();
    args.add(check ? "--lock-check" : "--lock");
    if (lockFile != null) {
      args.add("--lock-file");
      args.add(lockFile);
    }
    args.addAll(overrides);
    PrintStream outStream = printStream(out);
    PrintStream errStream = printStream(err);
    int code = new Launcher(outStream, errStream, parent.workDir, parent.environment)
        .run(trainer, args.toArray(String[]::new));
    outStream.flush();
    errStream.flush();
    return code;
  }

  private ClassLoader loader(String classPath) {
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      try {
        if (entry.endsWith("*")) {
          Path dir = parent.workDir.resolve(entry.substring(0, entry.length() - 1));
          try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
            for (Path jar : jars) {
              urls.add(jar.toUri().toURL());
            }
          }
        } else {
          Path path = parent.workDir.resolve(entry);
          if (!Files.exists(path)) {
            throw new UsageError("--class-path entry " + path.toAbsolutePath() + " does not exist;"
                + " pass the trainer's classes directory or jar");
          }
          urls.add(path.toUri().toURL());
        }
      } catch (IOException e) {
        throw new UsageError("--class-path entry '" + entry + "' cannot be read: " + e.getMessage());
      }
    }
    // The CLI's own runtime classes come first, so the trainer runs against the Launcher used here.
    return new URLClassLoader(urls.toArray(URL[]::new), LockCommand.class.getClassLoader());
  }

  private static Trainer instantiate(ClassLoader loader, String className, String classPath) {
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UsageError("class " + className + " not found on --class-path " + classPath
          + "; give the @Experiment class's binary name, e.g. io.example.IrisTrainer");
    }
    if (!Trainer.class.isAssignableFrom(type)) {
      throw new UsageError(className + " does not implement io.repro4j.runtime.Trainer; give the"
          + " @Experiment class");
    }
    try {
      return (Trainer) type.getDeclaredConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw new UsageError(className + " has no constructor without parameters, which the lock needs to"
          + " read its field defaults; add one, or run the trainer's own main with --lock");
    } catch (InvocationTargetException e) {
      throw new UsageError("the constructor of " + className + " threw " + e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new UsageError("cannot construct " + className + ": " + e);
    }
  }

  /** A PrintStream over picocli's writer, flushed line by line, so tests that set the writers see it. */
  private static PrintStream printStream(PrintWriter writer) {
    OutputStream bytes = new OutputStream() {
      private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

      @Override
      public void write(int b) {
        pending.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
      }

      @Override
      public void flush() {
        writer.write(pending.toString(StandardCharsets.UTF_8));
        writer.flush();
        pending.reset();
      }
    };
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
