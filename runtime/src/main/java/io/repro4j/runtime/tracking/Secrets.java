package io.repro4j.runtime.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never reach the store in clear: values of variables and options whose name looks like a
 * credential. Errs on the side of masking ({@code MONKEY_COUNT} is masked too): a masked harmless
 * value costs a little provenance, a leaked token costs a rotation.
 */
public final class Secrets {
  private Secrets() {}

  /** What a secret value is written as. */
  public static final String MASK = "***";

  private static final List<String> SECRET_WORDS =
      List.of("TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "AUTH");

  /**
   * Whether a variable or option named {@code name} probably holds a credential: its name contains
   * TOKEN, SECRET, PASSWORD, PASSWD, KEY, CREDENTIAL or AUTH, in any case.
   */
  public static boolean looksSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (String word : SECRET_WORDS) {
      if (upper.contains(word)) {
        return true;
      }
    }
    return false;
  }

  private static final Pattern SYSTEM_PROPERTY = Pattern.compile("^(-D[^=]+)=(.*)$", Pattern.DOTALL);

  /**
   * JVM options with the value of each {@code -Dname=value} whose name looks secret replaced by
   * {@link #MASK} ({@code -Ddb.password=hunter2} becomes {@code -Ddb.password=***}).
   */
  public static List<String> maskedJvmOptions(List<String> options) {
    List<String> masked = new ArrayList<>(options.size());
    for (String option : options) {
      Matcher m = SYSTEM_PROPERTY.matcher(option);
      masked.add(m.matches() && looksSecret(m.group(1)) ? m.group(1) + "=" + MASK : option);
    }
    return masked;
  }
}
