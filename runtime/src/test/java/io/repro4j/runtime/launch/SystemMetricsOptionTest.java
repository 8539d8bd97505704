package io.repro4j.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --system-metrics}, its interval and {@code REPRO4J_SYSTEM_METRICS}. */
class SystemMetricsOptionTest {
  private static CommandLine parse(Map<String, String> env, String... args) throws CommandLine.UsageException {
    return CommandLine.parse(args, env);
  }

  @Test
  void offUnlessAskedFor() throws Exception {
    CommandLine line = parse(Map.of(), "lr=0.1");
    assertFalse(line.systemMetrics());
    assertEquals(5_000, line.systemMetricsIntervalMs());
  }

  @Test
  void theFlagTurnsItOnEveryFiveSeconds() throws Exception {
    CommandLine line = parse(Map.of(), "--system-metrics", "lr=0.1");
    assertTrue(line.systemMetrics());
    assertEquals(5_000, line.systemMetricsIntervalMs());
    assertEquals(java.util.List.of("lr=0.1"), line.overrides());
  }

  @Test
  void anIntervalInSecondsImpliesTheFlag() throws Exception {
    CommandLine line = parse(Map.of(), "--system-metrics-interval", "0.25");
    assertTrue(line.systemMetrics());
    assertEquals(250, line.systemMetricsIntervalMs());
    assertEquals(2_000, parse(Map.of(), "--system-metrics-interval=2").systemMetricsIntervalMs());
  }

  @Test
  void theEnvironmentTurnsItOnAndTheFlagWins() throws Exception {
    assertTrue(parse(Map.of("REPRO4J_SYSTEM_METRICS", "TRUE")).systemMetrics());
    assertTrue(parse(Map.of("REPRO4J_SYSTEM_METRICS", "1")).systemMetrics());
    assertFalse(parse(Map.of("REPRO4J_SYSTEM_METRICS", "false")).systemMetrics());
    assertTrue(parse(Map.of("REPRO4J_SYSTEM_METRICS", "false"), "--system-metrics").systemMetrics());
  }

  @Test
  void aVariableThatIsNotABooleanIsAUsageErrorNamingIt() {
    CommandLine.UsageException e = assertThrows(
        CommandLine.UsageException.class, () -> parse(Map.of("REPRO4J_SYSTEM_METRICS", "yes please")));
    assertEquals(
        "REPRO4J_SYSTEM_METRICS='yes please' is not a boolean; set it to true or false (or unset it)",
        e.getMessage());
  }

  @Test
  void aBadIntervalSaysWhatIsAllowed() {
    for (String bad : new String[] {"0", "-1", "five", "NaN", "1e9", ""}) {
      CommandLine.UsageException e = assertThrows(
          CommandLine.UsageException.class, () -> parse(Map.of(), "--system-metrics-interval", bad), bad);
      assertEquals("--system-metrics-interval needs a number of seconds from 0.01 to 86400,"
          + " e.g. --system-metrics-interval 5; got '" + bad + "'", e.getMessage());
    }
    CommandLine.UsageException missing = assertThrows(
        CommandLine.UsageException.class, () -> parse(Map.of(), "--system-metrics-interval"));
    assertTrue(missing.getMessage().endsWith("got ''"), missing.getMessage());
  }
}
