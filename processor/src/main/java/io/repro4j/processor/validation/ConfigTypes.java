package io.repro4j.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.repro4j.annotations.Hyperparam;
import io.repro4j.annotations.Option;
import io.repro4j.processor.model.Accessor;
import io.repro4j.processor.model.ValueModel;
import io.repro4j.processor.validation.Diagnostics.Where;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ParamType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Checks the types that hold several keys: records (nested configs, recursively) and sealed
 * interfaces of records (config groups). Every component is checked as a field would be, and each
 * problem is reported on the component itself.
 */
final class ConfigTypes {
  private final Context context;
  private final HyperparamValidator leaves;
  private final FieldAccess access;
  // The package of the experiment being checked: generated code there must reach every type.
  private PackageElement generatedIn;

  ConfigTypes(Context context, HyperparamValidator leaves) {
    this.context = context;
    this.leaves = leaves;
    this.access = new FieldAccess(context);
  }

  Optional<PackageElement> generatedPackage() {
    return Optional.ofNullable(generatedIn);
  }

  /** The nested config of {@code field}, whose type is {@code record}, or empty after reporting. */
  Optional<ValueModel> nested(VariableElement field, TypeElement record, String key) {
    generatedIn = context.elements().getPackageOf(field);
    try {
      return record(field, record, key, new ArrayDeque<>()).map(ValueModel.class::cast);
    } finally {
      generatedIn = null;
    }
  }

  /**
   * The config group of {@code field}, whose type is the interface {@code type}, or empty after
   * reporting.
   *
   * @param base the group's key, help, element and whether it is required; its type becomes the
   *     group's
   */
  Optional<ValueModel> group(VariableElement field, TypeElement type, ParamSpec base) {
    generatedIn = context.elements().getPackageOf(field);
    try {
      return checkedGroup(field, type, base);
    } finally {
      generatedIn = null;
    }
  }

  private Optional<ValueModel> checkedGroup(VariableElement field, TypeElement type, ParamSpec base) {
    Diagnostics diagnostics = context.diagnostics();
    String key = base.key();
    boolean complete = checkUsable(field, type);
    List<ValueModel.Option> options = new ArrayList<>();
    Map<String, TypeElement> byName = new LinkedHashMap<>();
    for (TypeMirror permitted : type.getPermittedSubclasses()) {
      TypeElement option = (TypeElement) context.types().asElement(permitted);
      if (option.getKind() != ElementKind.RECORD) {
        diagnostics.error(
            Where.at(field),
            Problem.OPTION_NOT_RECORD,
            key,
            TypeDisplay.className(option),
            TypeDisplay.className(type),
            option.getSimpleName());
        complete = false;
        continue;
      }
      Optional<AnnotationMirror> optionMirror = Annotations.mirror(option, Option.class);
      String name = optionMirror.isPresent() ? option.getAnnotation(Option.class).value() : kebabCase(option.getSimpleName().toString());
      Where nameWhere = optionMirror.isPresent() ? Where.at(option, optionMirror.get(), "value") : Where.at(field);
      Optional<String> invalid = Keys.configKeyProblem(name);
      if (invalid.isPresent()) {
        diagnostics.error(
            nameWhere, Problem.INVALID_OPTION_NAME, name, TypeDisplay.className(option), invalid.get(), key, name, key, name);
        complete = false;
      } else if (byName.containsKey(name)) {
        diagnostics.error(
            nameWhere,
            Problem.DUPLICATE_OPTION,
            key,
            name,
            TypeDisplay.className(byName.get(name)),
            TypeDisplay.className(option));
        complete = false;
      } else {
        byName.put(name, option);
      }
      Optional<ValueModel.Nested> nested = record(field, option, key, new ArrayDeque<>());
      if (nested.isEmpty()) {
        complete = false;
        continue;
      }
      options.add(new ValueModel.Option(name, ClassName.get(option), nested.get().members()));
    }
    if (!complete) {
      return Optional.empty();
    }
    ParamType groupType =
        ParamType.group(TypeDisplay.className(type), options.stream().map(ValueModel.Option::name).toList());
    ParamSpec choice =
        new ParamSpec(key, groupType, base.help(), base.min(), base.max(), base.element(), base.required(), List.of());
    return Optional.of(new ValueModel.Group(choice, ClassName.get(type), options));
  }

  /**
   * A record's components as keys under {@code prefix}, or empty after reporting.
   *
   * @param at where problems of the record as a whole are reported (the field or component)
   * @param path the records being checked around this one, to catch a record containing itself
   */
  private Optional<ValueModel.Nested> record(Element at, TypeElement record, String prefix, Deque<TypeElement> path) {
    if (path.contains(record)) {
      String through =
          path.stream().map(TypeDisplay::className).collect(Collectors.joining(" -> ")) + " -> " + TypeDisplay.className(record);
      context.diagnostics().error(Where.at(at), Problem.RECURSIVE_CONFIG, TypeDisplay.className(record), through);
      return Optional.empty();
    }
    boolean complete = checkUsable(at, record);
    path.addLast(record);
    KeyRegistry names = new KeyRegistry(Problem.DUPLICATE_KEY, context.diagnostics());
    String doc = context.elements().getDocComment(record);
    List<ValueModel.Member> members = new ArrayList<>();
    for (RecordComponentElement component : record.getRecordComponents()) {
      Optional<ValueModel.Member> member = member(record, component, prefix, names, doc, path);
      member.ifPresent(members::add);
      complete &= member.isPresent();
    }
    path.removeLast();
    return complete ? Optional.of(new ValueModel.Nested(ClassName.get(record), true, members)) : Optional.empty();
  }

  private Optional<ValueModel.Member> member(
      TypeElement record,
      RecordComponentElement component,
      String prefix,
      KeyRegistry names,
      String recordDoc,
      Deque<TypeElement> path) {
    // javac gives record components no source position; the field it derives from each one has the
    // component's, and carries the same @Hyperparam (its targets include FIELD).
    Element at =
        ElementFilter.fieldsIn(record.getEnclosedElements()).stream()
            .filter(f -> f.getSimpleName().contentEquals(component.getSimpleName()))
            .map(Element.class::cast)
            .findFirst()
            .orElse(component);
    AnnotationMirror mirror = Annotations.mirror(at, Hyperparam.class).orElse(null);
    Hyperparam annotation = at.getAnnotation(Hyperparam.class);
    String simpleName = component.getSimpleName().toString();
    String name = annotation == null || annotation.name().isEmpty() ? simpleName : annotation.name();
    String description = TypeDisplay.className(record) + "." + simpleName;
    boolean keyValid = names.check(name, at, mirror, description);
    String key = prefix + "." + name;
    String help =
        annotation != null && !annotation.help().isEmpty()
            ? annotation.help().strip().replaceAll("\\s+", " ")
            : Javadocs.paramText(recordDoc, simpleName);
    TypeMirror type = component.asType();
    Optional<? extends ValueModel> value =
        memberValue(record, at, simpleName, type, mirror, annotation, key, description, help, true, path);
    if (!keyValid || value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ValueModel.Member(simpleName, name, TypeName.get(type), value.get(), null));
  }

  /** What a record component or a config class's field holds: a key, a record or a config class. */
  private Optional<? extends ValueModel> memberValue(
      TypeElement owner,
      Element at,
      String simpleName,
      TypeMirror type,
      AnnotationMirror mirror,
      Hyperparam annotation,
      String key,
      String description,
      String help,
      boolean component,
      Deque<TypeElement> path) {
    Optional<TypeElement> configType = HyperparamValidator.configType(type);
    if (configType.isPresent() && configType.get().getKind() != ElementKind.INTERFACE) {
      leaves.noChoices(at, mirror, TypeDisplay.of(type), "");
    }
    if (configType.isPresent() && configType.get().getKind() == ElementKind.RECORD) {
      boolean boundsValid = noBounds(at, mirror, TypeDisplay.of(type));
      return record(at, configType.get(), key, path).filter(v -> boundsValid);
    }
    if (configType.isPresent() && configType.get().getKind() == ElementKind.CLASS) {
      boolean boundsValid = noBounds(at, mirror, TypeDisplay.of(type));
      return configClass(at, configType.get(), key, path).filter(v -> boundsValid);
    }
    if (configType.isPresent()) {
      context.diagnostics().error(
          Where.at(at), Problem.NESTED_GROUP, simpleName, TypeDisplay.className(owner), TypeDisplay.of(type));
      return Optional.empty();
    }
    double min = annotation == null ? Double.NEGATIVE_INFINITY : annotation.min();
    double max = annotation == null ? Double.POSITIVE_INFINITY : annotation.max();
    List<String> choices = annotation == null ? List.of() : List.of(annotation.choices());
    // A config class's field without initializer is required, as the experiment's own fields are; a
    // record component's value comes from the record the field holds.
    boolean required = !component && at instanceof VariableElement field && leaves.required(field);
    return leaves.leaf(at, simpleName, type, mirror, key, description, help, min, max, choices, required, component);
  }

  /** The nested config of {@code field}, whose type is the config class {@code type}. */
  Optional<ValueModel> nestedClass(VariableElement field, TypeElement type, String key) {
    generatedIn = context.elements().getPackageOf(field);
    try {
      return configClass(field, type, key, new ArrayDeque<>()).map(ValueModel.class::cast);
    } finally {
      generatedIn = null;
    }
  }

  /**
   * A class's {@code @Hyperparam} fields as keys under {@code prefix}, each checked as a field of
   * the experiment is (settable without reflection, supported type, range, constant default); the
   * class needs a no-argument constructor that generated code can call.
   */
  private Optional<ValueModel.Nested> configClass(
      Element at, TypeElement type, String prefix, Deque<TypeElement> path) {
    if (path.contains(type)) {
      String through =
          path.stream().map(TypeDisplay::className).collect(Collectors.joining(" -> ")) + " -> " + TypeDisplay.className(type);
      context.diagnostics().error(Where.at(at), Problem.RECURSIVE_CONFIG, TypeDisplay.className(type), through);
      return Optional.empty();
    }
    boolean complete = checkUsable(at, type);
    Optional<String> unusable = constructorProblem(type);
    if (unusable.isPresent()) {
      context.diagnostics().error(
          Where.at(at), Problem.CONFIG_CLASS_CONSTRUCTOR, TypeDisplay.className(type), unusable.get(), type.getSimpleName());
      complete = false;
    }
    path.addLast(type);
    KeyRegistry names = new KeyRegistry(Problem.DUPLICATE_KEY, context.diagnostics());
    List<ValueModel.Member> members = new ArrayList<>();
    String record = TypeDisplay.className(type);
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      Optional<AnnotationMirror> mirror = Annotations.mirror(field, Hyperparam.class);
      if (mirror.isEmpty()) {
        continue;
      }
      Hyperparam annotation = field.getAnnotation(Hyperparam.class);
      String simpleName = field.getSimpleName().toString();
      String name = annotation.name().isEmpty() ? simpleName : annotation.name();
      String description = TypeDisplay.member(field);
      boolean keyValid = names.check(name, field, mirror.get(), description);
      String key = prefix + "." + name;
      Optional<Accessor> accessor = access.check(field, "Hyperparam", true, name, record);
      String help =
          annotation.help().isEmpty()
              ? Javadocs.firstSentence(context.elements().getDocComment(field))
              : annotation.help().strip().replaceAll("\\s+", " ");
      Optional<? extends ValueModel> value =
          memberValue(type, field, simpleName, field.asType(), mirror.get(), annotation, key, description, help, false, path);
      if (keyValid && value.isPresent() && accessor.isPresent()) {
        members.add(new ValueModel.Member(simpleName, name, TypeName.get(field.asType()), value.get(), accessor.get()));
      } else {
        complete = false;
      }
    }
    path.removeLast();
    return complete ? Optional.of(new ValueModel.Nested(ClassName.get(type), false, members)) : Optional.empty();
  }

  /** Why generated code cannot call {@code new T()}, or empty when it can. */
  private Optional<String> constructorProblem(TypeElement type) {
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      return Optional.of("it is abstract");
    }
    if (type.getNestingKind() == javax.lang.model.element.NestingKind.MEMBER
        && !type.getModifiers().contains(Modifier.STATIC)) {
      return Optional.of("it is an inner class (declare it static)");
    }
    boolean samePackage = context.elements().getPackageOf(type).equals(generatedIn);
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (!constructor.getParameters().isEmpty()) {
        continue;
      }
      boolean visible =
          constructor.getModifiers().contains(Modifier.PUBLIC)
              || (samePackage && !constructor.getModifiers().contains(Modifier.PRIVATE));
      return visible ? Optional.empty() : Optional.of("its no-argument constructor is not visible from the generated code");
    }
    return Optional.of("it has no no-argument constructor");
  }

  /** {@code min}/{@code max} on a record-typed component: not a number, so reported. */
  private boolean noBounds(Element element, AnnotationMirror mirror, String display) {
    if (mirror == null) {
      return true;
    }
    boolean ok = true;
    for (String bound : new String[] {"min", "max"}) {
      if (Annotations.explicitValue(mirror, bound).isPresent()) {
        context.diagnostics().error(
            Where.at(element, mirror, bound), Problem.RANGE_NOT_NUMERIC, element.getSimpleName(), bound, display);
        ok = false;
      }
    }
    return ok;
  }

  /** Generated code names the type and calls its constructor: it must be reachable and not generic. */
  private boolean checkUsable(Element at, TypeElement type) {
    Diagnostics diagnostics = context.diagnostics();
    int before = diagnostics.errorCount();
    for (Element e = type; e instanceof TypeElement t; e = t.getEnclosingElement()) {
      boolean samePackage = context.elements().getPackageOf(t).equals(generatedIn);
      if (t.getModifiers().contains(Modifier.PRIVATE) || (!samePackage && !t.getModifiers().contains(Modifier.PUBLIC))) {
        diagnostics.error(
            Where.at(at),
            Problem.INACCESSIBLE_CONFIG_TYPE,
            TypeDisplay.className(type),
            generatedIn == null || generatedIn.isUnnamed() ? "(unnamed)" : generatedIn.getQualifiedName(),
            TypeDisplay.className(t),
            t.getModifiers().contains(Modifier.PRIVATE) ? "private" : "not public");
        break;
      }
    }
    if (!type.getTypeParameters().isEmpty()) {
      diagnostics.error(
          Where.at(at),
          Problem.GENERIC_CONFIG_TYPE,
          type.getKind() == ElementKind.RECORD ? "Config record" : "Config group",
          TypeDisplay.className(type),
          type.getTypeParameters().stream()
              .map(TypeParameterElement::getSimpleName)
              .map(Object::toString)
              .collect(Collectors.joining(", ", "<", ">")));
    }
    return diagnostics.errorCount() == before;
  }

  /**
   * An option's default name: its record's simple name in kebab case. A capital letter starts a new
   * word after a small letter or digit, or before a small letter ({@code HTTPServer} is
   * {@code http-server}); {@code Sgd} and {@code SGD} are {@code sgd}, {@code AdamW} is
   * {@code adam-w}.
   */
  static String kebabCase(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char previous = name.charAt(i - 1);
        boolean nextIsLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if (Character.isLowerCase(previous)
            || Character.isDigit(previous)
            || (Character.isUpperCase(previous) && nextIsLower)) {
          out.append('-');
        }
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString();
  }
}
