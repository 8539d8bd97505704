package io.repro4j.runtime.sweep;

import io.repro4j.runtime.Trainer;
import java.lang.reflect.Constructor;
import java.util.function.Supplier;

/**
 * Makes a fresh trainer for each trial through its no-argument constructor, found once when the
 * sweep starts (never on a training thread), so that no state leaks from one trial into the next.
 */
final class TrainerFactory {
  private TrainerFactory() {}

  /**
   * @throws IllegalArgumentException when the class has no no-argument constructor, saying so
   */
  static <T extends Trainer> Supplier<T> of(Class<T> trainerClass) {
    Constructor<T> constructor;
    try {
      constructor = trainerClass.getDeclaredConstructor();
      constructor.setAccessible(true); // a package-private trainer class is fine, as for a single run
    } catch (NoSuchMethodException | RuntimeException e) {
      throw new IllegalArgumentException(
          trainerClass.getName() + " has no constructor without arguments, and a sweep makes a fresh trainer for"
              + " each trial with it; add one (its fields' initialisers are the defaults)");
    }
    return () -> {
      try {
        return constructor.newInstance();
      } catch (ReflectiveOperationException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new IllegalStateException("cannot make a " + trainerClass.getName() + ": " + cause, cause);
      }
    };
  }
}
