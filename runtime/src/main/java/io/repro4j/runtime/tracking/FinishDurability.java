package io.repro4j.runtime.tracking;

/**
 * What {@link RunWriter#finish(RunStatus, long, FinishDurability)} does to make the finished run
 * survive a crash. Whatever is chosen, the files are complete in the operating system's page cache
 * when {@code finish} returns, so they survive {@code kill -9} and a JVM crash; {@code fsync} only
 * matters for a power loss or an operating-system crash.
 */
public enum FinishDurability {
  /**
   * Forces the metric files and the new {@code meta.yaml} to disk and syncs the run directory:
   * three {@code fsync}s, 1 to 30 ms each on a disk. What a single run does.
   */
  SYNCED,

  /**
   * No {@code fsync}: the caller syncs the whole store once later ({@link StoreSync}). What the
   * trials of an in-process sweep do; the sweep syncs the store once before it records itself
   * FINISHED, so a sweep shown FINISHED after a power loss has every trial on disk.
   */
  DEFERRED
}
