package io.repro4j.processor;

import com.google.auto.service.AutoService;
import io.repro4j.annotations.Dataset;
import io.repro4j.annotations.Experiment;
import io.repro4j.annotations.Hyperparam;
import io.repro4j.annotations.Metric;
import io.repro4j.processor.model.ExperimentModel;
import io.repro4j.processor.validation.ConfigFiles;
import io.repro4j.processor.validation.Diagnostics;
import io.repro4j.processor.validation.ExperimentValidator;
import io.repro4j.processor.writing.BindingGenerator;
import io.repro4j.processor.writing.ConfigRecordGenerator;
import io.repro4j.processor.writing.JsonSchemaGenerator;
import io.repro4j.processor.writing.SourceFiles;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * The Repro4j annotation processor. For each {@code @Experiment} class it checks the class, its
 * {@code @Hyperparam}, {@code @Dataset} and {@code @Metric} members and its YAML config files,
 * reports every problem at once, and, for a class without problems, generates
 * {@code T_Repro4jConfig} (the typed config record), {@code T_Repro4j} (its
 * {@code ExperimentBinding}) and the JSON Schema of its YAML files
 * ({@code META-INF/repro4j/<experiment>.schema.json}).
 *
 * <p>Option {@code -Arepro4j.resources=DIR[:DIR]}: directories to look for config files in when
 * they are not in the class output.
 *
 * <p>It never claims the annotations ({@code process} returns {@code false}), so other processors
 * see them too.
 */
@AutoService(Processor.class)
public final class Repro4jProcessor extends AbstractProcessor {
  private static final List<Class<? extends Annotation>> MEMBER_ANNOTATIONS =
      List.of(Hyperparam.class, Dataset.class, Metric.class);

  private Diagnostics diagnostics;
  private ExperimentValidator validator;
  private SourceFiles sourceFiles;
  private final ConfigRecordGenerator records = new ConfigRecordGenerator();
  private final BindingGenerator bindings = new BindingGenerator();
  private final JsonSchemaGenerator schemas = new JsonSchemaGenerator();

  // Classes that refer to types not generated yet, by name: retried next round.
  private final Set<String> deferred = new LinkedHashSet<>();

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    diagnostics = new Diagnostics(env.getMessager());
    validator = new ExperimentValidator(env, diagnostics);
    sourceFiles = new SourceFiles(env.getFiler(), env.getElementUtils(), diagnostics);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> types = new LinkedHashSet<>();
    types.add(Experiment.class.getCanonicalName());
    MEMBER_ANNOTATIONS.forEach(a -> types.add(a.getCanonicalName()));
    return types;
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(ConfigFiles.RESOURCES_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    List<TypeElement> experiments = new ArrayList<>();
    for (String name : deferred) {
      Optional.ofNullable(processingEnv.getElementUtils().getTypeElement(name)).ifPresent(experiments::add);
    }
    deferred.clear();
    experiments.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(Experiment.class)));
    experiments.forEach(validator::collectConfigClasses);
    for (Class<? extends Annotation> annotation : MEMBER_ANNOTATIONS) {
      for (Element member : round.getElementsAnnotatedWith(annotation)) {
        validator.checkInExperiment(member, annotation);
      }
    }

    for (TypeElement type : experiments) {
      Optional<String> undefined = validator.undefinedType(type);
      if (undefined.isPresent()) {
        if (round.processingOver()) {
          validator.reportUndefined(type, undefined.get());
        } else {
          deferred.add(type.getQualifiedName().toString());
        }
        continue;
      }
      validator.validate(type).ifPresent(this::generate);
    }
    return false;
  }

  private void generate(ExperimentModel model) {
    String pkg = model.trainer().packageName();
    if (sourceFiles.write(pkg, records.generate(model), model.element())
        && sourceFiles.write(pkg, bindings.generate(model), model.element())) {
      for (JsonSchemaGenerator.SchemaFile schema : schemas.generate(model)) {
        sourceFiles.writeResource(schema.name(), schema.text(), model.element());
      }
    }
  }
}
