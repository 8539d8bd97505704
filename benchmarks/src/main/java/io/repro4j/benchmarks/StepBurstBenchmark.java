package io.repro4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code ctx.step(n)} with four {@code @Metric} fields costs the training thread while the
 * background writer keeps up: each measurement is a burst of {@value #BURST} steps ({@value
 * #BURST} x 4 points, half the ring), timed as a whole and divided by {@value #BURST}; before
 * each burst (untimed) the writer gets {@value #PAUSE_MS} ms to write the previous one. In a
 * tight loop of steps instead ({@link StepBenchmark#stepBackToBack}) the ring fills and the loop
 * runs at the writer's speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 100)
@Measurement(iterations = 100)
public class StepBurstBenchmark {
  static final int BURST = 8192;
  static final int PAUSE_MS = 40;

  private LiveRun run;
  private FourMetricTrainer trainer;
  private long step;

  @Setup(Level.Trial)
  public void start() throws Exception {
    run = new LiveRun();
    trainer = run.trainer;
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    run.close();
  }

  @Setup(Level.Invocation)
  public void letTheWriterCatchUp() throws InterruptedException {
    Thread.sleep(PAUSE_MS);
  }

  @Benchmark
  @OperationsPerInvocation(BURST)
  public void step4Metrics() {
    FourMetricTrainer t = trainer;
    for (int i = 0; i < BURST; i++) {
      long s = step++;
      t.loss = (s % 100_000) / 1000.0;
      t.accuracy = (s % 1000) / 1000.0;
      t.lr = 0.01;
      t.gradNorm = (s % 7919) / 8.0;
      run.ctx.step(s);
    }
  }
}
