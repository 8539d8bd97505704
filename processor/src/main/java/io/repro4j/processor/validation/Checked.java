package io.repro4j.processor.validation;

import io.repro4j.runtime.config.ParamSpec;
import java.util.Optional;

/**
 * What checking one config field gave: its config key when the key, type and bounds are valid
 * (enough to check YAML files against), and its model when nothing at all is wrong.
 */
record Checked<M>(Optional<ParamSpec> spec, Optional<M> model) {}
