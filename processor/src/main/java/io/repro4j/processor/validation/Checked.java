package io.repro4j.processor.validation;

import io.repro4j.processor.model.ValueModel;
import java.util.Optional;

/**
 * What checking one config field gave: its config keys when the keys, types and bounds are valid
 * (enough to check YAML files against), and its model when nothing at all is wrong.
 */
record Checked<M>(Optional<ValueModel> schema, Optional<M> model) {}
