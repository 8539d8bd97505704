package io.repro4j.processor.model;

/**
 * How generated code reads and writes an annotated field: directly, or through the getter and setter
 * of a private field.
 *
 * @param field the field's name
 * @param getter the getter's name, or {@code null} when the field is read directly or never read
 *     (a dataset's default is its declared path, not the field)
 * @param setter the setter's name, or {@code null} when the field is accessed directly
 */
public record Accessor(String field, String getter, String setter) {

  /** Direct access to a non-private field. */
  public static Accessor field(String field) {
    return new Accessor(field, null, null);
  }

  /** Access to a private field through its non-private getter (may be null) and setter. */
  public static Accessor methods(String field, String getter, String setter) {
    return new Accessor(field, getter, setter);
  }

  /** Whether generated code uses the field itself. */
  public boolean direct() {
    return setter == null;
  }
}
