package io.repro4j.runtime.launch;

import io.repro4j.runtime.ExperimentBinding;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ConfigOverride;
import io.repro4j.runtime.config.ConfigProblem;
import io.repro4j.runtime.config.Composer;
import io.repro4j.runtime.config.ConfigResolver;
import io.repro4j.runtime.config.Origin;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ResolvedConfig;
import io.repro4j.runtime.config.SweepSections;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Composes an experiment's config with {@link Composer}: field defaults, then its classpath YAML
 * files (expanded by their defaults lists, with the option files of config groups), then the
 * command-line overrides. javac checked the YAML files already, but Maven does not recompile when
 * only a YAML file changes, so every check runs again here.
 */
public final class ConfigLoading {
  private ConfigLoading() {}

  /**
   * The config a run would use, or every problem with it.
   *
   * @param environment what {@code ${oc.env:VAR}} reads
   * @param allowMissing leave keys without a value out instead of failing ({@code --help})
   */
  public static <T extends Trainer> ResolvedConfig resolve(
      ExperimentBinding<T, ?> binding,
      T trainer,
      List<String> overrideTexts,
      Map<String, String> environment,
      boolean allowMissing)
      throws ConfigException {
    List<ConfigProblem> problems = new ArrayList<>();

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

    ResolvedConfig resolved = null;
    try {
      resolved =
          composer(binding, trainer)
              .compose(
                  defaults,
                  defaultOrigins,
                  overrides,
                  new ConfigResolver.Options(environment, binding.configResources(), allowMissing));
    } catch (ConfigException e) {
      problems.addAll(0, e.problems()); // the files and values first, then override syntax errors
    }
    if (problems.isEmpty()) {
      return resolved;
    }
    throw new ConfigException(problems);
  }

  /** The {@code sweep:} and {@code slurm:} sections of the experiment's config files ({@link Composer#sweepSections}). */
  public static <T extends Trainer> SweepSections sweepSections(ExperimentBinding<T, ?> binding, T trainer)
      throws ConfigException {
    return composer(binding, trainer).sweepSections();
  }

  /** A composer of the experiment's config files, read from the trainer's class path. */
  private static <T extends Trainer> Composer composer(ExperimentBinding<T, ?> binding, T trainer) {
    return new Composer(
        binding.schema(),
        binding.configResources(),
        name -> readResource(trainer.getClass(), name),
        trainer.getClass().getName());
  }

  private static Optional<String> readResource(Class<?> anchor, String name) throws IOException {
    ClassLoader loader = anchor.getClassLoader();
    try (InputStream in =
        loader == null ? ClassLoader.getSystemResourceAsStream(name) : loader.getResourceAsStream(name)) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
