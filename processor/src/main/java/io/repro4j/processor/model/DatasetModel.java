package io.repro4j.processor.model;

import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.data.DatasetSpec;

/**
 * A valid {@code @Dataset} field. Its location is a config key of type {@code Path}; the record
 * component is always a {@code Path}, whatever the field's type.
 *
 * @param spec the dataset exactly as the generated code declares it
 * @param param its config key
 * @param component the name of its component in the generated config record (the field's name)
 * @param fieldType the field's declared type
 * @param accessor how generated code writes the field
 */
public record DatasetModel(
    DatasetSpec spec, ParamSpec param, String component, FieldType fieldType, Accessor accessor) {

  /** The types a {@code @Dataset} field may have. */
  public enum FieldType {
    /** {@code java.nio.file.Path}. */
    PATH,
    /** {@code java.io.File}. */
    FILE,
    /** {@code String}. */
    STRING
  }

  /** The config key. */
  public String key() {
    return spec.name();
  }
}
