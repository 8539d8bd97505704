package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretValuesTest {
  private static final ConfigSchema SCHEMA =
      ConfigSchema.of(
          new ParamSpec("token", ParamType.STRING, "", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
              "T.token", false, List.of(), true),
          ParamSpec.of("lr", ParamType.DOUBLE, "", "T.lr"));

  @Test
  void everyOverrideFormOfASecretKeyIsMaskedOthersAreKept() {
    assertEquals(
        List.of("token=***", "+token=***", "++token=***", "~token=***", "token=***", "~token", "lr=0.1",
            "--tracking-uri=x", "-Dtoken=visible-to-jvm-masking-only", "token"),
        SecretValues.overrides(
            SCHEMA,
            List.of("token=abc", "+token=abc", "++token=a=b", "~token=abc", "token=a,b,c", "~token", "lr=0.1",
                "--tracking-uri=x", "-Dtoken=visible-to-jvm-masking-only", "token")));
  }

  @Test
  void originsOfSecretOverridesAreMasked() {
    assertEquals(
        "override 'token=***'", SecretValues.origin(SCHEMA, Origin.InOverride.whole("token=abc")).toString());
    Origin lr = Origin.InOverride.whole("lr=0.1");
    assertEquals(lr, SecretValues.origin(SCHEMA, lr));
  }

  @Test
  void aMissingValueStaysMissing() {
    ParamSpec token = SCHEMA.find("token").orElseThrow();
    assertEquals(Interpolator.MISSING, SecretValues.shown(token, Interpolator.MISSING));
    assertEquals("***", SecretValues.shown(token, "abc"));
    assertEquals(0.1, SecretValues.shown(SCHEMA.find("lr").orElseThrow(), 0.1));
  }
}
