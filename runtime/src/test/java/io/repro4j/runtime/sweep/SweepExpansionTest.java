package io.repro4j.runtime.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ConfigGroup;
import io.repro4j.runtime.config.ConfigSchema;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ParamType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The trials of a sweep, in Hydra's basic sweeper's order (hydra.md §1, §2). */
class SweepExpansionTest {
  static final ConfigSchema SCHEMA = ConfigSchema.of(
      List.of(
          ParamSpec.of("optim.lr", ParamType.DOUBLE, "", "T.lr"),
          ParamSpec.of("epochs", ParamType.INT, "", "T.epochs"),
          ParamSpec.of("flag", ParamType.BOOLEAN, "", "T.flag"),
          ParamSpec.of("db", ParamType.group("Db", List.of("postgres", "mysql", "sqlite")), "", "T.db")),
      List.of(new ConfigGroup("db", List.of(
          new ConfigGroup.Option("postgres", List.of()),
          new ConfigGroup.Option("mysql", List.of()),
          new ConfigGroup.Option("sqlite", List.of())))));

  private static List<List<String>> grid(String... overrides) throws ConfigException {
    return SweepExpansion.grid(List.of(overrides), SCHEMA).stream().map(Trial::overrides).toList();
  }

  @Test
  void theFirstOverrideVariesSlowestAndPlainOverridesKeepTheirPlace() throws ConfigException {
    // Hydra 1.3.5: -m db=mysql,postgres optim.lr=0.1,0.01 +extra_note=hi
    assertEquals(
        List.of(
            List.of("db=mysql", "optim.lr=0.1", "+extra_note=hi"),
            List.of("db=mysql", "optim.lr=0.01", "+extra_note=hi"),
            List.of("db=postgres", "optim.lr=0.1", "+extra_note=hi"),
            List.of("db=postgres", "optim.lr=0.01", "+extra_note=hi")),
        grid("db=mysql,postgres", "optim.lr=0.1,0.01", "+extra_note=hi"));
    List<Trial> trials = SweepExpansion.grid(List.of("db=mysql,postgres", "epochs=1,2,3"), SCHEMA);
    assertEquals(List.of(0, 1, 2, 3, 4, 5), trials.stream().map(Trial::index).toList());
    assertEquals("db=postgres epochs=1", trials.get(3).describe());
  }

  @Test
  void jobStringsAreHydrasCanonicalValues() throws ConfigException {
    assertEquals(List.of(List.of("flag=True", "optim.lr=1e-05"), List.of("flag=False", "optim.lr=1e-05")),
        grid("flag=true,false", "optim.lr=0.00001"));
    assertEquals(List.of(List.of("epochs=1"), List.of("epochs=3"), List.of("epochs=5")), grid("epochs=range(1,6,2)"));
    assertEquals(List.of(List.of("optim.lr=0.0"), List.of("optim.lr=0.5")), grid("optim.lr=range(0,1,0.5)"));
  }

  @Test
  void aRepeatedKeyKeepsItsFirstPlaceAndItsLastValue() throws ConfigException {
    assertEquals(List.of(List.of("epochs=5", "optim.lr=0.1"), List.of("epochs=5", "optim.lr=0.2")),
        grid("epochs=1,2", "optim.lr=0.1,0.2", "epochs=5"));
    // +x and x are different keys, as in Hydra's get_key_element.
    assertEquals(List.of(List.of("epochs=1", "+epochs=2")), grid("epochs=1", "+epochs=2"));
  }

  @Test
  void sortAndShuffleOrderTheValues() throws ConfigException {
    assertEquals(List.of(List.of("epochs=1"), List.of("epochs=2"), List.of("epochs=3")), grid("epochs=sort(3,1,2)"));
    assertEquals(List.of(List.of("epochs=3"), List.of("epochs=2"), List.of("epochs=1")),
        grid("epochs=sort(3,1,2,reverse=true)"));
    List<List<String>> shuffled = grid("epochs=shuffle(range(0,20))");
    assertEquals(shuffled, grid("epochs=shuffle(range(0,20))")); // seeded by the override's text
    assertEquals(20, new HashSet<>(shuffled).size());
    assertNotEquals(grid("epochs=range(0,20)"), shuffled);
    assertEquals(List.of(), grid("epochs=shuffle()", "optim.lr=0.1,0.2")); // an empty sweep: no trial
  }

  @Test
  void aChoiceOrGlobOfAConfigGroupSweepsItsOptions() throws ConfigException {
    assertEquals(List.of(List.of("db=sqlite"), List.of("db=mysql")), grid("db=sqlite,mysql"));
    // glob: the group's options sorted by name, as Hydra's get_group_options lists them.
    assertEquals(List.of(List.of("db=mysql"), List.of("db=postgres"), List.of("db=sqlite")), grid("db=glob(*)"));
    assertEquals(List.of(List.of("db=mysql"), List.of("db=sqlite")), grid("db=glob(*,exclude=p*)"));
    ConfigException notAGroup = assertThrows(ConfigException.class, () -> grid("epochs=glob(*)"));
    assertTrue(notAGroup.problems().get(0).message().contains("'epochs' is not one; the groups are [db]"),
        notAGroup.problems().toString());
  }

  @Test
  void anIntervalCannotBeAGridAndEveryBadOverrideIsReported() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> grid("optim.lr=interval(0,1)", "epochs=range(1,2,0)", "flag=[1,"));
    assertEquals(3, e.problems().size(), e.problems().toString());
    assertTrue(e.problems().get(0).message().contains("use choice(...) or range(...) for a grid"));
    String caret = e.problems().get(0).format();
    assertTrue(caret.endsWith("\n  optim.lr=interval(0,1)\n           ^^^^^^^^^^^^^"), caret);
  }

  @Test
  void randomSearchIsReproducibleAndStaysInItsBounds() throws ConfigException {
    List<String> overrides = List.of(
        "optim.lr=tag(log,interval(1e-4,1e-1))", "epochs=int(interval(1,4))", "db=mysql,postgres", "flag=true");
    List<Trial> a = SweepExpansion.random(overrides, SCHEMA, 200, 42);
    assertEquals(a, SweepExpansion.random(overrides, SCHEMA, 200, 42));
    assertNotEquals(a, SweepExpansion.random(overrides, SCHEMA, 200, 43));
    Set<String> epochs = new HashSet<>();
    int belowMilli = 0;
    for (Trial trial : a) {
      double lr = Double.parseDouble(trial.overrides().get(0).substring("optim.lr=".length()));
      assertTrue(lr >= 1e-4 && lr < 1e-1, trial.toString());
      if (lr < 1e-3) {
        belowMilli++;
      }
      epochs.add(trial.overrides().get(1));
      assertTrue(List.of("db=mysql", "db=postgres").contains(trial.overrides().get(2)));
      assertEquals("flag=True", trial.overrides().get(3));
    }
    // int(interval(1,4)) draws from 1..4, both ends included.
    assertEquals(Set.of("epochs=1", "epochs=2", "epochs=3", "epochs=4"), epochs);
    // Log-uniform: a third of the draws fall in the lowest decade [1e-4, 1e-3); uniform would give 1%.
    assertTrue(belowMilli > 40 && belowMilli < 95, "draws below 1e-3: " + belowMilli);
  }

  @Test
  void aLogIntervalNeedsAPositiveStart() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> SweepExpansion.random(List.of("optim.lr=tag(log,interval(0,1))"), SCHEMA, 3, 1));
    assertTrue(e.problems().get(0).message().contains("needs start > 0"), e.problems().toString());
  }
}
