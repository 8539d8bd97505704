package io.repro4j.runtime.config;

/**
 * An untyped config value as read from YAML or an override, with its origin. {@code value} is one
 * of: {@code null}, {@code Boolean}, {@code Long} or {@code java.math.BigInteger} (integers),
 * {@code Double}, {@code String}, {@code java.util.List<RawValue>}.
 */
public record RawValue(Object value, Origin origin) {}
