package io.repro4j.benchmarks;

import io.repro4j.runtime.data.DirectoryHash;
import io.repro4j.runtime.data.HashCache;
import io.repro4j.runtime.data.HashMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The recheck of an unchanged 100,000-file tree through the hash cache, in one warm JVM (issue 5's
 * target: under 1 s; DVC rebuilds such a tree in about 10 s, treeverse/dvc#9085). The tree is
 * the one {@code benchmarks/scripts/hash-cache-recheck.sh} builds in {@code /tmp/bench-tree-100k};
 * the cache is filled in the setup, so
 * every measured call walks the tree, stats every entry, reads the cache file and finds nothing
 * to read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// as repro4j.jar's manifest: the stats read the JDK's fields (UnixStat), not the unix: view's map
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/sun.nio.fs=ALL-UNNAMED")
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class HashCacheRecheckBenchmark {
  @Param("/tmp/bench-tree-100k")
  public String tree;

  private Path root;
  private HashCache cache;

  @Setup(Level.Trial)
  public void fill() throws IOException {
    root = Path.of(tree);
    if (!Files.exists(root.resolve(".complete"))) {
      throw new IllegalStateException(root + " is missing: build it with"
          + " benchmarks/scripts/hash-cache-recheck.sh (or pass -p tree=DIR)");
    }
    cache = HashCache.in(Files.createTempDirectory("hash-cache-bench"));
    DirectoryHash.of(root, HashMode.MD5, cache);
  }

  @Benchmark
  public String recheck() throws IOException {
    return DirectoryHash.of(root, HashMode.MD5, cache).manifest().md5();
  }
}
