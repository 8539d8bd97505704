package io.repro4j.runtime.tracking;

/**
 * A dataset recorded as an input of a run ({@code mlflow.log_input}).
 *
 * @param name the dataset name
 * @param digest the dataset digest (for Repro4j, the content md5)
 * @param context the input tag {@code mlflow.data.context} ({@code training}, ...), or null
 */
public record DatasetInput(String name, String digest, String context) {}
