package io.repro4j.cli;

import io.repro4j.runtime.data.DataWarmUp;
import io.repro4j.runtime.data.HashMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Gets hashing ready on a second core while the main thread is still starting the command
 * (parsing the arguments, opening the hash cache, walking a directory): finds MD5's provider, loads the data
 * classes, and, when there is enough to hash, has MD5's block loop compiled by C2, whose MD5
 * intrinsic is what makes hashing as fast as {@code md5sum}. Without this the first MiB of a
 * command's data is digested in the interpreter and C1 while C2 compiles, about 0.1 s. For a
 * directory whose files will all be read, it readies the multi-buffer lanes the same way. What it
 * does is decided by {@link #plan}.
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
    Plan plan = plan(args);
    DataWarmUp.warmUp(plan.compileMd5());
    if (plan.lanes()) {
      DataWarmUp.warmUpLanes();
    }
  }

  /**
   * What to ready for a command line.
   *
   * @param compileMd5 whether the command will hash enough through {@code MessageDigest} for MD5's
   *     compilation to pay
   * @param lanes whether it will hash a directory's files on the multi-buffer lanes
   *     ({@link DataWarmUp#warmUpLanes})
   */
  record Plan(boolean compileMd5, boolean lanes) {}

  /**
   * The warm-up for {@code args}, read as {@link HashCommand.Arguments#plain} reads them (the
   * command that follows runs on those very values); a {@code hash} command line that is not plain
   * (help, a usage error, one picocli reads its own way) gets nothing beyond the classes loaded.
   *
   * <p>MD5 is compiled for {@code lock}, which hashes datasets the config names (not known here);
   * for {@code hash} when the files named add up to {@link #WORTH_COMPILING} bytes, or a directory
   * is named in {@code md5-dos2unix} mode. A directory in plain md5 mode does not count: its files
   * are hashed on the multi-buffer lanes, which do not use {@code MessageDigest} (only files of 64
   * MiB or more do, and compiling during the first of those costs it about 0.1 s), and a recheck
   * through the hash cache reads no file at all; the compilation would take CPU from the walk.
   *
   * <p>The lanes are readied for {@code hash --no-hash-cache} of a directory in plain md5 mode,
   * the one case where every file of a directory is known to be read. With a hash cache a
   * directory is mostly a recheck, which reads nothing, and the warm-up's CPU would be taken from
   * its walk.
   */
  static Plan plan(String[] args) {
    if (args.length == 0 || !args[0].equals("hash")) {
      return new Plan(true, false);
    }
    HashCommand.Arguments arguments = HashCommand.Arguments.plain(args);
    if (arguments == null) {
      return new Plan(false, false);
    }
    boolean dos2unix = arguments.mode() == HashMode.MD5_DOS2UNIX;
    boolean lanesPossible = arguments.noHashCache() && !dos2unix;
    long bytes = 0;
    boolean directory = false;
    for (Path path : arguments.paths()) {
      if (bytes >= WORTH_COMPILING && (directory || !lanesPossible)) {
        break; // both settled: the rest need not be stat-ed (hash dir/* may name thousands)
      }
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(path, BasicFileAttributes.class);
      } catch (IOException | RuntimeException e) { // no such file: hash reports it
        continue;
      }
      if (attributes.isDirectory()) {
        directory = true;
        bytes += dos2unix ? WORTH_COMPILING : 0;
      } else {
        bytes += attributes.size();
      }
    }
    return new Plan(bytes >= WORTH_COMPILING, directory && lanesPossible);
  }
}
