package io.repro4j.processor.validation;

import io.repro4j.annotations.Metric;
import io.repro4j.processor.model.MetricModel;
import io.repro4j.processor.validation.Diagnostics.Where;
import io.repro4j.runtime.tracking.MetricSpec;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Checks one {@code @Metric} field or method and builds its model. */
final class MetricValidator {
  private static final Set<String> BOXED_NUMBERS =
      Set.of(
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double");

  private final Context context;

  MetricValidator(Context context) {
    this.context = context;
  }

  /** The member's model, or empty after reporting every problem. */
  Optional<MetricModel> validate(Element member, AnnotationMirror mirror, KeyRegistry names) {
    Diagnostics diagnostics = context.diagnostics();
    int before = diagnostics.errorCount();
    Metric annotation = member.getAnnotation(Metric.class);
    String simpleName = member.getSimpleName().toString();
    String name = annotation.name().isEmpty() ? simpleName : annotation.name();
    String element = TypeDisplay.member(member);
    boolean method = member instanceof ExecutableElement;

    Keys.metricNameProblem(name)
        .ifPresentOrElse(
            why ->
                diagnostics.error(
                    Where.attributeOrElement(member, mirror, "name"),
                    Problem.INVALID_METRIC_NAME,
                    name,
                    element,
                    why),
            () -> names.register(name, member, mirror));

    Set<Modifier> modifiers = member.getModifiers();
    if (modifiers.contains(Modifier.PRIVATE)) {
      if (method) {
        diagnostics.error(Where.at(member), Problem.PRIVATE_METRIC_METHOD, signature(member));
      } else {
        diagnostics.error(Where.at(member), Problem.PRIVATE_METRIC_FIELD, simpleName);
      }
    }
    if (modifiers.contains(Modifier.STATIC)) {
      diagnostics.error(
          Where.at(member),
          Problem.STATIC_METRIC,
          method ? "method" : "field",
          method ? signature(member) : simpleName,
          method ? "method" : "field");
    }

    TypeMirror type;
    if (method) {
      ExecutableElement executable = (ExecutableElement) member;
      type = executable.getReturnType();
      if (!executable.getParameters().isEmpty()) {
        diagnostics.error(Where.at(member), Problem.METRIC_PARAMETERS, signature(member));
      }
      for (TypeMirror thrown : executable.getThrownTypes()) {
        if (isChecked(thrown)) {
          diagnostics.error(Where.at(member), Problem.METRIC_THROWS, signature(member), TypeDisplay.of(thrown));
        }
      }
    } else {
      type = member.asType();
    }
    boolean boxed = false;
    if (type.getKind() == TypeKind.VOID) {
      diagnostics.error(Where.at(member), Problem.METRIC_VOID, signature(member));
    } else if (isBoxedNumber(type)) {
      boxed = true;
    } else if (!isPrimitiveNumber(type)) {
      diagnostics.error(
          Where.at(member),
          Problem.METRIC_TYPE,
          TypeDisplay.kindAndName(member),
          method ? "returns" : "has type",
          TypeDisplay.of(type));
    }

    if (diagnostics.errorCount() != before) {
      return Optional.empty();
    }
    return Optional.of(
        new MetricModel(new MetricSpec(name, annotation.goal(), element), simpleName, method, boxed));
  }

  private static String signature(Element member) {
    return member instanceof ExecutableElement method ? TypeDisplay.signature(method) : member.getSimpleName().toString();
  }

  private static boolean isPrimitiveNumber(TypeMirror type) {
    return switch (type.getKind()) {
      case BYTE, SHORT, INT, LONG, FLOAT, DOUBLE -> true;
      default -> false;
    };
  }

  private static boolean isBoxedNumber(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && BOXED_NUMBERS.contains(
            ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString());
  }

  private boolean isChecked(TypeMirror thrown) {
    TypeElement runtime = context.elements().getTypeElement("java.lang.RuntimeException");
    TypeElement error = context.elements().getTypeElement("java.lang.Error");
    return !context.types().isSubtype(thrown, runtime.asType())
        && !context.types().isSubtype(thrown, error.asType());
  }
}
