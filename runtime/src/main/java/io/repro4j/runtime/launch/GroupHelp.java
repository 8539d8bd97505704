package io.repro4j.runtime.launch;

import io.repro4j.runtime.config.ConfigGroup;
import io.repro4j.runtime.config.ConfigSchema;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ParamType;
import io.repro4j.runtime.config.SecretValues;
import io.repro4j.runtime.tracking.PythonRepr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The config groups part of {@code --help}: each group, its options and each option's keys. */
final class GroupHelp {
  private GroupHelp() {}

  /**
   * One block per group; the chosen option is marked {@code (chosen)} and its keys show their
   * values ({@code ???} when still needed), the others' keys their type, range, choices and help
   * only.
   *
   * @param values the values a run would use (or the defaults)
   * @param valueColumn {@code value} or {@code default}
   */
  static String text(ConfigSchema schema, Map<String, Object> values, String valueColumn) {
    if (schema.groups().isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    text.append("\nConfig groups (GROUP=OPTION chooses an option, GROUP.KEY=VALUE sets its keys;\n")
        .append("an option's values also come from conf/GROUP/OPTION.yaml):\n");
    for (ConfigGroup group : schema.groups()) {
      Object chosen = values.get(group.key());
      text.append("  ").append(group.key()).append(": ").append(String.join(", ", group.optionNames()));
      text.append('\n');
      List<String> keys = new ArrayList<>();
      group.options().forEach(o -> o.params().forEach(p -> keys.add(p.key())));
      int keyWidth = Math.max(1, keys.stream().mapToInt(String::length).max().orElse(1));
      for (ConfigGroup.Option option : group.options()) {
        boolean isChosen = option.name().equals(chosen);
        text.append("    ").append(option.name()).append(isChosen ? " (chosen)" : "").append('\n');
        for (ParamSpec param : option.params()) {
          text.append(String.format(Locale.ROOT, "      %-" + keyWidth + "s  %s", param.key(), param.type().displayName()));
          if (isChosen) {
            String value =
                values.containsKey(param.key())
                    ? PythonRepr.str(SecretValues.shown(param, values.get(param.key())))
                    : "???";
            text.append("  ").append(valueColumn).append('=').append(value);
          }
          String range = Help.range(param);
          if (!range.isEmpty()) {
            text.append("  ").append(range);
          }
          if (param.type().kind() == ParamType.Kind.ENUM) {
            text.append("  one of ").append(String.join(", ", param.type().enumConstants()));
          } else if (!param.choices().isEmpty()) {
            text.append("  one of ").append(String.join(", ", param.choices()));
          }
          if (!param.help().isEmpty()) {
            text.append("\n        ").append(" ".repeat(keyWidth)).append(param.help());
          }
          text.append('\n');
        }
      }
    }
    return text.toString();
  }
}
