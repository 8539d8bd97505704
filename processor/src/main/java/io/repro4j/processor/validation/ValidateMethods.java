package io.repro4j.processor.validation;

import io.repro4j.processor.model.ValidateHook;
import io.repro4j.processor.validation.Diagnostics.Where;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;

/**
 * Finds the {@code validate()} of a type whose instances generated code checks after binding (the
 * trainer; any object with such a method works the same way): no parameters, {@code void}, not
 * private, not static. A method named {@code validate} declared in the type in any other shape is
 * an error on that method, since it is almost certainly meant as the check; an inherited one is
 * used only when it fits and generated code in the type's package can call it.
 */
final class ValidateMethods {
  private final Context context;

  ValidateMethods(Context context) {
    this.context = context;
  }

  /**
   * The hook for {@code type}'s {@code validate()}, or empty when it has none (or after reporting
   * what is wrong with it).
   *
   * @param receiver how generated code reaches an instance of {@code type}
   */
  Optional<ValidateHook> find(TypeElement type, String receiver) {
    String owner = TypeDisplay.className(type);
    boolean declaredOk = false;
    boolean declaredBad = false;
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!method.getSimpleName().contentEquals("validate")) {
        continue;
      }
      if (check(method, owner)) {
        declaredOk = true;
      } else {
        declaredBad = true;
      }
    }
    if (declaredBad) {
      return Optional.empty();
    }
    if (declaredOk || inheritsCallable(type)) {
      return Optional.of(new ValidateHook(receiver, owner + ".validate()"));
    }
    return Optional.empty();
  }

  /** Reports everything wrong with a declared {@code validate}; whether it can be the hook. */
  private boolean check(ExecutableElement method, String owner) {
    Diagnostics diagnostics = context.diagnostics();
    int before = diagnostics.errorCount();
    if (!method.getParameters().isEmpty()) {
      diagnostics.error(
          Where.at(method),
          Problem.VALIDATE_PARAMETERS,
          owner,
          method.getParameters().stream()
              .map(p -> TypeDisplay.of(p.asType()) + " " + p.getSimpleName())
              .collect(Collectors.joining(", ")));
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      diagnostics.error(Where.at(method), Problem.VALIDATE_PRIVATE, owner);
    }
    if (method.getModifiers().contains(Modifier.STATIC)) {
      diagnostics.error(Where.at(method), Problem.VALIDATE_STATIC, owner);
    }
    if (method.getReturnType().getKind() != TypeKind.VOID) {
      diagnostics.error(
          Where.at(method), Problem.VALIDATE_RETURNS, owner, TypeDisplay.of(method.getReturnType()));
    }
    return diagnostics.errorCount() == before;
  }

  /** An inherited {@code void validate()} that generated code in {@code type}'s package may call. */
  private boolean inheritsCallable(TypeElement type) {
    for (ExecutableElement method : ElementFilter.methodsIn(context.elements().getAllMembers(type))) {
      if (!method.getSimpleName().contentEquals("validate")
          || !method.getParameters().isEmpty()
          || method.getReturnType().getKind() != TypeKind.VOID
          || method.getModifiers().contains(Modifier.STATIC)
          || method.getModifiers().contains(Modifier.PRIVATE)
          || !(method.getEnclosingElement() instanceof TypeElement declaring)
          || declaring.getKind().isInterface() && !method.getModifiers().contains(Modifier.DEFAULT)) {
        continue;
      }
      boolean samePackage =
          context.elements().getPackageOf(declaring).equals(context.elements().getPackageOf(type));
      if (method.getModifiers().contains(Modifier.PUBLIC) || samePackage) {
        return true;
      }
    }
    return false;
  }
}
