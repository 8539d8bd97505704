package io.repro4j.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {
  private static ParamSpec param(String key) {
    return ParamSpec.of(key, ParamType.DOUBLE, "", "T." + key);
  }

  private final ConfigSchema schema =
      ConfigSchema.of(
          param("lr"), param("epochs"), param("batch_size"), param("optimizer.momentum"));

  @Test
  void oneEditAwayIsSuggested() {
    assertEquals(Optional.of("lr"), schema.closest("lrr"));
    assertEquals(Optional.of("epochs"), schema.closest("epoch"));
    assertEquals(Optional.of("batch_size"), schema.closest("batch-size"));
  }

  @Test
  void adjacentTranspositionCostsOne() {
    assertEquals(1, Suggestions.distance("epcohs", "epochs"));
    assertEquals(Optional.of("epochs"), schema.closest("epcohs"));
  }

  @Test
  void distanceIsAtMostAThirdOfTheLength() {
    // "optimizer.momentun" (18 chars) may be 6 edits away; "moment" is too far from anything.
    assertEquals(Optional.of("optimizer.momentum"), schema.closest("optimiser.mementum"));
    assertEquals(Optional.empty(), schema.closest("moment"));
    assertEquals(Optional.empty(), schema.closest("seed"));
  }

  @Test
  void shortKeysStillAllowOneEdit() {
    assertEquals(Optional.of("lr"), schema.closest("l"));
  }

  @Test
  void caseInsensitiveEqualityWinsOverACloserCandidate() {
    ConfigSchema s = ConfigSchema.of(param("lR2"), param("LR"));

    assertEquals(Optional.of("LR"), s.closest("lr"));
  }

  @Test
  void tiesGoToTheFirstDeclaredKey() {
    ConfigSchema s = ConfigSchema.of(param("ab"), param("ac"), param("ad"));

    assertEquals(Optional.of("ab"), s.closest("a"));
    assertEquals(Optional.of("ac"), ConfigSchema.of(param("ac"), param("ab")).closest("a"));
  }

  @Test
  void duplicateKeysAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConfigSchema.of(param("lr"), param("lr")));
    assertEquals("duplicate config key 'lr'", e.getMessage());
  }

  private static ParamSpec secret(String key) {
    return new ParamSpec(key, ParamType.STRING, "", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
        "T." + key, false, List.of(), true);
  }

  @Test
  void secretKeysAreListedInDeclarationOrder() {
    ConfigSchema withSecrets = ConfigSchema.of(secret("token"), param("lr"), secret("api.key"));
    assertEquals(List.of("token", "api.key"), List.copyOf(withSecrets.secretKeys()));
    assertTrue(withSecrets.anySecret());
    assertThrows(UnsupportedOperationException.class, () -> withSecrets.secretKeys().add("lr"));
    assertEquals(Set.of(), schema.secretKeys());
    assertFalse(schema.anySecret());
  }
}
