package io.repro4j.runtime.config;

import java.util.List;

/**
 * The type of a config key, as far as loading and checking need it. Generated code builds these;
 * the annotation processor builds the same ones at compile time to check YAML files.
 *
 * @param kind the basic kind
 * @param nullable whether {@code null} is allowed (boxed, {@code String}, {@code Path}, enums, lists)
 * @param enumConstants the constant names, in declaration order, for {@link Kind#ENUM}; the option
 *     names for {@link Kind#GROUP}
 * @param element the element type for {@link Kind#LIST}, else {@code null}
 * @param displayName the Java type as written, for help and errors ({@code double},
 *     {@code List<Integer>}, {@code Optimizer})
 */
public record ParamType(
    Kind kind, boolean nullable, List<String> enumConstants, ParamType element, String displayName) {

  /** The kinds of value a hyperparameter can hold. */
  public enum Kind {
    BOOLEAN,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    STRING,
    ENUM,
    PATH,
    LIST,
    /**
     * The choice of a config group: the value is the name of one option (a {@code String}), and
     * {@link ConfigSchema#group} holds each option's keys.
     */
    GROUP
  }

  public ParamType {
    enumConstants = List.copyOf(enumConstants);
  }

  public static final ParamType BOOLEAN = new ParamType(Kind.BOOLEAN, false, List.of(), null, "boolean");
  public static final ParamType INT = new ParamType(Kind.INT, false, List.of(), null, "int");
  public static final ParamType LONG = new ParamType(Kind.LONG, false, List.of(), null, "long");
  public static final ParamType FLOAT = new ParamType(Kind.FLOAT, false, List.of(), null, "float");
  public static final ParamType DOUBLE = new ParamType(Kind.DOUBLE, false, List.of(), null, "double");
  public static final ParamType BOXED_BOOLEAN = new ParamType(Kind.BOOLEAN, true, List.of(), null, "Boolean");
  public static final ParamType BOXED_INT = new ParamType(Kind.INT, true, List.of(), null, "Integer");
  public static final ParamType BOXED_LONG = new ParamType(Kind.LONG, true, List.of(), null, "Long");
  public static final ParamType BOXED_FLOAT = new ParamType(Kind.FLOAT, true, List.of(), null, "Float");
  public static final ParamType BOXED_DOUBLE = new ParamType(Kind.DOUBLE, true, List.of(), null, "Double");
  public static final ParamType STRING = new ParamType(Kind.STRING, true, List.of(), null, "String");
  public static final ParamType PATH = new ParamType(Kind.PATH, true, List.of(), null, "Path");

  /** An enum type with the given simple name and constants. */
  public static ParamType enumType(String displayName, List<String> constants) {
    return new ParamType(Kind.ENUM, true, constants, null, displayName);
  }

  /**
   * The choice of a config group whose type is {@code displayName} (a sealed interface), among
   * {@code options} in declaration order.
   */
  public static ParamType group(String displayName, List<String> options) {
    return new ParamType(Kind.GROUP, false, options, null, displayName);
  }

  /** {@code List<element>}. */
  public static ParamType listOf(ParamType element) {
    return new ParamType(Kind.LIST, true, List.of(), element, "List<" + element.displayName() + ">");
  }

  /** Whether values are numbers, so that {@code min}/{@code max} apply (to each element of a list). */
  public boolean isNumeric() {
    return switch (kind) {
      case INT, LONG, FLOAT, DOUBLE -> true;
      case LIST -> element.isNumeric();
      default -> false;
    };
  }
}
