package io.repro4j.cli;

import io.repro4j.runtime.data.DataWarmUp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Gets hashing ready on a second core while the main thread is still starting the command
 * (picocli builds its model, the arguments are parsed): finds MD5's provider, loads the data
 * classes, and, when there is enough to hash, has MD5's block loop compiled by C2, whose MD5
 * intrinsic is what makes hashing as fast as {@code md5sum}. Without this the first MiB of a
 * command's data is digested in the interpreter and C1 while C2 compiles, about 0.1 s.
 *
 * <p>Only a head start: the thread is a daemon, its outcome is never waited for, and it changes no
 * result. The first argument's command decides whether it runs ({@link Repro4jCli#main}).
 */
final class HashWarmUp implements Runnable {
  /** {@code -Drepro4j.hashWarmUp=false} turns the warm-up off (to measure what it does). */
  static final String PROPERTY = "repro4j.hashWarmUp";

  /**
   * The least that is worth compiling MD5 for: the digest of this many bytes (about 0.1 s of CPU
   * on the other core) would otherwise cost a tiny file's command more than it saves.
   */
  static final long WORTH_COMPILING = 8L << 20;

  private final String[] args;

  private HashWarmUp(String[] args) {
    this.args = args.clone();
  }

  /** Starts the warm-up for the command line {@code args} ({@code hash ...} or {@code lock ...}). */
  static Thread start(String[] args) {
    Thread thread = new Thread(new HashWarmUp(args), "repro4j-warm-up");
    thread.setDaemon(true); // never keeps the JVM alive: the command's exit ends it
    thread.start();
    return thread;
  }

  @Override
  public void run() {
    DataWarmUp.warmUp(worthCompiling(args));
    digestOneBlock();
  }

  /**
   * Digests one block, so that the MD5 implementation's own set-up (its byte-array view handles)
   * is done here, also for a tiny file, whose MD5 is not worth compiling.
   */
  private static void digestOneBlock() {
    try {
      MessageDigest.getInstance("MD5").digest(new byte[64]);
    } catch (NoSuchAlgorithmException e) {
      // no MD5: the command reports it when it hashes; a warm-up has nothing to add
    }
  }

  /**
   * Whether the command will hash enough through {@code MessageDigest} for MD5's compilation to
   * pay: {@code lock} hashes datasets the config names (not known here), so yes; {@code hash} does
   * when the files named add up to {@link #WORTH_COMPILING} bytes, or a directory is named in
   * {@code md5-dos2unix} mode. A directory in plain md5 mode does not count: its files are hashed
   * on the multi-buffer lanes, which do not use {@code MessageDigest} (only files of 64 MiB or more
   * do, and compiling during the first of those costs it about 0.1 s), and a recheck through the
   * hash cache reads no file at all; the compilation would take CPU from the walk. The arguments
   * are looked at before picocli has parsed them: an option or its value is simply not a file here.
   */
  static boolean worthCompiling(String[] args) {
    if (args.length == 0 || !args[0].equals("hash")) {
      return true;
    }
    boolean dos2unix = false;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--mode=md5-dos2unix")
          || (args[i].equals("--mode") && i + 1 < args.length && args[i + 1].equals("md5-dos2unix"))) {
        dos2unix = true;
      }
    }
    long bytes = 0;
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("-")) {
        continue;
      }
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(Path.of(args[i]), BasicFileAttributes.class);
      } catch (IOException | RuntimeException e) { // no such file, or no path at all
        continue;
      }
      if (attributes.isDirectory()) {
        bytes += dos2unix ? WORTH_COMPILING : 0;
      } else {
        bytes += attributes.size();
      }
      if (bytes >= WORTH_COMPILING) {
        return true;
      }
    }
    return false;
  }
}
