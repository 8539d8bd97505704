package io.repro4j.runtime.data;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link DvcIgnoreTest} again with every entry stat-ed by path: the walk's fallback where the JDK's
 * internals that {@link UnixStatAt} uses are not available.
 */
class DvcIgnoreByPathTest extends DvcIgnoreTest {
  private static boolean enabledBefore;

  @BeforeAll
  static void statByPath() {
    enabledBefore = UnixStatAt.enabled;
    UnixStatAt.enabled = false;
  }

  @AfterAll
  static void statAtAgain() {
    UnixStatAt.enabled = enabledBefore;
  }
}
