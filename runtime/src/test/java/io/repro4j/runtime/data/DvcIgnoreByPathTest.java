package io.repro4j.runtime.data;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DvcIgnoreTest} again with every entry stat-ed by path ({@link StatByPath}). */
@ExtendWith(StatByPath.class)
class DvcIgnoreByPathTest extends DvcIgnoreTest {}
