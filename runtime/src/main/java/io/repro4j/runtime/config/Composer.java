package io.repro4j.runtime.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Composes a config from its sources the way Hydra does, in the one place that javac (checking the
 * YAML files) and a run (resolving them) share, so that both reach the same verdict.
 *
 * <p>Sources, lowest precedence first:
 *
 * <ol>
 *   <li>the field initialisers (for a config group: the option the field holds, and its values);
 *   <li>the option files of groups that no defaults list names ({@code optimizer=adam} on the
 *       command line, or the field's option), in declaration order;
 *   <li>each file of {@code @Experiment(config)} in order, expanded by its {@code defaults:} list:
 *       {@code - optimizer: adam} merges {@code conf/optimizer/adam.yaml} there, {@code - _self_}
 *       merges the file's own values there (last when it is absent, as in Hydra);
 *   <li>the command-line overrides, in order.
 * </ol>
 *
 * <p>A group's option is chosen by the command line ({@code optimizer=adam}), else by the defaults
 * lists ({@code - override optimizer: sgd} in a later file changes an earlier file's choice), else
 * by the field's initialiser. Option files live in {@code conf/<group>/<option>.yaml} next to the
 * first config file (see {@link #configRoot}); one that does not exist contributes nothing. Keys
 * under a group ({@code optimizer.lr}) are checked against the chosen option.
 *
 * <p>Every problem of every source is collected and reported at once, each with its origin. The
 * files of options that are not chosen are checked too, as javac checks them.
 */
public final class Composer {

  /** Reads resources: the classpath at run time, the class output and resource dirs in javac. */
  @FunctionalInterface
  public interface Resources {
    /**
     * The text of resource {@code name} ({@code conf/optimizer/adam.yaml}), or empty when there is
     * none.
     *
     * @throws IOException when it exists but cannot be read
     */
    Optional<String> read(String name) throws IOException;
  }

  /** A group's chosen option and where it was chosen. */
  private record Choice(String option, Origin origin) {}

  /**
   * What the defaults lists say: the choice of each group they name, and the entry that first
   * names it, which decides where the option's file is merged.
   */
  private record Listed(Map<String, Choice> choices, Map<String, DefaultsEntry.Choice> positions) {}

  private final ConfigSchema schema;
  private final List<String> configResources;
  private final ConfigFileCache files;
  private final String owner;

  /**
   * @param schema the experiment's keys and groups
   * @param configResources the resources of {@code @Experiment(config)}, in merge order
   * @param resources where they and the option files are read from
   * @param owner the class whose {@code @Experiment(config)} names the files, for messages
   */
  public Composer(ConfigSchema schema, List<String> configResources, Resources resources, String owner) {
    this(schema, configResources, ConfigFileCache.uncached(resources), owner);
  }

  /**
   * A composer that reads the files through {@code files}, which several composers may share (a
   * sweep's trials), so that each file is parsed once.
   *
   * @param schema the experiment's keys and groups
   * @param configResources the resources of {@code @Experiment(config)}, in merge order
   * @param files where they and the option files are read from, parsed
   * @param owner the class whose {@code @Experiment(config)} names the files, for messages
   */
  public Composer(ConfigSchema schema, List<String> configResources, ConfigFileCache files, String owner) {
    this.schema = schema;
    this.configResources = List.copyOf(configResources);
    this.files = files;
    this.owner = owner;
  }

  /**
   * The directory of the option files: {@code conf/} in the directory of the first config file
   * ({@code conf/} for {@code iris.yaml}, {@code exp/conf/} for {@code exp/iris.yaml}), or at the
   * root of the classpath when there is none.
   */
  public String configRoot() {
    if (configResources.isEmpty()) {
      return "conf/";
    }
    String first = strip(configResources.get(0));
    int slash = first.lastIndexOf('/');
    return (slash < 0 ? "" : first.substring(0, slash + 1)) + "conf/";
  }

  /** The resource of one option: {@code conf/optimizer/adam.yaml}. */
  public String optionResource(String group, String option) {
    return configRoot() + group + "/" + option + ".yaml";
  }

  /**
   * What javac checks: every config file (its values, its defaults list) and every option file that
   * exists, of every option of every group, against its own record. Files that do not exist are not
   * reported here (the caller reports missing config files on their annotation value). There are no
   * overrides, and keys without a value are not an error.
   *
   * @param defaultChoices the option of each group's field initialiser, where known; decides which
   *     option the keys under a group in a config file are checked against when no defaults list
   *     chooses one (without any choice, a key of any option is accepted)
   * @return every problem, config files first (in order), then option files
   */
  public List<ConfigProblem> check(Map<String, String> defaultChoices) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<ConfigFile> files = readConfigFiles(false, problems);
    Map<String, Choice> listed = choicesFromDefaultsLists(files, problems).choices();
    Map<String, String> choices = new LinkedHashMap<>();
    for (ConfigGroup group : schema.groups()) {
      Choice choice = listed.get(group.key());
      if (choice != null) {
        choices.put(group.key(), choice.option());
      } else if (defaultChoices.containsKey(group.key())) {
        choices.put(group.key(), defaultChoices.get(group.key()));
      }
    }
    ConfigSchema checkSchema = checkSchema(choices);
    for (ConfigFile file : files) {
      problems.addAll(ConfigChecker.check(checkSchema, withoutStrayGroupKeys(file.values(), choices, problems)));
    }
    for (ConfigGroup group : schema.groups()) {
      for (ConfigGroup.Option option : group.options()) {
        checkOptionFile(group, option, choices, problems);
      }
    }
    return problems;
  }

  /**
   * Every problem of an option's file as if that option were chosen: unknown keys, types, ranges,
   * and interpolations, which may name its own keys and every other key of the config.
   *
   * @param choices the other groups' options, where known
   */
  private void checkOptionFile(
      ConfigGroup group, ConfigGroup.Option option, Map<String, String> choices, List<ConfigProblem> problems) {
    Map<String, RawValue> values = optionValues(group, option, problems);
    Map<String, String> withThis = new LinkedHashMap<>(choices);
    withThis.put(group.key(), option.name());
    problems.addAll(ConfigChecker.check(checkSchema(withThis), values));
  }

  /**
   * {@link #compose(Map, Map, List, ConfigResolver.Options)} with {@link
   * ConfigResolver.Options#standard()}.
   */
  public ResolvedConfig compose(
      Map<String, Object> defaults, Map<String, Origin> defaultOrigins, List<ConfigOverride> overrides)
      throws ConfigException {
    return compose(defaults, defaultOrigins, overrides, ConfigResolver.Options.standard());
  }

  /**
   * Resolves the config of a run.
   *
   * <p>An override of a group's key chooses its option here, with Hydra's override types:
   * {@code optimizer=adam} and {@code ++optimizer=adam} choose; {@code +optimizer=adam} chooses only
   * when nothing has chosen yet; {@code ~optimizer} goes back to the option of the field's
   * initializer ({@code ~optimizer=adam} only when adam is chosen). Every other override, and a
   * sweep, package or group path on a group's key (which the resolver refuses), goes to {@link
   * ConfigResolver}.
   *
   * @param defaults every default as the generated binding reads them: a group's key
   *     holds the option name of the field's value (or is absent when the field is null), followed by
   *     that option's keys
   * @param defaultOrigins where each default comes from
   * @param overrides the parsed command-line overrides; {@code group=option} chooses an option
   * @param options the environment for interpolations, the config files named in the message about
   *     missing values, and whether keys without a value (also a group without an option) are
   *     allowed
   * @return the values of the chosen options' flat schema ({@link ConfigSchema#select})
   * @throws ConfigException with every problem of every source
   */
  public ResolvedConfig compose(
      Map<String, Object> defaults,
      Map<String, Origin> defaultOrigins,
      List<ConfigOverride> overrides,
      ConfigResolver.Options options)
      throws ConfigException {
    List<ConfigProblem> problems = new ArrayList<>();
    List<ConfigFile> files = readConfigFiles(true, problems);
    Listed defaultsLists = choicesFromDefaultsLists(files, problems);
    Map<String, Choice> listed = defaultsLists.choices();

    // Lowest precedence first: the field's option, then the defaults lists; overrides change these.
    Map<String, Choice> fieldChoices = new LinkedHashMap<>();
    Map<String, Choice> choices = new LinkedHashMap<>();
    for (ConfigGroup group : schema.groups()) {
      String key = group.key();
      if (defaults.get(key) instanceof String option) {
        fieldChoices.put(key, new Choice(option, defaultOrigins.getOrDefault(key, defaultOrigin(key))));
      }
      Choice choice = listed.containsKey(key) ? listed.get(key) : fieldChoices.get(key);
      if (choice != null) {
        choices.put(key, choice);
      }
    }
    List<ConfigOverride> valueOverrides = new ArrayList<>();
    for (ConfigOverride override : overrides) {
      Optional<ConfigGroup> group = schema.group(override.key());
      if (group.isEmpty() || override.sweep().isPresent() || override.packageName().isPresent()) {
        valueOverrides.add(override); // the resolver sets the key, or refuses the sweep or package
      } else {
        chooseOnCommandLine(group.get(), override, choices, fieldChoices, problems);
      }
    }
    Map<String, String> chosen = new LinkedHashMap<>();
    choices.forEach((key, choice) -> chosen.put(key, choice.option()));
    ConfigSchema selected = schema.select(chosen);

    // The field's option values count only when that option is the one chosen.
    Map<String, Object> selectedDefaults = new LinkedHashMap<>();
    Map<String, Origin> selectedOrigins = new LinkedHashMap<>(defaultOrigins);
    for (Map.Entry<String, Object> entry : defaults.entrySet()) {
      Optional<ConfigGroup> owning = groupOf(entry.getKey());
      if (owning.isPresent()) {
        Choice choice = choices.get(owning.get().key());
        if (choice == null || !choice.option().equals(defaults.get(owning.get().key()))) {
          continue;
        }
      }
      if (selected.find(entry.getKey()).isPresent()) {
        selectedDefaults.put(entry.getKey(), entry.getValue());
      }
    }
    choices.forEach(
        (key, choice) -> {
          selectedDefaults.put(key, choice.option());
          selectedOrigins.put(key, choice.origin());
        });

    List<Map<String, RawValue>> sources = new ArrayList<>();
    for (ConfigGroup group : schema.groups()) {
      if (choices.containsKey(group.key()) && !listed.containsKey(group.key())) {
        sources.add(optionValues(group, group.option(chosen.get(group.key())).orElseThrow(), problems));
      }
    }
    for (ConfigFile file : files) {
      boolean selfMerged = false;
      for (DefaultsEntry entry : file.defaults()) {
        if (entry instanceof DefaultsEntry.Self) {
          sources.add(withoutStrayGroupKeys(file.values(), chosen, problems));
          selfMerged = true;
        } else if (entry instanceof DefaultsEntry.Choice c
            && chosen.containsKey(c.group())
            && defaultsLists.positions().get(c.group()) == c) {
          ConfigGroup group = schema.group(c.group()).orElseThrow();
          sources.add(optionValues(group, group.option(chosen.get(c.group())).orElseThrow(), problems));
        }
      }
      if (!selfMerged) {
        sources.add(withoutStrayGroupKeys(file.values(), chosen, problems));
      }
    }
    // Options not chosen are not composed, but their files are checked as javac checks them, so
    // that a file edited after the build is reported by the run as it would be by the next build.
    for (ConfigGroup group : schema.groups()) {
      for (ConfigGroup.Option option : group.options()) {
        if (!option.name().equals(chosen.get(group.key()))) {
          checkOptionFile(group, option, chosen, problems);
        }
      }
    }
    List<ConfigOverride> checkedOverrides = new ArrayList<>();
    for (ConfigOverride override : valueOverrides) {
      Optional<ConfigProblem> stray = strayGroupKey(override.key(), override.keyOrigin(), chosen);
      stray.ifPresentOrElse(problems::add, () -> checkedOverrides.add(override));
    }

    try {
      ResolvedConfig resolved =
          ConfigResolver.resolve(
              selected, selectedDefaults, selectedOrigins, sources, checkedOverrides, options,
              key -> whereElse(key, chosen));
      if (problems.isEmpty()) {
        return resolved;
      }
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    throw new ConfigException(problems);
  }

  /**
   * Applies one command-line override of a group's key to {@code choices}, with Hydra's meaning of
   * its type, or reports why it cannot.
   */
  private void chooseOnCommandLine(
      ConfigGroup group,
      ConfigOverride override,
      Map<String, Choice> choices,
      Map<String, Choice> fieldChoices,
      List<ConfigProblem> problems) {
    String key = group.key();
    Choice current = choices.get(key);
    if (override.type() == ConfigOverride.Type.DELETE) {
      if (override.hasValue()) {
        Object given = override.value().value();
        if (current == null || !current.option().equals(given)) {
          problems.add(
              new ConfigProblem(
                  override.valueOrigin(),
                  key,
                  "Could not delete from config. The value of '" + key + "' is "
                      + (current == null ? "None" : current.option()) + " and not "
                      + OverrideValues.pythonStr(given) + "."));
          return;
        }
      }
      // As ~key for a value: back to the field's initializer, whatever files and earlier overrides chose.
      if (fieldChoices.containsKey(key)) {
        choices.put(key, fieldChoices.get(key));
      } else {
        choices.remove(key);
      }
      return;
    }
    if (override.type() == ConfigOverride.Type.ADD && current != null) {
      String text = override.text();
      problems.add(
          new ConfigProblem(
              override.keyOrigin(),
              key,
              "Multiple values for " + key + ": option '" + current.option() + "' is chosen already ("
                  + current.origin() + ").\n"
                  + "Either remove + prefix: '" + text.substring(1) + "'\n"
                  + "Or add a second + to add or override '" + key + "': '+" + text + "'"));
      return;
    }
    RawValue value = override.value();
    if (value.value() instanceof String option && group.option(option).isPresent()) {
      choices.put(key, new Choice(option, value.origin()));
      return;
    }
    problems.add(notAnOption(group, value, key));
  }


  /**
   * The config files' {@code sweep:} and {@code slurm:} sections, from one reading of the files.
   *
   * @throws ConfigException when a config file cannot be read
   */
  public SweepSections sweepSections() throws ConfigException {
    List<ConfigProblem> problems = new ArrayList<>();
    List<String> sweep = new ArrayList<>();
    List<LauncherSetting> slurm = new ArrayList<>();
    for (ConfigFile file : readConfigFiles(false, problems)) {
      sweep.addAll(file.sweep());
      slurm.addAll(file.slurm());
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new SweepSections(sweep, slurm);
  }

  private List<ConfigFile> readConfigFiles(boolean reportMissing, List<ConfigProblem> problems) {
    List<ConfigFile> files = new ArrayList<>();
    for (String resource : configResources) {
      try {
        Optional<ConfigFile> file = this.files.readPrimary(strip(resource), resource);
        if (file.isPresent()) {
          files.add(file.get());
        } else if (reportMissing) {
          problems.add(
              new ConfigProblem(
                  new Origin.Default("@Experiment(config) of " + owner),
                  "",
                  "cannot read config resource '" + resource + "': not found; it must be on the classpath"
                      + " (Maven: src/main/resources/" + strip(resource) + ")"));
        }
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      } catch (IOException e) {
        problems.add(
            new ConfigProblem(
                new Origin.Default("@Experiment(config) of " + owner),
                "",
                "cannot read config resource '" + resource + "': " + e.getMessage()));
      }
    }
    return files;
  }

  /**
   * The choice of each group that some defaults list names, checking every entry: the group must
   * exist, the option too, a group is named once unless later entries say {@code override}, and
   * {@code _self_} appears at most once per file.
   */
  private Listed choicesFromDefaultsLists(List<ConfigFile> files, List<ConfigProblem> problems) {
    Map<String, Choice> choices = new LinkedHashMap<>();
    // The entry that first names a group decides where its option file is merged; an 'override'
    // in a later file changes only the option.
    Map<String, DefaultsEntry.Choice> positions = new LinkedHashMap<>();
    for (ConfigFile file : files) {
      DefaultsEntry.Self self = null;
      for (DefaultsEntry entry : file.defaults()) {
        if (entry instanceof DefaultsEntry.Self s) {
          if (self != null) {
            problems.add(
                new ConfigProblem(
                    s.origin(),
                    "defaults",
                    "_self_ is listed twice in this defaults list (first at line " + self.origin().line()
                        + "); remove one"));
          }
          self = s;
          continue;
        }
        DefaultsEntry.Choice choice = (DefaultsEntry.Choice) entry;
        Optional<ConfigGroup> group = schema.group(choice.group());
        if (group.isEmpty()) {
          problems.add(unknownGroup(choice));
          continue;
        }
        if (group.get().option(choice.option()).isEmpty()) {
          problems.add(
              notFound(group.get(), new RawValue(choice.option(), choice.optionOrigin()), choice.group()));
          continue;
        }
        DefaultsEntry.Choice first = positions.get(choice.group());
        if (choice.override() && first == null) {
          problems.add(
              new ConfigProblem(
                  choice.origin(),
                  choice.group(),
                  "Could not override '" + choice.group() + "'. No match in the defaults list: 'override'"
                      + " changes the choice of an earlier entry, so remove 'override' here"));
        } else if (!choice.override() && first != null) {
          problems.add(
              new ConfigProblem(
                  choice.origin(),
                  choice.group(),
                  "Multiple values for " + choice.group() + " (first at " + first.origin() + "). To override a"
                      + " value use 'override " + choice.group() + ": " + choice.option() + "'"));
        } else {
          if (first == null) {
            positions.put(choice.group(), choice);
          }
          choices.put(choice.group(), new Choice(choice.option(), choice.optionOrigin()));
        }
      }
    }
    return new Listed(choices, positions);
  }

  /**
   * An option's file, its keys checked against the option (reported as written there: {@code lr},
   * not {@code optimizer.lr}) and returned under the group's key. A missing file gives nothing.
   */
  private Map<String, RawValue> optionValues(
      ConfigGroup group, ConfigGroup.Option option, List<ConfigProblem> problems) {
    String name = optionResource(group.key(), option.name());
    Optional<Map<String, RawValue>> read;
    try {
      read = files.read(name);
    } catch (IOException e) {
      problems.add(
          new ConfigProblem(
              new Origin.Default("option '" + option.name() + "' of config group '" + group.key() + "'"),
              "",
              "cannot read " + name + ": " + e.getMessage()));
      return Map.of();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return Map.of();
    }
    if (read.isEmpty()) {
      return Map.of();
    }
    Map<String, RawValue> values = read.get();
    String prefix = group.key() + ".";
    List<ParamSpec> relative = new ArrayList<>();
    for (ParamSpec param : option.params()) {
      relative.add(
          new ParamSpec(
              param.key().substring(prefix.length()), param.type(), param.help(), param.min(), param.max(),
              param.element(), param.required(), param.choices(), param.secret()));
    }
    ConfigSchema own = ConfigSchema.of(relative);
    Map<String, RawValue> prefixed = new LinkedHashMap<>();
    for (Map.Entry<String, RawValue> entry : values.entrySet()) {
      if (own.find(entry.getKey()).isPresent()) {
        prefixed.put(prefix + entry.getKey(), entry.getValue());
      } else {
        ConfigProblem unknown =
            ConfigChecker.unknownKey(own, entry.getKey(), ConfigChecker.keyOrigin(entry.getKey(), entry.getValue()));
        problems.add(
            new ConfigProblem(
                unknown.origin(),
                prefix + entry.getKey(),
                unknown.message() + " (option '" + option.name() + "' of config group '" + group.key() + "')"));
      }
    }
    return prefixed;
  }

  /** {@code values} without keys that belong to another option than the chosen one, each reported. */
  private Map<String, RawValue> withoutStrayGroupKeys(
      Map<String, RawValue> values, Map<String, String> chosen, List<ConfigProblem> problems) {
    Map<String, RawValue> kept = new LinkedHashMap<>();
    for (Map.Entry<String, RawValue> entry : values.entrySet()) {
      String key = entry.getKey();
      if (schema.group(key).isPresent()) {
        problems.add(
            new ConfigProblem(
                entry.getValue().origin(),
                key,
                "'" + key + "' is a config group: choose its option in the defaults list ('defaults: [" + key
                    + ": " + schema.group(key).get().optionNames().get(0) + "]') or on the command line ("
                    + key + "=...), and set its keys under '" + key + ":'"));
        continue;
      }
      Optional<ConfigProblem> stray =
          strayGroupKey(key, ConfigChecker.keyOrigin(key, entry.getValue()), chosen);
      stray.ifPresentOrElse(problems::add, () -> kept.put(key, entry.getValue()));
    }
    return kept;
  }

  /**
   * A problem when {@code key} is under a group ({@code optimizer.x}) but not a key of its chosen
   * option (or, with no choice known, of any option).
   */
  private Optional<ConfigProblem> strayGroupKey(String key, Origin origin, Map<String, String> chosen) {
    Optional<ConfigGroup> owning = groupOf(key);
    if (owning.isEmpty()) {
      return Optional.empty();
    }
    ConfigGroup group = owning.get();
    String choice = chosen.get(group.key());
    List<String> known = new ArrayList<>();
    List<String> elsewhere = new ArrayList<>();
    for (ConfigGroup.Option option : group.options()) {
      boolean has = option.params().stream().anyMatch(p -> p.key().equals(key));
      if (choice == null || option.name().equals(choice)) {
        option.params().forEach(p -> known.add(p.key()));
        if (has) {
          return Optional.empty();
        }
      } else if (has) {
        elsewhere.add(option.name());
      }
    }
    StringBuilder message = new StringBuilder("unknown key '").append(key).append("'");
    // Suggest by the part after the group's key: the shared prefix would make every key look close.
    String prefix = group.key() + ".";
    Optional<String> closest =
        Suggestions.closest(
                key.substring(prefix.length()), known.stream().map(k -> k.substring(prefix.length())).toList())
            .map(k -> prefix + k);
    closest.ifPresent(c -> message.append(" (did you mean '").append(c).append("'?)"));
    if (choice != null) {
      message.append(": option '").append(choice).append("' of config group '").append(group.key()).append("'");
      message.append(known.isEmpty() ? " has no keys" : " has " + String.join(", ", known));
      if (!elsewhere.isEmpty()) {
        message.append("; '").append(key).append("' belongs to ")
            .append(elsewhere.size() == 1 ? "option '" + elsewhere.get(0) + "'" : "options " + String.join(", ", elsewhere));
      }
    } else if (closest.isEmpty()) {
      message.append("; the options of config group '").append(group.key()).append("' have ")
          .append(String.join(", ", known.stream().distinct().toList()));
    }
    return Optional.of(new ConfigProblem(origin, key, message.toString()));
  }

  /** The group whose options own {@code key} ({@code optimizer} for {@code optimizer.lr}). */
  private Optional<ConfigGroup> groupOf(String key) {
    int dot = key.indexOf('.');
    return dot < 0 ? Optional.empty() : schema.group(key.substring(0, dot));
  }

  /**
   * The schema javac checks config files against: the chosen option of each group, and for a group
   * without a known choice, the first option that has each key.
   */
  private ConfigSchema checkSchema(Map<String, String> choices) {
    List<ParamSpec> params = new ArrayList<>(schema.select(choices).params());
    for (ConfigGroup group : schema.groups()) {
      if (choices.containsKey(group.key())) {
        continue;
      }
      for (ConfigGroup.Option option : group.options()) {
        for (ParamSpec param : option.params()) {
          if (params.stream().noneMatch(p -> p.key().equals(param.key()))) {
            params.add(param);
          }
        }
      }
    }
    return ConfigSchema.of(params, schema.groups());
  }

  private ConfigProblem unknownGroup(DefaultsEntry.Choice choice) {
    List<String> groups = schema.groups().stream().map(ConfigGroup::key).toList();
    String message = "unknown config group '" + choice.group() + "'";
    Optional<String> closest = Suggestions.closest(choice.group(), groups);
    if (closest.isPresent()) {
      message += " (did you mean '" + closest.get() + "'?)";
    } else if (groups.isEmpty()) {
      message += "; this experiment has no config groups (a config group is a @Hyperparam whose type is a"
          + " sealed interface of records)";
    } else {
      message += "; the groups are " + String.join(", ", groups);
    }
    return new ConfigProblem(choice.origin(), choice.group(), message);
  }

  /**
   * Why a command-line value cannot be a group's option: Hydra's words for a null, list or dict
   * (a group takes one option by name), else {@link #notFound}.
   */
  private static ConfigProblem notAnOption(ConfigGroup group, RawValue value, String key) {
    Object given = value.value();
    String options = String.join(", ", group.optionNames());
    if (given == null) {
      return new ConfigProblem(
          value.origin(),
          key,
          "Config group override must be a string or a list. Got NoneType: config group '" + key
              + "' needs an option, one of " + options + " (~" + key + " goes back to the field's)");
    }
    if (given instanceof List<?>) {
      return new ConfigProblem(
          value.origin(),
          key,
          "config group '" + key + "' takes one option, as its field holds one: choose one of " + options
              + " (" + key + "=" + group.optionNames().get(0) + "); selecting several is not supported");
    }
    if (given instanceof Map<?, ?>) {
      return new ConfigProblem(
          value.origin(),
          key,
          "Config group override must be a string or a list. Got dict: " + key + "=OPTION chooses an"
              + " option of config group '" + key + "' (one of " + options + "); set the option's keys by"
              + " their dotted names (" + key + ".KEY=VALUE)");
    }
    return notFound(group, value, key);
  }

  /** Hydra's {@code Could not find 'optimizer/nosuch'}, with the options and a "did you mean". */
  private static ConfigProblem notFound(ConfigGroup group, RawValue option, String key) {
    String written = option.value() instanceof String s ? s : ValueConverter.describe(option.value());
    StringBuilder message = new StringBuilder("Could not find '").append(group.key()).append('/').append(written).append("'");
    if (option.value() instanceof String s) {
      Suggestions.closest(s, group.optionNames())
          .ifPresent(c -> message.append(" (did you mean '").append(c).append("'?)"));
    }
    message.append("; available options in '").append(group.key()).append("': ")
        .append(String.join(", ", group.optionNames()));
    return new ConfigProblem(option.origin(), key, message.toString());
  }

  /**
   * For the list of keys without a value: where else than the command line and the last config
   * file a key gets one. A group's option is chosen in a defaults list or by the field's
   * initializer; an option's key is set in the option's file.
   */
  private String whereElse(String key, Map<String, String> chosen) {
    Optional<ConfigGroup> group = schema.group(key);
    if (group.isPresent()) {
      return "or choose it in a defaults list ('- " + key + ": " + group.get().optionNames().get(0)
          + "') or by the field's initializer";
    }
    Optional<ConfigGroup> owning = groupOf(key);
    if (owning.isEmpty() || !chosen.containsKey(owning.get().key())) {
      return "";
    }
    String option = chosen.get(owning.get().key());
    return "or in " + optionResource(owning.get().key(), option) + " (the file of option '" + option
        + "' of config group '" + owning.get().key() + "')";
  }

  private Origin defaultOrigin(String key) {
    return new Origin.Default(schema.find(key).map(ParamSpec::element).orElse(key));
  }

  private static String strip(String resource) {
    return resource.startsWith("/") ? resource.substring(1) : resource;
  }
}
