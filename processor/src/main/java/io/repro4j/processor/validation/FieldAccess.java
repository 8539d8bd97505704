package io.repro4j.processor.validation;

import io.repro4j.processor.model.Accessor;
import io.repro4j.processor.validation.Diagnostics.Where;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Checks that generated code can set a {@code @Hyperparam} or {@code @Dataset} field without
 * reflection: not static, not final, and not private unless a non-private setter (and, for a
 * hyperparameter, whose default is read back, a getter) exists.
 */
final class FieldAccess {
  // Names a record cannot give its components: they clash with methods every record has.
  private static final Set<String> RESERVED =
      Set.of("clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait");

  private final Context context;

  FieldAccess(Context context) {
    this.context = context;
  }

  /**
   * The accessor of {@code field}, or empty after reporting why it cannot be set.
   *
   * @param annotation {@code "Hyperparam"} or {@code "Dataset"}
   * @param needsGetter whether generated code also reads the field
   * @param key the field's config key, for the reserved-name message
   * @param record the generated record's simple name, for the reserved-name message
   */
  Optional<Accessor> check(
      VariableElement field, String annotation, boolean needsGetter, String key, String record) {
    Diagnostics diagnostics = context.diagnostics();
    int before = diagnostics.errorCount();
    String name = field.getSimpleName().toString();
    Set<Modifier> modifiers = field.getModifiers();
    if (modifiers.contains(Modifier.STATIC)) {
      diagnostics.error(Where.at(field), Problem.STATIC_FIELD, annotation, name);
    }
    if (modifiers.contains(Modifier.FINAL)) {
      diagnostics.error(Where.at(field), Problem.FINAL_FIELD, annotation, name);
    }
    if (RESERVED.contains(name)) {
      diagnostics.error(Where.at(field), Problem.RESERVED_NAME, annotation, name, record, key);
    }
    Accessor accessor = Accessor.field(name);
    if (modifiers.contains(Modifier.PRIVATE)) {
      String setter = "set" + capitalize(name);
      String getter = (isBoolean(field.asType()) ? "is" : "get") + capitalize(name);
      Optional<ExecutableElement> foundSetter = setter(field, setter);
      Optional<ExecutableElement> foundGetter = getter(field);
      if (foundSetter.isPresent() && (foundGetter.isPresent() || !needsGetter)) {
        accessor =
            Accessor.methods(
                name,
                foundGetter.map(g -> g.getSimpleName().toString()).orElse(null),
                setter);
      } else if (needsGetter) {
        diagnostics.error(
            Where.at(field),
            Problem.PRIVATE_FIELD,
            annotation,
            name,
            setter,
            TypeDisplay.of(field.asType()),
            getter);
      } else {
        diagnostics.error(
            Where.at(field),
            Problem.PRIVATE_SETTER_FIELD,
            annotation,
            name,
            setter,
            TypeDisplay.of(field.asType()));
      }
    }
    return diagnostics.errorCount() == before ? Optional.of(accessor) : Optional.empty();
  }

  private Optional<ExecutableElement> setter(VariableElement field, String name) {
    return usableMethods(field).stream()
        .filter(m -> m.getSimpleName().contentEquals(name))
        .filter(m -> m.getParameters().size() == 1)
        .filter(m -> context.types().isSameType(m.getParameters().get(0).asType(), field.asType()))
        .findFirst();
  }

  private Optional<ExecutableElement> getter(VariableElement field) {
    String capitalized = capitalize(field.getSimpleName().toString());
    return usableMethods(field).stream()
        .filter(
            m ->
                m.getSimpleName().contentEquals("get" + capitalized)
                    || (isBoolean(field.asType()) && m.getSimpleName().contentEquals("is" + capitalized)))
        .filter(m -> m.getParameters().isEmpty())
        .filter(m -> context.types().isSameType(m.getReturnType(), field.asType()))
        .findFirst();
  }

  private java.util.List<ExecutableElement> usableMethods(VariableElement field) {
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    return ElementFilter.methodsIn(context.elements().getAllMembers(owner)).stream()
        .filter(m -> !m.getModifiers().contains(Modifier.PRIVATE))
        .filter(m -> !m.getModifiers().contains(Modifier.STATIC))
        .toList();
  }

  private boolean isBoolean(TypeMirror type) {
    if (type.getKind() == TypeKind.BOOLEAN) {
      return true;
    }
    TypeElement boxed = context.elements().getTypeElement("java.lang.Boolean");
    return boxed != null && context.types().isSameType(type, boxed.asType());
  }

  static String capitalize(String name) {
    return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }
}
