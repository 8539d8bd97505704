package io.repro4j.processor.validation;

import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/** Types and members as a person writes them in messages: simple names, {@code List<Integer>}. */
final class TypeDisplay {
  private TypeDisplay() {}

  static String of(TypeMirror type) {
    switch (type.getKind()) {
      case DECLARED:
        DeclaredType declared = (DeclaredType) type;
        String name = declared.asElement().getSimpleName().toString();
        List<? extends TypeMirror> args = declared.getTypeArguments();
        if (args.isEmpty()) {
          return name;
        }
        return name + args.stream().map(TypeDisplay::of).collect(Collectors.joining(", ", "<", ">"));
      case ARRAY:
        return of(((ArrayType) type).getComponentType()) + "[]";
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        if (wildcard.getExtendsBound() != null) {
          return "? extends " + of(wildcard.getExtendsBound());
        }
        if (wildcard.getSuperBound() != null) {
          return "? super " + of(wildcard.getSuperBound());
        }
        return "?";
      default:
        return type.toString();
    }
  }

  /** {@code Outer.Inner} for a nested class: the class as written inside its package. */
  static String className(TypeElement type) {
    Element enclosing = type.getEnclosingElement();
    if (enclosing instanceof TypeElement outer) {
      return className(outer) + "." + type.getSimpleName();
    }
    return type.getSimpleName().toString();
  }

  /**
   * A member as messages and specs name it: {@code IrisTrainer.lr} for a field,
   * {@code IrisTrainer.accuracy()} for a method.
   */
  static String member(Element member) {
    String owner = className((TypeElement) member.getEnclosingElement());
    String name = member.getSimpleName().toString();
    return owner + "." + name + (member.getKind() == ElementKind.METHOD ? "()" : "");
  }

  /** {@code field 'lr'} or {@code method 'accuracy()'}. */
  static String kindAndName(Element member) {
    if (member instanceof ExecutableElement method) {
      return "method '" + signature(method) + "'";
    }
    return "field '" + member.getSimpleName() + "'";
  }

  /** {@code accuracy()} or {@code score(int, String)}. */
  static String signature(ExecutableElement method) {
    return method.getSimpleName()
        + method.getParameters().stream()
            .map(VariableElement::asType)
            .map(TypeDisplay::of)
            .collect(Collectors.joining(", ", "(", ")"));
  }
}
