package io.repro4j.runtime.launch;

import io.repro4j.runtime.ExperimentBinding;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ConfigFileCache;
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
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
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
    return resolve(binding, trainer, overrideTexts, environment, allowMissing, uncached(trainer));
  }

  /**
   * {@link #resolve(ExperimentBinding, Trainer, List, Map, boolean)} with the config files read
   * through {@code files}: a sweep composes all its trials through one {@link #configFileCache}.
   */
  public static <T extends Trainer> ResolvedConfig resolve(
      ExperimentBinding<T, ?> binding,
      T trainer,
      List<String> overrideTexts,
      Map<String, String> environment,
      boolean allowMissing,
      ConfigFileCache files)
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
          composer(binding, trainer, files)
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

  /**
   * The {@code sweep:} and {@code slurm:} sections of the experiment's config files ({@link
   * Composer#sweepSections}), with the files read through {@code files}.
   */
  public static <T extends Trainer> SweepSections sweepSections(
      ExperimentBinding<T, ?> binding, T trainer, ConfigFileCache files) throws ConfigException {
    return composer(binding, trainer, files).sweepSections();
  }

  /**
   * A cache of the config files on {@code anchor}'s class path, each parsed once while its size
   * and modification time stay the same (for a resource in a jar: the jar's).
   */
  public static ConfigFileCache configFileCache(Class<?> anchor) {
    return configFileCache(anchor.getClassLoader());
  }

  /** {@link #configFileCache(Class)} of the resources {@code loader} finds (null: the system class loader). */
  public static ConfigFileCache configFileCache(ClassLoader loader) {
    return new ConfigFileCache(classpath(loader));
  }

  private static ClasspathFiles classpath(ClassLoader loader) {
    return new ClasspathFiles(loader == null ? ClassLoader.getSystemClassLoader() : loader);
  }

  /** A composer of the experiment's config files, read from the trainer's class path. */
  private static <T extends Trainer> Composer composer(
      ExperimentBinding<T, ?> binding, T trainer, ConfigFileCache files) {
    return new Composer(binding.schema(), binding.configResources(), files, trainer.getClass().getName());
  }

  /** A single run reads and parses each file once anyway: no versions to look up. */
  private static ConfigFileCache uncached(Trainer trainer) {
    return ConfigFileCache.uncached(classpath(trainer.getClass().getClassLoader()));
  }

  /** The resources on a class's class path, versioned by the size and modification time of their file. */
  private record ClasspathFiles(ClassLoader loader) implements ConfigFileCache.Source {
    /** What tells one content of a file from another without reading it. */
    private record FileVersion(Path file, long size, FileTime modified, Object fileKey) {}

    @Override
    public Optional<String> read(String name) throws IOException {
      try (InputStream in = loader.getResourceAsStream(name)) {
        return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }

    @Override
    public Object version(String name) throws IOException {
      URL url = loader.getResource(name);
      if (url == null) {
        return null;
      }
      if (url.getProtocol().equals("jar") && url.openConnection() instanceof JarURLConnection jar) {
        url = jar.getJarFileURL(); // an entry changes only with its jar
      }
      if (!url.getProtocol().equals("file")) {
        return null;
      }
      Path file;
      try {
        file = Path.of(url.toURI());
      } catch (URISyntaxException | IllegalArgumentException e) {
        return null;
      }
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileVersion(file, attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
    }
  }
}
