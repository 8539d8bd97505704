package io.repro4j.runtime.config;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Config files parsed once and reused while they do not change: what a sweep composes its trials'
 * configs through, so that 1,000 trials parse each file once rather than 1,000 times.
 *
 * <p>Before a file is reused its {@linkplain Source#version version} (for a file: its size and
 * modification time) is read again; when it differs from the one the file was parsed at, the file
 * is read and parsed again, so a file edited during a sweep's validation is re-read. A resource
 * whose version cannot be told is read and parsed every time, as without a cache.
 *
 * <p>What is kept is the immutable result of the one parse, errors included: every composition
 * that reads a broken file gets the same problems, at the same file:line:col, as the one that
 * parsed it. Safe for use by several threads.
 */
public final class ConfigFileCache {

  /** Where config files are read from, and how to tell that one changed without reading it. */
  public interface Source extends Composer.Resources {
    /**
     * A value that is equal to an earlier one only while the resource's content is unchanged (the
     * file's size and modification time), or null when that cannot be told cheaply or the resource
     * does not exist; then it is read and parsed every time.
     *
     * @throws IOException when the resource exists but its version cannot be read
     */
    Object version(String name) throws IOException;
  }

  /** A resource parsed as a primary config file or as an option file, shown in origins as {@code shownAs}. */
  private record Key(String resource, String shownAs, boolean primary) {}

  /** The result of one parse: the file, or the problems it has. */
  private record Parsed(Object version, ConfigFile file, List<ConfigProblem> problems) {}

  private final Source source;
  private final Map<Key, Parsed> parsed = new ConcurrentHashMap<>();
  private final AtomicInteger parses = new AtomicInteger();

  /** A cache of files read from {@code source}. */
  public ConfigFileCache(Source source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /** No cache: every file is read and parsed each time it is needed (a single run, javac). */
  public static ConfigFileCache uncached(Composer.Resources resources) {
    Objects.requireNonNull(resources, "resources");
    return new ConfigFileCache(
        new Source() {
          @Override
          public Optional<String> read(String name) throws IOException {
            return resources.read(name);
          }

          @Override
          public Object version(String name) {
            return null;
          }
        });
  }

  /** How many times a file was parsed (read and given to SnakeYAML), over the cache's life. */
  public int parses() {
    return parses.get();
  }

  /**
   * A primary config file, as {@link YamlConfigReader#readPrimary} reads it, or empty when there is
   * none.
   *
   * @param resource the resource to read ({@code exp/iris.yaml})
   * @param shownAs its name in origins and errors, as {@code @Experiment(config)} writes it
   */
  Optional<ConfigFile> readPrimary(String resource, String shownAs) throws IOException, ConfigException {
    return parse(new Key(resource, shownAs, true));
  }

  /** An option file's values, as {@link YamlConfigReader#read} reads them, or empty when there is none. */
  Optional<Map<String, RawValue>> read(String resource) throws IOException, ConfigException {
    return parse(new Key(resource, resource, false)).map(ConfigFile::values);
  }

  private Optional<ConfigFile> parse(Key key) throws IOException, ConfigException {
    // The version is taken before the text is read: a file that changes in between is stored
    // with the older version and so read again next time, never kept stale.
    Object version = source.version(key.resource());
    if (version != null) {
      Parsed known = parsed.get(key);
      if (known != null && known.version().equals(version)) {
        return result(known);
      }
    }
    Optional<String> text = source.read(key.resource());
    if (text.isEmpty()) {
      parsed.remove(key);
      return Optional.empty();
    }
    parses.incrementAndGet();
    Parsed result;
    try {
      ConfigFile file =
          key.primary()
              ? YamlConfigReader.readPrimary(key.shownAs(), text.get())
              : new ConfigFile(key.shownAs(), YamlConfigReader.read(key.shownAs(), text.get()), List.of());
      result = new Parsed(version, file, List.of());
    } catch (ConfigException e) {
      result = new Parsed(version, null, e.problems());
    }
    if (version != null) {
      parsed.put(key, result);
    }
    return result(result);
  }

  private static Optional<ConfigFile> result(Parsed parsed) throws ConfigException {
    if (parsed.file() == null) {
      throw new ConfigException(parsed.problems()); // a fresh exception for each caller, same problems
    }
    return Optional.of(parsed.file());
  }
}
