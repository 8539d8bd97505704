package io.repro4j.runtime.config;

import java.util.List;
import java.util.Map;

/**
 * A primary config file as read by {@link YamlConfigReader#readPrimary}: its values and its
 * {@code defaults:} list.
 *
 * @param name the resource name, as origins show it
 * @param values the file's own values, flat dotted keys, in document order
 * @param defaults the entries of its defaults list, in order; empty when it has none
 * @param sweep the overrides under its {@code sweep:} key ({@code lr=0.1,0.01}), in order
 * @param slurm the entries of its {@code slurm:} key (the SLURM launcher's options), in order
 */
public record ConfigFile(
    String name,
    Map<String, RawValue> values,
    List<DefaultsEntry> defaults,
    List<String> sweep,
    List<LauncherSetting> slurm) {
  /** Copies the lists; the map is kept as given (unmodifiable, in document order). */
  public ConfigFile {
    defaults = List.copyOf(defaults);
    sweep = List.copyOf(sweep);
    slurm = List.copyOf(slurm);
  }

  /** A file without a {@code sweep:} or {@code slurm:} section. */
  public ConfigFile(String name, Map<String, RawValue> values, List<DefaultsEntry> defaults) {
    this(name, values, defaults, List.of(), List.of());
  }
}
