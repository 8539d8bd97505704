package io.repro4j.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import io.repro4j.processor.model.Accessor;
import io.repro4j.processor.model.DatasetModel;
import io.repro4j.processor.model.ExperimentModel;
import io.repro4j.processor.model.HyperparamModel;
import io.repro4j.processor.model.MetricModel;
import io.repro4j.processor.model.ValidateHook;
import io.repro4j.processor.model.ValueModel;
import io.repro4j.runtime.config.ConfigGroup;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ParamType;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code T_Repro4j}, the {@code ExperimentBinding} of a trainer: its schema, datasets
 * and metrics as constants, and plain code that reads defaults, builds the config record, sets the
 * fields and reads the metrics. Small private helpers are added only when used.
 */
public final class BindingGenerator {
  private static final ClassName BINDING = ClassName.get("io.repro4j.runtime", "ExperimentBinding");
  private static final ClassName CONFIG_SCHEMA = ClassName.get("io.repro4j.runtime.config", "ConfigSchema");
  private static final ClassName CONFIG_GROUP = ClassName.get("io.repro4j.runtime.config", "ConfigGroup");
  private static final ClassName PARAM_SPEC = ClassName.get("io.repro4j.runtime.config", "ParamSpec");
  private static final ClassName PARAM_TYPE = ClassName.get("io.repro4j.runtime.config", "ParamType");
  private static final ClassName RESOLVED = ClassName.get("io.repro4j.runtime.config", "ResolvedConfig");
  private static final ClassName VALIDATION_EXCEPTION =
      ClassName.get("io.repro4j.runtime.config", "ValidationException");
  private static final ClassName DATASET_SPEC = ClassName.get("io.repro4j.runtime.data", "DatasetSpec");
  private static final ClassName METRIC_SPEC = ClassName.get("io.repro4j.runtime.tracking", "MetricSpec");
  private static final ClassName GOAL = ClassName.get("io.repro4j.annotations", "Metric", "Goal");
  private static final ClassName LIST = ClassName.get(List.class);
  private static final ClassName PATH = ClassName.get(Path.class);
  private static final ClassName STRING = ClassName.get(String.class);

  // The ParamType constants, by value, so generated code names them instead of rebuilding them.
  private static final Map<ParamType, String> PARAM_TYPE_CONSTANTS = paramTypeConstants();

  /** Private static helpers of the generated class; each is emitted only if some code calls it. */
  private enum Helper {
    ENUM_NAME,
    ENUM_NAMES,
    ENUM_CONSTANT,
    ENUM_CONSTANTS,
    TO_FILE,
    PATH_STRING,
    OR_NAN
  }

  /** The binding's source, not yet annotated or written (see {@link SourceFiles}). */
  public TypeSpec.Builder generate(ExperimentModel model) {
    Set<Helper> helpers = EnumSet.noneOf(Helper.class);
    List<MethodSpec> choosers = new ArrayList<>();
    TypeSpec.Builder binding =
        TypeSpec.classBuilder(model.binding())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .superclass(ParameterizedTypeName.get(BINDING, model.trainer(), model.configRecord()))
            .addJavadoc(
                "Binds {@link $T} to its config, datasets and metrics without reflection. Found by\n"
                    + "{@link $T#forClass}.\n",
                model.trainer(),
                BINDING)
            .addField(schemaField(model))
            .addField(datasetsField(model))
            .addField(metricsField(model))
            .addMethod(constructor(model))
            .addMethod(defaults(model, helpers))
            .addMethod(config(model, helpers, choosers))
            .addMethod(bind(model, helpers))
            .addMethod(readMetrics(model, helpers));
    binding.addMethods(choosers);
    if (!model.validateHooks().isEmpty()) {
      binding.addMethod(validate(model));
    }
    for (Helper helper : helpers) {
      binding.addMethod(helper(helper));
    }
    return binding;
  }

  private static FieldSpec schemaField(ExperimentModel model) {
    List<CodeBlock> specs = model.params().stream().map(BindingGenerator::paramSpec).toList();
    FieldSpec.Builder field = FieldSpec.builder(CONFIG_SCHEMA, "SCHEMA", Modifier.STATIC, Modifier.FINAL);
    if (model.groups().isEmpty()) {
      return field.initializer("$T.of($L)", CONFIG_SCHEMA, arguments(specs)).build();
    }
    List<CodeBlock> groups = new ArrayList<>();
    for (ConfigGroup group : model.groups()) {
      List<CodeBlock> options = new ArrayList<>();
      for (ConfigGroup.Option option : group.options()) {
        List<CodeBlock> params = option.params().stream().map(BindingGenerator::paramSpec).toList();
        options.add(
            CodeBlock.of("new $T.Option($S, $T.of($L))", CONFIG_GROUP, option.name(), LIST, arguments(params)));
      }
      groups.add(CodeBlock.of("new $T($S, $T.of($L))", CONFIG_GROUP, group.key(), LIST, arguments(options)));
    }
    return field
        .initializer(
            "$T.of($>$>\n$T.of($L),\n$T.of($L))$<$<",
            CONFIG_SCHEMA,
            LIST,
            arguments(specs),
            LIST,
            arguments(groups))
        .build();
  }

  private static FieldSpec datasetsField(ExperimentModel model) {
    List<CodeBlock> specs = new ArrayList<>();
    for (DatasetModel dataset : model.datasets()) {
      specs.add(
          dataset.spec().pinnedByDvc()
              ? CodeBlock.of(
                  "new $T($S, $S, $S, $S, $S, $S)",
                  DATASET_SPEC,
                  dataset.spec().name(),
                  dataset.spec().defaultPath(),
                  dataset.spec().md5(),
                  dataset.spec().element(),
                  dataset.spec().dvcFile(),
                  dataset.spec().dvcStage())
              : CodeBlock.of(
                  "new $T($S, $S, $S, $S)",
                  DATASET_SPEC,
                  dataset.spec().name(),
                  dataset.spec().defaultPath(),
                  dataset.spec().md5(),
                  dataset.spec().element()));
    }
    return FieldSpec.builder(
            ParameterizedTypeName.get(LIST, DATASET_SPEC), "DATASETS", Modifier.STATIC, Modifier.FINAL)
        .initializer("$T.of($L)", LIST, arguments(specs))
        .build();
  }

  private static FieldSpec metricsField(ExperimentModel model) {
    List<CodeBlock> specs = new ArrayList<>();
    for (MetricModel metric : model.metrics()) {
      specs.add(
          CodeBlock.of(
              "new $T($S, $T.$L, $S)",
              METRIC_SPEC,
              metric.spec().key(),
              GOAL,
              metric.spec().goal().name(),
              metric.spec().element()));
    }
    return FieldSpec.builder(
            ParameterizedTypeName.get(LIST, METRIC_SPEC), "METRICS", Modifier.STATIC, Modifier.FINAL)
        .initializer("$T.of($L)", LIST, arguments(specs))
        .build();
  }

  private static MethodSpec constructor(ExperimentModel model) {
    CodeBlock resources =
        model.configResources().stream().map(r -> CodeBlock.of("$S", r)).collect(CodeBlock.joining(", "));
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addStatement(
            "super($S, $T.of($L), SCHEMA, DATASETS, METRICS)", model.experimentName(), LIST, resources)
        .build();
  }

  private static MethodSpec defaults(ExperimentModel model, Set<Helper> helpers) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("defaults")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(ParameterizedTypeName.get(ClassName.get(Map.class), STRING, ClassName.get(Object.class)))
            .addParameter(model.trainer(), "trainer")
            .addStatement(
                "$T<$T, $T> defaults = new $T<>()",
                Map.class,
                String.class,
                Object.class,
                LinkedHashMap.class);
    Set<String> locals = new HashSet<>(Set.of("defaults", "trainer"));
    for (HyperparamModel hyperparam : model.hyperparams()) {
      putDefaults(method, hyperparam.value(), hyperparam.javaType(), read(hyperparam.accessor()),
          hyperparam.component(), locals, helpers);
    }
    for (DatasetModel dataset : model.datasets()) {
      method.addStatement("defaults.put($S, $T.of($S))", dataset.key(), PATH, dataset.spec().defaultPath());
    }
    return method.addStatement("return defaults").build();
  }

  /**
   * Puts the defaults of one value: a key's directly; a nested record's components when it is not
   * null; a group's option name and that option's components, by the record the field holds.
   */
  private static void putDefaults(
      MethodSpec.Builder method,
      ValueModel value,
      TypeName javaType,
      CodeBlock read,
      String name,
      Set<String> locals,
      Set<Helper> helpers) {
    if (value instanceof ValueModel.Leaf leaf && leaf.spec().required()) {
      method.addComment("$L: no initializer, so required", leaf.spec().key());
    } else if (value instanceof ValueModel.Leaf leaf) {
      ParamType type = leaf.spec().type();
      CodeBlock converted;
      if (type.kind() == ParamType.Kind.ENUM) {
        converted = call(helpers, Helper.ENUM_NAME, read);
      } else if (type.kind() == ParamType.Kind.LIST && type.element().kind() == ParamType.Kind.ENUM) {
        converted = call(helpers, Helper.ENUM_NAMES, read);
      } else {
        converted = read;
      }
      method.addStatement("defaults.put($S, $L)", leaf.spec().key(), converted);
    } else if (value instanceof ValueModel.Nested nested) {
      String local = local(name, locals);
      method.addStatement("$T $N = $L", javaType, local, read);
      method.beginControlFlow("if ($N != null)", local);
      for (ValueModel.Member member : nested.members()) {
        putDefaults(method, member.value(), member.javaType(), readMember(local, member),
            local + "_" + member.name(), locals, helpers);
      }
      method.endControlFlow();
    } else {
      ValueModel.Group group = (ValueModel.Group) value;
      String local = local(name, locals);
      method.addStatement("$T $N = $L", javaType, local, read);
      boolean first = true;
      for (ValueModel.Option option : group.options()) {
        String optionLocal = local(local + "_" + decapitalize(option.type().simpleName()), locals);
        String test = "if ($N instanceof $T $N)";
        if (first) {
          method.beginControlFlow(test, local, option.type(), optionLocal);
        } else {
          method.nextControlFlow("else " + test, local, option.type(), optionLocal);
        }
        first = false;
        method.addStatement("defaults.put($S, $S)", group.choice().key(), option.name());
        for (ValueModel.Member member : option.members()) {
          putDefaults(method, member.value(), member.javaType(), CodeBlock.of("$N.$N()", optionLocal, member.name()),
              optionLocal + "_" + member.name(), locals, helpers);
        }
      }
      method.endControlFlow();
    }
  }

  /** A record component through its accessor; a config class's field directly or by its getter. */
  private static CodeBlock readMember(String local, ValueModel.Member member) {
    Accessor accessor = member.accessor();
    if (accessor == null) {
      return CodeBlock.of("$N.$N()", local, member.name());
    }
    return accessor.direct()
        ? CodeBlock.of("$N.$N", local, accessor.field())
        : CodeBlock.of("$N.$N()", local, accessor.getter());
  }

  /** {@code name}, or {@code name2}, ... when a local or parameter has it already. */
  private static String local(String name, Set<String> locals) {
    String candidate = name;
    for (int i = 2; !locals.add(candidate); i++) {
      candidate = name + i;
    }
    return candidate;
  }

  private static String capitalize(String name) {
    return name.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + name.substring(1);
  }

  private static String decapitalize(String name) {
    return name.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + name.substring(1);
  }

  private static MethodSpec config(ExperimentModel model, Set<Helper> helpers, List<MethodSpec> choosers) {
    List<CodeBlock> values = new ArrayList<>();
    for (HyperparamModel hyperparam : model.hyperparams()) {
      values.add(build(hyperparam.value(), hyperparam.javaType(), hyperparam.component(), helpers, choosers));
    }
    for (DatasetModel dataset : model.datasets()) {
      values.add(CodeBlock.of("resolved.getPath($S)", dataset.key()));
    }
    return MethodSpec.methodBuilder("config")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(model.configRecord())
        .addParameter(RESOLVED, "resolved")
        .addStatement("return new $T($L)", model.configRecord(), statementArguments(values))
        .build();
  }

  /**
   * The expression that builds one value from {@code resolved}: a key's getter, a nested record's
   * constructor, or a call to the group's chooser (added to {@code choosers}).
   */
  private static CodeBlock build(
      ValueModel value, TypeName javaType, String name, Set<Helper> helpers, List<MethodSpec> choosers) {
    if (value instanceof ValueModel.Leaf leaf) {
      return resolvedValue(leaf.spec(), javaType, leaf.enumClass(), helpers);
    }
    if (value instanceof ValueModel.Nested nested && nested.isRecord()) {
      List<CodeBlock> arguments = new ArrayList<>();
      for (ValueModel.Member member : nested.members()) {
        arguments.add(build(member.value(), member.javaType(), name + capitalize(member.name()), helpers, choosers));
      }
      return CodeBlock.of("new $T($L)", nested.type(), CodeBlock.join(arguments, ",$W"));
    }
    if (value instanceof ValueModel.Nested nested) {
      // A config class: created with its no-argument constructor, then set field by field.
      String builder = "build" + capitalize(name);
      MethodSpec.Builder method =
          MethodSpec.methodBuilder(builder)
              .addJavadoc("A new {@link $T} with each {@code @Hyperparam} field set from its key.\n", nested.type())
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(nested.type())
              .addParameter(RESOLVED, "resolved")
              .addStatement("$T value = new $T()", nested.type(), nested.type());
      for (ValueModel.Member member : nested.members()) {
        CodeBlock built = build(member.value(), member.javaType(), name + capitalize(member.name()), helpers, choosers);
        Accessor accessor = member.accessor();
        method.addStatement(
            accessor.direct()
                ? CodeBlock.of("value.$N = $L", accessor.field(), built)
                : CodeBlock.of("value.$N($L)", accessor.setter(), built));
      }
      choosers.add(method.addStatement("return value").build());
      return CodeBlock.of("$N(resolved)", builder);
    }
    ValueModel.Group group = (ValueModel.Group) value;
    String chooser = "choose" + capitalize(name);
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(chooser)
            .addJavadoc("The chosen option of config group {@code $L}, built from its keys.\n", group.choice().key())
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(group.type())
            .addParameter(RESOLVED, "resolved")
            .addStatement("$T option = resolved.getString($S)", String.class, group.choice().key())
            .beginControlFlow("switch (option)");
    for (ValueModel.Option option : group.options()) {
      List<CodeBlock> arguments = new ArrayList<>();
      for (ValueModel.Member member : option.members()) {
        arguments.add(
            build(member.value(), member.javaType(), name + capitalize(option.type().simpleName()) + capitalize(member.name()),
                helpers, choosers));
      }
      method.addCode("case $S:\n", option.name())
          .addStatement("$>return new $T($L)$<", option.type(), CodeBlock.join(arguments, ",$W"));
    }
    method.addCode("default:\n")
        .addStatement(
            "$>throw new $T($S + option + $S)$<",
            IllegalArgumentException.class,
            "no option '",
            "' in config group '" + group.choice().key() + "'")
        .endControlFlow();
    choosers.add(method.build());
    return CodeBlock.of("$N(resolved)", chooser);
  }

  private static CodeBlock resolvedValue(ParamSpec spec, TypeName javaType, ClassName enumClass, Set<Helper> helpers) {
    ParamType type = spec.type();
    String key = spec.key();
    switch (type.kind()) {
      case ENUM:
        return call(helpers, Helper.ENUM_CONSTANT, CodeBlock.of("$T.class, resolved.getString($S)", enumClass, key));
      case LIST:
        if (type.element().kind() == ParamType.Kind.ENUM) {
          return call(helpers, Helper.ENUM_CONSTANTS, CodeBlock.of("$T.class, resolved.getList($S)", enumClass, key));
        }
        return CodeBlock.of("resolved.getList($S)", key);
      case STRING:
        return CodeBlock.of("resolved.getString($S)", key);
      case PATH:
        return CodeBlock.of("resolved.getPath($S)", key);
      default:
        if (type.nullable()) {
          return CodeBlock.of("($T) resolved.get($S)", javaType, key);
        }
        return CodeBlock.of("resolved.$L($S)", primitiveGetter(type.kind()), key);
    }
  }

  private static String primitiveGetter(ParamType.Kind kind) {
    return switch (kind) {
      case BOOLEAN -> "getBoolean";
      case INT -> "getInt";
      case LONG -> "getLong";
      case FLOAT -> "getFloat";
      case DOUBLE -> "getDouble";
      default -> throw new IllegalArgumentException("not a primitive kind: " + kind);
    };
  }

  private static MethodSpec bind(ExperimentModel model, Set<Helper> helpers) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("bind")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(model.trainer(), "trainer")
            .addParameter(model.configRecord(), "config");
    for (HyperparamModel hyperparam : model.hyperparams()) {
      method.addStatement(write(hyperparam.accessor(), CodeBlock.of("config.$N()", hyperparam.component())));
    }
    for (DatasetModel dataset : model.datasets()) {
      CodeBlock path = CodeBlock.of("config.$N()", dataset.component());
      CodeBlock value =
          switch (dataset.fieldType()) {
            case PATH -> path;
            case FILE -> call(helpers, Helper.TO_FILE, path);
            case STRING -> call(helpers, Helper.PATH_STRING, path);
          };
      method.addStatement(write(dataset.accessor(), value));
    }
    return method.build();
  }

  /**
   * Calls each {@code validate()}: the nested configs' and the chosen options' (innermost first),
   * then the trainer's; whatever one throws is a {@code ValidationException} naming it.
   */
  private static MethodSpec validate(ExperimentModel model) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("validate")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(model.trainer(), "trainer")
            .addParameter(model.configRecord(), "config")
            .addException(VALIDATION_EXCEPTION);
    for (ValidateHook hook : model.validateHooks()) {
      if (hook.guard() != null) {
        method.beginControlFlow("if ($L)", hook.guard()); // only the chosen option of a group
      }
      method
          .beginControlFlow("try")
          .addStatement("$L.validate()", hook.receiver())
          .nextControlFlow("catch ($T | $T e)", Exception.class, AssertionError.class);
      if (hook.keyPrefix().isEmpty()) {
        method.addStatement("throw new $T($S, e)", VALIDATION_EXCEPTION, hook.display());
      } else {
        method.addStatement("throw new $T($S, $S, e)", VALIDATION_EXCEPTION, hook.display(), hook.keyPrefix());
      }
      method.endControlFlow();
      if (hook.guard() != null) {
        method.endControlFlow();
      }
    }
    return method.build();
  }

  private static MethodSpec readMetrics(ExperimentModel model, Set<Helper> helpers) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("readMetrics")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(model.trainer(), "trainer")
            .addParameter(double[].class, "values");
    List<MetricModel> metrics = model.metrics();
    for (int i = 0; i < metrics.size(); i++) {
      MetricModel metric = metrics.get(i);
      CodeBlock read =
          metric.method()
              ? CodeBlock.of("trainer.$N()", metric.member())
              : CodeBlock.of("trainer.$N", metric.member());
      method.addStatement("values[$L] = $L", i, metric.boxed() ? call(helpers, Helper.OR_NAN, read) : read);
    }
    return method.build();
  }

  private static CodeBlock read(Accessor accessor) {
    return accessor.direct()
        ? CodeBlock.of("trainer.$N", accessor.field())
        : CodeBlock.of("trainer.$N()", accessor.getter());
  }

  private static CodeBlock write(Accessor accessor, CodeBlock value) {
    return accessor.direct()
        ? CodeBlock.of("trainer.$N = $L", accessor.field(), value)
        : CodeBlock.of("trainer.$N($L)", accessor.setter(), value);
  }

  private static CodeBlock call(Set<Helper> helpers, Helper helper, CodeBlock arguments) {
    helpers.add(helper);
    return CodeBlock.of("$N($L)", helperName(helper), arguments);
  }

  private static String helperName(Helper helper) {
    return switch (helper) {
      case ENUM_NAME -> "enumName";
      case ENUM_NAMES -> "enumNames";
      case ENUM_CONSTANT -> "enumConstant";
      case ENUM_CONSTANTS -> "enumConstants";
      case TO_FILE -> "toFile";
      case PATH_STRING -> "pathString";
      case OR_NAN -> "orNaN";
    };
  }

  private static MethodSpec helper(Helper helper) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(helperName(helper)).addModifiers(Modifier.PRIVATE, Modifier.STATIC);
    TypeVariableName e =
        TypeVariableName.get("E", ParameterizedTypeName.get(ClassName.get(Enum.class), TypeVariableName.get("E")));
    TypeName anyEnum = ParameterizedTypeName.get(ClassName.get(Enum.class), WildcardTypeName.subtypeOf(Object.class));
    switch (helper) {
      case ENUM_NAME:
        return method
            .returns(String.class)
            .addParameter(anyEnum, "constant")
            .addStatement("return constant == null ? null : constant.name()")
            .build();
      case ENUM_NAMES:
        return method
            .returns(ParameterizedTypeName.get(LIST, STRING))
            .addParameter(ParameterizedTypeName.get(LIST, WildcardTypeName.subtypeOf(anyEnum)), "constants")
            .beginControlFlow("if (constants == null)")
            .addStatement("return null")
            .endControlFlow()
            .addStatement("$T<$T> names = new $T<>(constants.size())", List.class, String.class, ArrayList.class)
            .beginControlFlow("for ($T constant : constants)", anyEnum)
            .addStatement("names.add(enumName(constant))")
            .endControlFlow()
            .addStatement("return $T.unmodifiableList(names)", Collections.class)
            .build();
      case ENUM_CONSTANT:
        return method
            .addTypeVariable(e)
            .returns(e)
            .addParameter(ParameterizedTypeName.get(ClassName.get(Class.class), e), "type")
            .addParameter(String.class, "name")
            .addStatement("return name == null ? null : $T.valueOf(type, name)", Enum.class)
            .build();
      case ENUM_CONSTANTS:
        return method
            .addTypeVariable(e)
            .returns(ParameterizedTypeName.get(LIST, e))
            .addParameter(ParameterizedTypeName.get(ClassName.get(Class.class), e), "type")
            .addParameter(ParameterizedTypeName.get(LIST, STRING), "names")
            .beginControlFlow("if (names == null)")
            .addStatement("return null")
            .endControlFlow()
            .addStatement("$T<$T> constants = new $T<>(names.size())", List.class, e, ArrayList.class)
            .beginControlFlow("for ($T name : names)", String.class)
            .addStatement("constants.add(enumConstant(type, name))")
            .endControlFlow()
            .addStatement("return $T.unmodifiableList(constants)", Collections.class)
            .build();
      case TO_FILE:
        return method
            .returns(File.class)
            .addParameter(PATH, "path")
            .addStatement("return path == null ? null : path.toFile()")
            .build();
      case PATH_STRING:
        return method
            .returns(String.class)
            .addParameter(PATH, "path")
            .addStatement("return path == null ? null : path.toString()")
            .build();
      case OR_NAN:
        return method
            .returns(double.class)
            .addParameter(Number.class, "value")
            .addStatement("return value == null ? $T.NaN : value.doubleValue()", Double.class)
            .build();
      default:
        throw new AssertionError(helper);
    }
  }

  /**
   * {@code ParamSpec.of(...)} when unbounded, {@code new ParamSpec(...)} with six arguments when
   * bounded, all eight only for a required key or one with choices, and nine for a secret one.
   */
  static CodeBlock paramSpec(ParamSpec spec) {
    if (spec.secret()) {
      return CodeBlock.of(
          "new $T($S, $L, $S, $L, $L, $S, $L, $T.of($L), true)",
          PARAM_SPEC,
          spec.key(),
          paramType(spec.type()),
          spec.help(),
          doubleLiteral(spec.min()),
          doubleLiteral(spec.max()),
          spec.element(),
          spec.required(),
          LIST,
          spec.choices().stream().map(c -> CodeBlock.of("$S", c)).collect(CodeBlock.joining(", ")));
    }
    if (spec.required() || !spec.choices().isEmpty()) {
      return CodeBlock.of(
          "new $T($S, $L, $S, $L, $L, $S, $L, $T.of($L))",
          PARAM_SPEC,
          spec.key(),
          paramType(spec.type()),
          spec.help(),
          doubleLiteral(spec.min()),
          doubleLiteral(spec.max()),
          spec.element(),
          spec.required(),
          LIST,
          spec.choices().stream().map(c -> CodeBlock.of("$S", c)).collect(CodeBlock.joining(", ")));
    }
    if (!spec.bounded()) {
      return CodeBlock.of(
          "$T.of($S, $L, $S, $S)", PARAM_SPEC, spec.key(), paramType(spec.type()), spec.help(), spec.element());
    }
    return CodeBlock.of(
        "new $T($S, $L, $S, $L, $L, $S)",
        PARAM_SPEC,
        spec.key(),
        paramType(spec.type()),
        spec.help(),
        doubleLiteral(spec.min()),
        doubleLiteral(spec.max()),
        spec.element());
  }

  static CodeBlock paramType(ParamType type) {
    String constant = PARAM_TYPE_CONSTANTS.get(type);
    if (constant != null) {
      return CodeBlock.of("$T.$L", PARAM_TYPE, constant);
    }
    return switch (type.kind()) {
      case ENUM -> CodeBlock.of(
          "$T.enumType($S, $T.of($L))",
          PARAM_TYPE,
          type.displayName(),
          LIST,
          type.enumConstants().stream().map(c -> CodeBlock.of("$S", c)).collect(CodeBlock.joining(", ")));
      case LIST -> CodeBlock.of("$T.listOf($L)", PARAM_TYPE, paramType(type.element()));
      case GROUP -> CodeBlock.of(
          "$T.group($S, $T.of($L))",
          PARAM_TYPE,
          type.displayName(),
          LIST,
          type.enumConstants().stream().map(c -> CodeBlock.of("$S", c)).collect(CodeBlock.joining(", ")));
      default -> throw new IllegalArgumentException("no code for " + type);
    };
  }

  private static CodeBlock doubleLiteral(double value) {
    if (value == Double.POSITIVE_INFINITY) {
      return CodeBlock.of("$T.POSITIVE_INFINITY", Double.class);
    }
    if (value == Double.NEGATIVE_INFINITY) {
      return CodeBlock.of("$T.NEGATIVE_INFINITY", Double.class);
    }
    return CodeBlock.of("$L", Double.toString(value));
  }

  // One argument per line once there are several, as a person would format a long call.
  private static CodeBlock arguments(List<CodeBlock> arguments) {
    if (arguments.isEmpty()) {
      return CodeBlock.of("");
    }
    if (arguments.size() == 1) {
      return arguments.get(0);
    }
    return CodeBlock.builder()
        .add("\n$>$>")
        .add(CodeBlock.join(arguments, ",\n"))
        .add("$<$<")
        .build();
  }

  // In a statement JavaPoet already indents continuation lines.
  private static CodeBlock statementArguments(List<CodeBlock> arguments) {
    if (arguments.size() < 2) {
      return arguments(arguments);
    }
    return CodeBlock.builder().add("\n").add(CodeBlock.join(arguments, ",\n")).build();
  }

  private static Map<ParamType, String> paramTypeConstants() {
    Map<ParamType, String> constants = new LinkedHashMap<>();
    constants.put(ParamType.BOOLEAN, "BOOLEAN");
    constants.put(ParamType.INT, "INT");
    constants.put(ParamType.LONG, "LONG");
    constants.put(ParamType.FLOAT, "FLOAT");
    constants.put(ParamType.DOUBLE, "DOUBLE");
    constants.put(ParamType.BOXED_BOOLEAN, "BOXED_BOOLEAN");
    constants.put(ParamType.BOXED_INT, "BOXED_INT");
    constants.put(ParamType.BOXED_LONG, "BOXED_LONG");
    constants.put(ParamType.BOXED_FLOAT, "BOXED_FLOAT");
    constants.put(ParamType.BOXED_DOUBLE, "BOXED_DOUBLE");
    constants.put(ParamType.STRING, "STRING");
    constants.put(ParamType.PATH, "PATH");
    return Collections.unmodifiableMap(constants);
  }
}
