package io.repro4j.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.repro4j.processor.model.DatasetModel;
import io.repro4j.processor.model.ExperimentModel;
import io.repro4j.processor.model.HyperparamModel;
import io.repro4j.processor.model.ValueModel;
import java.nio.file.Path;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code T_Repro4jConfig}: an immutable record with one component per config key,
 * hyperparameters in declaration order, then dataset locations (always as {@code Path}).
 */
public final class ConfigRecordGenerator {

  /** The record's source, not yet annotated or written (see {@link SourceFiles}). */
  public TypeSpec.Builder generate(ExperimentModel model) {
    MethodSpec.Builder components = MethodSpec.constructorBuilder();
    TypeSpec.Builder record =
        TypeSpec.recordBuilder(model.configRecord())
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(
                "The config of {@link $T}: one component per config key, as resolved from the field\n"
                    + "defaults, the YAML files and the command line.\n",
                model.trainer());
    if (!model.hyperparams().isEmpty() || !model.datasets().isEmpty()) {
      record.addJavadoc("\n");
    }
    for (HyperparamModel hyperparam : model.hyperparams()) {
      components.addParameter(hyperparam.javaType(), hyperparam.component());
      record.addJavadoc("$L", paramDoc(hyperparam));
    }
    for (DatasetModel dataset : model.datasets()) {
      components.addParameter(ClassName.get(Path.class), dataset.component());
      record.addJavadoc("$L", paramDoc(dataset.component(), dataset.key(), dataset.param().help()));
    }
    return record.recordConstructor(components.build());
  }

  private static String paramDoc(HyperparamModel hyperparam) {
    String component = hyperparam.component();
    String key = hyperparam.key();
    if (hyperparam.value() instanceof ValueModel.Leaf leaf) {
      return paramDoc(component, key, leaf.spec().help());
    }
    if (hyperparam.value() instanceof ValueModel.Group group) {
      String text = "@param " + component + " config group {@code " + key + "}, its keys under {@code " + key + ".}";
      String help = group.choice().help();
      return (help.isEmpty() ? text : text + ": " + JavadocText.escape(help)) + "\n";
    }
    return "@param " + component + " nested config, its keys under {@code " + key + ".}\n";
  }

  private static String paramDoc(String component, String key, String help) {
    String text = "@param " + component + " config key {@code " + key + "}";
    return (help.isEmpty() ? text : text + ": " + JavadocText.escape(help)) + "\n";
  }
}
