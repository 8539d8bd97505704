package io.repro4j.processor.model;

import com.palantir.javapoet.ClassName;
import io.repro4j.runtime.config.ConfigGroup;
import io.repro4j.runtime.config.ParamSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A valid {@code @Experiment} class: everything the generator needs, nothing it has to look up.
 *
 * @param element the class, the originating element of every generated file
 * @param trainer its name
 * @param experimentName the MLflow experiment name
 * @param configResources the YAML resources of {@code @Experiment(config)}, in merge order
 * @param hyperparams the {@code @Hyperparam} fields in declaration order
 * @param datasets the {@code @Dataset} fields in declaration order
 * @param metrics the {@code @Metric} members in declaration order
 * @param validateHooks the objects whose {@code validate()} runs after binding, in call order
 */
public record ExperimentModel(
    TypeElement element,
    ClassName trainer,
    String experimentName,
    List<String> configResources,
    List<HyperparamModel> hyperparams,
    List<DatasetModel> datasets,
    List<MetricModel> metrics,
    List<ValidateHook> validateHooks) {

  /** Copies the lists, so the model stays immutable. */
  public ExperimentModel {
    configResources = List.copyOf(configResources);
    hyperparams = List.copyOf(hyperparams);
    datasets = List.copyOf(datasets);
    metrics = List.copyOf(metrics);
    validateHooks = List.copyOf(validateHooks);
  }

  /** A model without {@code validate()} hooks. */
  public ExperimentModel(
      TypeElement element,
      ClassName trainer,
      String experimentName,
      List<String> configResources,
      List<HyperparamModel> hyperparams,
      List<DatasetModel> datasets,
      List<MetricModel> metrics) {
    this(element, trainer, experimentName, configResources, hyperparams, datasets, metrics, List.of());
  }

  /**
   * The generated config record: {@code Outer_Inner_Repro4jConfig} for {@code Outer.Inner}, in the
   * trainer's package.
   */
  public ClassName configRecord() {
    return ClassName.get(trainer.packageName(), baseName(trainer) + "_Repro4jConfig");
  }

  /**
   * The generated binding, named as {@code ExperimentBinding.forClass} looks it up: the binary simple
   * name with {@code '$'} replaced by {@code '_'}, plus {@code _Repro4j}.
   */
  public ClassName binding() {
    return ClassName.get(trainer.packageName(), baseName(trainer) + "_Repro4j");
  }

  /**
   * Every config key, hyperparameters first (nested configs flattened, a group as its choice key),
   * then dataset locations: the generated code's order.
   */
  public List<ParamSpec> params() {
    List<ParamSpec> params = new ArrayList<>();
    hyperparams.forEach(h -> params.addAll(h.value().params()));
    datasets.forEach(d -> params.add(d.param()));
    return List.copyOf(params);
  }

  /** The config groups, in declaration order. */
  public List<ConfigGroup> groups() {
    List<ConfigGroup> groups = new ArrayList<>();
    for (HyperparamModel hyperparam : hyperparams) {
      if (hyperparam.value() instanceof ValueModel.Group group) {
        groups.add(group.configGroup());
      }
    }
    return List.copyOf(groups);
  }

  /** {@code Outer_Inner} for {@code Outer.Inner}; also maps a {@code '$'} in a name to {@code '_'}. */
  public static String baseName(ClassName type) {
    return String.join("_", type.simpleNames()).replace('$', '_');
  }
}
