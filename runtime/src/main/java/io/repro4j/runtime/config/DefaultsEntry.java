package io.repro4j.runtime.config;

/**
 * One entry of the {@code defaults:} list of a primary config file, as in Hydra:
 *
 * <pre>
 * defaults:
 *   - optimizer: adam          # a choice: option adam of config group optimizer
 *   - override optimizer: sgd  # changes the choice of an earlier entry (in a later file)
 *   - _self_                   # where this file's own values are merged
 * </pre>
 */
public sealed interface DefaultsEntry {
  /** Where the entry is written. */
  Origin.InFile origin();

  /** {@code - _self_}: this file's own values are merged here. */
  record Self(Origin.InFile origin) implements DefaultsEntry {}

  /**
   * {@code - group: option}, or {@code - override group: option}.
   *
   * @param group the group's key as written
   * @param option the option's name as written
   * @param override whether the entry starts with {@code override}
   * @param origin the position of the group
   * @param optionOrigin the position of the option
   */
  record Choice(String group, String option, boolean override, Origin.InFile origin, Origin.InFile optionOrigin)
      implements DefaultsEntry {}
}
