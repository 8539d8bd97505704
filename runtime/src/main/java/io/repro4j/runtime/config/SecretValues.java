package io.repro4j.runtime.config;

import io.repro4j.runtime.tracking.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the values of {@linkplain ParamSpec#secret secret} keys wherever a config is recorded or
 * shown: the value becomes {@code ***}, and so does the value part of an override that sets one
 * ({@code token=abc} becomes {@code token=***}). The trainer still receives the real value.
 */
public final class SecretValues {
  private SecretValues() {}

  /** Whether {@code key} is a secret key of {@code schema}. */
  public static boolean isSecret(ConfigSchema schema, String key) {
    return schema.find(key).map(ParamSpec::secret).orElse(false);
  }

  /** {@code value}, or {@link Secrets#MASK} when {@code param} is secret and has a value. */
  public static Object shown(ParamSpec param, Object value) {
    return param.secret() && value != null && !Interpolator.MISSING.equals(value) ? Secrets.MASK : value;
  }

  // Hydra's override forms: key=value, +key=value, ++key=value, ~key=value (and ~key, no value).
  private static final Pattern OVERRIDE = Pattern.compile("^(\\+\\+|\\+|~)?\\s*([^=\\s]+)\\s*=(.*)$", Pattern.DOTALL);

  /** {@code override} with its value replaced by {@code ***} when it sets a secret key. */
  public static String override(ConfigSchema schema, String override) {
    if (!schema.anySecret()) {
      return override; // nothing to mask: spares a sweep's trials the pattern
    }
    Matcher m = OVERRIDE.matcher(override);
    if (!m.matches() || !isSecret(schema, m.group(2))) {
      return override;
    }
    return override.substring(0, m.start(3)) + Secrets.MASK;
  }

  /** Each of {@code overrides} through {@link #override}. */
  public static List<String> overrides(ConfigSchema schema, List<String> overrides) {
    List<String> masked = new ArrayList<>(overrides.size());
    for (String text : overrides) {
      masked.add(override(schema, text));
    }
    return masked;
  }

  /** {@code origin}, with the override text masked when it sets a secret key. */
  public static Origin origin(ConfigSchema schema, Origin origin) {
    if (origin instanceof Origin.InOverride o) {
      String masked = override(schema, o.text());
      return masked.equals(o.text()) ? o : Origin.InOverride.whole(masked);
    }
    return origin;
  }
}
