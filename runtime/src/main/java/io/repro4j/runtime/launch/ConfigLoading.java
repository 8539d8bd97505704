package io.repro4j.runtime.launch;

import io.repro4j.runtime.ExperimentBinding;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ConfigOverride;
import io.repro4j.runtime.config.ConfigProblem;
import io.repro4j.runtime.config.ConfigResolver;
import io.repro4j.runtime.config.Origin;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.RawValue;
import io.repro4j.runtime.config.ResolvedConfig;
import io.repro4j.runtime.config.YamlConfigReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Composes an experiment's config: field defaults, then its classpath YAML files, then the
 * command-line overrides. javac checked the YAML files already, but Maven does not recompile when
 * only a YAML file changes, so every check runs again here.
 */
final class ConfigLoading {
  private ConfigLoading() {}

  /**
   * The config a run would use, or every problem with it.
   *
   * @param environment what {@code ${oc.env:VAR}} reads
   * @param allowMissing leave keys without a value out instead of failing ({@code --help})
   */
  static <T extends Trainer> ResolvedConfig resolve(
      ExperimentBinding<T, ?> binding,
      T trainer,
      List<String> overrideTexts,
      Map<String, String> environment,
      boolean allowMissing)
      throws ConfigException {
    List<ConfigProblem> problems = new ArrayList<>();

    List<Map<String, RawValue>> files = new ArrayList<>();
    for (String resource : binding.configResources()) {
      try {
        files.add(YamlConfigReader.read(resource, readResource(trainer.getClass(), resource)));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      } catch (IOException e) {
        problems.add(
            new ConfigProblem(
                new Origin.Default("@Experiment(config) of " + trainer.getClass().getName()),
                "",
                "cannot read config resource '" + resource + "': " + e.getMessage()
                    + "; it must be on the classpath (Maven: src/main/resources/" + resource + ")"));
      }
    }

    List<ConfigOverride> overrides = new ArrayList<>();
    for (String text : overrideTexts) {
      try {
        overrides.add(ConfigOverride.parse(text));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }

    Map<String, Object> defaults = binding.defaults(trainer);
    Map<String, Origin> defaultOrigins = new LinkedHashMap<>();
    for (ParamSpec param : binding.schema().params()) {
      defaultOrigins.put(param.key(), new Origin.Default(param.element()));
    }

    try {
      ResolvedConfig resolved =
          ConfigResolver.resolve(
              binding.schema(),
              defaults,
              defaultOrigins,
              files,
              overrides,
              new ConfigResolver.Options(environment, binding.configResources(), allowMissing));
      if (problems.isEmpty()) {
        return resolved;
      }
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    throw new ConfigException(problems);
  }

  private static String readResource(Class<?> anchor, String resource) throws IOException {
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    ClassLoader loader = anchor.getClassLoader();
    try (InputStream in =
        loader == null ? ClassLoader.getSystemResourceAsStream(name) : loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("not found");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
