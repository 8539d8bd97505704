package io.repro4j.processor.validation;

import io.repro4j.runtime.config.Composer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Finds the YAML resources of {@code @Experiment(config)} and the option files of config groups, for
 * the runtime's own {@link Composer} to check, so javac and a run reach the same verdict.
 *
 * <p>A resource is looked up in the class output first (Maven copies {@code src/main/resources}
 * there before compiling), then in each directory of {@code -Arepro4j.resources=DIR[:DIR]}.
 */
public final class ConfigFiles {
  /** The processor option naming extra resource directories, separated by the path separator. */
  public static final String RESOURCES_OPTION = "repro4j.resources";

  private final Filer filer;
  private final List<Path> directories;

  ConfigFiles(Filer filer, String resourcesOption) {
    this.filer = filer;
    List<Path> dirs = new ArrayList<>();
    if (resourcesOption != null) {
      for (String dir : resourcesOption.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          dirs.add(Path.of(dir.strip()));
        }
      }
    }
    this.directories = List.copyOf(dirs);
  }

  /** A resource's text, or where it was looked for in vain, or why it could not be read. */
  sealed interface Lookup {}

  record Found(String text) implements Lookup {}

  record NotFound(List<String> lookedIn) implements Lookup {}

  record Unreadable(String where, String why) implements Lookup {}

  Lookup find(String name) {
    List<String> lookedIn = new ArrayList<>();
    FileObject resource = null;
    try {
      resource = filer.getResource(StandardLocation.CLASS_OUTPUT, "", name);
      return new Found(resource.getCharContent(true).toString());
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      // Missing (or a name the Filer refuses): fall through to the option's directories.
      lookedIn.add(resource != null ? resource.toUri().toString() : "the class output");
    }
    for (Path dir : directories) {
      Path file;
      try {
        file = dir.resolve(name).normalize();
      } catch (InvalidPathException e) {
        continue;
      }
      lookedIn.add(file.toString());
      if (file.startsWith(dir.normalize()) && Files.isRegularFile(file)) {
        try {
          return new Found(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
          return new Unreadable(file.toString(), String.valueOf(e));
        }
      }
    }
    if (directories.isEmpty()) {
      lookedIn.add("no -A" + RESOURCES_OPTION + " directories (none given)");
    }
    return new NotFound(lookedIn);
  }

  /**
   * A resource's text for {@link Composer}: empty when it is not found.
   *
   * @throws IOException when it exists but cannot be read
   */
  Optional<String> read(String name) throws IOException {
    Lookup lookup = find(name);
    if (lookup instanceof Found found) {
      return Optional.of(found.text());
    }
    if (lookup instanceof Unreadable unreadable) {
      throw new IOException(unreadable.where() + ": " + unreadable.why());
    }
    return Optional.empty();
  }
}
