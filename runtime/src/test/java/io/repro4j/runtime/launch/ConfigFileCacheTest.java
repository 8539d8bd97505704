package io.repro4j.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repro4j.runtime.config.Composer;
import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ConfigFileCache;
import io.repro4j.runtime.config.ConfigGroup;
import io.repro4j.runtime.config.ConfigOverride;
import io.repro4j.runtime.config.ConfigProblem;
import io.repro4j.runtime.config.ConfigSchema;
import io.repro4j.runtime.config.Origin;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ParamType;
import io.repro4j.runtime.config.ResolvedConfig;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's config files read through {@link ConfigLoading#configFileCache}: real files on a real
 * class path (a directory, or a jar), composed as many trials compose them.
 */
class ConfigFileCacheTest {
  private static final ConfigSchema SCHEMA =
      ConfigSchema.of(
          List.of(
              new ParamSpec("epochs", ParamType.INT, "", 1, 1000, "T.epochs"),
              ParamSpec.of("optimizer", ParamType.group("Optimizer", List.of("sgd", "adam")), "", "T.optimizer")),
          List.of(
              new ConfigGroup(
                  "optimizer",
                  List.of(
                      new ConfigGroup.Option(
                          "sgd",
                          List.of(
                              new ParamSpec("optimizer.lr", ParamType.DOUBLE, "", 0, 10, "Sgd.lr"),
                              ParamSpec.of("optimizer.momentum", ParamType.DOUBLE, "", "Sgd.momentum"))),
                      new ConfigGroup.Option(
                          "adam",
                          List.of(
                              new ParamSpec("optimizer.lr", ParamType.DOUBLE, "", 0, 10, "Adam.lr"),
                              ParamSpec.of("optimizer.beta1", ParamType.DOUBLE, "", "Adam.beta1")))))));

  @TempDir Path classes;
  private URLClassLoader loader;

  @AfterEach
  void close() throws IOException {
    if (loader != null) {
      loader.close();
    }
  }

  private void write(String name, String text) throws IOException {
    Path file = classes.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private void writeIrisLike() throws IOException {
    write("exp.yaml", "defaults:\n  - optimizer: sgd\n  - _self_\nepochs: 5\n");
    write("conf/optimizer/sgd.yaml", "lr: 0.1\nmomentum: 0.9\n");
    write("conf/optimizer/adam.yaml", "lr: 0.01\nbeta1: 0.9\n");
  }

  private ConfigFileCache cacheOver(Path... classPath) throws IOException {
    URL[] urls = new URL[classPath.length];
    for (int i = 0; i < classPath.length; i++) {
      urls[i] = classPath[i].toUri().toURL();
    }
    loader = new URLClassLoader(urls, null);
    return ConfigLoading.configFileCache(loader);
  }

  /** One trial's config, as the sweep composes it: the field defaults, the files, its overrides. */
  private static ResolvedConfig trial(ConfigFileCache files, String... overrides) throws ConfigException {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("epochs", 10);
    defaults.put("optimizer", "sgd");
    defaults.put("optimizer.lr", 0.1);
    defaults.put("optimizer.momentum", 0.0);
    Map<String, Origin> origins = new LinkedHashMap<>();
    defaults.keySet().forEach(key -> origins.put(key, new Origin.Default("T." + key)));
    List<ConfigOverride> parsed = new ArrayList<>();
    for (String override : overrides) {
      parsed.add(ConfigOverride.parse(override));
    }
    return new Composer(SCHEMA, List.of("exp.yaml"), files, "p.T").compose(defaults, origins, parsed);
  }

  @Test
  void aSweepOfManyTrialsParsesEachFileOnce() throws Exception {
    writeIrisLike();
    ConfigFileCache files = cacheOver(classes);
    for (int i = 0; i < 40; i++) {
      String optimizer = i % 2 == 0 ? "sgd" : "adam";
      ResolvedConfig config = trial(files, "optimizer=" + optimizer, "epochs=" + (i + 1));
      assertEquals(i + 1, config.getInt("epochs"));
      assertEquals(optimizer.equals("sgd") ? 0.1 : 0.01, config.getDouble("optimizer.lr"));
    }
    // exp.yaml, and both option files (the one not chosen is checked too): once each, not 40 times
    assertEquals(3, files.parses());
  }

  @Test
  void filesInAJarAreParsedOnceToo() throws Exception {
    writeIrisLike();
    Path jar = classes.resolveSibling(classes.getFileName() + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String name : List.of("exp.yaml", "conf/optimizer/sgd.yaml", "conf/optimizer/adam.yaml")) {
        out.putNextEntry(new JarEntry(name));
        out.write(Files.readAllBytes(classes.resolve(name)));
        out.closeEntry();
      }
    }
    try {
      ConfigFileCache files = cacheOver(jar);
      for (int i = 0; i < 10; i++) {
        assertEquals(5, trial(files, "optimizer=adam").getInt("epochs"));
      }
      assertEquals(3, files.parses());
    } finally {
      loader.close();
      Files.delete(jar);
    }
  }

  @Test
  void withoutACacheEveryCompositionParsesAgain() throws Exception {
    writeIrisLike();
    ConfigFileCache files =
        ConfigFileCache.uncached(
            name -> Files.exists(classes.resolve(name))
                ? Optional.of(Files.readString(classes.resolve(name)))
                : Optional.empty());
    trial(files);
    trial(files);
    assertEquals(6, files.parses());
  }

  @Test
  void aBrokenOptionFileIsReportedWithItsPositionForEveryTrialThatReadsIt() throws Exception {
    writeIrisLike();
    // a syntax error: every trial checks every option file, chosen or not
    write("conf/optimizer/adam.yaml", "lr: 0.01\nbeta1: [0.9\n");
    ConfigFileCache files = cacheOver(classes);
    Map<String, String> firstMessage = new LinkedHashMap<>();
    for (String optimizer : List.of("sgd", "adam", "sgd", "adam")) {
      ConfigException e = assertThrows(ConfigException.class, () -> trial(files, "optimizer=" + optimizer));
      assertEquals("conf/optimizer/adam.yaml:3:1", positions(e).get(0), e.getMessage());
      // a trial that reuses the parse reports what the trial that parsed it reported
      assertEquals(firstMessage.computeIfAbsent(optimizer, o -> e.getMessage()), e.getMessage());
    }
    assertEquals(3, files.parses());
  }

  @Test
  void aValueThatIsWrongOnlyWhenTheOptionIsChosenFailsOnlyTheTrialsThatChooseIt() throws Exception {
    writeIrisLike();
    // 'epochs' is an int: fine for the file's own check, but the interpolation takes the chosen
    // config's value, and lr has max 10
    write("conf/optimizer/adam.yaml", "lr: ${epochs}\nbeta1: 0.9\n");
    ConfigFileCache files = cacheOver(classes);
    for (int epochs : List.of(5, 50, 6, 60)) {
      ConfigException failure = null;
      try {
        trial(files, "optimizer=adam", "epochs=" + epochs);
      } catch (ConfigException e) {
        failure = e;
      }
      if (epochs <= 10) {
        assertEquals(null, failure, () -> "epochs=" + epochs);
      } else {
        assertEquals(List.of("conf/optimizer/adam.yaml:1:5"), positions(failure), failure.getMessage());
      }
      assertEquals(epochs, trial(files, "optimizer=sgd", "epochs=" + epochs).getInt("epochs"));
    }
    assertEquals(3, files.parses());
  }

  @Test
  void aFileEditedDuringTheSweepIsReadAgain() throws Exception {
    writeIrisLike();
    ConfigFileCache files = cacheOver(classes);
    assertEquals(5, trial(files).getInt("epochs"));
    assertEquals(5, trial(files).getInt("epochs"));
    assertEquals(3, files.parses());

    // another size
    write("exp.yaml", "defaults:\n  - optimizer: sgd\n  - _self_\nepochs: 70\n");
    assertEquals(70, trial(files).getInt("epochs"));
    assertEquals(4, files.parses());

    // the same size, a later modification time
    Path file = classes.resolve("exp.yaml");
    FileTime before = Files.getLastModifiedTime(file);
    write("exp.yaml", "defaults:\n  - optimizer: sgd\n  - _self_\nepochs: 80\n");
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2_000));
    assertEquals(80, trial(files).getInt("epochs"));
    assertEquals(5, files.parses());

    // broken, then fixed: the error is not kept once the file changes
    write("exp.yaml", "defaults:\n  - optimizer: sgd\n  - _self_\nepochs: [\n");
    ConfigException e = assertThrows(ConfigException.class, () -> trial(files));
    assertEquals("exp.yaml", ((Origin.InFile) e.problems().get(0).origin()).file(), e.getMessage());
    write("exp.yaml", "defaults:\n  - optimizer: sgd\n  - _self_\nepochs: 9\n");
    assertEquals(9, trial(files).getInt("epochs"));

    // removed: missing, not the last version read
    Files.delete(file);
    ConfigException missing = assertThrows(ConfigException.class, () -> trial(files));
    assertTrue(missing.getMessage().contains("cannot read config resource 'exp.yaml': not found"), missing.getMessage());
  }

  private static List<String> positions(ConfigException e) {
    return e.problems().stream().map(ConfigProblem::origin).map(Origin::toString).toList();
  }

}
