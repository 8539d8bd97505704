package io.repro4j.runtime;

import io.repro4j.runtime.config.ConfigSchema;
import io.repro4j.runtime.config.ResolvedConfig;
import io.repro4j.runtime.config.ValidationException;
import io.repro4j.runtime.data.DatasetSpec;
import io.repro4j.runtime.tracking.MetricSpec;
import java.util.List;
import java.util.Map;

/**
 * What the annotation processor generates for each {@code @Experiment} class {@code T}, named
 * {@code T_Repro4j} in {@code T}'s package: everything reflection would otherwise find out, as
 * plain code. Not implemented by hand.
 *
 * @param <T> the trainer class
 * @param <C> the generated config record
 */
public abstract class ExperimentBinding<T extends Trainer, C extends Record> {
  private final String experimentName;
  private final List<String> configResources;
  private final ConfigSchema schema;
  private final List<DatasetSpec> datasets;
  private final List<MetricSpec> metrics;

  protected ExperimentBinding(
      String experimentName,
      List<String> configResources,
      ConfigSchema schema,
      List<DatasetSpec> datasets,
      List<MetricSpec> metrics) {
    this.experimentName = experimentName;
    this.configResources = List.copyOf(configResources);
    this.schema = schema;
    this.datasets = List.copyOf(datasets);
    this.metrics = List.copyOf(metrics);
  }

  /** The MLflow experiment name. */
  public final String experimentName() {
    return experimentName;
  }

  /** The classpath YAML resources of {@code @Experiment(config)}, in merge order. */
  public final List<String> configResources() {
    return configResources;
  }

  /** Every config key: hyperparameters, then dataset locations. */
  public final ConfigSchema schema() {
    return schema;
  }

  public final List<DatasetSpec> datasets() {
    return datasets;
  }

  /** The {@code @Metric}s in declaration order; {@link #readMetrics} fills values in this order. */
  public final List<MetricSpec> metrics() {
    return metrics;
  }

  /**
   * The default of every key, read from a freshly constructed trainer's fields (its initialisers),
   * typed as {@link io.repro4j.runtime.config.ConfigChecker#convert} returns values: enums as their
   * constant name. Dataset keys default to their {@code @Dataset(path)}. A nested config's keys are
   * read from the record or object the field holds (none when it is null); a config group's key
   * holds the name of the option whose record the field holds, followed by that option's keys. A
   * required key (a field without initializer) has none.
   */
  public abstract Map<String, Object> defaults(T trainer);

  /** Builds the typed, immutable config record. */
  public abstract C config(ResolvedConfig resolved);

  /** Sets the trainer's fields from {@code config}. */
  public abstract void bind(T trainer, C config);

  /**
   * Runs the experiment's own checks after {@link #bind}, before any run is created: generated code
   * overrides this when the trainer has a non-private, non-static {@code void validate()} without
   * parameters, and calls it (and, in the same way, any other bound object's {@code validate()}).
   * Does nothing by default.
   *
   * @throws ValidationException wrapping whatever a {@code validate()} threw, naming that method
   */
  public void validate(T trainer, C config) throws ValidationException {
    // nothing to check unless the experiment declares validate()
  }

  /** Writes the current value of every metric into {@code values}, in {@link #metrics()} order. */
  public abstract void readMetrics(T trainer, double[] values);

  /**
   * Finds the generated binding of {@code trainerClass}, as MapStruct's {@code Mappers} does: one
   * class lookup by name at startup, never on the training path. A binding holds no state, so it
   * is looked up once per trainer class and JVM (a sweep's trials in this JVM share it).
   *
   * @throws IllegalStateException when there is none, saying how to enable the processor
   */
  @SuppressWarnings("unchecked")
  public static <T extends Trainer> ExperimentBinding<T, ?> forClass(Class<T> trainerClass) {
    return (ExperimentBinding<T, ?>) BINDINGS.get(trainerClass);
  }

  // A failed lookup throws from computeValue and is not remembered: it is tried again next time.
  private static final ClassValue<ExperimentBinding<?, ?>> BINDINGS = new ClassValue<>() {
    @Override
    @SuppressWarnings("unchecked")
    protected ExperimentBinding<?, ?> computeValue(Class<?> type) {
      return lookUp((Class<? extends Trainer>) type);
    }
  };

  @SuppressWarnings("unchecked")
  private static <T extends Trainer> ExperimentBinding<T, ?> lookUp(Class<T> trainerClass) {
    String binaryName = trainerClass.getName();
    int lastDot = binaryName.lastIndexOf('.');
    String packagePrefix = lastDot < 0 ? "" : binaryName.substring(0, lastDot + 1);
    String generated = packagePrefix + binaryName.substring(lastDot + 1).replace('$', '_') + "_Repro4j";
    try {
      Class<?> bindingClass = Class.forName(generated, true, trainerClass.getClassLoader());
      return (ExperimentBinding<T, ?>) bindingClass.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "No generated code for "
              + trainerClass.getName()
              + " (expected class "
              + generated
              + "). Annotate the class with @io.repro4j.annotations.Experiment and compile it with"
              + " the repro4j-processor annotation processor (Maven: maven-compiler-plugin's"
              + " <annotationProcessorPaths>, see the README).",
          e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot instantiate " + generated + ": " + e, e);
    }
  }
}
