package io.repro4j.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.repro4j.runtime.config.ParamSpec;

/**
 * A valid {@code @Hyperparam} field.
 *
 * @param spec the config key exactly as the generated code declares it; the processor checks YAML
 *     files against the same value
 * @param component the name of its component in the generated config record (the field's name)
 * @param javaType the field's type, which is also the record component's type
 * @param enumClass the enum of an enum or {@code List<enum>} field, else {@code null}
 * @param accessor how generated code reads and writes the field
 */
public record HyperparamModel(
    ParamSpec spec, String component, TypeName javaType, ClassName enumClass, Accessor accessor) {

  /** The config key (the field's name unless {@code @Hyperparam(name)} says otherwise). */
  public String key() {
    return spec.key();
  }
}
