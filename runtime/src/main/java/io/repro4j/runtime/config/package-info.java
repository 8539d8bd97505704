/**
 * Loading an experiment's config the way Hydra does, checked the way javac would: field defaults,
 * then YAML files, then command-line overrides, each value with its origin, every problem reported
 * at once with a position and a fix.
 *
 * <ul>
 *   <li>{@link io.repro4j.runtime.config.YamlConfigReader} reads YAML safely (composer only, core
 *       tags only, bounded aliases, depth and size) and types scalars as OmegaConf 2.2 does.
 *   <li>{@link io.repro4j.runtime.config.ConfigOverride} parses Hydra 1.3's whole override grammar
 *       (prefixes, packages, lists, dicts, functions, {@link io.repro4j.runtime.config.Sweep}s)
 *       with Hydra's typing and Hydra's error messages.
 *   <li>{@link io.repro4j.runtime.config.ConfigChecker} converts values with OmegaConf's rules
 *       and checks keys and ranges; the annotation processor runs the same code on YAML files at
 *       compile time.
 *   <li>{@link io.repro4j.runtime.config.ConfigResolver} merges the sources, then resolves
 *       interpolations with {@link io.repro4j.runtime.config.Interpolator} (OmegaConf 2.2's grammar:
 *       {@code ${a.b}}, {@code ${..x}}, {@code ${oc.env:VAR,default}}, escapes, nested keys), then
 *       converts; keys without a value ({@code ???}, required fields) are reported together.
 *   <li>{@link io.repro4j.runtime.config.Composer} composes them as Hydra does: config groups
 *       ({@link io.repro4j.runtime.config.ConfigGroup}), defaults lists and option files
 *       ({@code conf/<group>/<option>.yaml}); it takes the choices of groups out of the overrides
 *       ({@code optimizer=adam}) and hands the rest to the resolver. javac's YAML check and a run's
 *       loading both use it.
 * </ul>
 *
 * <p>Where Repro4j differs from Hydra/OmegaConf on purpose:
 *
 * <ul>
 *   <li>Numbers have ranges ({@code min}/{@code max}); NaN fails a bounded range.
 *   <li>Java types are narrower than Python's: an int key refuses 3000000000, a float key refuses
 *       1e39; {@code String} values of booleans are {@code true}/{@code false}, not Python's
 *       {@code True}/{@code False}.
 *   <li>Enums take the constant name only (OmegaConf also takes the value and {@code
 *       Color.RED}).
 *   <li>A YAML file may spell nested keys dotted ({@code optimizer.lr: 0.1}); setting a key both
 *       ways is an error.
 *   <li>Lists of mappings, and mappings as values ({@code opt: {}}), are refused: configs are flat
 *       keys with scalar or list values.
 *   <li>Interpolations are resolved when the config is loaded, not on access; every problem is
 *       reported at once with the origin of the value that holds the interpolation. Only the
 *       {@code oc.env} and {@code env} resolvers exist; text around an interpolation writes
 *       {@code true}/{@code false}/{@code null} where OmegaConf writes {@code True}/{@code
 *       False}/{@code None}.
 *   <li>A {@code String} key may have {@code choices}; {@code null} is not one of them.
 *   <li>Every error, not only lexer errors, shows the override with carets under the fault, and
 *       a hint on how to fix it below Hydra's words.
 *   <li>{@code +key} sets a key without a value ({@code +key} cannot add keys: they are fields);
 *       {@code ~key} resets a key to its field default.
 *   <li>A config group holds one option (no multi-select {@code group=[a,b]}); {@code ~group}
 *       resets its choice to the option the field's initializer holds, {@code +group=x} chooses
 *       only when nothing chose an option yet.
 * </ul>
 */
package io.repro4j.runtime.config;
