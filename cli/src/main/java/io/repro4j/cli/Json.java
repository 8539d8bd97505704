package io.repro4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The commands' Jackson mappers, made when JSON is first written or read. Building a mapper loads
 * a few hundred classes (about 0.3 s of a fresh JVM), which {@code --version} or {@code runs --csv}
 * should not pay; picocli creates every command object at start-up, so the mappers cannot live in
 * the commands' static fields.
 */
public final class Json {
  private Json() {}

  /** Compact output, and reading. */
  public static final ObjectMapper PLAIN = new ObjectMapper();

  /** Indented output, for people. */
  public static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
}
