package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemTest {

  @Test
  void fileProblemIsFileLineColumnMessage() {
    ConfigProblem problem =
        new ConfigProblem(new Origin.InFile("iris.yaml", 3, 5), "lrr", "unknown key 'lrr'");

    assertEquals("iris.yaml:3:5: unknown key 'lrr'", problem.format());
  }

  @Test
  void overrideProblemShowsTheOverrideAndCaretsUnderTheSpan() {
    ConfigProblem problem =
        new ConfigProblem(
            new Origin.InOverride("lrr=0.1", 0, 3), "lrr", "unknown key 'lrr' (did you mean 'lr'?)");

    assertEquals(
        "override 'lrr=0.1': unknown key 'lrr' (did you mean 'lr'?)\n"
            + "  lrr=0.1\n"
            + "  ^^^",
        problem.format());
  }

  @Test
  void caretsStartAtTheSpanStart() {
    ConfigProblem problem =
        new ConfigProblem(new Origin.InOverride("epochs=1.5", 7, 10), "epochs", "bad");

    assertEquals("override 'epochs=1.5': bad\n  epochs=1.5\n         ^^^", problem.format());
  }

  @Test
  void emptySpanAtTheEndGetsOneCaretAfterTheText() {
    ConfigProblem problem = new ConfigProblem(new Origin.InOverride("lr", 2, 2), "", "missing '='");

    assertEquals("override 'lr': missing '='\n  lr\n    ^", problem.format());
  }

  @Test
  void tabsBeforeTheSpanAreKeptSoCaretsLineUp() {
    ConfigProblem problem = new ConfigProblem(new Origin.InOverride("x=\ta]", 4, 5), "", "bad");

    assertEquals("override 'x=\ta]': bad\n  x=\ta]\n    \t ^", problem.format());
  }

  @Test
  void defaultProblemNamesTheElement() {
    ConfigProblem problem =
        new ConfigProblem(
            new Origin.Default("IrisTrainer.lr"), "lr", "'lr' = 20.0 is out of range [0.0, 10.0]");

    assertEquals(
        "IrisTrainer.lr (default): 'lr' = 20.0 is out of range [0.0, 10.0]", problem.format());
  }

  @Test
  void anExceptionNeedsAProblem() {
    assertThrows(IllegalArgumentException.class, () -> new ConfigException(List.of()));
  }

  @Test
  void exceptionMessageCountsAndListsEveryProblem() {
    ConfigException e =
        new ConfigException(
            List.of(
                new ConfigProblem(new Origin.InFile("a.yaml", 1, 1), "x", "first"),
                new ConfigProblem(new Origin.InFile("b.yaml", 2, 3), "y", "second")));

    assertEquals("2 config errors\na.yaml:1:1: first\nb.yaml:2:3: second", e.getMessage());
  }
}
