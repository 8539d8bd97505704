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

  @Test
  void theClassPathIsRequired() {
    Repro4jCliTest.Result result = Repro4jCliTest.run("lock", "x.Y");
    assertEquals(2, result.exitCode());
    assertTrue(result.err().contains("--class-path"), result.err());
  }
}
