package io.repro4j.processor.model;

import com.palantir.javapoet.CodeBlock;

/**
 * An object whose {@code validate()} generated code calls after binding the config.
 *
 * @param receiver the object, as an expression over the parameters of the generated {@code
 *     validate(trainer, config)}: {@code trainer}, or a part of the config record ({@code
 *     config.model()}, {@code ((Adam) config.optimizer())})
 * @param display the method as users see it in errors: {@code IrisTrainer.validate()}
 * @param guard when the object is one option of a config group, the test that it is the chosen
 *     one ({@code config.optimizer() instanceof Adam}); else {@code null}
 * @param keyPrefix the prefix of the object's keys ({@code model.}), so that a message naming
 *     {@code width} shows {@code model.width}; empty for the trainer
 */
public record ValidateHook(CodeBlock receiver, String display, CodeBlock guard, String keyPrefix) {

  /** The trainer's own {@code validate()}, or another object's reached without a guard or prefix. */
  public ValidateHook(CodeBlock receiver, String display) {
    this(receiver, display, null, "");
  }
}
