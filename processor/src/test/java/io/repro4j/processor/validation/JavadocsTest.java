package io.repro4j.processor.validation;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

class JavadocsTest {

  @Test
  void firstSentenceAsPlainText() {
    assertThat(Javadocs.firstSentence(null)).isEmpty();
    assertThat(Javadocs.firstSentence(" Learning rate of gradient descent.\n")).isEqualTo("Learning rate of gradient descent.");
    assertThat(Javadocs.firstSentence(" The rate.   More text.\n Even more.")).isEqualTo("The rate.");
    assertThat(Javadocs.firstSentence(" Spans\n   two lines. Next.")).isEqualTo("Spans two lines.");
    assertThat(Javadocs.firstSentence(" Version 1.5 of the {@code lr} schedule")).isEqualTo("Version 1.5 of the lr schedule");
    assertThat(Javadocs.firstSentence(" See {@link Foo#bar} and {@link #baz the baz}.")).isEqualTo("See Foo.bar and the baz.");
    assertThat(Javadocs.firstSentence(" Depth of the <em>tree</em>.<p>Details.")).isEqualTo("Depth of the tree.");
    assertThat(Javadocs.firstSentence(" Ratio a &lt; b.\n @see Other")).isEqualTo("Ratio a < b.");
    assertThat(Javadocs.firstSentence("\n @param x ignored")).isEmpty();
  }
}
