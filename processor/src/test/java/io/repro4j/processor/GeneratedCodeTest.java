package io.repro4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.repro4j.annotations.Metric;
import io.repro4j.runtime.ExperimentBinding;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.config.ConfigOverride;
import io.repro4j.runtime.config.ConfigResolver;
import io.repro4j.runtime.config.Origin;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.ParamType;
import io.repro4j.runtime.config.ResolvedConfig;
import io.repro4j.runtime.config.YamlConfigReader;
import io.repro4j.runtime.data.DatasetSpec;
import io.repro4j.runtime.tracking.MetricSpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated code compiles under the samples module's flags ({@code -Xlint:all,-processing
 * -Werror}) and works: loaded from the compilation's class files, found by
 * {@link ExperimentBinding#forClass}, and exercised end to end.
 */
class GeneratedCodeTest {
  private static Compilation compilation;
  private static Class<? extends Trainer> trainerClass;
  private static ExperimentBinding<? extends Trainer, ?> binding;

  @BeforeAll
  static void compileAndLoad() throws ReflectiveOperationException {
    String[] lines =
        Arrays.stream(GoldenTest.ALL_TYPES)
            .map(l -> l.startsWith("@Experiment") ? "@Experiment(name = \"all-types\")" : l)
            .toArray(String[]::new);
    compilation =
        Compiler.javac()
            .withProcessors(new Repro4jProcessor())
            .withOptions(Compilations.LINT, "-Werror")
            .compile(source("p.AllTypes", lines));
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader = new GeneratedClassLoader(compilation, GeneratedCodeTest.class.getClassLoader());
    trainerClass = Class.forName("p.AllTypes", true, loader).asSubclass(Trainer.class);
    binding = ExperimentBinding.forClass(trainerClass);
  }

  @Test
  void declaresSchemaDatasetsAndMetrics() {
    assertThat(binding.experimentName()).isEqualTo("all-types");
    assertThat(binding.configResources()).isEmpty();
    ParamType mode = ParamType.enumType("Mode", List.of("FAST", "EXACT"));
    assertThat(binding.schema().params())
        .containsExactly(
            ParamSpec.of("verbose", ParamType.BOOLEAN, "Whether to log each step.", "AllTypes.verbose"),
            new ParamSpec("depth", ParamType.INT, "Depth of the tree.", 1, 10, "AllTypes.depth"),
            ParamSpec.of("seed", ParamType.LONG, "", "AllTypes.seed"),
            new ParamSpec("dropout", ParamType.FLOAT, "", 0, Double.POSITIVE_INFINITY, "AllTypes.dropout"),
            new ParamSpec("lr", ParamType.DOUBLE, "The learning rate.", 0, 1, "AllTypes.lr"),
            ParamSpec.of("shuffle", ParamType.BOXED_BOOLEAN, "", "AllTypes.shuffle"),
            new ParamSpec("workers", ParamType.BOXED_INT, "", 1, Double.POSITIVE_INFINITY, "AllTypes.workers"),
            ParamSpec.of("budget", ParamType.BOXED_LONG, "", "AllTypes.budget"),
            ParamSpec.of("momentum", ParamType.BOXED_FLOAT, "", "AllTypes.momentum"),
            ParamSpec.of("weight-decay", ParamType.BOXED_DOUBLE, "", "AllTypes.weightDecay"),
            ParamSpec.of("optimizer", ParamType.STRING, "", "AllTypes.optimizer"),
            ParamSpec.of("mode", mode, "", "AllTypes.mode"),
            ParamSpec.of("outputs", ParamType.PATH, "", "AllTypes.outputs"),
            new ParamSpec(
                "layers", ParamType.listOf(ParamType.BOXED_INT), "", 1, Double.POSITIVE_INFINITY, "AllTypes.layers"),
            ParamSpec.of("schedule", ParamType.listOf(mode), "", "AllTypes.schedule"),
            ParamSpec.of("tags", ParamType.listOf(ParamType.STRING), "", "AllTypes.tags"),
            ParamSpec.of(
                "momentumDecay", ParamType.DOUBLE, "A private field with a setter and a getter.", "AllTypes.momentumDecay"),
            ParamSpec.of("warmup", ParamType.BOOLEAN, "", "AllTypes.warmup"),
            ParamSpec.of("train", ParamType.PATH, "Training rows.", "AllTypes.train"),
            ParamSpec.of("test", ParamType.PATH, "", "AllTypes.test"),
            ParamSpec.of("extra", ParamType.PATH, "", "AllTypes.extraFile"))
        .inOrder();
    assertThat(binding.datasets())
        .containsExactly(
            new DatasetSpec("train", "data/train.csv", "d69a16ea6136ccb02a7c37c66375ebba", "AllTypes.train"),
            new DatasetSpec("test", "data/test.csv", "", "AllTypes.test"),
            new DatasetSpec("extra", "data/extra.csv", "", "AllTypes.extraFile"))
        .inOrder();
    assertThat(binding.metrics())
        .containsExactly(
            new MetricSpec("loss", Metric.Goal.MINIMIZE, "AllTypes.loss"),
            new MetricSpec("steps", Metric.Goal.NONE, "AllTypes.steps"),
            new MetricSpec("maybe", Metric.Goal.NONE, "AllTypes.maybe"),
            new MetricSpec("val/acc", Metric.Goal.MAXIMIZE, "AllTypes.accuracy()"),
            new MetricSpec("count", Metric.Goal.NONE, "AllTypes.count()"))
        .inOrder();
  }

  @Test
  void defaultsAreTypedAsTheCheckerConvertsValues() throws ReflectiveOperationException {
    Map<String, Object> defaults = defaultsOf(newTrainer());
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("verbose", true);
    expected.put("depth", 3);
    expected.put("seed", 42L);
    expected.put("dropout", 0.5f);
    expected.put("lr", 1e-3);
    expected.put("shuffle", null);
    expected.put("workers", 4);
    expected.put("budget", null);
    expected.put("momentum", 0.9f);
    expected.put("weight-decay", null);
    expected.put("optimizer", "sgd");
    expected.put("mode", "FAST");
    expected.put("outputs", Path.of("out"));
    expected.put("layers", List.of(64, 32));
    expected.put("schedule", null);
    expected.put("tags", null);
    expected.put("momentumDecay", 0.5);
    expected.put("warmup", false);
    expected.put("train", Path.of("data/train.csv"));
    expected.put("test", Path.of("data/test.csv"));
    expected.put("extra", Path.of("data/extra.csv"));
    assertThat(defaults).containsExactlyEntriesIn(expected).inOrder();
  }

  @Test
  void enumListsDefaultToTheirNames() throws ReflectiveOperationException {
    Trainer trainer = newTrainer();
    Class<?> mode = Class.forName("p.AllTypes$Mode", true, trainerClass.getClassLoader());
    Object[] constants = mode.getEnumConstants();
    set(trainer, "schedule", Arrays.asList(constants[1], null, constants[0]));
    assertThat((List<?>) defaultsOf(trainer).get("schedule")).containsExactly("EXACT", null, "FAST").inOrder();
  }

  @Test
  void configBuildsTheRecordAndBindSetsEveryField() throws ReflectiveOperationException {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("verbose", false);
    values.put("depth", 7);
    values.put("seed", 7L);
    values.put("dropout", 0.25f);
    values.put("lr", 0.5);
    values.put("shuffle", true);
    values.put("workers", null);
    values.put("budget", 100L);
    values.put("momentum", null);
    values.put("weight-decay", 1e-4);
    values.put("optimizer", "adam");
    values.put("mode", "EXACT");
    values.put("outputs", Path.of("elsewhere"));
    values.put("layers", List.of(8));
    values.put("schedule", List.of("EXACT", "FAST"));
    values.put("tags", List.of("a", "b"));
    values.put("momentumDecay", 0.75);
    values.put("warmup", true);
    values.put("train", Path.of("/data/train.csv"));
    values.put("test", Path.of("/data/test.csv"));
    values.put("extra", Path.of("/data/extra.csv"));
    Map<String, Origin> origins = new HashMap<>();
    values.keySet().forEach(k -> origins.put(k, new Origin.Default("AllTypes." + k)));
    Record config = configOf(new ResolvedConfig(binding.schema(), values, origins));

    RecordComponent[] components = config.getClass().getRecordComponents();
    assertThat(components).hasLength(21);
    assertThat(components[10].getName()).isEqualTo("optimizer");
    assertThat(components[9].getName()).isEqualTo("weightDecay");
    assertThat(components[19].getType()).isEqualTo(Path.class); // datasets are Paths in the record

    Trainer trainer = newTrainer();
    bind(trainer, config);
    assertThat(get(trainer, "verbose")).isEqualTo(false);
    assertThat(get(trainer, "depth")).isEqualTo(7);
    assertThat(get(trainer, "seed")).isEqualTo(7L);
    assertThat(get(trainer, "dropout")).isEqualTo(0.25f);
    assertThat(get(trainer, "lr")).isEqualTo(0.5);
    assertThat(get(trainer, "shuffle")).isEqualTo(true);
    assertThat(get(trainer, "workers")).isNull();
    assertThat(get(trainer, "budget")).isEqualTo(100L);
    assertThat(get(trainer, "weightDecay")).isEqualTo(1e-4);
    assertThat(get(trainer, "optimizer")).isEqualTo("adam");
    assertThat(get(trainer, "mode").toString()).isEqualTo("EXACT");
    assertThat(get(trainer, "outputs")).isEqualTo(Path.of("elsewhere"));
    assertThat(get(trainer, "layers")).isEqualTo(List.of(8));
    assertThat(get(trainer, "schedule").toString()).isEqualTo("[EXACT, FAST]");
    assertThat(get(trainer, "tags")).isEqualTo(List.of("a", "b"));
    assertThat(get(trainer, "momentumDecay")).isEqualTo(0.75);
    assertThat(get(trainer, "warmup")).isEqualTo(true);
    assertThat(get(trainer, "train")).isEqualTo(Path.of("/data/train.csv"));
    assertThat(get(trainer, "test")).isEqualTo(new File("/data/test.csv"));
    assertThat(get(trainer, "extraFile")).isEqualTo(Path.of("/data/extra.csv").toString());
  }

  @Test
  void resolvesThroughTheRuntimeFromDefaultsFilesAndOverrides() throws Exception {
    Trainer trainer = newTrainer();
    ResolvedConfig resolved =
        ConfigResolver.resolve(
            binding.schema(),
            defaultsOf(trainer), // the resolver rejects a default not typed as convert() types it
            Map.of(),
            List.of(
                YamlConfigReader.read(
                    "base.yaml", "lr: 0.01\nmode: EXACT\nschedule: [EXACT, FAST]\nweight-decay: 1e-4\n")),
            List.of(ConfigOverride.parse("depth=7"), ConfigOverride.parse("test=/data/t.csv")));
    bind(trainer, configOf(resolved));
    assertThat(get(trainer, "lr")).isEqualTo(0.01);
    assertThat(get(trainer, "mode").toString()).isEqualTo("EXACT");
    assertThat(get(trainer, "schedule").toString()).isEqualTo("[EXACT, FAST]");
    assertThat(get(trainer, "weightDecay")).isEqualTo(1e-4);
    assertThat(get(trainer, "depth")).isEqualTo(7);
    assertThat(get(trainer, "test")).isEqualTo(new File("/data/t.csv"));
    // untouched keys keep their defaults
    assertThat(get(trainer, "verbose")).isEqualTo(true);
    assertThat(get(trainer, "dropout")).isEqualTo(0.5f);
    assertThat(get(trainer, "layers")).isEqualTo(List.of(64, 32));
    assertThat(get(trainer, "momentumDecay")).isEqualTo(0.5);
    assertThat(get(trainer, "extraFile")).isEqualTo("data/extra.csv");
  }

  @Test
  void readMetricsReadsFieldsAndMethodsAndNullAsNaN() throws ReflectiveOperationException {
    Trainer trainer = newTrainer();
    set(trainer, "loss", 0.25);
    set(trainer, "steps", 12L);
    set(trainer, "maybe", null);
    double[] values = new double[5];
    readMetrics(trainer, values);
    assertThat(values[0]).isEqualTo(0.25);
    assertThat(values[1]).isEqualTo(12.0);
    assertThat(values[2]).isNaN();
    assertThat(values[3]).isEqualTo(0.5);
    assertThat(values[4]).isNaN();
  }

  // The binding's type parameters are only known at run time here; the casts are the test's.
  @SuppressWarnings("unchecked")
  private static <T extends Trainer> ExperimentBinding<T, Record> typed() {
    return (ExperimentBinding<T, Record>) binding;
  }

  private static Map<String, Object> defaultsOf(Trainer trainer) {
    return typed().defaults(trainer);
  }

  private static Record configOf(ResolvedConfig resolved) {
    return typed().config(resolved);
  }

  private static void bind(Trainer trainer, Record config) {
    typed().bind(trainer, config);
  }

  private static void readMetrics(Trainer trainer, double[] values) {
    typed().readMetrics(trainer, values);
  }

  private static Trainer newTrainer() throws ReflectiveOperationException {
    return trainerClass.getDeclaredConstructor().newInstance();
  }

  private static Object get(Trainer trainer, String field) throws ReflectiveOperationException {
    Field f = trainerClass.getDeclaredField(field);
    f.setAccessible(true);
    return f.get(trainer);
  }

  private static void set(Trainer trainer, String field, Object value) throws ReflectiveOperationException {
    Field f = trainerClass.getDeclaredField(field);
    f.setAccessible(true);
    f.set(trainer, value);
  }

  /** Defines the classes a compilation wrote, parent-first for everything else. */
  static final class GeneratedClassLoader extends ClassLoader {
    private final Map<String, JavaFileObject> classes = new HashMap<>();

    GeneratedClassLoader(Compilation compilation, ClassLoader parent) {
      super(parent);
      for (JavaFileObject file : compilation.generatedFiles()) {
        if (file.getKind() == JavaFileObject.Kind.CLASS) {
          String path = file.toUri().getPath();
          String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length());
          classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), file);
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      JavaFileObject file = classes.get(name);
      if (file == null) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = file.openInputStream()) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
