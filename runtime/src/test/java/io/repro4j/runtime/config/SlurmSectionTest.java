package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code slurm:} key of a primary config file: the SLURM launcher's options, not values. */
class SlurmSectionTest {
  @Test
  void itsEntriesAreLauncherSettingsWithTheirPlaceAndNotValues() throws ConfigException {
    ConfigFile file = YamlConfigReader.readPrimary("exp.yaml",
        "lr: 0.5\nslurm:\n  partition: gpu\n  time: 1:30:00\n  account: ~\n  extra:\n    - --qos=long\n"
            + "    - --constraint=v100\n");
    assertEquals(List.of("lr"), List.copyOf(file.values().keySet()));
    List<LauncherSetting> slurm = file.slurm();
    assertEquals(4, slurm.size(), slurm.toString());
    assertEquals(new LauncherSetting("partition", "gpu", new Origin.InFile("exp.yaml", 3, 14)), slurm.get(0));
    // the scalar's text as written: YAML 1.1 would read 1:30:00 as a base-60 integer
    assertEquals("1:30:00", slurm.get(1).value());
    assertNull(slurm.get(2).value());
    assertEquals(List.of("--qos=long", "--constraint=v100"), slurm.get(3).value());
    assertEquals(7, slurm.get(3).origin().line());
  }

  @Test
  void aBadShapeIsReportedAtItsLine() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> YamlConfigReader.readPrimary("exp.yaml", "slurm:\n  partition: {a: 1}\n  extra: [[--x]]\n"));
    assertEquals(2, e.problems().size(), e.problems().toString());
    String first = e.problems().get(0).format();
    assertTrue(first.startsWith("exp.yaml:2:14: a SLURM option takes one value"), first);
    String second = e.problems().get(1).format();
    assertTrue(second.startsWith("exp.yaml:3:11: a list under 'slurm' holds plain values"), second);

    ConfigException notAMap = assertThrows(ConfigException.class,
        () -> YamlConfigReader.readPrimary("exp.yaml", "slurm: gpu\n"));
    assertTrue(notAMap.problems().get(0).format().startsWith("exp.yaml:1:8: 'slurm' must map SLURM options to values"),
        notAMap.problems().get(0).format());
  }

  @Test
  void aDuplicateOptionIsAnError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> YamlConfigReader.readPrimary("exp.yaml", "slurm:\n  time: 5\n  time: 6\n"));
    assertTrue(e.problems().get(0).format().contains("duplicate key 'time'"), e.problems().toString());
  }

  @Test
  void onlyAPrimaryFileHasASlurmSection() throws ConfigException {
    // In an option file (conf/group/x.yaml) 'slurm' is an ordinary key.
    assertEquals(List.of("slurm.time"), List.copyOf(YamlConfigReader.read("x.yaml", "slurm:\n  time: 5\n").keySet()));
  }
}
