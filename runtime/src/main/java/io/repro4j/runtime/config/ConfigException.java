package io.repro4j.runtime.config;

import java.util.List;

/** Every problem found in a config, reported at once. Maps to exit code 2. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigProblem> problems;

  /**
   * @param problems at least one problem; the message lists them all, formatted
   * @throws IllegalArgumentException when {@code problems} is empty
   */
  public ConfigException(List<ConfigProblem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems in the order found (files in merge order, then overrides). */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String summary(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    StringBuilder text = new StringBuilder();
    text.append(problems.size() == 1 ? "1 config error" : problems.size() + " config errors");
    for (ConfigProblem problem : problems) {
      text.append('\n').append(problem.format());
    }
    return text.toString();
  }
}
