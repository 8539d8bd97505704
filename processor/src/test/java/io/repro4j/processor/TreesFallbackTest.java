package io.repro4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.repro4j.processor.Compilations.trainer;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Without javac's {@code Trees} (Gradle wraps the processing environment; other compilers have
 * none) the default-value check is skipped, and everything else still works.
 */
class TreesFallbackTest {
  private static final JavaFileObject SOURCE = trainer("  @Hyperparam(min = 1) int epochs = 0;");

  @Test
  void withTreesTheDefaultIsChecked() {
    assertThat(Compilations.compile(SOURCE)).hadErrorContaining("[Repro4jDefaultOutOfRange]");
  }

  @Test
  void withoutTreesAFieldWithoutInitializerIsNotRequired() {
    JavaFileObject source = trainer("  @Hyperparam(min = 1) int epochs;");
    Compilation with = Compilations.compile(source);
    assertThat(with).generatedSourceFile("p.T_Repro4j").contentsAsUtf8String().contains("true, List.of())");
    Compilation without =
        Compiler.javac()
            .withProcessors(new ForeignEnvironment(new Repro4jProcessor()))
            .withOptions(Compilations.LINT)
            .compile(source);
    assertThat(without).succeededWithoutWarnings();
    assertThat(without)
        .generatedSourceFile("p.T_Repro4j")
        .contentsAsUtf8String()
        .contains("defaults.put(\"epochs\", trainer.epochs);");
  }

  @Test
  void withoutTreesTheCheckIsSkipped() {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new ForeignEnvironment(new Repro4jProcessor()))
            .withOptions(Compilations.LINT)
            .compile(SOURCE);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.T_Repro4j").isNotNull();
  }

  /** Hands the processor an environment that is not javac's own class, as Gradle does. */
  static final class ForeignEnvironment implements Processor {
    private final Processor delegate;

    ForeignEnvironment(Processor delegate) {
      this.delegate = delegate;
    }

    @Override
    public void init(ProcessingEnvironment env) {
      delegate.init(
          (ProcessingEnvironment)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {ProcessingEnvironment.class},
                  (proxy, method, args) -> {
                    try {
                      return method.invoke(env, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  }));
    }

    @Override
    public Set<String> getSupportedOptions() {
      return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, round);
    }

    @Override
    public Iterable<? extends Completion> getCompletions(
        Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
      return delegate.getCompletions(element, annotation, member, userText);
    }
  }
}
