package io.repro4j.processor.validation;

import com.palantir.javapoet.TypeName;
import io.repro4j.annotations.Hyperparam;
import io.repro4j.processor.model.Accessor;
import io.repro4j.processor.model.HyperparamModel;
import io.repro4j.processor.validation.Diagnostics.Where;
import io.repro4j.processor.validation.HyperparamTypes.Supported;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ParamType;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/** Checks one {@code @Hyperparam} field and builds its model. */
final class HyperparamValidator {
  private final Context context;
  private final HyperparamTypes types;
  private final FieldAccess access;
  private final InitializerEvaluator initializers;

  HyperparamValidator(Context context, InitializerEvaluator initializers) {
    this.context = context;
    this.types = new HyperparamTypes(context);
    this.access = new FieldAccess(context);
    this.initializers = initializers;
  }

  /**
   * The field's model, or empty after reporting every problem.
   *
   * @param keys the config keys of the class so far
   * @param record the generated record's simple name
   */
  Checked<HyperparamModel> validate(
      VariableElement field, AnnotationMirror mirror, KeyRegistry keys, String record) {
    Diagnostics diagnostics = context.diagnostics();
    int before = diagnostics.errorCount();
    Hyperparam annotation = field.getAnnotation(Hyperparam.class);
    String name = field.getSimpleName().toString();
    String key = annotation.name().isEmpty() ? name : annotation.name();
    String element = TypeDisplay.member(field);

    boolean keyValid = keys.check(key, field, mirror, element);
    Optional<Accessor> accessor = access.check(field, "Hyperparam", true, key, record);

    Supported type = null;
    HyperparamTypes.Result result = types.resolve(field.asType());
    if (result instanceof Supported supported) {
      type = supported;
      if (supported.enumType() != null) {
        checkAccessible(field, supported.enumType());
      }
    } else if (result instanceof HyperparamTypes.Unsupported unsupported) {
      diagnostics.error(
          Where.at(field), Problem.UNSUPPORTED_TYPE, name, TypeDisplay.of(field.asType()), unsupported.hint());
    }

    double min = annotation.min();
    double max = annotation.max();
    boolean boundsValid = checkBounds(field, mirror, type, min, max);
    // Without the source (no Trees) a field cannot be told to lack an initializer: not required.
    boolean required = initializers.hasInitializer(field).map(has -> !has).orElse(false);
    if (boundsValid && type != null && isScalarNumber(type.type()) && !required) {
      checkDefault(field, min, max);
    }
    List<String> choices = List.of(annotation.choices());
    boolean choicesValid = checkChoices(field, mirror, type, choices);
    if (choicesValid && !choices.isEmpty() && !required) {
      checkDefaultChoice(field, choices);
    }

    if (!keyValid || type == null || !boundsValid || !choicesValid) {
      return new Checked<>(Optional.empty(), Optional.empty());
    }
    String help =
        annotation.help().isEmpty()
            ? Javadocs.firstSentence(context.elements().getDocComment(field))
            : annotation.help().strip().replaceAll("\\s+", " ");
    ParamSpec spec = new ParamSpec(key, type.type(), help, min, max, element, required, choices);
    if (diagnostics.errorCount() != before) {
      return new Checked<>(Optional.of(spec), Optional.empty());
    }
    return new Checked<>(
        Optional.of(spec),
        Optional.of(new HyperparamModel(spec, name, TypeName.get(field.asType()), type.enumClass(), accessor.get())));
  }

  private boolean checkBounds(
      VariableElement field, AnnotationMirror mirror, Supported type, double min, double max) {
    Diagnostics diagnostics = context.diagnostics();
    int before = diagnostics.errorCount();
    String name = field.getSimpleName().toString();
    for (String bound : new String[] {"min", "max"}) {
      if (Annotations.explicitValue(mirror, bound).isEmpty()) {
        continue;
      }
      if (type != null && !type.type().isNumeric()) {
        diagnostics.error(
            Where.at(field, mirror, bound),
            Problem.RANGE_NOT_NUMERIC,
            name,
            bound,
            type.type().displayName());
      } else if (Double.isNaN(bound.equals("min") ? min : max)) {
        diagnostics.error(Where.at(field, mirror, bound), Problem.NAN_BOUND, name, bound);
      }
    }
    if (min > max) {
      diagnostics.error(
          Where.at(field, mirror, "max"), Problem.EMPTY_RANGE, name, Numbers.format(min), Numbers.format(max));
    }
    return diagnostics.errorCount() == before;
  }

  /** Choices only on a String field, each once. */
  private boolean checkChoices(
      VariableElement field, AnnotationMirror mirror, Supported type, List<String> choices) {
    if (choices.isEmpty()) {
      return true;
    }
    Diagnostics diagnostics = context.diagnostics();
    String name = field.getSimpleName().toString();
    if (type != null && type.type().kind() != ParamType.Kind.STRING) {
      diagnostics.error(
          Where.at(field, mirror, "choices"),
          Problem.CHOICES_NOT_STRING,
          name,
          type.type().displayName(),
          type.type().kind() == ParamType.Kind.ENUM ? " (an enum's constants are its choices already)" : "");
      return false;
    }
    Set<String> seen = new HashSet<>();
    boolean valid = true;
    for (String choice : choices) {
      if (!seen.add(choice)) {
        diagnostics.error(Where.at(field, mirror, "choices"), Problem.DUPLICATE_CHOICE, name, choice);
        valid = false;
      }
    }
    return valid;
  }

  private void checkDefaultChoice(VariableElement field, List<String> choices) {
    Optional<InitializerEvaluator.StringConstant> initial = initializers.stringInitializer(field);
    if (initial.isEmpty()) {
      return; // not a constant: the runtime checks the default
    }
    String value = initial.get().value();
    if (value != null && choices.contains(value)) {
      return;
    }
    context.diagnostics().error(
        Where.at(field),
        Problem.DEFAULT_NOT_A_CHOICE,
        field.getSimpleName(),
        value == null ? "null" : '"' + value + '"',
        choices.stream().map(c -> '"' + c + '"').collect(Collectors.joining(", ")));
  }

  private void checkDefault(VariableElement field, double min, double max) {
    Optional<Number> initial = initializers.numericInitializer(field);
    if (initial.isEmpty()) {
      return; // no constant initializer: the runtime checks the default
    }
    Number value = initial.get();
    // A float is compared as the decimal it prints as, as if a YAML file or override set it.
    double x = value instanceof Float f ? Double.parseDouble(Float.toString(f)) : value.doubleValue();
    String name = field.getSimpleName().toString();
    if (x < min) {
      context.diagnostics().error(
          Where.at(field), Problem.DEFAULT_OUT_OF_RANGE, name, value, "below its", "min", Numbers.format(min));
    } else if (x > max) {
      context.diagnostics().error(
          Where.at(field), Problem.DEFAULT_OUT_OF_RANGE, name, value, "above its", "max", Numbers.format(max));
    }
  }

  private static boolean isScalarNumber(ParamType type) {
    return type.isNumeric() && type.kind() != ParamType.Kind.LIST;
  }

  // Generated code lives in the trainer's package and names the enum: it must be able to see it.
  private void checkAccessible(VariableElement field, TypeElement enumType) {
    PackageElement generatedIn = context.elements().getPackageOf(field);
    for (Element type = enumType; type instanceof TypeElement t; type = t.getEnclosingElement()) {
      boolean samePackage = context.elements().getPackageOf(t).equals(generatedIn);
      if (t.getModifiers().contains(Modifier.PRIVATE)
          || (!samePackage && !t.getModifiers().contains(Modifier.PUBLIC))) {
        context.diagnostics().error(
            Where.at(field),
            Problem.INACCESSIBLE_TYPE,
            field.getSimpleName(),
            TypeDisplay.of(field.asType()),
            generatedIn.isUnnamed() ? "(unnamed)" : generatedIn.getQualifiedName(),
            TypeDisplay.className(t),
            t.getModifiers().contains(Modifier.PRIVATE) ? "private" : "not public");
        return;
      }
    }
  }
}
