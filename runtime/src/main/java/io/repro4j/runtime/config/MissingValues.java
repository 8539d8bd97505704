package io.repro4j.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one problem that lists every key left without a value: a required key (a field without
 * initialiser) that no file or override sets, or a key whose winning value is Hydra's {@code ???}.
 * One problem rather than one per key, so that a user sees at once everything a run still needs:
 *
 * <pre>
 * IrisTrainer: 2 required values are missing; set them on the command line (KEY=VALUE) or in iris.yaml:
 *   lr=...     double in [0, 10]: Learning rate of gradient descent.
 *   seed=...   long; '???' at iris.yaml:4:7
 * </pre>
 */
final class MissingValues {
  private MissingValues() {}

  /**
   * @param whereElse for a key, where else it can get a value ({@code or in
   *     conf/optimizer/adam.yaml ...}), or ""
   */
  static ConfigProblem problem(
      ConfigSchema schema,
      Set<String> missing,
      Map<String, RawValue> pending,
      List<String> configFiles,
      Function<String, String> whereElse) {
    List<ParamSpec> specs = new ArrayList<>();
    for (String key : missing) {
      specs.add(schema.find(key).orElseThrow());
    }
    int width = 0;
    for (ParamSpec spec : specs) {
      width = Math.max(width, spec.key().length() + 4);
    }
    StringBuilder message = new StringBuilder();
    message
        .append(specs.size() == 1 ? "1 required value is missing" : specs.size() + " required values are missing")
        .append("; set ")
        .append(specs.size() == 1 ? "it" : "them")
        .append(" on the command line (KEY=VALUE)");
    if (!configFiles.isEmpty()) {
      message.append(" or in ").append(configFiles.get(configFiles.size() - 1));
    }
    message.append(':');
    for (ParamSpec spec : specs) {
      message.append("\n  ").append(String.format(java.util.Locale.ROOT, "%-" + width + "s", spec.key() + "=..."));
      message.append("  ").append(describe(spec));
      RawValue marker = pending.get(spec.key());
      if (marker != null) {
        message.append("; '???' at ").append(marker.origin());
      }
      String elsewhere = whereElse.apply(spec.key());
      if (!elsewhere.isEmpty()) {
        message.append("; ").append(elsewhere);
      }
      if (!spec.help().isEmpty()) {
        message.append(": ").append(spec.help());
      }
    }
    return new ConfigProblem(
        new Origin.InCode(owner(schema, specs.get(0))), String.join(", ", missing), message.toString());
  }

  /**
   * {@code double in [0, 10]}, {@code String, one of sgd, adam}, {@code Optimizer, one of ADAM, SGD},
   * {@code config group Optimizer, one of sgd, adam}.
   */
  private static String describe(ParamSpec spec) {
    StringBuilder text = new StringBuilder(spec.type().kind() == ParamType.Kind.GROUP ? "config group " : "");
    text.append(spec.type().displayName());
    if (spec.bounded()) {
      boolean floating =
          spec.type().kind() == ParamType.Kind.FLOAT || spec.type().kind() == ParamType.Kind.DOUBLE;
      text.append(" in [")
          .append(ValueConverter.bound(spec.min(), floating))
          .append(", ")
          .append(ValueConverter.bound(spec.max(), floating))
          .append(']');
    }
    if (!spec.choices().isEmpty()) {
      text.append(", one of ").append(String.join(", ", spec.choices()));
    } else if (spec.type().kind() == ParamType.Kind.ENUM || spec.type().kind() == ParamType.Kind.GROUP) {
      text.append(", one of ").append(String.join(", ", spec.type().enumConstants()));
    }
    return text.toString();
  }

  /**
   * {@code IrisTrainer} for {@code IrisTrainer.lr}: the class whose config this is, read from a key
   * of its own (a nested key's element is its record's component, {@code Adam.lr}).
   */
  private static String owner(ConfigSchema schema, ParamSpec first) {
    String element =
        schema.params().stream()
            .filter(p -> !p.key().contains("."))
            .map(ParamSpec::element)
            .findFirst()
            .orElse(first.element());
    int dot = element.indexOf('.');
    return dot < 0 ? element : element.substring(0, dot);
  }
}
