package io.repro4j.processor.validation;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  void configKeysAreHydraIdentifiers() {
    assertThat(Keys.configKeyProblem("lr")).isEmpty();
    assertThat(Keys.configKeyProblem("_private-key_2")).isEmpty();
    assertThat(Keys.configKeyProblem("")).hasValue("it is empty");
    assertThat(Keys.configKeyProblem("-x")).hasValue("it starts with '-'");
    assertThat(Keys.configKeyProblem("a$b")).hasValue("it contains '$'");
    assertThat(Keys.configKeyProblem("x".repeat(251)).get()).contains("251 characters");
  }

  @Test
  void metricNamesFollowMlflow() {
    assertThat(Keys.metricNameProblem("val/loss")).isEmpty();
    assertThat(Keys.metricNameProblem("a b:c-d.e_f")).isEmpty();
    assertThat(Keys.metricNameProblem("größe")).isEmpty();
    assertThat(Keys.metricNameProblem("")).hasValue("it is empty");
    assertThat(Keys.metricNameProblem("./a")).isPresent();
    assertThat(Keys.metricNameProblem("..")).isPresent();
    assertThat(Keys.metricNameProblem("..a")).isPresent(); // MLflow: normpath(key).startswith("..")
    assertThat(Keys.metricNameProblem("a..b")).isEmpty();
    assertThat(Keys.metricNameProblem(".")).isPresent();
    assertThat(Keys.metricNameProblem("a\nb")).isPresent();
  }

  @Test
  void normpathMatchesPython() {
    assertThat(Keys.normpath("")).isEqualTo(".");
    assertThat(Keys.normpath("a//b/./c/")).isEqualTo("a/b/c");
    assertThat(Keys.normpath("a/../b")).isEqualTo("b");
    assertThat(Keys.normpath("../a")).isEqualTo("../a");
    assertThat(Keys.normpath("/../a")).isEqualTo("/a");
    assertThat(Keys.normpath("//a")).isEqualTo("//a");
    assertThat(Keys.normpath("///a")).isEqualTo("/a");
    assertThat(Keys.normpath("a/..")).isEqualTo(".");
  }
}
