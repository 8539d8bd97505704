package io.repro4j.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * A valid {@code @Hyperparam} field.
 *
 * @param key the field's config key (the field's name unless {@code @Hyperparam(name)} says
 *     otherwise); the prefix of a nested config's or a group's keys
 * @param component the name of its component in the generated config record (the field's name)
 * @param javaType the field's type, which is also the record component's type
 * @param accessor how generated code reads and writes the field
 * @param value its keys: one, a nested config, or a config group; the processor checks YAML files
 *     against exactly these
 * @param help the field's help ({@code @Hyperparam(help)} or its Javadoc's first sentence)
 * @param constantDefault the initializer's value when it is a numeric constant, else {@code null}
 */
public record HyperparamModel(
    String key,
    String component,
    TypeName javaType,
    Accessor accessor,
    ValueModel value,
    String help,
    Number constantDefault) {}
