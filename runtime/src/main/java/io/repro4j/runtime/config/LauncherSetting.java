package io.repro4j.runtime.config;

import java.util.List;

/**
 * One entry of a primary config file's {@code slurm:} section: an option of the SLURM launcher
 * ({@code partition: gpu}), not a config value. The sweep checks the key and the value when it
 * starts, and points at {@link #origin} when either is wrong.
 *
 * @param key the option's name as written ({@code partition}, {@code extra}, ...)
 * @param value the scalar's text ({@code null} for YAML's null), or a {@code List<String>} for a
 *     list ({@code extra: [--qos=long, --constraint=v100]})
 * @param origin where the value is written
 */
public record LauncherSetting(String key, Object value, Origin.InFile origin) {
  public LauncherSetting {
    if (value instanceof List<?> list) {
      value = List.copyOf(list);
    }
  }
}
