package io.repro4j.runtime.sweep;

import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ConfigGroup;
import io.repro4j.runtime.config.ConfigOverride;
import io.repro4j.runtime.config.ConfigProblem;
import io.repro4j.runtime.config.ConfigSchema;
import io.repro4j.runtime.config.Sweep;
import io.repro4j.runtime.tracking.PythonFloat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Turns the overrides of a {@code --multirun} command line into trials, as Hydra's basic sweeper
 * does ({@code BasicSweeper.split_arguments}): each override becomes the list of its job strings
 * ({@code key=value} per value of a sweep, in the sweep's order; one string for a plain
 * override), keyed by its key with prefix ({@code +x} and {@code x} differ); a key given twice
 * keeps its first place and its last value; the trials are the cartesian product of the lists in
 * that order, the first override varying slowest.
 *
 * <p>Random search draws {@code trials} combinations instead, from one {@code java.util.Random}
 * seeded with the sweep seed, trial by trial and key by key in the same order: a value of a choice,
 * range or glob uniformly; a value of {@code interval(a, b)} uniformly in [a, b), or log-uniformly
 * with {@code tag(log, interval(a, b))}; an interval of ints ({@code int(interval(1, 10))}) gives
 * an int in [a, b].
 */
public final class SweepExpansion {
  private SweepExpansion() {}

  /** The trials of the grid. */
  public static List<Trial> grid(List<String> overrideTexts, ConfigSchema schema) throws ConfigException {
    List<List<String>> lists = new ArrayList<>(dimensions(overrideTexts, schema).values());
    List<Trial> trials = new ArrayList<>();
    long count = 1;
    for (List<String> list : lists) {
      count *= list.size();
      if (count > Sweep.MAX_EXPANSION) {
        throw new ConfigException(List.of(new ConfigProblem(
            io.repro4j.runtime.config.Origin.InOverride.whole(String.join(" ", overrideTexts)), "",
            "this sweep has more than " + Sweep.MAX_EXPANSION + " trials; sweep fewer values, or use random"
                + " search (--trials N)")));
      }
    }
    if (count == 0) {
      return trials; // an empty sweep (shuffle()) gives no job, as in Hydra
    }
    int[] position = new int[lists.size()];
    for (int index = 0; index < count; index++) {
      List<String> overrides = new ArrayList<>(lists.size());
      for (int d = 0; d < lists.size(); d++) {
        overrides.add(lists.get(d).get(position[d]));
      }
      trials.add(new Trial(index, overrides));
      for (int d = lists.size() - 1; d >= 0; d--) { // the last override varies fastest
        if (++position[d] < lists.get(d).size()) {
          break;
        }
        position[d] = 0;
      }
    }
    return trials;
  }

  /** {@code count} trials drawn at random, reproducibly for a given {@code seed}. */
  public static List<Trial> random(List<String> overrideTexts, ConfigSchema schema, int count, long seed)
      throws ConfigException {
    Map<String, Dimension> dimensions = new LinkedHashMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    for (String text : overrideTexts) {
      ConfigOverride override;
      try {
        override = ConfigOverride.parse(text);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
        continue;
      }
      String key = override.canonicalKey();
      Optional<Sweep> sweep = override.sweep();
      try {
        // A repeated key keeps its first place and its last value, as in the grid.
        if (sweep.isPresent() && sweep.get() instanceof Sweep.Interval interval) {
          dimensions.put(key, new Dimension(key, null, interval(interval)));
        } else {
          dimensions.put(key, new Dimension(key, values(override, schema), null));
        }
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    List<Dimension> ordered = new ArrayList<>(dimensions.values());
    Random random = new Random(seed);
    List<Trial> trials = new ArrayList<>(count);
    for (int index = 0; index < count; index++) {
      List<String> overrides = new ArrayList<>(ordered.size());
      for (Dimension dimension : ordered) {
        overrides.add(dimension.draw(random));
      }
      trials.add(new Trial(index, overrides));
    }
    return trials;
  }

  /** What one key of a random search draws from: a list of job strings, or an interval. */
  private record Dimension(String key, List<String> values, IntervalSampler interval) {
    String draw(Random random) {
      if (values != null) {
        return values.size() == 1 ? values.get(0) : values.get(random.nextInt(values.size()));
      }
      return key + "=" + interval.sample(random);
    }
  }

  private record IntervalSampler(double start, double end, boolean integral, boolean log) {
    String sample(Random random) {
      if (integral) {
        long low = (long) Math.ceil(start);
        long high = (long) Math.floor(end);
        if (log) {
          double x = Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high + 1.0) - Math.log(low)));
          return Long.toString(Math.min(high, Math.max(low, (long) Math.floor(x))));
        }
        return Long.toString(low + (long) Math.floor(random.nextDouble() * (high - low + 1)));
      }
      double x = log
          ? Math.exp(Math.log(start) + random.nextDouble() * (Math.log(end) - Math.log(start)))
          : start + random.nextDouble() * (end - start);
      return PythonFloat.repr(Math.min(Math.max(x, start), Math.nextDown(end)));
    }
  }

  private static IntervalSampler interval(Sweep.Interval interval) throws ConfigException {
    boolean integral = !(interval.start() instanceof Double) && !(interval.end() instanceof Double);
    double start = interval.start().doubleValue();
    double end = interval.end().doubleValue();
    boolean log = interval.tags().contains("log");
    String problem = null;
    if (!Double.isFinite(start) || !Double.isFinite(end) || !(start < end) && !(integral && start == end)) {
      problem = "an interval needs finite bounds with start < end, e.g. interval(0.001, 0.1)";
    } else if (log && start <= 0) {
      problem = "a log-uniform interval needs start > 0 (the logarithm of " + PythonFloat.repr(start)
          + " is not defined), e.g. tag(log, interval(1e-4, 1e-1))";
    }
    if (problem != null) {
      throw new ConfigException(List.of(new ConfigProblem(interval.origin(), "", problem)));
    }
    return new IntervalSampler(start, end, integral, log);
  }

  /** Each key's job strings, in Hydra's order of keys. */
  private static Map<String, List<String>> dimensions(List<String> overrideTexts, ConfigSchema schema)
      throws ConfigException {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    for (String text : overrideTexts) {
      try {
        ConfigOverride override = ConfigOverride.parse(text);
        lists.put(override.canonicalKey(), values(override, schema)); // a repeated key keeps its place
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return lists;
  }

  /** The job strings of one override: one per value of its sweep, or the override itself. */
  private static List<String> values(ConfigOverride override, ConfigSchema schema) throws ConfigException {
    String key = override.canonicalKey();
    Optional<Sweep> sweep = override.sweep();
    if (sweep.isEmpty()) {
      // ~key keeps its text: Hydra's job string ~key=null would compare the value with null here.
      return List.of(override.hasValue() ? key + "=" + override.canonicalValue() : override.text());
    }
    List<String> texts = new ArrayList<>();
    if (sweep.get() instanceof Sweep.Glob glob) {
      Optional<ConfigGroup> group = schema.group(override.key());
      if (group.isEmpty()) {
        throw new ConfigException(List.of(new ConfigProblem(override.keyOrigin(), override.key(),
            "glob(...) selects options of a config group, and '" + override.key() + "' is not one"
                + (schema.groups().isEmpty() ? "; this experiment has no config groups"
                    : "; the groups are " + schema.groups().stream().map(ConfigGroup::key).toList()))));
      }
      // Hydra lists a group's options sorted by name.
      List<String> options = new ArrayList<>(group.get().optionNames());
      options.sort(null);
      for (String option : glob.expansion(options)) {
        texts.add(key + "=" + option);
      }
      return texts;
    }
    for (String value : sweep.get().expansionText()) {
      texts.add(key + "=" + value);
    }
    return texts;
  }
}
