package io.repro4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command as {@code main} runs it, in this JVM, with captured streams. */
class Repro4jCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Result(int exitCode, String out, String err) {
    List<JsonNode> lines() throws Exception {
      List<JsonNode> nodes = new java.util.ArrayList<>();
      for (String line : out.split("\n")) {
        nodes.add(JSON.readTree(line));
      }
      return nodes;
    }
  }

  static Result run(String... args) {
    CommandLine commandLine = Repro4jCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void printsOneJsonObjectPerOverride() throws Exception {
    Result result =
        run("override", "lr=0.1", "+seed=1", "++db@backup=mysql", "~epochs", "~epochs=3", "sizes=[1, two, null]",
            "opt={lr: 1e-3, betas: [0.9, 0.99]}");
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(
        List.of(
            "{\"input\":\"lr=0.1\",\"ok\":true,\"type\":\"change\",\"key\":\"lr\",\"value\":0.1,\"sweep\":null,\"expansion\":null}",
            "{\"input\":\"+seed=1\",\"ok\":true,\"type\":\"add\",\"key\":\"seed\",\"value\":1,\"sweep\":null,\"expansion\":null}",
            "{\"input\":\"++db@backup=mysql\",\"ok\":true,\"type\":\"force-add\",\"key\":\"db\",\"package\":\"backup\",\"value\":\"mysql\",\"sweep\":null,\"expansion\":null}",
            "{\"input\":\"~epochs\",\"ok\":true,\"type\":\"delete\",\"key\":\"epochs\",\"value\":null,\"sweep\":null,\"expansion\":null}",
            "{\"input\":\"~epochs=3\",\"ok\":true,\"type\":\"delete\",\"key\":\"epochs\",\"value\":3,\"sweep\":null,\"expansion\":null}",
            "{\"input\":\"sizes=[1, two, null]\",\"ok\":true,\"type\":\"change\",\"key\":\"sizes\",\"value\":[1,\"two\",null],\"sweep\":null,\"expansion\":null}",
            "{\"input\":\"opt={lr: 1e-3, betas: [0.9, 0.99]}\",\"ok\":true,\"type\":\"change\",\"key\":\"opt\",\"value\":{\"lr\":0.001,\"betas\":[0.9,0.99]},\"sweep\":null,\"expansion\":null}"),
        List.of(result.out().split("\n")));
  }

  @Test
  void typedValues() throws Exception {
    List<JsonNode> lines =
        run("override", "x=true", "x='true'", "x=007", "x=123456789012345678901234567890", "x=inf", "x=nan", "x=", "x=null")
            .lines();
    assertTrue(lines.get(0).get("value").isBoolean());
    assertEquals("true", lines.get(1).get("value").textValue());
    assertEquals("007", lines.get(2).get("value").textValue());
    assertEquals("123456789012345678901234567890", lines.get(3).get("value").bigIntegerValue().toString());
    assertEquals("inf", lines.get(4).get("value").textValue());
    assertEquals("nan", lines.get(5).get("value").textValue());
    assertEquals("", lines.get(6).get("value").textValue());
    assertTrue(lines.get(7).get("value").isNull());
  }

  @Test
  void sweepsWithTheirExpansion() throws Exception {
    Result result =
        run("override", "lr=0.1,0.01", "x=range(0,1,0.25)", "x=tag(log,interval(0,1))", "db=glob(*)", "x=range(1,2,0)",
            "x=shuffle(1,2,3)");
    assertEquals(0, result.exitCode(), result.err());
    List<JsonNode> lines = result.lines();
    assertEquals(
        "{\"input\":\"lr=0.1,0.01\",\"ok\":true,\"type\":\"change\",\"key\":\"lr\",\"value\":null,\"sweep\":\"SIMPLE_CHOICE\",\"expansion\":[0.1,0.01]}",
        result.out().split("\n")[0]);
    assertEquals("RANGE", lines.get(1).get("sweep").textValue());
    assertEquals("[0.0,0.25,0.5,0.75]", lines.get(1).get("expansion").toString());
    assertEquals("INTERVAL", lines.get(2).get("sweep").textValue());
    assertEquals("[\"log\"]", lines.get(2).get("tags").toString());
    assertTrue(lines.get(2).get("expansion").isNull());
    assertEquals("GLOB", lines.get(3).get("sweep").textValue());
    assertTrue(lines.get(4).get("expansion").isNull());
    assertEquals("ValueError: range() arg 3 must not be zero", lines.get(4).get("expansionError").textValue());
    assertTrue(lines.get(5).get("shuffled").booleanValue());
    assertEquals(3, lines.get(5).get("expansion").size());
  }

  @Test
  void errorsCarryTheMessageWithItsCaretAndExitWith2() throws Exception {
    Result result = run("override", "lr=0.1", "x=[1,", "@pkg=x");
    assertEquals(2, result.exitCode());
    List<JsonNode> lines = result.lines();
    assertTrue(lines.get(0).get("ok").booleanValue());
    assertEquals(false, lines.get(1).get("ok").booleanValue());
    assertEquals(
        "override 'x=[1,': no viable alternative at input '[1,'\n"
            + "unterminated list: add ']' at the end\n"
            + "  x=[1,\n"
            + "       ^",
        lines.get(1).get("error").textValue());
    // @pkg=x is an override, not an argument file.
    assertEquals("pkg", lines.get(2).get("package").textValue());
  }

  @Test
  void helpAndVersion() {
    Result help = run("--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("Usage: repro4j"), help.out());
    assertTrue(help.out().contains("override"), help.out());

    Result overrideHelp = run("override", "--help");
    assertEquals(0, overrideHelp.exitCode());
    assertTrue(overrideHelp.out().contains("Hydra 1.3's grammar"), overrideHelp.out());

    Result version = run("--version");
    assertEquals(0, version.exitCode());
    assertTrue(version.out().startsWith("repro4j "), version.out());
  }

  @Test
  void usageErrorsExitWith2() {
    Result none = run();
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("Missing a command"), none.err());
    Result noText = run("override");
    assertEquals(2, noText.exitCode());
    assertTrue(noText.err().contains("Missing required parameter"), noText.err());
    assertEquals(2, run("frobnicate").exitCode());
  }

  /**
   * {@code args} run as {@link Repro4jCli#main} runs them ({@link Repro4jCli#execute}): {@code hash}
   * with plain arguments without picocli, anything else by a command line with only the subcommand
   * named.
   */
  static Result runAsMain(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Repro4jCli.execute(args, System.getenv(), java.nio.file.Path.of(""), new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void mainBuildsOnlyTheCommandItRuns() {
    List<String> all = new java.util.ArrayList<>();
    for (String name : Repro4jCli.COMMANDS) {
      all.add(name);
      assertEquals(List.of(name), List.copyOf(Repro4jCli.commandLine(new String[] {name, "--help"}).getSubcommands().keySet()));
    }
    assertEquals(all, List.copyOf(Repro4jCli.commandLine().getSubcommands().keySet()));
    for (String[] args : new String[][] {{}, {"--help"}, {"--version"}, {"frobnicate"}, {"Runs"}}) {
      assertEquals(all, List.copyOf(Repro4jCli.commandLine(args).getSubcommands().keySet()), List.of(args).toString());
    }
  }

  @Test
  void mainsOutputIsThatOfTheFullCommandTree() {
    for (String[] args :
        new String[][] {
          {}, {"--help"}, {"--version"}, {"frobnicate"}, {"run"}, {"runs", "--help"}, {"runs", "--frobnicate"},
          {"override", "lr=0.1"}, {"show"}
        }) {
      Result full = run(args);
      Result main = runAsMain(args);
      assertEquals(full, main, List.of(args).toString());
    }
    Result help = runAsMain("--help");
    for (String name : Repro4jCli.COMMANDS) {
      assertTrue(help.out().contains("  " + name + " "), name + " missing from: " + help.out());
    }
    assertTrue(runAsMain("runs", "--help").out().startsWith("Usage: repro4j runs "), runAsMain("runs", "--help").out());
    assertTrue(runAsMain("frobnicate").err().contains("frobnicate"), runAsMain("frobnicate").err());
  }
}
