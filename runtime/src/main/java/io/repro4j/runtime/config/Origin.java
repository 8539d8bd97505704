package io.repro4j.runtime.config;

/**
 * Where a config value came from, so that every error can point at it: a place in a YAML file
 * ({@code iris.yaml:3:5}), a command-line override (its text and the span of the fault, shown with
 * a caret), or the field default; or, for problems of the config as a whole, a place in the code.
 */
public sealed interface Origin {

  /** A position in a YAML file; {@code line} and {@code column} count from 1. */
  record InFile(String file, int line, int column) implements Origin {
    @Override
    public String toString() {
      return file + ":" + line + ":" + column;
    }
  }

  /**
   * A command-line override {@code text}; {@code start} and {@code end} (exclusive) delimit the part
   * an error is about, underlined with carets when shown.
   */
  record InOverride(String text, int start, int end) implements Origin {
    /** The whole override. */
    public static InOverride whole(String text) {
      return new InOverride(text, 0, text.length());
    }

    @Override
    public String toString() {
      return "override '" + text + "'";
    }
  }

  /** The initial value of the annotated field (or the {@code @Dataset} path). */
  record Default(String element) implements Origin {
    @Override
    public String toString() {
      return "default of " + element;
    }
  }

  /**
   * A place in the experiment's code that is not a default: the class, for a problem of the config
   * as a whole (required keys without a value), or a method such as {@code IrisTrainer.validate()}.
   */
  record InCode(String element) implements Origin {
    @Override
    public String toString() {
      return element;
    }
  }
}
