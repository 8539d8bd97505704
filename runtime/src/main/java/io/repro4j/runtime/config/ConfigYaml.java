package io.repro4j.runtime.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes config as YAML the way Hydra saves it ({@code .hydra/config.yaml},
 * {@code overrides.yaml}): block style, dotted keys nested, floats as PyYAML prints them
 * ({@code 0.0001}, {@code 1.0e-05}, {@code .inf}), so that the file reads back to the same values
 * here and in OmegaConf.
 */
public final class ConfigYaml {
  private ConfigYaml() {}

  /**
   * The resolved values as a YAML mapping, nested at dots, in schema order; a key without a value
   * (only in a config resolved for display) as {@code ???}. The options chosen for config groups
   * head it as a defaults list ({@code defaults: [{optimizer: adam}, _self_]}), so the file is a
   * config that composes to the same values again.
   */
  public static String config(ResolvedConfig config) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec param : config.schema().params()) {
      String key = param.key();
      values.put(key, config.values().containsKey(key) ? config.values().get(key) : Interpolator.MISSING);
    }
    return mapping(config.schema(), values);
  }

  /**
   * The composed values before interpolation ({@link ResolvedConfig#composed}), as Hydra saves
   * {@code .hydra/config.yaml}: {@code name: run-${lr}} stays as written; group choices head it as
   * a defaults list, as in {@link #config}.
   */
  public static String composed(ResolvedConfig config) {
    return mapping(config.schema(), config.composed());
  }

  private static String mapping(ConfigSchema schema, Map<String, Object> values) {
    Map<String, Object> root = new LinkedHashMap<>();
    List<Object> choices = new ArrayList<>();
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      if (schema.group(entry.getKey()).isPresent()) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put(entry.getKey(), entry.getValue());
        choices.add(choice);
      } else {
        Object value = entry.getValue();
        Optional<ParamSpec> param = schema.find(entry.getKey());
        put(root, entry.getKey(), plain(param.isPresent() ? SecretValues.shown(param.get(), value) : value));
      }
    }
    if (!choices.isEmpty()) {
      choices.add("_self_");
      Map<String, Object> withDefaults = new LinkedHashMap<>();
      withDefaults.put("defaults", choices);
      withDefaults.putAll(root);
      root = withDefaults;
    }
    if (root.isEmpty()) {
      return "{}\n";
    }
    // config.yaml and composed.yaml of a run are mostly the same document: dumped once.
    Dumped last = LAST_MAPPING.get();
    if (last != null && OrderedEquality.sameInOrder(last.mapping(), root)) {
      return last.text();
    }
    String text = dump(root);
    LAST_MAPPING.set(new Dumped(root, text));
    return text;
  }

  /** A mapping and its YAML text. */
  private record Dumped(Map<String, Object> mapping, String text) {}

  /** The mapping this thread dumped last. */
  private static final ThreadLocal<Dumped> LAST_MAPPING = new ThreadLocal<>();

  /**
   * As {@link #overrides(List)}, with the value of each override that sets a secret key of {@code
   * schema} written as {@code ***}.
   */
  public static String overrides(List<String> overrides, ConfigSchema schema) {
    return overrides(SecretValues.overrides(schema, overrides));
  }

  /** The override texts as a YAML list of strings, like Hydra's {@code overrides.yaml}. */
  public static String overrides(List<String> overrides) {
    return overrides.isEmpty() ? "[]\n" : dump(new ArrayList<>(overrides));
  }

  /** The document for {@code root}: without SnakeYAML where its output is known, else by it. */
  private static String dump(Object root) {
    String simple = SimpleBlockYaml.write(root);
    return simple != null ? simple : dumpWithSnakeYaml(root);
  }

  /** The document for {@code root} as SnakeYAML writes it (what {@link SimpleBlockYaml} must equal). */
  static String dumpWithSnakeYaml(Object root) {
    return yaml().dump(root);
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> root, String dottedKey, Object value) {
    String[] parts = dottedKey.split("\\.");
    Map<String, Object> node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
    }
    node.put(parts[parts.length - 1], value);
  }

  private static Object plain(Object value) {
    if (value instanceof Path path) {
      return path.toString();
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        copy.add(plain(element));
      }
      return copy;
    }
    return value;
  }

  private static Yaml yaml() {
    return DUMPER.get();
  }

  // A Yaml instance is costly to build (every trial of a sweep writes three of these files) and not
  // thread-safe, but reusable: one per thread.
  private static final ThreadLocal<Yaml> DUMPER = ThreadLocal.withInitial(ConfigYaml::newYaml);

  private static Yaml newYaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setWidth(Integer.MAX_VALUE);
    options.setAllowUnicode(true);
    options.setSplitLines(false);
    return new Yaml(new PyYamlFloats(options), options);
  }

  /** Represents Float and Double as PyYAML's {@code represent_float} does. */
  private static final class PyYamlFloats extends Representer {
    PyYamlFloats(DumperOptions options) {
      super(options);
      Represent doubles = data -> representScalar(Tag.FLOAT, pyYamlFloat((Double) data));
      // A float prints with its own shortest digits (0.1f as 0.1, not 0.10000000149011612).
      Represent floats =
          data -> representScalar(Tag.FLOAT, pyYamlFloat(Double.parseDouble(data.toString())));
      this.representers.put(Double.class, doubles);
      this.representers.put(Float.class, floats);
    }
  }

  static String pyYamlFloat(double value) {
    if (Double.isNaN(value)) {
      return ".nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? ".inf" : "-.inf";
    }
    String repr = io.repro4j.runtime.tracking.PythonFloat.repr(value).toLowerCase(Locale.ROOT);
    // PyYAML: a repr without '.' but with an exponent gets ".0" so YAML 1.1 reads it as a float.
    if (!repr.contains(".") && repr.contains("e")) {
      repr = repr.replaceFirst("e", ".0e");
    }
    return repr;
  }
}
