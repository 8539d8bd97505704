package io.repro4j.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void overridesKeepTheirOrderAndOptionsAreRecognised() throws Exception {
    CommandLine line = CommandLine.parse(
        new String[] {"lr=0.1", "--cfg", "--tracking-uri", "/tmp/x", "names=[a,b]", "~ignored"}, Map.of());
    assertTrue(line.printConfig());
    assertFalse(line.help());
    assertEquals("/tmp/x", line.trackingUri());
    assertEquals(List.of("lr=0.1", "names=[a,b]", "~ignored"), line.overrides());
  }

  @Test
  void trackingUriComesFromTheFlagThenTheEnvironmentThenTheDefault() throws Exception {
    Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", "file:///srv/mlruns");
    assertEquals("a", CommandLine.parse(new String[] {"--tracking-uri=a"}, env).trackingUri());
    assertEquals("file:///srv/mlruns", CommandLine.parse(new String[] {}, env).trackingUri());
    assertEquals("./mlruns", CommandLine.parse(new String[] {}, Map.of()).trackingUri());
    assertEquals("./mlruns", CommandLine.parse(new String[] {}, Map.of("MLFLOW_TRACKING_URI", " ")).trackingUri());
  }

  @Test
  void infoIsAnOption() throws Exception {
    CommandLine line = CommandLine.parse(new String[] {"--info", "lr=0.1"}, Map.of());
    assertTrue(line.info());
    assertFalse(line.printConfig());
    assertEquals(List.of("lr=0.1"), line.overrides());
    assertFalse(CommandLine.parse(new String[] {"lr=0.1"}, Map.of()).info());
  }

  @Test
  void helpHasAShortForm() throws Exception {
    assertTrue(CommandLine.parse(new String[] {"-h"}, Map.of()).help());
    assertTrue(CommandLine.parse(new String[] {"--help"}, Map.of()).help());
  }

  @Test
  void unknownOptionsAndAMissingValueAreUsageErrors() {
    CommandLine.UsageException unknown = assertThrows(
        CommandLine.UsageException.class, () -> CommandLine.parse(new String[] {"--lr", "3"}, Map.of()));
    assertTrue(unknown.getMessage().contains("unknown option '--lr'"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("KEY=VALUE"), unknown.getMessage());
    CommandLine.UsageException missing = assertThrows(
        CommandLine.UsageException.class, () -> CommandLine.parse(new String[] {"--tracking-uri"}, Map.of()));
    assertTrue(missing.getMessage().contains("needs a value"), missing.getMessage());
  }

  @Test
  void lockOptions() throws Exception {
    CommandLine lock = CommandLine.parse(new String[] {"--lock", "--lock-file", "locks/a.lock", "iris=x.csv"}, Map.of());
    assertTrue(lock.lock());
    assertFalse(lock.lockCheck());
    assertEquals("locks/a.lock", lock.lockFile());
    assertEquals(List.of("iris=x.csv"), lock.overrides());
    assertTrue(CommandLine.parse(new String[] {"--lock-check", "--lock-file=b.lock"}, Map.of()).lockCheck());
    assertEquals("b.lock", CommandLine.parse(new String[] {"--lock-file=b.lock"}, Map.of()).lockFile());
    CommandLine run = CommandLine.parse(new String[] {"--allow-data-drift"}, Map.of());
    assertTrue(run.allowDataDrift());
    assertEquals(null, run.lockFile());
    assertFalse(CommandLine.parse(new String[] {}, Map.of()).allowDataDrift());
  }

  @Test
  void lockOptionsThatContradictEachOtherAreUsageErrors() {
    assertTrue(assertThrows(CommandLine.UsageException.class,
        () -> CommandLine.parse(new String[] {"--lock", "--lock-check"}, Map.of())).getMessage().contains("pass one"));
    assertTrue(assertThrows(CommandLine.UsageException.class,
        () -> CommandLine.parse(new String[] {"--lock", "--allow-data-drift"}, Map.of())).getMessage()
        .contains("--allow-data-drift is for a run"));
    assertTrue(assertThrows(CommandLine.UsageException.class,
        () -> CommandLine.parse(new String[] {"--lock-file"}, Map.of())).getMessage().contains("--lock-file needs a path"));
    assertTrue(assertThrows(CommandLine.UsageException.class,
        () -> CommandLine.parse(new String[] {"--lock-file="}, Map.of())).getMessage().contains("--lock-file needs a path"));
  }
}
