package io.repro4j.processor.validation;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/** Reports errors through the {@link Messager} and counts them, so callers can tell what failed. */
public final class Diagnostics {
  private final Messager messager;
  private int errors;

  /** Reports through {@code messager}. */
  public Diagnostics(Messager messager) {
    this.messager = messager;
  }

  /** Reports {@code problem} at {@code where}. */
  public void error(Where where, Problem problem, Object... args) {
    errors++;
    String message = problem.format(args);
    if (where.value() != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message, where.element(), where.mirror(), where.value());
    } else if (where.mirror() != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message, where.element(), where.mirror());
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, message, where.element());
    }
  }

  /** How many errors were reported so far. */
  public int errorCount() {
    return errors;
  }

  /**
   * The most precise position of an error: an element, or an annotation on it, or one of the
   * annotation's values.
   */
  public record Where(Element element, AnnotationMirror mirror, AnnotationValue value) {
    /** At the element itself (a field's or method's name, a class's declaration). */
    public static Where at(Element element) {
      return new Where(element, null, null);
    }

    /** At an annotation of the element. */
    public static Where at(Element element, AnnotationMirror mirror) {
      return new Where(element, mirror, null);
    }

    /** At the value of {@code attribute} when the source sets it, else at the element itself. */
    public static Where attributeOrElement(Element element, AnnotationMirror mirror, String attribute) {
      if (mirror == null) {
        return at(element);
      }
      return Annotations.explicitValue(mirror, attribute)
          .map(value -> new Where(element, mirror, value))
          .orElseGet(() -> at(element));
    }

    /** At the value of {@code attribute} when the source sets it, else at the annotation. */
    public static Where at(Element element, AnnotationMirror mirror, String attribute) {
      return new Where(element, mirror, Annotations.explicitValue(mirror, attribute).orElse(null));
    }
  }
}
