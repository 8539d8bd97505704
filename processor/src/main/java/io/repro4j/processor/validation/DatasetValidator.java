package io.repro4j.processor.validation;

import io.repro4j.annotations.Dataset;
import io.repro4j.processor.model.Accessor;
import io.repro4j.processor.model.DatasetModel;
import io.repro4j.processor.model.DatasetModel.FieldType;
import io.repro4j.processor.model.ValueModel;
import io.repro4j.processor.validation.Diagnostics.Where;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ParamType;
import io.repro4j.runtime.data.DatasetSpec;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;

/** Checks one {@code @Dataset} field and builds its model. */
final class DatasetValidator {
  // DVC's values: a file's md5, or a directory's md5 of its .dir manifest followed by ".dir".
  private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}(\\.dir)?");
  private static final Pattern MD5_ANY_CASE = Pattern.compile("[0-9a-fA-F]{32}(\\.dir)?");

  private final Context context;
  private final FieldAccess access;

  DatasetValidator(Context context) {
    this.context = context;
    this.access = new FieldAccess(context);
  }

  /** The field's model, or empty after reporting every problem. */
  Checked<DatasetModel> validate(
      VariableElement field, AnnotationMirror mirror, KeyRegistry keys, String record) {
    Diagnostics diagnostics = context.diagnostics();
    int before = diagnostics.errorCount();
    Dataset annotation = field.getAnnotation(Dataset.class);
    String name = field.getSimpleName().toString();
    String key = annotation.name().isEmpty() ? name : annotation.name();
    String element = TypeDisplay.member(field);

    boolean keyValid = keys.check(key, field, mirror, element);
    // Datasets default to their declared path, never to the field, so only a setter is needed.
    Optional<Accessor> accessor = access.check(field, "Dataset", false, key, record);

    Optional<FieldType> fieldType = fieldType(field);
    if (fieldType.isEmpty()) {
      diagnostics.error(Where.at(field), Problem.DATASET_TYPE, name, TypeDisplay.of(field.asType()));
    }
    if (annotation.path().isBlank()) {
      diagnostics.error(Where.at(field, mirror, "path"), Problem.DATASET_PATH, name);
    }
    String md5 = annotation.md5();
    if (!md5.isEmpty() && !MD5.matcher(md5).matches()) {
      if (MD5_ANY_CASE.matcher(md5).matches()) {
        diagnostics.error(
            Where.at(field, mirror, "md5"), Problem.MD5_UPPERCASE, md5, name, md5.toLowerCase(Locale.ROOT));
      } else {
        diagnostics.error(Where.at(field, mirror, "md5"), Problem.MD5_MALFORMED, md5, name);
      }
    }

    validatePin(field, mirror, annotation, name);

    if (!keyValid) {
      return new Checked<>(Optional.empty(), Optional.empty());
    }
    String help = Javadocs.firstSentence(context.elements().getDocComment(field));
    ParamSpec param = ParamSpec.of(key, ParamType.PATH, help, element);
    if (diagnostics.errorCount() != before) {
      return new Checked<>(Optional.of(new ValueModel.Leaf(param, null)), Optional.empty());
    }
    return new Checked<>(
        Optional.of(new ValueModel.Leaf(param, null)),
        Optional.of(
            new DatasetModel(
                new DatasetSpec(
                    key,
                    annotation.path(),
                    md5,
                    element,
                    annotation.dvc().isEmpty() ? annotation.dvcLock() : annotation.dvc(),
                    annotation.stage()), param, name, fieldType.get(), accessor.get())));
  }

  /** At most one pin; each DVC attribute names its kind of file; a lock entry needs its stage. */
  private void validatePin(VariableElement field, AnnotationMirror mirror, Dataset annotation, String name) {
    Diagnostics diagnostics = context.diagnostics();
    boolean md5 = !annotation.md5().isEmpty();
    boolean dvc = set(mirror, "dvc");
    boolean lock = set(mirror, "dvcLock");
    boolean stage = set(mirror, "stage");
    if (md5 && dvc) {
      diagnostics.error(Where.at(field, mirror, "dvc"), Problem.DATASET_PIN_CONFLICT, name, "md5", "dvc");
    }
    if (md5 && lock) {
      diagnostics.error(Where.at(field, mirror, "dvcLock"), Problem.DATASET_PIN_CONFLICT, name, "md5", "dvcLock");
    }
    if (dvc && lock) {
      diagnostics.error(Where.at(field, mirror, "dvcLock"), Problem.DATASET_PIN_CONFLICT, name, "dvc", "dvcLock");
    }
    String dvcFile = annotation.dvc();
    if (dvc && (dvcFile.isBlank() || !dvcFile.endsWith(".dvc") || dvcFile.equals(".dvc") || dvcFile.endsWith("/.dvc"))) {
      diagnostics.error(
          Where.at(field, mirror, "dvc"), Problem.DATASET_DVC_FILE, dvcFile, name,
          annotation.path().isBlank() ? "data.csv" : annotation.path());
    }
    String lockFile = annotation.dvcLock();
    if (lock && (lockFile.isBlank() || !(lockFile.equals("dvc.lock") || lockFile.endsWith("/dvc.lock")))) {
      diagnostics.error(Where.at(field, mirror, "dvcLock"), Problem.DATASET_DVC_LOCK_FILE, lockFile, name);
    }
    if (lock && (!stage || annotation.stage().isBlank())) {
      diagnostics.error(
          stage ? Where.at(field, mirror, "stage") : Where.at(field, mirror, "dvcLock"),
          Problem.DATASET_STAGE_MISSING, name);
    }
    if (stage && !lock) {
      diagnostics.error(Where.at(field, mirror, "stage"), Problem.DATASET_STAGE_WITHOUT_LOCK, name);
    }
  }

  /** Whether {@code attribute} is written in the annotation (even as {@code ""}). */
  private static boolean set(AnnotationMirror mirror, String attribute) {
    return mirror.getElementValues().keySet().stream()
        .anyMatch(e -> e.getSimpleName().contentEquals(attribute));
  }

  private static Optional<FieldType> fieldType(VariableElement field) {
    if (field.asType().getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    TypeElement type = (TypeElement) ((DeclaredType) field.asType()).asElement();
    return switch (type.getQualifiedName().toString()) {
      case "java.nio.file.Path" -> Optional.of(FieldType.PATH);
      case "java.io.File" -> Optional.of(FieldType.FILE);
      case "java.lang.String" -> Optional.of(FieldType.STRING);
      default -> Optional.empty();
    };
  }
}
