package io.repro4j.processor.validation;

import io.repro4j.processor.validation.Diagnostics.Where;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;

/** One namespace of names (config keys, or metric names), reporting every name used twice. */
final class KeyRegistry {
  private final Map<String, Element> firstUse = new HashMap<>();
  private final java.util.Set<String> reserved = new java.util.HashSet<>();
  private final Problem duplicate;
  private final Diagnostics diagnostics;

  KeyRegistry(Problem duplicate, Diagnostics diagnostics) {
    this.duplicate = duplicate;
    this.diagnostics = diagnostics;
  }

  /** Makes {@code keys} invalid in this namespace; returns this registry. */
  KeyRegistry reserving(String... keys) {
    reserved.addAll(java.util.List.of(keys));
    return this;
  }

  /**
   * Checks that {@code key} is a valid config key and records it; reports why not, or the first
   * user when it is taken, on {@code element} (or on its explicit {@code name}).
   *
   * @param description the element as messages name it ({@code T.lr})
   */
  boolean check(String key, Element element, AnnotationMirror mirror, String description) {
    Optional<String> problem =
        reserved.contains(key)
            ? Optional.of("it is reserved for the defaults list of config files, as in Hydra")
            : Keys.configKeyProblem(key);
    if (problem.isPresent()) {
      diagnostics.error(
          Where.attributeOrElement(element, mirror, "name"), Problem.INVALID_KEY, key, description, problem.get());
      return false;
    }
    return register(key, element, mirror);
  }

  /** Records {@code key}; reports it on {@code element}, naming the first user, when it is taken. */
  boolean register(String key, Element element, AnnotationMirror mirror) {
    Element first = firstUse.putIfAbsent(key, element);
    if (first == null) {
      return true;
    }
    diagnostics.error(
        Where.attributeOrElement(element, mirror, "name"),
        duplicate,
        key,
        TypeDisplay.member(element),
        TypeDisplay.member(first));
    return false;
  }
}
