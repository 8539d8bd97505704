package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repro4j lock}'s own usage errors, before any trainer runs. What it does with a real
 * trainer is tested end to end in samples (DataLockTest), where trainers are compiled with the processor.
 */
class LockCommandTest {
  @TempDir Path dir;

  @Test
  void aClassThatIsNotOnTheClassPathIsAUsageError() {
    Repro4jCliTest.Result result = Repro4jCliTest.run("lock", "--class-path", dir.toString(), "com.example.Missing");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().startsWith("repro4j lock: class com.example.Missing not found on --class-path " + dir),
        result.err());
  }

  @Test
  void aClassThatIsNotATrainerIsAUsageError() {
    Repro4jCliTest.Result result = Repro4jCliTest.run("lock", "--class-path", dir.toString(), "java.lang.String");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("java.lang.String does not implement io.repro4j.runtime.Trainer"), result.err());
  }

  @Test
  void aMissingClassPathEntryIsNamed() {
    Path missing = dir.resolve("nope");
    Repro4jCliTest.Result result = Repro4jCliTest.run("lock", "-cp", missing.toString(), "x.Y");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--class-path entry " + missing + " does not exist"), result.err());
  }

  /**
   * The model is built by hand (LockCommand.spec): its usage is the one the annotations gave, with
   * the description wrapped as whole paragraphs (it used to break each of its source lines again).
   */
  @Test
  void usageIsUnchanged() {
    Repro4jCliTest.Result help = Repro4jCliTest.runAsMain("lock", "--help");
    assertEquals(0, help.exitCode());
    assertEquals(
        "Usage: repro4j lock [-hV] [--check] -cp=CP [--lock-file=PATH] CLASS\n"
            + "                    [OVERRIDE...]\n"
            + "Writes or updates the lock file (./repro4j.lock) with the hash of every dataset\n"
            + "of the experiment that is not pinned by md5 or DVC, at the location a run with\n"
            + "the same overrides would read. A run then fails (exit 2) when the data no\n"
            + "longer matches, unless run with --allow-data-drift. Same as running the trainer\n"
            + "with --lock.\n"
            + "Exit codes: 0 written (or up to date with --check), 2 usage, config or data\n"
            + "error, or out of date with --check.\n"
            + "      CLASS                  The @Experiment class, e.g. io.example.IrisTrainer.\n"
            + "      [OVERRIDE...]          Overrides as for a run, e.g. iris=data/v2.csv.\n"
            + "      --check                Do not write: exit 2 when the lock file is out of\n"
            + "                               date (for CI).\n"
            + "      -cp, --class-path=CP   Where the trainer and its generated code are:\n"
            + "                               directories and jars separated by the platform's\n"
            + "                               path separator (':' or ';'); DIR/* adds every\n"
            + "                               jar in DIR.\n"
            + "  -h, --help                 Show this help message and exit.\n"
            + "      --lock-file=PATH       The lock file (default: ./repro4j.lock).\n"
            + "  -V, --version              Print version information and exit.\n",
        help.out().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void theClassIsRequiredAndOverridesAreNot() {
    Repro4jCliTest.Result result = Repro4jCliTest.run("lock");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().startsWith("Missing required options and parameters: '--class-path=CP', 'CLASS'"),
        result.err());
    assertTrue(result.err().replace(System.lineSeparator(), "\n").contains("CLASS\n                    [OVERRIDE...]"), result.err());
  }

  @Test
  void theClassPathIsRequired() {
    Repro4jCliTest.Result result = Repro4jCliTest.run("lock", "x.Y");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--class-path"), result.err());
  }
}
