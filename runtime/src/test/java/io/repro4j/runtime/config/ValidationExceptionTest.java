package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an exception from an experiment's {@code validate()} is reported. */
class ValidationExceptionTest {
  private static final ConfigSchema SCHEMA =
      ConfigSchema.of(
          ParamSpec.of("batchSize", ParamType.INT, "", "T.batchSize"),
          ParamSpec.of("lr", ParamType.DOUBLE, "", "T.lr"),
          ParamSpec.of("lr-decay", ParamType.FLOAT, "", "T.decay"));

  private static ResolvedConfig config() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("batchSize", 200);
    values.put("lr", 0.1);
    values.put("lr-decay", 0.5f);
    return new ResolvedConfig(
        SCHEMA,
        values,
        Map.of(
            "batchSize", new Origin.InOverride("batchSize=200", 10, 13),
            "lr", new Origin.InFile("iris.yaml", 3, 5),
            "lr-decay", new Origin.Default("T.decay")));
  }

  @Test
  void theMessageIsFollowedByTheValueAndOriginOfEveryKeyItNames() {
    ValidationException e =
        new ValidationException(
            "T.validate()", new IllegalArgumentException("batchSize (200) must not exceed 120 at lr-decay 0.5"));
    ConfigProblem problem = e.problem(config());
    assertEquals(
        "T.validate(): batchSize (200) must not exceed 120 at lr-decay 0.5\n"
            + "  batchSize = 200 from override 'batchSize=200'\n"
            + "  lr-decay = 0.5 from default of T.decay",
        problem.format());
    assertEquals(new Origin.InCode("T.validate()"), problem.origin());
  }

  @Test
  void otherExceptionsNameTheirClassAndAMissingMessageIsNotAProblem() {
    assertEquals(
        "T.validate(): threw java.lang.UnsupportedOperationException: no GPU",
        new ValidationException("T.validate()", new UnsupportedOperationException("no GPU")).problem(config()).format());
    assertEquals(
        "T.validate(): threw java.lang.NullPointerException",
        new ValidationException("T.validate()", new NullPointerException()).problem(config()).format());
    // A key inside a longer word is not named.
    assertEquals(
        "T.validate(): learning rate too small (lrs)",
        new ValidationException("T.validate()", new IllegalStateException("learning rate too small (lrs)"))
            .problem(config())
            .format());
  }
}
