package io.repro4j.runtime.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The sweep of an override such as {@code lr=0.1,0.01} or {@code epochs=range(10,50,10)}: what
 * Hydra's basic sweeper turns into one job per value. Built by {@link ConfigOverride#parse}; the
 * override's {@link ConfigOverride#sweep()}.
 *
 * <p>{@link #expansion()} lists the values in Hydra's order. A shuffled sweep ({@code
 * shuffle(...)}) is shuffled with {@code java.util.Random} seeded by the override's text ({@code
 * text.hashCode()}), so the same override gives the same order in every run; Hydra uses Python's
 * unseeded global random, a new order each time. {@link #expansion(Random)} takes the random source.
 */
public sealed interface Sweep permits Sweep.Choice, Sweep.Range, Sweep.Interval, Sweep.Glob {

  /** Hydra's value types of sweeps ({@code ValueType}, without {@code _SWEEP}). */
  enum Kind {
    /** {@code a,b,c}. */
    SIMPLE_CHOICE,
    /** {@code choice(a,b,c)}. */
    CHOICE,
    /** {@code range(start, stop, step)}. */
    RANGE,
    /** {@code interval(start, end)}: continuous, for optimizing sweepers only. */
    INTERVAL,
    /** {@code glob(include, exclude)}: options of a config group. */
    GLOB
  }

  /** At most this many values are expanded; a larger range is an error rather than a hang. */
  int MAX_EXPANSION = 1_000_000;

  Kind kind();

  /** The tags given with {@code tag(t1, ..., sweep)}, in the order written. */
  Set<String> tags();

  /** Whether {@code shuffle(...)} applies. */
  boolean shuffled();

  /** The sweep's span in its override. */
  Origin.InOverride origin();

  /**
   * The values, one per job, in Hydra's order; shuffled (seeded by the override's text) if {@link
   * #shuffled()}.
   *
   * @throws ConfigException for an interval (no finite list of values), a glob (it needs the
   *     group's options: {@link Glob#expansion(List)}), a range with step 0, or more than {@link
   *     #MAX_EXPANSION} values
   */
  default List<RawValue> expansion() throws ConfigException {
    return expansion(new Random(origin().text().hashCode()));
  }

  /** {@link #expansion()} with the given random source for shuffling. */
  List<RawValue> expansion(Random random) throws ConfigException;

  /**
   * The values as the text each job's override gets ({@code value_str}: {@code True}, {@code
   * 1e-05}, {@code 'quoted'}, escaped blanks), in the order of {@link #expansion()}.
   */
  default List<String> expansionText() throws ConfigException {
    List<String> texts = new ArrayList<>();
    for (RawValue value : internalExpansion(new Random(origin().text().hashCode()))) {
      texts.add(OverrideValues.canonical(value));
    }
    return texts;
  }

  /** The expansion with quoted strings still marked as quoted. */
  List<RawValue> internalExpansion(Random random) throws ConfigException;

  /** Python's repr of Hydra's dataclass, for Hydra's messages. */
  String pythonRepr();

  private static ConfigException problem(Origin.InOverride origin, String message) {
    return new ConfigException(List.of(new ConfigProblem(origin, "", message)));
  }

  private static List<RawValue> plain(List<RawValue> values) {
    List<RawValue> out = new ArrayList<>(values.size());
    for (RawValue value : values) {
      out.add(OverrideValues.plain(value));
    }
    return Collections.unmodifiableList(out);
  }

  /** {@code a,b,c} or {@code choice(a,b,c)}. */
  final class Choice implements Sweep {
    private final boolean simple;
    private final List<RawValue> choices;
    private final Set<String> tags;
    private final boolean shuffled;
    private final Origin.InOverride origin;

    Choice(boolean simple, List<RawValue> choices, Set<String> tags, boolean shuffled, Origin.InOverride origin) {
      this.simple = simple;
      this.choices = List.copyOf(choices);
      this.tags = Collections.unmodifiableSet(new LinkedHashSet<>(tags));
      this.shuffled = shuffled;
      this.origin = origin;
    }

    Choice with(boolean simple, List<RawValue> choices, Set<String> tags, boolean shuffled) {
      return new Choice(simple, choices, tags, shuffled, origin);
    }

    Choice at(Origin.InOverride origin) {
      return new Choice(simple, choices, tags, shuffled, origin);
    }

    boolean simple() {
      return simple;
    }

    /** The choices as written, quoted strings still marked. */
    List<RawValue> parsedChoices() {
      return choices;
    }

    /** The choices in the order written (quotes dropped). */
    public List<RawValue> choices() {
      return plain(choices);
    }

    @Override
    public Kind kind() {
      return simple ? Kind.SIMPLE_CHOICE : Kind.CHOICE;
    }

    @Override
    public Set<String> tags() {
      return tags;
    }

    @Override
    public boolean shuffled() {
      return shuffled;
    }

    @Override
    public Origin.InOverride origin() {
      return origin;
    }

    @Override
    public List<RawValue> expansion(Random random) {
      return plain(internalExpansion(random));
    }

    @Override
    public List<RawValue> internalExpansion(Random random) {
      List<RawValue> values = new ArrayList<>(choices);
      if (shuffled) {
        Collections.shuffle(values, random);
      }
      return values;
    }

    @Override
    public String pythonRepr() {
      return "ChoiceSweep(tags=" + OverrideValues.pythonSet(tags) + ", list="
          + OverrideValues.pythonRepr(choices) + ", simple_form=" + (simple ? "True" : "False")
          + ", shuffle=" + (shuffled ? "True" : "False") + ")";
    }

    @Override
    public String toString() {
      return pythonRepr();
    }
  }

  /**
   * {@code range(start, stop, step)}: ints when all three are ints (Python's {@code range}), else
   * floats stepped as Hydra does, in Python's {@code decimal} arithmetic from the exact values of
   * the doubles ({@code range(0,1,0.1)} gives {@code 0.7000000000000001}, not 0.7).
   */
  final class Range implements Sweep {
    /** Python's default decimal context: 28 significant digits, half-even. */
    private static final MathContext PYTHON_DECIMAL = new MathContext(28, RoundingMode.HALF_EVEN);

    private final Number start;
    private final Number stop;
    private final Number step;
    private final Set<String> tags;
    private final boolean shuffled;
    private final Origin.InOverride origin;

    Range(Number start, Number stop, Number step, Set<String> tags, boolean shuffled, Origin.InOverride origin) {
      this.start = start;
      this.stop = stop;
      this.step = step;
      this.tags = Collections.unmodifiableSet(new LinkedHashSet<>(tags));
      this.shuffled = shuffled;
      this.origin = origin;
    }

    Range with(Number start, Number stop, Number step, Set<String> tags, boolean shuffled) {
      return new Range(start, stop, step, tags, shuffled, origin);
    }

    Range at(Origin.InOverride origin) {
      return new Range(start, stop, step, tags, shuffled, origin);
    }

    /** Long, BigInteger or Double. */
    public Number start() {
      return start;
    }

    public Number stop() {
      return stop;
    }

    public Number step() {
      return step;
    }

    /** Whether the values are ints (start, stop and step are all ints). */
    public boolean integral() {
      return !(start instanceof Double || stop instanceof Double || step instanceof Double);
    }

    @Override
    public Kind kind() {
      return Kind.RANGE;
    }

    @Override
    public Set<String> tags() {
      return tags;
    }

    @Override
    public boolean shuffled() {
      return shuffled;
    }

    @Override
    public Origin.InOverride origin() {
      return origin;
    }

    @Override
    public List<RawValue> expansion(Random random) throws ConfigException {
      return internalExpansion(random);
    }

    @Override
    public List<RawValue> internalExpansion(Random random) throws ConfigException {
      List<RawValue> values = new ArrayList<>();
      if (integral()) {
        BigInteger from = toBig(start);
        BigInteger to = toBig(stop);
        BigInteger by = toBig(step);
        if (by.signum() == 0) {
          throw problem(origin, "ValueError: range() arg 3 must not be zero");
        }
        BigInteger count = to.subtract(from).add(by).subtract(BigInteger.valueOf(by.signum())).divide(by);
        if (count.signum() > 0 && count.compareTo(BigInteger.valueOf(MAX_EXPANSION)) > 0) {
          throw tooMany(count.toString());
        }
        for (BigInteger v = from; by.signum() > 0 ? v.compareTo(to) < 0 : v.compareTo(to) > 0; v = v.add(by)) {
          values.add(new RawValue(PyNumbers.integer(v), origin));
        }
      } else {
        BigDecimal from = decimal(start);
        BigDecimal to = decimal(stop);
        BigDecimal by = decimal(step);
        if (from == null || to == null || by == null) {
          throw problem(origin, "InvalidOperation: [<class 'decimal.InvalidOperation'>]");
        }
        if (by.signum() == 0) {
          throw problem(
              origin,
              "HydraException: Invalid range values (start:" + from + ", stop:" + to + ", step:" + by + ")");
        }
        for (BigDecimal v = from; by.signum() > 0 ? v.compareTo(to) < 0 : v.compareTo(to) > 0; v = v.add(by, PYTHON_DECIMAL)) {
          if (values.size() == MAX_EXPANSION) {
            throw tooMany("more than " + MAX_EXPANSION);
          }
          values.add(new RawValue(v.doubleValue(), origin));
        }
      }
      if (shuffled) {
        Collections.shuffle(values, random);
      }
      return Collections.unmodifiableList(values);
    }

    private ConfigException tooMany(String count) {
      return problem(
          origin,
          "this range has " + count + " values; at most " + MAX_EXPANSION + " are expanded, so use a"
              + " larger step or a smaller range");
    }

    private static BigInteger toBig(Number n) {
      return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }

    private static BigDecimal decimal(Number n) {
      if (n instanceof Double d) {
        return Double.isFinite(d) ? new BigDecimal(d) : unbounded(d);
      }
      return new BigDecimal(toBig(n));
    }

    /**
     * Python's Decimal has infinities, and a range towards one never ends; a bound beyond every
     * double keeps the comparisons right and lets the MAX_EXPANSION check stop the loop. NaN never
     * compares, so its range is empty here (Python raises InvalidOperation).
     */
    private static BigDecimal unbounded(double d) {
      if (Double.isNaN(d)) {
        return null;
      }
      return d > 0 ? BigDecimal.TEN.pow(400) : BigDecimal.TEN.pow(400).negate();
    }

    @Override
    public String pythonRepr() {
      return "RangeSweep(tags=" + OverrideValues.pythonSet(tags) + ", start=" + OverrideValues.pythonRepr(start)
          + ", stop=" + OverrideValues.pythonRepr(stop) + ", step=" + OverrideValues.pythonRepr(step)
          + ", shuffle=" + (shuffled ? "True" : "False") + ")";
    }

    @Override
    public String toString() {
      return pythonRepr();
    }
  }

  /** {@code interval(start, end)}: all values with start &lt;= value &lt; end. */
  final class Interval implements Sweep {
    private final Number start;
    private final Number end;
    private final Set<String> tags;
    private final Origin.InOverride origin;

    Interval(Number start, Number end, Set<String> tags, Origin.InOverride origin) {
      this.start = start;
      this.end = end;
      this.tags = Collections.unmodifiableSet(new LinkedHashSet<>(tags));
      this.origin = origin;
    }

    Interval with(Number start, Number end, Set<String> tags) {
      return new Interval(start, end, tags, origin);
    }

    Interval at(Origin.InOverride origin) {
      return new Interval(start, end, tags, origin);
    }

    /** Double, or Long after {@code int(interval(...))}. */
    public Number start() {
      return start;
    }

    public Number end() {
      return end;
    }

    @Override
    public Kind kind() {
      return Kind.INTERVAL;
    }

    @Override
    public Set<String> tags() {
      return tags;
    }

    @Override
    public boolean shuffled() {
      return false;
    }

    @Override
    public Origin.InOverride origin() {
      return origin;
    }

    @Override
    public List<RawValue> expansion(Random random) throws ConfigException {
      return internalExpansion(random);
    }

    @Override
    public List<RawValue> internalExpansion(Random random) throws ConfigException {
      throw problem(
          origin,
          "interval(...) is continuous and has no finite list of values; only optimizing sweepers"
              + " sample it (Hydra's basic sweeper: BasicSweeper does not support sweep type :"
              + " INTERVAL_SWEEP); use choice(...) or range(...) for a grid, or sample it with random"
              + " search (--multirun --trials N)");
    }

    @Override
    public String pythonRepr() {
      return "IntervalSweep(tags=" + OverrideValues.pythonSet(tags) + ", start="
          + OverrideValues.pythonRepr(start) + ", end=" + OverrideValues.pythonRepr(end) + ")";
    }

    @Override
    public String toString() {
      return pythonRepr();
    }
  }

  /** {@code glob(include, exclude)}: the options of a config group that match. */
  final class Glob implements Sweep {
    private final List<String> include;
    private final List<String> exclude;
    private final Origin.InOverride origin;

    Glob(List<String> include, List<String> exclude, Origin.InOverride origin) {
      this.include = List.copyOf(include);
      this.exclude = List.copyOf(exclude);
      this.origin = origin;
    }

    Glob at(Origin.InOverride origin) {
      return new Glob(include, exclude, origin);
    }

    public List<String> include() {
      return include;
    }

    public List<String> exclude() {
      return exclude;
    }

    /**
     * The options that match an include pattern and no exclude pattern, in the order given
     * (Python's {@code fnmatch}: {@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}).
     */
    public List<String> expansion(List<String> options) {
      List<String> matched = new ArrayList<>();
      for (String option : options) {
        if (matchesAny(option, include) && !matchesAny(option, exclude)) {
          matched.add(option);
        }
      }
      return matched;
    }

    private static boolean matchesAny(String name, List<String> patterns) {
      for (String pattern : patterns) {
        if (Fnmatch.matches(name, pattern)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Kind kind() {
      return Kind.GLOB;
    }

    @Override
    public Set<String> tags() {
      return Set.of();
    }

    @Override
    public boolean shuffled() {
      return false;
    }

    @Override
    public Origin.InOverride origin() {
      return origin;
    }

    @Override
    public List<RawValue> expansion(Random random) throws ConfigException {
      return internalExpansion(random);
    }

    @Override
    public List<RawValue> internalExpansion(Random random) throws ConfigException {
      throw problem(
          origin,
          "glob(...) selects among the options of a config group; it has values only for a group"
              + " key, given the group's options");
    }

    @Override
    public String pythonRepr() {
      return "Glob(include=" + OverrideValues.pythonRepr(wrap(include)) + ", exclude="
          + OverrideValues.pythonRepr(wrap(exclude)) + ")";
    }

    private static List<RawValue> wrap(List<String> strings) {
      List<RawValue> out = new ArrayList<>();
      for (String s : strings) {
        out.add(new RawValue(s, null));
      }
      return out;
    }

    @Override
    public String toString() {
      return pythonRepr();
    }
  }
}
