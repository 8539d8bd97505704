package io.repro4j.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.repro4j.annotations.Dataset;
import io.repro4j.annotations.Experiment;
import io.repro4j.annotations.Hyperparam;
import io.repro4j.annotations.Metric;
import io.repro4j.processor.model.Accessor;
import io.repro4j.processor.model.DatasetModel;
import io.repro4j.processor.model.ExperimentModel;
import io.repro4j.processor.model.HyperparamModel;
import io.repro4j.processor.model.MetricModel;
import io.repro4j.processor.model.ValidateHook;
import io.repro4j.processor.model.ValueModel;
import io.repro4j.processor.validation.Diagnostics.Where;
import io.repro4j.runtime.config.Composer;
import io.repro4j.runtime.config.ConfigGroup;
import io.repro4j.runtime.config.ConfigProblem;
import io.repro4j.runtime.config.ConfigSchema;
import io.repro4j.runtime.config.Interpolator;
import io.repro4j.runtime.config.Origin;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ParamType;
import io.repro4j.runtime.config.RawValue;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Checks an {@code @Experiment} class and everything annotated in it, reports every problem on the
 * element (or annotation value) it concerns, and builds the model only when there is none.
 */
public final class ExperimentValidator {
  private static final int MAX_EXPERIMENT_NAME = 500;

  private final Context context;
  private final HyperparamValidator hyperparams;
  private final DatasetValidator datasets;
  private final MetricValidator metrics;
  private final ConfigFiles configFiles;
  private final ValidateMethods validateMethods;
  private final InitializerEvaluator initializers;
  // Classes used as nested configs by the experiments seen so far (their fields carry @Hyperparam).
  private final java.util.Set<String> configClasses = new java.util.HashSet<>();

  /** Validates with {@code env}'s utilities and options, reporting to {@code diagnostics}. */
  public ExperimentValidator(ProcessingEnvironment env, Diagnostics diagnostics) {
    this.context = new Context(env.getElementUtils(), env.getTypeUtils(), diagnostics);
    this.initializers = InitializerEvaluator.create(env);
    this.hyperparams = new HyperparamValidator(context, initializers);
    this.datasets = new DatasetValidator(context);
    this.metrics = new MetricValidator(context);
    this.configFiles = new ConfigFiles(env.getFiler(), env.getOptions().get(ConfigFiles.RESOURCES_OPTION));
    this.validateMethods = new ValidateMethods(context);
  }

  /**
   * Remembers the config classes (classes with {@code @Hyperparam} fields) that {@code experiment}'s
   * hyperparameters use, directly or nested in records, classes and group options, so that their
   * fields are not reported as outside an experiment.
   */
  public void collectConfigClasses(TypeElement experiment) {
    collectConfigClasses(experiment, new java.util.HashSet<>());
  }

  private void collectConfigClasses(TypeElement type, java.util.Set<TypeElement> seen) {
    if (!seen.add(type)) {
      return;
    }
    List<TypeMirror> used = new ArrayList<>();
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      if (field.getAnnotation(Hyperparam.class) != null) {
        used.add(field.asType());
      }
    }
    if (type.getKind() == ElementKind.RECORD) {
      type.getRecordComponents().forEach(c -> used.add(c.asType()));
    }
    for (TypeMirror mirror : used) {
      Optional<TypeElement> configType = HyperparamValidator.configType(mirror);
      if (configType.isEmpty()) {
        continue;
      }
      TypeElement element = configType.get();
      if (element.getKind() == ElementKind.CLASS) {
        configClasses.add(element.getQualifiedName().toString());
      }
      if (element.getKind() == ElementKind.INTERFACE) {
        for (TypeMirror permitted : element.getPermittedSubclasses()) {
          if (context.types().asElement(permitted) instanceof TypeElement option) {
            collectConfigClasses(option, seen);
          }
        }
      } else {
        collectConfigClasses(element, seen);
      }
    }
  }

  /**
   * Reports {@code member}, annotated with {@code annotation}, unless its class is an experiment, a
   * record (whose components are keys wherever it is used) or a config class an experiment uses.
   */
  public void checkInExperiment(Element member, Class<? extends Annotation> annotation) {
    Element owner = member.getEnclosingElement();
    if (owner.getAnnotation(Experiment.class) != null
        || owner.getKind() == ElementKind.RECORD
        || (annotation == Hyperparam.class
            && owner instanceof TypeElement type
            && configClasses.contains(type.getQualifiedName().toString()))) {
      return;
    }
    String ownerName = owner instanceof TypeElement type ? TypeDisplay.className(type) : owner.toString();
    context.diagnostics().error(
        Where.at(member, Annotations.mirror(member, annotation).orElse(null)),
        Problem.NOT_IN_EXPERIMENT,
        annotation.getSimpleName(),
        TypeDisplay.kindAndName(member),
        ownerName,
        owner.getSimpleName(),
        annotation == Hyperparam.class
            ? " (or, to make it a nested config, give an experiment a @Hyperparam field of its type)"
            : "");
  }

  /**
   * A type that {@code type}'s declaration refers to but that does not exist (yet: another
   * processor may generate it in a later round), as written, or empty when all exist.
   */
  public Optional<String> undefinedType(TypeElement type) {
    List<TypeMirror> referenced = new ArrayList<>();
    referenced.add(type.getSuperclass());
    referenced.addAll(type.getInterfaces());
    for (Element member : type.getEnclosedElements()) {
      if (!isAnnotatedMember(member)) {
        continue;
      }
      if (member instanceof ExecutableElement method) {
        referenced.add(method.getReturnType());
        referenced.addAll(method.getThrownTypes());
      } else {
        referenced.add(member.asType());
      }
    }
    return referenced.stream().filter(ExperimentValidator::isErroneous).map(TypeMirror::toString).findFirst();
  }

  private static boolean isErroneous(TypeMirror type) {
    if (type.getKind() == TypeKind.ERROR) {
      return true;
    }
    if (type instanceof DeclaredType declared) {
      return declared.getTypeArguments().stream().anyMatch(ExperimentValidator::isErroneous);
    }
    if (type instanceof ArrayType array) {
      return isErroneous(array.getComponentType());
    }
    return false;
  }

  private static boolean isAnnotatedMember(Element member) {
    return member.getAnnotation(Hyperparam.class) != null
        || member.getAnnotation(Dataset.class) != null
        || member.getAnnotation(Metric.class) != null;
  }

  /** Reports that {@code type} still refers to a missing type after the last round. */
  public void reportUndefined(TypeElement type, String missing) {
    context.diagnostics().error(Where.at(type), Problem.UNDEFINED_TYPE, TypeDisplay.className(type), missing);
  }

  /** The model of {@code type}, or empty after every problem in it was reported. */
  public Optional<ExperimentModel> validate(TypeElement type) {
    Diagnostics diagnostics = context.diagnostics();
    int before = diagnostics.errorCount();
    AnnotationMirror mirror = Annotations.mirror(type, Experiment.class).orElseThrow();
    Experiment experiment = type.getAnnotation(Experiment.class);
    ClassName trainer = ClassName.get(type);
    String record = ExperimentModel.baseName(trainer) + "_Repro4jConfig";
    String binding = ExperimentModel.baseName(trainer) + "_Repro4j";

    checkClass(type, binding);
    String experimentName = experiment.name().isEmpty() ? type.getSimpleName().toString() : experiment.name();
    if (experimentName.length() > MAX_EXPERIMENT_NAME) {
      diagnostics.error(
          Where.at(type, mirror, "name"), Problem.EXPERIMENT_NAME, TypeDisplay.className(type), experimentName.length());
    }

    KeyRegistry keys = new KeyRegistry(Problem.DUPLICATE_KEY, diagnostics).reserving("defaults");
    KeyRegistry metricNames = new KeyRegistry(Problem.DUPLICATE_METRIC, diagnostics);
    List<HyperparamModel> hyperparamModels = new ArrayList<>();
    List<DatasetModel> datasetModels = new ArrayList<>();
    List<MetricModel> metricModels = new ArrayList<>();
    List<ValueModel> hyperparamSpecs = new ArrayList<>();
    List<ValueModel> datasetSpecs = new ArrayList<>();
    Map<String, Element> groupFields = new LinkedHashMap<>();
    Map<String, String> defaultChoices = new LinkedHashMap<>();
    Map<VariableElement, ParamSpec> stringFields = new LinkedHashMap<>();
    boolean schemaComplete = true;
    for (Element member : type.getEnclosedElements()) {
      Optional<AnnotationMirror> hyperparam = Annotations.mirror(member, Hyperparam.class);
      Optional<AnnotationMirror> dataset = Annotations.mirror(member, Dataset.class);
      Optional<AnnotationMirror> metric = Annotations.mirror(member, Metric.class);
      if (conflict(member, hyperparam, dataset, metric)) {
        schemaComplete &= hyperparam.isEmpty() && dataset.isEmpty();
        continue;
      }
      if (hyperparam.isPresent() && member instanceof VariableElement field) {
        Checked<HyperparamModel> checked = hyperparams.validate(field, hyperparam.get(), keys, record);
        checked.model().ifPresent(hyperparamModels::add);
        checked.schema().ifPresent(hyperparamSpecs::add);
        if (checked.schema().orElse(null) instanceof ValueModel.Group group) {
          groupFields.put(group.choice().key(), field);
          hyperparams.initializerOption(field, group).ifPresent(o -> defaultChoices.put(group.choice().key(), o));
        }
        if (checked.schema().orElse(null) instanceof ValueModel.Leaf leaf
            && leaf.spec().type().kind() == ParamType.Kind.STRING) {
          stringFields.put(field, leaf.spec());
        }
        schemaComplete &= checked.schema().isPresent();
      } else if (dataset.isPresent() && member instanceof VariableElement field) {
        Checked<DatasetModel> checked = datasets.validate(field, dataset.get(), keys, record);
        checked.model().ifPresent(datasetModels::add);
        checked.schema().ifPresent(datasetSpecs::add);
        schemaComplete &= checked.schema().isPresent();
      } else if (metric.isPresent()) {
        metrics.validate(member, metric.get(), metricNames).ifPresent(metricModels::add);
      }
    }

    // The parts first, innermost first, then the trainer, whose check may rely on valid parts.
    List<ValidateHook> validateHooks = new ArrayList<>();
    PackageElement generatedIn = context.elements().getPackageOf(type);
    for (HyperparamModel hyperparam : hyperparamModels) {
      nestedValidateHooks(
          hyperparam.value(), CodeBlock.of("config.$N()", hyperparam.component()), null, hyperparam.key() + ".",
          generatedIn, validateHooks);
    }
    validateMethods.find(type, CodeBlock.of("trainer")).ifPresent(validateHooks::add);

    List<String> configResources = List.of(experiment.config());
    if (schemaComplete) {
      // Only a complete schema gives verdicts worth reading: a missing key would show as unknown.
      List<ParamSpec> params = new ArrayList<>();
      List<ConfigGroup> groups = new ArrayList<>();
      for (ValueModel value : hyperparamSpecs) {
        params.addAll(value.params());
        if (value instanceof ValueModel.Group group) {
          groups.add(group.configGroup());
        }
      }
      datasetSpecs.forEach(d -> params.addAll(d.params())); // the generated code's order
      ConfigSchema schema = ConfigSchema.of(params, groups);
      checkConfigFiles(type, mirror, configResources, schema, groupFields, defaultChoices);
      ConfigSchema everyOption = withEveryOption(params, groups);
      stringFields.forEach((field, spec) -> checkInterpolatedDefault(field, spec, everyOption));
    } else {
      checkConfigFilesExist(type, mirror, configResources);
    }

    if (diagnostics.errorCount() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new ExperimentModel(
            type,
            trainer,
            experimentName,
            configResources,
            hyperparamModels,
            datasetModels,
            metricModels,
            validateHooks));
  }

  /**
   * The {@code validate()} hooks of the records and classes a value is made of (a nested config,
   * its nested parts, a group's options and their parts), innermost first.
   *
   * @param receiver how generated code reaches the value from the config record
   * @param guard for a group option's parts, the test that the option is chosen; else null
   * @param keyPrefix the prefix of the value's keys ({@code model.})
   */
  private void nestedValidateHooks(
      ValueModel value,
      CodeBlock receiver,
      CodeBlock guard,
      String keyPrefix,
      PackageElement generatedIn,
      List<ValidateHook> hooks) {
    if (value instanceof ValueModel.Nested nested) {
      members(nested.members(), nested.isRecord(), receiver, guard, keyPrefix, generatedIn, hooks);
      validateMethods
          .find(typeElement(nested.type()), generatedIn, receiver, guard, keyPrefix)
          .ifPresent(hooks::add);
    } else if (value instanceof ValueModel.Group group) {
      for (ValueModel.Option option : group.options()) {
        CodeBlock chosen = CodeBlock.of("$L instanceof $T", receiver, option.type());
        CodeBlock asOption = CodeBlock.of("(($T) $L)", option.type(), receiver);
        members(option.members(), true, asOption, chosen, keyPrefix, generatedIn, hooks);
        validateMethods
            .find(typeElement(option.type()), generatedIn, asOption, chosen, keyPrefix)
            .ifPresent(hooks::add);
      }
    }
  }

  private void members(
      List<ValueModel.Member> members,
      boolean ofRecord,
      CodeBlock receiver,
      CodeBlock guard,
      String keyPrefix,
      PackageElement generatedIn,
      List<ValidateHook> hooks) {
    for (ValueModel.Member member : members) {
      if (member.value() instanceof ValueModel.Leaf) {
        continue;
      }
      Accessor accessor = member.accessor();
      CodeBlock read =
          ofRecord || accessor == null
              ? CodeBlock.of("$L.$N()", receiver, member.name())
              : accessor.direct()
                  ? CodeBlock.of("$L.$N", receiver, accessor.field())
                  : CodeBlock.of("$L.$N()", receiver, accessor.getter());
      nestedValidateHooks(member.value(), read, guard, keyPrefix + member.key() + ".", generatedIn, hooks);
    }
  }

  private TypeElement typeElement(ClassName type) {
    return context.elements().getTypeElement(type.canonicalName());
  }

  /**
   * A constant {@code String} default holding {@code ${...}} is an interpolation, as in a YAML
   * file: checked the same way, with the message a run would give.
   */
  private void checkInterpolatedDefault(VariableElement field, ParamSpec spec, ConfigSchema schema) {
    Optional<InitializerEvaluator.StringConstant> initial = initializers.stringInitializer(field);
    if (initial.isEmpty() || initial.get().value() == null) {
      return;
    }
    RawValue raw = new RawValue(initial.get().value(), new Origin.Default(spec.element()));
    if (!Interpolator.isInterpolated(raw)) {
      return;
    }
    List<ConfigProblem> problems = new ArrayList<>();
    Interpolator.check(schema, spec, raw, problems);
    for (ConfigProblem problem : problems) {
      context.diagnostics().error(Where.at(field), Problem.CONFIG_PROBLEM, problem.format());
    }
  }

  /**
   * The keys an interpolation in a default may name without knowing which options are chosen:
   * {@code params} and the keys of every option of every group (each key once).
   */
  private static ConfigSchema withEveryOption(List<ParamSpec> params, List<ConfigGroup> groups) {
    Map<String, ParamSpec> byKey = new LinkedHashMap<>();
    params.forEach(p -> byKey.put(p.key(), p));
    for (ConfigGroup group : groups) {
      group.options().forEach(o -> o.params().forEach(p -> byKey.putIfAbsent(p.key(), p)));
    }
    return ConfigSchema.of(List.copyOf(byKey.values()), groups);
  }

  private boolean conflict(
      Element member,
      Optional<AnnotationMirror> hyperparam,
      Optional<AnnotationMirror> dataset,
      Optional<AnnotationMirror> metric) {
    List<String> present = new ArrayList<>();
    hyperparam.ifPresent(m -> present.add("Hyperparam"));
    dataset.ifPresent(m -> present.add("Dataset"));
    metric.ifPresent(m -> present.add("Metric"));
    if (present.size() < 2) {
      return false;
    }
    context.diagnostics().error(
        Where.at(member),
        Problem.CONFLICTING_ANNOTATIONS,
        TypeDisplay.kindAndName(member),
        present.get(0),
        present.get(1));
    return true;
  }

  private void checkClass(TypeElement type, String binding) {
    Diagnostics diagnostics = context.diagnostics();
    String name = TypeDisplay.className(type);
    if (type.getKind() != ElementKind.CLASS) {
      diagnostics.error(Where.at(type), Problem.NOT_A_CLASS, kindName(type.getKind()), name);
      return;
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      diagnostics.error(Where.at(type), Problem.PRIVATE_CLASS, name, binding);
    }
    for (Element outer = type.getEnclosingElement(); outer instanceof TypeElement t; outer = t.getEnclosingElement()) {
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        diagnostics.error(
            Where.at(type), Problem.PRIVATE_ENCLOSING_CLASS, name, TypeDisplay.className(t), binding, t.getSimpleName());
      }
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      diagnostics.error(Where.at(type), Problem.ABSTRACT_CLASS, name);
    }
    if (type.getNestingKind() == NestingKind.MEMBER
        && !type.getModifiers().contains(Modifier.STATIC)
        && type.getEnclosingElement().getKind().isClass()) {
      diagnostics.error(
          Where.at(type), Problem.INNER_CLASS, name, TypeDisplay.className((TypeElement) type.getEnclosingElement()));
    }
    if (!type.getTypeParameters().isEmpty()) {
      diagnostics.error(
          Where.at(type),
          Problem.GENERIC_CLASS,
          name,
          type.getTypeParameters().stream()
              .map(TypeParameterElement::getSimpleName)
              .map(Object::toString)
              .collect(Collectors.joining(", ", "<", ">")));
    }
    TypeElement trainer = context.elements().getTypeElement("io.repro4j.runtime.Trainer");
    if (trainer == null) {
      diagnostics.error(Where.at(type), Problem.NO_RUNTIME, name);
    } else if (!context.types().isAssignable(context.types().erasure(type.asType()), trainer.asType())) {
      diagnostics.error(Where.at(type), Problem.NOT_A_TRAINER, name);
    }
  }

  private static String kindName(ElementKind kind) {
    return switch (kind) {
      case INTERFACE -> "interface";
      case ENUM -> "enum";
      case RECORD -> "record";
      case ANNOTATION_TYPE -> "annotation type";
      default -> kind.toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private void checkConfigFilesExist(TypeElement type, AnnotationMirror mirror, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      if (configFiles.find(names.get(i)) instanceof ConfigFiles.NotFound notFound) {
        reportNotFound(type, mirror, i, names.get(i), notFound);
      }
    }
  }

  private void checkConfigFiles(
      TypeElement type,
      AnnotationMirror mirror,
      List<String> names,
      ConfigSchema schema,
      Map<String, Element> groupFields,
      Map<String, String> defaultChoices) {
    Diagnostics diagnostics = context.diagnostics();
    boolean readable = true;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      ConfigFiles.Lookup lookup = configFiles.find(name);
      if (lookup instanceof ConfigFiles.NotFound notFound) {
        reportNotFound(type, mirror, i, name, notFound);
      } else if (lookup instanceof ConfigFiles.Unreadable unreadable) {
        diagnostics.error(configValue(type, mirror, i), Problem.CONFIG_UNREADABLE, name, unreadable.where(), unreadable.why());
        readable = false;
      }
    }
    if (!readable) {
      return;
    }
    Composer composer =
        new Composer(schema, names, configFiles::read, TypeDisplay.className(type));
    List<ConfigProblem> problems;
    try {
      problems = composer.check(defaultChoices);
    } catch (RuntimeException e) {
      // A bug in the checker must not crash javac: say which files it was checking.
      diagnostics.error(Where.at(type, mirror), Problem.CONFIG_CHECK_FAILED, String.join(", ", names), e);
      return;
    }
    for (ConfigProblem problem : problems) {
      diagnostics.error(problemWhere(type, mirror, names, composer, groupFields, problem), Problem.CONFIG_PROBLEM, problem.format());
    }
  }

  /**
   * Where a YAML problem is reported: a config file's problem on its entry in {@code config = ...},
   * an option file's on the group's field.
   */
  private static Where problemWhere(
      TypeElement type,
      AnnotationMirror mirror,
      List<String> names,
      Composer composer,
      Map<String, Element> groupFields,
      ConfigProblem problem) {
    if (problem.origin() instanceof Origin.InFile file) {
      int index = names.indexOf(file.file());
      if (index >= 0) {
        return configValue(type, mirror, index);
      }
      for (Map.Entry<String, Element> group : groupFields.entrySet()) {
        if (file.file().startsWith(composer.configRoot() + group.getKey() + "/")) {
          return Where.at(group.getValue());
        }
      }
    }
    return Where.at(type, mirror);
  }

  private void reportNotFound(
      TypeElement type, AnnotationMirror mirror, int index, String name, ConfigFiles.NotFound notFound) {
    context.diagnostics().error(
        configValue(type, mirror, index), Problem.CONFIG_NOT_FOUND, name, String.join(", ", notFound.lookedIn()));
  }

  // The config = {...} entry at index, so the error underlines that file's name.
  private static Where configValue(TypeElement type, AnnotationMirror mirror, int index) {
    Optional<AnnotationValue> config = Annotations.explicitValue(mirror, "config");
    if (config.isPresent() && config.get().getValue() instanceof List<?> entries && index < entries.size()) {
      return new Where(type, mirror, (AnnotationValue) entries.get(index));
    }
    return Where.at(type, mirror);
  }
}
