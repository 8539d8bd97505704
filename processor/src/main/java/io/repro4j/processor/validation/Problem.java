package io.repro4j.processor.validation;

import java.util.Locale;

/**
 * Every compile error the processor reports. Each message starts with a stable tag (users and tests
 * grep for it), then says what is wrong, why it matters, and what to do.
 */
public enum Problem {
  NOT_IN_EXPERIMENT(
      "Repro4jNotInExperiment",
      "@%s on %s, but %s is not annotated @Experiment: only the members of an @Experiment class are"
          + " read, so annotate %s with @Experiment or move the member into one%s"),
  CONFLICTING_ANNOTATIONS(
      "Repro4jConflictingAnnotations",
      "%s has both @%s and @%s: a field is a hyperparameter, a dataset or a metric, not two of"
          + " them, so remove one"),

  NOT_A_CLASS(
      "Repro4jNotAClass",
      "@Experiment on %s %s: only a class can be an experiment, so move it to a class"),
  NOT_A_TRAINER(
      "Repro4jNotATrainer",
      "@Experiment class %s does not implement io.repro4j.runtime.Trainer: Repro4j.run starts a run"
          + " by calling its train(RunContext), so add 'implements Trainer'"),
  NO_RUNTIME(
      "Repro4jNoRuntime",
      "@Experiment class %s cannot be bound: io.repro4j.runtime.Trainer is not on the classpath,"
          + " and the generated code needs the runtime, so add io.repro4j:repro4j-runtime as a"
          + " dependency"),
  PRIVATE_CLASS(
      "Repro4jPrivateClass",
      "@Experiment class %s is private: the generated %s in the same package refers to it, so make"
          + " it package-private or wider"),
  PRIVATE_ENCLOSING_CLASS(
      "Repro4jPrivateClass",
      "@Experiment class %s is nested in private class %s: the generated %s in the same package"
          + " cannot refer to it, so make %s package-private or wider"),
  ABSTRACT_CLASS(
      "Repro4jAbstractClass",
      "@Experiment class %s is abstract: a run trains an instance of it, so make it concrete (or"
          + " annotate a concrete subclass instead)"),
  INNER_CLASS(
      "Repro4jInnerClass",
      "@Experiment class %s is an inner class: it cannot be created without an instance of %s,"
          + " which launchers that start runs by class name do not have, so declare it static"),
  GENERIC_CLASS(
      "Repro4jGenericClass",
      "@Experiment class %s is generic: generated code binds the fields of one concrete class, so"
          + " remove the type parameters %s (or annotate a non-generic subclass)"),
  EXPERIMENT_NAME(
      "Repro4jExperimentName",
      "@Experiment name of %s is %d characters long: MLflow allows at most 500, so shorten it"),

  UNSUPPORTED_TYPE(
      "Repro4jUnsupportedType",
      "@Hyperparam field '%s' has type %s, which a config value cannot hold%s: use boolean, int,"
          + " long, float or double (or their boxes), String, an enum, java.nio.file.Path, or a List"
          + " of one of those; or a record (a nested config) or a sealed interface permitting records"
          + " (a config group)"),
  NESTED_UNSUPPORTED_TYPE(
      "Repro4jUnsupportedType",
      "component '%s' of config record %s has type %s, which a config value cannot hold%s: use"
          + " boolean, int, long, float or double (or their boxes), String, an enum,"
          + " java.nio.file.Path, a List of one of those, or another record"),
  NESTED_GROUP(
      "Repro4jNestedGroup",
      "component '%s' of config record %s has type %s, a sealed interface: config groups can only"
          + " be @Hyperparam fields of the @Experiment class, so move it to a field there"),
  RECURSIVE_CONFIG(
      "Repro4jRecursiveConfig",
      "config record %s contains itself (through %s): its keys would never end, so remove that"
          + " component or give it another type"),
  CONFIG_CLASS_CONSTRUCTOR(
      "Repro4jConfigClass",
      "config class %s cannot be created by the generated code: %s. It creates it with 'new %s()'"
          + " and then sets its @Hyperparam fields, so give it a no-argument constructor that code in"
          + " the trainer's package can call"),
  GENERIC_CONFIG_TYPE(
      "Repro4jGenericConfigType",
      "%s %s is generic: generated code constructs it from the config's values, so remove the type"
          + " parameters %s"),
  INACCESSIBLE_CONFIG_TYPE(
      "Repro4jInaccessibleType",
      "config type %s cannot be used by the generated code in package %s because %s is %s: make it"
          + " package-private or wider (public if in another package)"),
  OPTION_NOT_RECORD(
      "Repro4jOptionNotRecord",
      "config group '%s': %s is permitted by %s but is not a record: each option is a record whose"
          + " components are its keys, so make %s a record"),
  INVALID_OPTION_NAME(
      "Repro4jInvalidOption",
      "option name '%s' of %s is not valid: %s. It is written on the command line (%s=%s) and is a"
          + " file name (conf/%s/%s.yaml), so it must match [A-Za-z_][A-Za-z0-9_-]*; choose one with"
          + " @Option(\"...\")"),
  DUPLICATE_OPTION(
      "Repro4jDuplicateOption",
      "config group '%s' has two options named '%s' (%s and %s): the command line could not tell"
          + " them apart, so name one with @Option(\"...\")"),
  INACCESSIBLE_TYPE(
      "Repro4jInaccessibleType",
      "@Hyperparam field '%s' has type %s, which the generated code in package %s cannot access"
          + " because %s is %s: make it package-private or wider (public if in another package)"),
  PRIVATE_FIELD(
      "Repro4jPrivateField",
      "@%s field '%s' is private: generated code sets it without reflection, so make it"
          + " package-private (or add a non-private setter %s(%s) and getter %s())"),
  PRIVATE_SETTER_FIELD(
      "Repro4jPrivateField",
      "@%s field '%s' is private: generated code sets it without reflection, so make it"
          + " package-private (or add a non-private setter %s(%s))"),
  FINAL_FIELD(
      "Repro4jFinalField",
      "@%s field '%s' is final: generated code assigns the configured value to it before train()"
          + " runs, so remove 'final' (its initializer stays the default)"),
  STATIC_FIELD(
      "Repro4jStaticField",
      "@%s field '%s' is static: a configured value belongs to one trainer instance, and generated"
          + " code sets it per instance, so remove 'static'"),
  RESERVED_NAME(
      "Repro4jReservedName",
      "@%s field '%s' cannot become a component of the generated record %s, since records reserve"
          + " that name for a method of their own: rename the field (name = \"%s\" keeps the key)"),

  RANGE_NOT_NUMERIC(
      "Repro4jRangeNotNumeric",
      "@Hyperparam field '%s' has %s, but its type %s is not a number: min and max only bound"
          + " numbers, so remove it"),
  NAN_BOUND(
      "Repro4jNaNBound",
      "@Hyperparam field '%s' has %s = NaN: no value compares with NaN, so give a number or remove"
          + " it"),
  EMPTY_RANGE(
      "Repro4jEmptyRange",
      "@Hyperparam field '%s' has min = %s greater than max = %s: no value can satisfy both, so"
          + " swap or fix them"),
  DEFAULT_OUT_OF_RANGE(
      "Repro4jDefaultOutOfRange",
      "@Hyperparam field '%s' defaults to %s, which is %s %s = %s: a run without config would be"
          + " rejected, so change the initializer or the bound"),

  SECRET_NOT_A_VALUE(
      "Repro4jSecret",
      "@Hyperparam field '%s' is secret, but its type %s is a nested config or a config group, not a"
          + " value: mark the secret components or fields inside it with @Hyperparam(secret = true)"),
  CHOICES_NOT_STRING(
      "Repro4jChoices",
      "@Hyperparam field '%s' has choices, but its type %s is not String: choices restrict the text"
          + " of a String key%s, so remove them or declare the field as String"),
  DUPLICATE_CHOICE(
      "Repro4jChoices", "@Hyperparam field '%s' lists the choice \"%s\" twice: remove one of them"),
  DEFAULT_NOT_A_CHOICE(
      "Repro4jDefaultNotAChoice",
      "@Hyperparam field '%s' defaults to %s, which is not one of its choices (%s): a run without"
          + " config would be rejected, so change the initializer or the choices"),

  VALIDATE_PRIVATE(
      "Repro4jValidate",
      "%s.validate() is private: generated code calls it after binding the config and before any run"
          + " is created, without reflection, so make it package-private or wider"),
  VALIDATE_STATIC(
      "Repro4jValidate",
      "%s.validate() is static: it checks one trainer's configured fields, and generated code calls"
          + " it on that instance, so remove 'static'"),
  VALIDATE_PARAMETERS(
      "Repro4jValidate",
      "%s.validate(%s) has parameters: generated code calls validate() without arguments after"
          + " binding the config, so read the configured fields instead (or rename the method if it"
          + " is not a config check)"),
  VALIDATE_RETURNS(
      "Repro4jValidate",
      "%s.validate() returns %s, which would be ignored: make it void and throw an exception (an"
          + " IllegalArgumentException naming the key) to reject a config"),
  VALIDATE_NOT_VISIBLE(
      "Repro4jValidate",
      "%s.validate() is not public, but the generated code that calls it after binding the config is"
          + " in package %s: make it public"),

  INVALID_KEY(
      "Repro4jInvalidKey",
      "config key '%s' of %s is not a valid key: %s. YAML files and overrides (key=value) name it,"
          + " so keys must match [A-Za-z_][A-Za-z0-9_-]*; choose one with name = \"...\""),
  DUPLICATE_KEY(
      "Repro4jDuplicateKey",
      "config key '%s' of %s is already used by %s: YAML files and overrides could not tell them"
          + " apart, so give one of them another key with name = \"...\""),
  INVALID_METRIC_NAME(
      "Repro4jInvalidMetricName",
      "metric name '%s' of %s is not a valid MLflow key: %s; choose another with"
          + " @Metric(name = \"...\")"),
  DUPLICATE_METRIC(
      "Repro4jDuplicateMetric",
      "metric name '%s' of %s is already used by %s: MLflow would mix both series under one key,"
          + " so rename one with @Metric(name = \"...\")"),

  DATASET_TYPE(
      "Repro4jDatasetType",
      "@Dataset field '%s' has type %s: a dataset location is a java.nio.file.Path, java.io.File or"
          + " String, so declare it as one of those"),
  DATASET_PATH(
      "Repro4jDatasetPath",
      "@Dataset field '%s' has an empty path: give the file's location relative to the working"
          + " directory, e.g. path = \"data/train.csv\""),
  MD5_MALFORMED(
      "Repro4jMd5",
      "@Dataset md5 \"%s\" of field '%s' is not an md5: it must be exactly 32 lowercase hex digits,"
          + " followed by .dir for a directory, as md5sum, DVC and repro4j hash print them (or empty"
          + " to record the hash without checking it)"),
  MD5_UPPERCASE(
      "Repro4jMd5",
      "@Dataset md5 \"%s\" of field '%s' has uppercase hex digits: md5 values are compared as DVC"
          + " writes them, in lowercase, so write md5 = \"%s\""),

  DATASET_PIN_CONFLICT(
      "Repro4jDatasetPin",
      "@Dataset field '%s' has both %s and %s: a dataset has one pin, so keep one (md5 inline, dvc"
          + " for a .dvc file, or dvcLock with stage for a dvc.lock entry)"),
  DATASET_DVC_FILE(
      "Repro4jDatasetPin",
      "@Dataset dvc \"%s\" of field '%s' is not a .dvc file: name the file 'dvc add' wrote, e.g."
          + " dvc = \"%s.dvc\""),
  DATASET_DVC_LOCK_FILE(
      "Repro4jDatasetPin",
      "@Dataset dvcLock \"%s\" of field '%s' is not a dvc.lock file: name the lock file next to"
          + " your dvc.yaml, e.g. dvcLock = \"dvc.lock\""),
  DATASET_STAGE_MISSING(
      "Repro4jDatasetPin",
      "@Dataset field '%s' has dvcLock but no stage: a dvc.lock pins a path per stage, so add"
          + " stage = \"...\" (as in dvc.yaml, e.g. stage = \"prepare\")"),
  DATASET_STAGE_WITHOUT_LOCK(
      "Repro4jDatasetPin",
      "@Dataset field '%s' has a stage but no dvcLock: stage names an entry of a dvc.lock, so add"
          + " dvcLock = \"dvc.lock\" (or remove stage)"),

  METRIC_TYPE(
      "Repro4jMetricType",
      "@Metric %s %s %s, which is not a number: metrics are recorded as doubles, so use byte, short,"
          + " int, long, float or double (or their boxes)"),
  METRIC_VOID(
      "Repro4jMetricType",
      "@Metric method '%s' returns void: a metric method returns the metric's current value, so"
          + " make it return a number (e.g. double)"),
  METRIC_PARAMETERS(
      "Repro4jMetricParameters",
      "@Metric method '%s' has parameters: generated code calls it with none to read the current"
          + " value, so remove them"),
  METRIC_THROWS(
      "Repro4jMetricThrows",
      "@Metric method '%s' declares checked exception %s: metrics are read at every step, where it"
          + " could not be handled, so catch it inside the method"),
  PRIVATE_METRIC_FIELD(
      "Repro4jPrivateMetric",
      "@Metric field '%s' is private: generated code reads it without reflection, so make it"
          + " package-private, or annotate a non-private getter method with @Metric instead"),
  PRIVATE_METRIC_METHOD(
      "Repro4jPrivateMetric",
      "@Metric method '%s' is private: generated code calls it without reflection, so make it"
          + " package-private"),
  STATIC_METRIC(
      "Repro4jStaticMetric",
      "@Metric %s '%s' is static: a metric describes one trainer's run, so make it an instance %s"),

  CONFIG_NOT_FOUND(
      "Repro4jConfigNotFound",
      "config resource '%s' not found: looked in %s. Put it in src/main/resources (Maven copies it"
          + " to the class output before compiling) or name its directory with"
          + " -Arepro4j.resources=DIR"),
  CONFIG_UNREADABLE(
      "Repro4jConfigUnreadable", "config resource '%s' could not be read from %s: %s"),
  CONFIG_PROBLEM("Repro4jConfig", "%s"),
  CONFIG_CHECK_FAILED(
      "Repro4jConfigCheckFailed",
      "checking config resource '%s' failed: %s. This is a bug in Repro4j; the run checks the file"
          + " again at start"),

  UNDEFINED_TYPE(
      "Repro4jUndefinedType",
      "@Experiment class %s refers to a type that does not exist (%s): no code is generated for it"
          + " until that type compiles"),
  WRITE_FAILED("Repro4jWriteFailed", "could not write %s: %s");

  private final String tag;
  private final String template;

  Problem(String tag, String template) {
    this.tag = tag;
    this.template = template;
  }

  /** The stable tag, without brackets. */
  public String tag() {
    return tag;
  }

  /** The message: {@code [Tag] text}. */
  public String format(Object... args) {
    return "[" + tag + "] " + String.format(Locale.ROOT, template, args);
  }
}
