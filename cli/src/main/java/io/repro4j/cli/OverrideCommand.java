package io.repro4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ConfigOverride;
import io.repro4j.runtime.config.RawValue;
import io.repro4j.runtime.config.Sweep;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code repro4j override TEXT...}: parses each text as a Hydra override and prints one JSON object
 * per line, in the order given. Exit code 0 when every text parses, 2 otherwise.
 */
@Command(
    name = "override",
    mixinStandardHelpOptions = true,
    description = {
      "Parses overrides in Hydra 1.3's grammar and prints each as one JSON line:",
      "{\"input\", \"ok\": true, \"type\" (change|add|force-add|delete), \"key\", \"value\","
          + " \"sweep\", \"expansion\"}, or {\"input\", \"ok\": false, \"error\"}.",
      "Quote each override for the shell, e.g. repro4j override 'lr=0.1' 'x=[1, 2]'."
    })
final class OverrideCommand implements Callable<Integer> {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Overrides, e.g. lr=0.1 or +seed=1.")
  List<String> texts;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    boolean allParsed = true;
    for (String text : texts) {
      ObjectNode line = NODES.objectNode();
      line.put("input", text);
      try {
        describe(ConfigOverride.parse(text), line);
      } catch (ConfigException e) {
        allParsed = false;
        line.put("ok", false);
        line.put("error", e.problems().get(0).format());
      }
      out.println(Json.PLAIN.writeValueAsString(line));
    }
    out.flush();
    return allParsed ? 0 : 2;
  }

  private static void describe(ConfigOverride override, ObjectNode line) {
    line.put("ok", true);
    line.put("type", override.type().label());
    line.put("key", override.key());
    override.packageName().ifPresent(p -> line.put("package", p));
    line.set("value", override.hasValue() ? json(override.value().value()) : NODES.nullNode());
    Sweep sweep = override.sweep().orElse(null);
    if (sweep == null) {
      line.putNull("sweep");
      line.putNull("expansion");
      return;
    }
    line.put("sweep", sweep.kind().name());
    if (!sweep.tags().isEmpty()) {
      ArrayNode tags = line.putArray("tags");
      sweep.tags().forEach(tags::add);
    }
    if (sweep.shuffled()) {
      line.put("shuffled", true);
    }
    if (sweep.kind() == Sweep.Kind.INTERVAL || sweep.kind() == Sweep.Kind.GLOB) {
      line.putNull("expansion"); // continuous, or the options of a config group
      return;
    }
    try {
      ArrayNode expansion = NODES.arrayNode();
      for (RawValue value : sweep.expansion()) {
        expansion.add(json(value.value()));
      }
      line.set("expansion", expansion);
    } catch (ConfigException e) {
      line.putNull("expansion");
      line.put("expansionError", e.problems().get(0).message());
    }
  }

  /**
   * A value as JSON. JSON has no infinities or NaN: those floats are the strings Python prints,
   * {@code "inf"}, {@code "-inf"}, {@code "nan"}.
   */
  static JsonNode json(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof BigInteger b) {
      return NODES.numberNode(b);
    }
    if (value instanceof Double d) {
      if (d.isNaN()) {
        return NODES.textNode("nan");
      }
      if (d.isInfinite()) {
        return NODES.textNode(d > 0 ? "inf" : "-inf");
      }
      return NODES.numberNode(d);
    }
    if (value instanceof List<?> list) {
      ArrayNode array = NODES.arrayNode();
      for (Object element : list) {
        array.add(json(((RawValue) element).value()));
      }
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        object.set((String) e.getKey(), json(((RawValue) e.getValue()).value()));
      }
      return object;
    }
    return NODES.textNode(String.valueOf(value));
  }
}
