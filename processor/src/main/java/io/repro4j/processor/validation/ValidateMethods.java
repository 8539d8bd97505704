package io.repro4j.processor.validation;

import com.palantir.javapoet.CodeBlock;
import io.repro4j.processor.model.ValidateHook;
import io.repro4j.processor.validation.Diagnostics.Where;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;

/**
 * Finds the {@code validate()} of a type whose instances generated code checks after binding (the
 * trainer, a nested config's record or class, a group's option): no parameters, {@code void}, not
 * private, not static. A method named {@code validate} declared in the type in any other shape is
 * an error on that method, since it is almost certainly meant as the check; an inherited one is
 * used only when it fits and generated code in the trainer's package can call it.
 */
final class ValidateMethods {
  private final Context context;
  // A nested config's type may be used by several fields and experiments: checked and reported once
  // for each package that generated code calls it from.
  private final Map<String, Optional<String>> methods = new HashMap<>();

  ValidateMethods(Context context) {
    this.context = context;
  }

  /**
   * The hook for {@code type}'s {@code validate()}, or empty when it has none (or after reporting
   * what is wrong with it).
   *
   * @param receiver how generated code reaches an instance of {@code type}
   */
  Optional<ValidateHook> find(TypeElement type, CodeBlock receiver) {
    return method(type, context.elements().getPackageOf(type)).map(display -> new ValidateHook(receiver, display));
  }

  /**
   * The hook for the {@code validate()} of a nested config's record or class, or of a group's
   * option, reached by {@code receiver} when {@code guard} holds; {@code keyPrefix} is the prefix
   * of its keys.
   *
   * @param generatedIn the package of the generated code that calls it (the trainer's)
   */
  Optional<ValidateHook> find(
      TypeElement type, PackageElement generatedIn, CodeBlock receiver, CodeBlock guard, String keyPrefix) {
    return method(type, generatedIn).map(display -> new ValidateHook(receiver, display, guard, keyPrefix));
  }

  /** {@code T.validate()} when {@code type} has a usable one, checked (and reported) once. */
  private Optional<String> method(TypeElement type, PackageElement generatedIn) {
    String key = type.getQualifiedName() + " from " + generatedIn.getQualifiedName();
    return methods.computeIfAbsent(key, k -> lookUp(type, generatedIn));
  }

  private Optional<String> lookUp(TypeElement type, PackageElement generatedIn) {
    String owner = TypeDisplay.className(type);
    boolean samePackage = context.elements().getPackageOf(type).equals(generatedIn);
    boolean declaredOk = false;
    boolean declaredBad = false;
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!method.getSimpleName().contentEquals("validate")) {
        continue;
      }
      if (check(method, owner, samePackage, generatedIn)) {
        declaredOk = true;
      } else {
        declaredBad = true;
      }
    }
    if (declaredBad) {
      return Optional.empty();
    }
    if (declaredOk || inheritsCallable(type, generatedIn)) {
      return Optional.of(owner + ".validate()");
    }
    return Optional.empty();
  }

  /** Reports everything wrong with a declared {@code validate}; whether it can be the hook. */
  private boolean check(
      ExecutableElement method, String owner, boolean samePackage, PackageElement generatedIn) {
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
    } else if (!samePackage && !method.getModifiers().contains(Modifier.PUBLIC)) {
      diagnostics.error(
          Where.at(method),
          Problem.VALIDATE_NOT_VISIBLE,
          owner,
          generatedIn.isUnnamed() ? "(unnamed)" : generatedIn.getQualifiedName());
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

  /** An inherited {@code void validate()} that generated code in {@code generatedIn} may call. */
  private boolean inheritsCallable(TypeElement type, PackageElement generatedIn) {
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
      boolean samePackage = context.elements().getPackageOf(declaring).equals(generatedIn);
      if (method.getModifiers().contains(Modifier.PUBLIC) || samePackage) {
        return true;
      }
    }
    return false;
  }
}
