package io.repro4j.runtime.data;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link HashCacheTest} again with every entry stat-ed by path ({@link StatByPath}). */
@ExtendWith(StatByPath.class)
class HashCacheByPathTest extends HashCacheTest {
  @Test
  void theseTestsRunWithTheStatsByPath() {
    assertFalse(UnixStatAt.enabled, "StatByPath did not switch the descriptor stats off");
  }
}
