package io.repro4j.processor;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.lang.model.SourceVersion;
import org.junit.jupiter.api.Test;

/** What the built processor declares to javac, Maven and Gradle. */
class PackagingTest {

  @Test
  void declaresItselfIsolatingToGradle() throws IOException {
    assertThat(ownResource("META-INF/gradle/incremental.annotation.processors"))
        .isEqualTo("io.repro4j.processor.Repro4jProcessor,isolating\n");
  }

  @Test
  void isRegisteredAsAServiceByAutoService() throws IOException {
    assertThat(ownResource("META-INF/services/javax.annotation.processing.Processor").lines().toList())
        .containsExactly("io.repro4j.processor.Repro4jProcessor");
  }

  @Test
  void supportsTheFourAnnotationsItsOptionAndTheLatestRelease() {
    Repro4jProcessor processor = new Repro4jProcessor();
    assertThat(processor.getSupportedAnnotationTypes())
        .containsExactly(
            "io.repro4j.annotations.Experiment",
            "io.repro4j.annotations.Hyperparam",
            "io.repro4j.annotations.Dataset",
            "io.repro4j.annotations.Metric");
    assertThat(processor.getSupportedOptions()).isEqualTo(Set.of("repro4j.resources"));
    assertThat(processor.getSupportedSourceVersion()).isEqualTo(SourceVersion.latestSupported());
  }

  /** The resource from the processor's own output (target/classes, or the jar), not a dependency. */
  private static String ownResource(String name) throws IOException {
    String own = Repro4jProcessor.class.getProtectionDomain().getCodeSource().getLocation().toString();
    List<String> seen = new ArrayList<>();
    for (URL url : Collections.list(Repro4jProcessor.class.getClassLoader().getResources(name))) {
      seen.add(url.toString());
      if (url.toString().contains(own)) {
        try (InputStream in = url.openStream()) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError(name + " is not in " + own + "; found only " + seen);
  }
}
