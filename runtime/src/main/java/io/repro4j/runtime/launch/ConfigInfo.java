package io.repro4j.runtime.launch;

import io.repro4j.runtime.config.Interpolator;
import io.repro4j.runtime.config.Origin;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ParamType;
import io.repro4j.runtime.config.ResolvedConfig;
import io.repro4j.runtime.config.SecretValues;
import io.repro4j.runtime.tracking.PythonRepr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code --info} text: for every key, the value a run would use and where it came from (the
 * field's initial value, a place in a YAML file, an override), and, for an interpolated value, the
 * value as written; a key without a value shows {@code ???}:
 *
 * <pre>
 * lr            0.2                    override 'lr=0.2'
 * epochs        200                    iris.yaml:4:9
 * name          run-0.2                iris.yaml:9:7, from 'run-${lr}'
 * seed          1                      default of IrisTrainer.seed
 * optimizer     adam                   override 'optimizer=adam' (config group; options sgd, adam)
 * optimizer.lr  0.001                  conf/optimizer/adam.yaml:1:5
 * </pre>
 *
 * <p>A config group's row shows the chosen option and where it was chosen; the keys of that option
 * follow it.
 */
final class ConfigInfo {
  private ConfigInfo() {}

  static String text(String experimentName, List<String> configFiles, ResolvedConfig config) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"key", "value", "from"});
    boolean missing = false;
    for (ParamSpec param : config.schema().params()) {
      if (!config.values().containsKey(param.key())) {
        missing = true;
        Origin origin = SecretValues.origin(config.schema(), config.origin(param.key()));
        String from =
            origin != null
                ? describe(origin)
                : param.required() ? "required: " + param.element() + " has no initialiser" : "no value";
        if (param.type().kind() == ParamType.Kind.GROUP) {
          from += " (config group; options " + String.join(", ", param.type().enumConstants()) + ")";
        }
        rows.add(new String[] {param.key(), Interpolator.MISSING, from});
        continue;
      }
      String value = PythonRepr.str(SecretValues.shown(param, config.get(param.key())));
      String from = describe(SecretValues.origin(config.schema(), config.origin(param.key())));
      Optional<Object> written = config.unresolved(param.key());
      if (written.isPresent() && !param.secret()) { // what a secret was interpolated from may hold it
        from += ", from '" + PythonRepr.str(written.get()) + "'";
      }
      if (param.type().kind() == ParamType.Kind.GROUP) {
        from += " (config group; options " + String.join(", ", param.type().enumConstants()) + ")";
      }
      rows.add(new String[] {param.key(), value, from});
    }
    int keyWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(1);
    int valueWidth = rows.stream().mapToInt(r -> Math.min(r[1].length(), 40)).max().orElse(1);
    StringBuilder text = new StringBuilder();
    text.append("Experiment '").append(experimentName).append("': later sources win: field defaults < ");
    for (String file : configFiles) {
      text.append(file).append(" < ");
    }
    text.append("command-line overrides\n\n");
    for (String[] row : rows) {
      text.append(String.format(Locale.ROOT, "%-" + keyWidth + "s  %-" + valueWidth + "s  %s", row[0], row[1], row[2])
          .stripTrailing()).append('\n');
    }
    if (missing) {
      text.append("\n??? = no value yet: a run needs one, on the command line (KEY=VALUE) or in a config file\n");
    }
    return text.toString();
  }

  /** {@code iris.yaml:4:9}, {@code override 'lr=0.2'}, {@code default of IrisTrainer.seed}. */
  private static String describe(Origin origin) {
    return origin == null ? "" : origin.toString();
  }
}
