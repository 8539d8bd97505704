package io.repro4j.processor.model;

/**
 * An object whose {@code validate()} generated code calls after binding the config.
 *
 * @param receiver the object, as an expression over the parameters of the generated {@code
 *     validate(trainer, config)}: {@code trainer}, or a part of the config record
 * @param display the method as users see it in errors: {@code IrisTrainer.validate()}
 */
public record ValidateHook(String receiver, String display) {}
