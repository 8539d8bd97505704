package io.repro4j.runtime.launch;

import io.repro4j.runtime.config.ResolvedConfig;
import io.repro4j.runtime.tracking.FinishDurability;
import io.repro4j.runtime.tracking.TrialRuns;

/**
 * What the sweep hands to the {@link Launcher} of one trial it runs in its own JVM, so that the
 * trial does not redo what the sweep did once: the provenance looked up once for all trials, the
 * config the sweep composed and validated for this trial before launching any, and how durably
 * the trial's run is finished (the sweep syncs the store once at its end).
 *
 * @param provenance looked up once for all trials
 * @param config the trial's config as the sweep composed it (the same overrides and environment,
 *     without {@code REPRO4J_PARENT_RUN_ID}), or null to compose it again
 * @param durability {@link FinishDurability#DEFERRED} when the sweep syncs the store itself
 * @param runs where the trial creates its run (the sweep's store, experiment and parent run), or
 *     null to open the store from the command line
 */
public record InProcessTrial(
    RunProvenance provenance, ResolvedConfig config, FinishDurability durability, TrialRuns runs) {}
