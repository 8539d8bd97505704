package io.repro4j.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.repro4j.annotations.Hyperparam;
import io.repro4j.processor.model.Accessor;
import io.repro4j.processor.model.HyperparamModel;
import io.repro4j.processor.model.ValueModel;
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
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/** Checks one {@code @Hyperparam} field and builds its model. */
final class HyperparamValidator {
  private final Context context;
  private final HyperparamTypes types;
  private final FieldAccess access;
  private final InitializerEvaluator initializers;
  private final ConfigTypes configTypes;

  HyperparamValidator(Context context, InitializerEvaluator initializers) {
    this.context = context;
    this.types = new HyperparamTypes(context);
    this.access = new FieldAccess(context);
    this.initializers = initializers;
    this.configTypes = new ConfigTypes(context, this);
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
    String help =
        annotation.help().isEmpty()
            ? Javadocs.firstSentence(context.elements().getDocComment(field))
            : annotation.help().strip().replaceAll("\\s+", " ");

    Optional<ValueModel> value;
    Optional<TypeElement> configType = configType(field.asType());
    if (configType.isPresent()) {
      noChoices(
          field,
          mirror,
          TypeDisplay.of(field.asType()),
          configType.get().getKind() == ElementKind.INTERFACE ? " (a config group's options are its choices already)" : "");
    }
    if (configType.isPresent() && configType.get().getKind() == ElementKind.RECORD) {
      boolean boundsValid = checkBounds(field, mirror, null, TypeDisplay.of(field.asType()));
      value = configTypes.nested(field, configType.get(), key).filter(v -> boundsValid);
    } else if (configType.isPresent() && configType.get().getKind() == ElementKind.CLASS) {
      boolean boundsValid = checkBounds(field, mirror, null, TypeDisplay.of(field.asType()));
      value = configTypes.nestedClass(field, configType.get(), key).filter(v -> boundsValid);
    } else if (configType.isPresent()) {
      boolean boundsValid = checkBounds(field, mirror, null, TypeDisplay.of(field.asType()));
      value =
          configTypes
              .group(
                  field,
                  configType.get(),
                  new ParamSpec(key, ParamType.STRING, help, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                      element, required(field), List.of()))
              .filter(v -> boundsValid);
    } else {
      value =
          leaf(field, name, field.asType(), mirror, key, element, help, annotation.min(), annotation.max(),
              List.of(annotation.choices()), required(field), false);
    }

    if (!keyValid || value.isEmpty()) {
      return new Checked<>(Optional.empty(), Optional.empty());
    }
    if (diagnostics.errorCount() != before) {
      return new Checked<>(value, Optional.empty());
    }
    Number constant =
        value.get() instanceof ValueModel.Leaf ? initializers.numericInitializer(field).orElse(null) : null;
    return new Checked<>(
        value,
        Optional.of(
            new HyperparamModel(
                key, name, TypeName.get(field.asType()), accessor.get(), value.get(), help, constant)));
  }

  /**
   * The record or class of a nested config, or the sealed interface of a config group; empty for
   * every other type.
   */
  static Optional<TypeElement> configType(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    if (element.getKind() == ElementKind.RECORD
        || (element.getKind() == ElementKind.INTERFACE && element.getModifiers().contains(Modifier.SEALED))
        || isConfigClass(element)) {
      return Optional.of(element);
    }
    return Optional.empty();
  }

  /** A class with {@code @Hyperparam} fields of its own: a nested config set field by field. */
  static boolean isConfigClass(TypeElement type) {
    return type.getKind() == ElementKind.CLASS
        && ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
            .anyMatch(f -> f.getAnnotation(Hyperparam.class) != null);
  }

  /**
   * Whether {@code field} is declared without an initializer, so that a run needs a value for it.
   * Without the source (no Trees) a field cannot be told to lack one: not required.
   */
  boolean required(VariableElement field) {
    return initializers.hasInitializer(field).map(has -> !has).orElse(false);
  }

  /**
   * One key: the type is supported, enums are accessible, bounds and choices fit the type, and (for
   * a field with an initializer) a constant default lies within them and is one of the choices.
   *
   * @param element the field or record component, where problems are reported
   * @param name its simple name, as messages show it
   * @param mirror its {@code @Hyperparam}, or null when a record component has none
   * @param choices the values a {@code String} key may take; empty means any
   * @param required whether the key has no default (a field without initializer)
   * @param component whether {@code element} is a record component (for the type message)
   */
  Optional<ValueModel> leaf(
      Element element,
      String name,
      TypeMirror javaType,
      AnnotationMirror mirror,
      String key,
      String description,
      String help,
      double min,
      double max,
      List<String> choices,
      boolean required,
      boolean component) {
    Diagnostics diagnostics = context.diagnostics();
    Supported type = null;
    HyperparamTypes.Result result = types.resolve(javaType);
    if (result instanceof Supported supported) {
      type = supported;
      if (supported.enumType() != null) {
        checkAccessible(element, javaType, supported.enumType());
      }
    } else if (result instanceof HyperparamTypes.Unsupported unsupported) {
      if (component) {
        diagnostics.error(
            Where.at(element),
            Problem.NESTED_UNSUPPORTED_TYPE,
            name,
            TypeDisplay.className((TypeElement) element.getEnclosingElement()),
            TypeDisplay.of(javaType),
            unsupported.hint());
      } else {
        diagnostics.error(
            Where.at(element), Problem.UNSUPPORTED_TYPE, name, TypeDisplay.of(javaType), unsupported.hint());
      }
    }
    boolean boundsValid =
        checkBounds(element, mirror, type == null ? null : type.type(), type == null ? "" : type.type().displayName());
    boolean hasDefault = element instanceof VariableElement && !component && !required;
    if (boundsValid && type != null && isScalarNumber(type.type()) && hasDefault) {
      checkDefault((VariableElement) element, min, max);
    }
    boolean choicesValid = checkChoices(element, mirror, type, choices);
    if (choicesValid && !choices.isEmpty() && hasDefault) {
      checkDefaultChoice((VariableElement) element, choices);
    }
    if (type == null || !boundsValid || !choicesValid) {
      return Optional.empty();
    }
    Hyperparam annotation = element.getAnnotation(Hyperparam.class);
    boolean secret = annotation != null && annotation.secret();
    return Optional.of(
        new ValueModel.Leaf(
            new ParamSpec(key, type.type(), help, min, max, description, required, choices, secret),
            type.enumClass()));
  }

  /**
   * Checks {@code min} and {@code max} of {@code mirror}: only on numbers ({@code type} null means
   * not a number, or unknown when {@code display} is empty), not NaN, not an empty range.
   */
  private boolean checkBounds(Element element, AnnotationMirror mirror, ParamType type, String display) {
    if (mirror == null) {
      return true;
    }
    Diagnostics diagnostics = context.diagnostics();
    int before = diagnostics.errorCount();
    String name = element.getSimpleName().toString();
    Hyperparam annotation = element.getAnnotation(Hyperparam.class);
    double min = annotation.min();
    double max = annotation.max();
    for (String bound : new String[] {"min", "max"}) {
      if (Annotations.explicitValue(mirror, bound).isEmpty()) {
        continue;
      }
      boolean numeric = type != null && type.isNumeric();
      if (!numeric && !display.isEmpty()) {
        diagnostics.error(Where.at(element, mirror, bound), Problem.RANGE_NOT_NUMERIC, name, bound, display);
      } else if (Double.isNaN(bound.equals("min") ? min : max)) {
        diagnostics.error(Where.at(element, mirror, bound), Problem.NAN_BOUND, name, bound);
      }
    }
    if (min > max) {
      diagnostics.error(
          Where.at(element, mirror, "max"), Problem.EMPTY_RANGE, name, Numbers.format(min), Numbers.format(max));
    }
    return diagnostics.errorCount() == before;
  }

  /** Choices only on a String key, each once. */
  private boolean checkChoices(Element element, AnnotationMirror mirror, Supported type, List<String> choices) {
    if (choices.isEmpty()) {
      return true;
    }
    Diagnostics diagnostics = context.diagnostics();
    String name = element.getSimpleName().toString();
    if (type != null && type.type().kind() != ParamType.Kind.STRING) {
      diagnostics.error(
          Where.at(element, mirror, "choices"),
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
        diagnostics.error(Where.at(element, mirror, "choices"), Problem.DUPLICATE_CHOICE, name, choice);
        valid = false;
      }
    }
    return valid;
  }

  /**
   * {@code choices} on a nested config or a config group: not a String. A group's options are its
   * choices already.
   */
  void noChoices(Element element, AnnotationMirror mirror, String display, String hint) {
    if (mirror != null && element.getAnnotation(Hyperparam.class).choices().length > 0) {
      context.diagnostics().error(
          Where.at(element, mirror, "choices"), Problem.CHOICES_NOT_STRING, element.getSimpleName(), display, hint);
    }
    noSecret(element, mirror, display);
  }

  /** {@code secret} on a nested config or a config group: it masks values, so it goes on those. */
  void noSecret(Element element, AnnotationMirror mirror, String display) {
    if (mirror != null && element.getAnnotation(Hyperparam.class).secret()) {
      context.diagnostics().error(
          Where.at(element, mirror, "secret"), Problem.SECRET_NOT_A_VALUE, element.getSimpleName(), display);
    }
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

  /** The option the field's initializer holds ({@code sgd} for {@code new Sgd(...)}), if known. */
  Optional<String> initializerOption(VariableElement field, ValueModel.Group group) {
    Optional<String> written = initializers.newClassName(field);
    if (written.isEmpty()) {
      return Optional.empty();
    }
    for (ValueModel.Option option : group.options()) {
      ClassName type = option.type();
      String nested = String.join(".", type.simpleNames());
      if (written.get().equals(type.canonicalName())
          || written.get().equals(nested)
          || nested.endsWith("." + written.get())) {
        return Optional.of(option.name());
      }
    }
    return Optional.empty();
  }

  private static boolean isScalarNumber(ParamType type) {
    return type.isNumeric() && type.kind() != ParamType.Kind.LIST;
  }

  // Generated code lives in the trainer's package and names the enum: it must be able to see it.
  private void checkAccessible(Element element, TypeMirror javaType, TypeElement enumType) {
    PackageElement generatedIn = generatedPackage(element);
    for (Element type = enumType; type instanceof TypeElement t; type = t.getEnclosingElement()) {
      boolean samePackage = context.elements().getPackageOf(t).equals(generatedIn);
      if (t.getModifiers().contains(Modifier.PRIVATE)
          || (!samePackage && !t.getModifiers().contains(Modifier.PUBLIC))) {
        context.diagnostics().error(
            Where.at(element),
            Problem.INACCESSIBLE_TYPE,
            element.getSimpleName(),
            TypeDisplay.of(javaType),
            generatedIn.isUnnamed() ? "(unnamed)" : generatedIn.getQualifiedName(),
            TypeDisplay.className(t),
            t.getModifiers().contains(Modifier.PRIVATE) ? "private" : "not public");
        return;
      }
    }
  }

  /** The package generated code is written to; a record component's is the one it is checked for. */
  PackageElement generatedPackage(Element element) {
    return configTypes.generatedPackage().orElseGet(() -> context.elements().getPackageOf(element));
  }
}
