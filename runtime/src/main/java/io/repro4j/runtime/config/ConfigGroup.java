package io.repro4j.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A config group, as in Hydra: a key whose value names one of several options, each option with
 * keys of its own under the group's key ({@code optimizer=adam} selects option {@code adam}, whose
 * keys are {@code optimizer.lr}, {@code optimizer.beta1}, ...). In Java it is a {@code @Hyperparam}
 * field whose type is a sealed interface, each permitted record an option.
 *
 * @param key the group's key; the schema also holds a {@link ParamType.Kind#GROUP} key of that name
 * @param options the options in declaration order (the order of the sealed interface's
 *     {@code permits} clause)
 */
public record ConfigGroup(String key, List<Option> options) {

  /**
   * One option of a group.
   *
   * @param name the option's name, which {@code group=name} and {@code conf/<group>/<name>.yaml}
   *     use
   * @param params its keys, each prefixed with the group's key and a dot
   */
  public record Option(String name, List<ParamSpec> params) {
    /** Copies {@code params}. */
    public Option {
      params = List.copyOf(params);
    }
  }

  /**
   * @throws IllegalArgumentException when two options share a name, or an option's key does not
   *     start with {@code key + "."}
   */
  public ConfigGroup {
    options = List.copyOf(options);
    List<String> names = new ArrayList<>();
    for (Option option : options) {
      if (names.contains(option.name())) {
        throw new IllegalArgumentException("config group '" + key + "' has two options '" + option.name() + "'");
      }
      names.add(option.name());
      for (ParamSpec param : option.params()) {
        if (!param.key().startsWith(key + ".")) {
          throw new IllegalArgumentException(
              "key '" + param.key() + "' of option '" + option.name() + "' is not under '" + key + ".'");
        }
      }
    }
  }

  /** The option names, in declaration order. */
  public List<String> optionNames() {
    return options.stream().map(Option::name).toList();
  }

  /** The option called {@code name}, if there is one. */
  public Optional<Option> option(String name) {
    return options.stream().filter(o -> o.name().equals(name)).findFirst();
  }
}
