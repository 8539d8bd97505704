package io.repro4j.runtime.data;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DvcHashTest} again with every entry stat-ed by path ({@link StatByPath}). */
@ExtendWith(StatByPath.class)
class DvcHashByPathTest extends DvcHashTest {}
