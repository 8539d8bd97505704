package io.repro4j.processor.validation;

import com.palantir.javapoet.ClassName;
import io.repro4j.runtime.config.ParamType;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/** Maps a {@code @Hyperparam} field's Java type to the runtime's {@link ParamType}. */
final class HyperparamTypes {
  private final Context context;

  HyperparamTypes(Context context) {
    this.context = context;
  }

  /** A field type and what it maps to. */
  sealed interface Result {}

  /**
   * A supported type.
   *
   * @param type the config type
   * @param enumType the enum of an enum or {@code List<enum>} type, else {@code null}
   */
  record Supported(ParamType type, TypeElement enumType) implements Result {
    ClassName enumClass() {
      return enumType == null ? null : ClassName.get(enumType);
    }
  }

  /** An unsupported type; {@code hint} is empty or starts with {@code " ("}. */
  record Unsupported(String hint) implements Result {}

  private static final Map<String, ParamType> BOXES =
      Map.of(
          "java.lang.Boolean", ParamType.BOXED_BOOLEAN,
          "java.lang.Integer", ParamType.BOXED_INT,
          "java.lang.Long", ParamType.BOXED_LONG,
          "java.lang.Float", ParamType.BOXED_FLOAT,
          "java.lang.Double", ParamType.BOXED_DOUBLE,
          "java.lang.String", ParamType.STRING,
          "java.nio.file.Path", ParamType.PATH);

  private static final Map<String, String> HINTS =
      Map.of(
          "java.lang.Byte", " (use Integer)",
          "java.lang.Short", " (use Integer)",
          "java.lang.Character", " (use String)",
          "java.io.File", " (use java.nio.file.Path)",
          "java.math.BigDecimal", " (use double)",
          "java.math.BigInteger", " (use long)");

  Result resolve(TypeMirror type) {
    switch (type.getKind()) {
      case BOOLEAN:
        return new Supported(ParamType.BOOLEAN, null);
      case INT:
        return new Supported(ParamType.INT, null);
      case LONG:
        return new Supported(ParamType.LONG, null);
      case FLOAT:
        return new Supported(ParamType.FLOAT, null);
      case DOUBLE:
        return new Supported(ParamType.DOUBLE, null);
      case BYTE:
      case SHORT:
        return new Unsupported(" (use int)");
      case CHAR:
        return new Unsupported(" (use String)");
      case ARRAY:
        return new Unsupported(" (use a List instead of an array)");
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        if (element.getQualifiedName().contentEquals("java.util.List")) {
          return list(declared);
        }
        return scalar(declared);
      default:
        return new Unsupported("");
    }
  }

  private Result scalar(DeclaredType type) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    ParamType boxed = BOXES.get(name);
    if (boxed != null) {
      return new Supported(boxed, null);
    }
    if (element.getKind() == ElementKind.ENUM) {
      List<String> constants =
          ElementFilter.fieldsIn(element.getEnclosedElements()).stream()
              .filter(f -> f.getKind() == ElementKind.ENUM_CONSTANT)
              .map(f -> f.getSimpleName().toString())
              .toList();
      return new Supported(ParamType.enumType(element.getSimpleName().toString(), constants), element);
    }
    if (isCollection(type)) {
      return new Unsupported(" (declare it as a List)");
    }
    if (element.getKind() == ElementKind.INTERFACE && !name.startsWith("java.")) {
      return new Unsupported(" (a config group's type must be a sealed interface that permits records)");
    }
    return new Unsupported(HINTS.getOrDefault(name, ""));
  }

  private Result list(DeclaredType type) {
    if (type.getTypeArguments().isEmpty()) {
      return new Unsupported(" (a raw List: give its element type, e.g. List<Integer>)");
    }
    TypeMirror element = type.getTypeArguments().get(0);
    if (element.getKind() == TypeKind.WILDCARD) {
      return new Unsupported(" (a wildcard: give the element type itself, e.g. List<Integer>)");
    }
    if (element.getKind() != TypeKind.DECLARED) {
      return new Unsupported("");
    }
    DeclaredType declared = (DeclaredType) element;
    if (((TypeElement) declared.asElement()).getQualifiedName().contentEquals("java.util.List")) {
      return new Unsupported(" (lists of lists are not supported)");
    }
    Result scalar = scalar(declared);
    if (scalar instanceof Supported supported) {
      return new Supported(ParamType.listOf(supported.type()), supported.enumType());
    }
    return new Unsupported(" (its elements' type " + TypeDisplay.of(element) + " is not supported)");
  }

  private boolean isCollection(DeclaredType type) {
    TypeElement collection = context.elements().getTypeElement("java.util.Collection");
    return collection != null
        && context.types().isAssignable(
            context.types().erasure(type), context.types().erasure(collection.asType()));
  }
}
