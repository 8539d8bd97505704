package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code sweep:} key of a primary config file: sweep overrides, not values. */
class SweepSectionTest {
  @Test
  void itsEntriesAreOverridesInOrderAndNotValues() throws ConfigException {
    ConfigFile file = YamlConfigReader.readPrimary("exp.yaml",
        "lr: 0.5\nsweep:\n  lr: 0.1,0.01\n  epochs: range(10,30,10)\n  flag: true\n");
    assertEquals(List.of("lr=0.1,0.01", "epochs=range(10,30,10)", "flag=true"), file.sweep());
    assertEquals(List.of("lr"), List.copyOf(file.values().keySet()));
  }

  @Test
  void aBadEntryIsReportedAtItsLine() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> YamlConfigReader.readPrimary("exp.yaml", "sweep:\n  lr: range(1,a)\n  epochs: [1, 2]\n"));
    assertEquals(2, e.problems().size(), e.problems().toString());
    String first = e.problems().get(0).format();
    assertTrue(first.startsWith("exp.yaml:2:7: sweep entry 'lr=range(1,a)': "), first);
    assertTrue(first.contains("mismatch type argument stop"), first);
    assertTrue(e.problems().get(1).format().startsWith("exp.yaml:3:11: a sweep entry is 'key: values'"),
        e.problems().get(1).format());
  }

  @Test
  void onlyAPrimaryFileHasASweep() throws ConfigException {
    // In an option file (conf/group/x.yaml) 'sweep' is an ordinary key.
    assertEquals(List.of("sweep.lr"), List.copyOf(YamlConfigReader.read("x.yaml", "sweep:\n  lr: 1\n").keySet()));
  }
}
