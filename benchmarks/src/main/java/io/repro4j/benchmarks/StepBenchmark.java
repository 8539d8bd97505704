package io.repro4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code ctx.step(n)} of a real run with four {@code @Metric} fields.
 *
 * <ul>
 *   <li>{@link #stepAfterWork} minus {@link #workOnly}: what a step costs the training thread when
 *       the writer keeps up, i.e. when some training work (here {@value #WORK} JMH CPU tokens)
 *       separates two steps, as in real training.
 *   <li>{@link #stepBackToBack}: steps with nothing in between. The ring fills and the loop runs
 *       at the background writer's speed (4 points per call), so this measures the writer.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class StepBenchmark {
  static final int WORK = 1000;

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

  private void train() {
    long s = step++;
    // Values with a short decimal form, as a loss rounded by the data often has.
    trainer.loss = (s % 100_000) / 1000.0;
    trainer.accuracy = (s % 1000) / 1000.0;
    trainer.lr = 0.01;
    trainer.gradNorm = (s % 7919) / 8.0;
  }

  @Benchmark
  public void workOnly() {
    Blackhole.consumeCPU(WORK);
    train();
  }

  @Benchmark
  public void stepAfterWork() {
    Blackhole.consumeCPU(WORK);
    train();
    run.ctx.step(step);
  }

  @Benchmark
  public void stepBackToBack() {
    train();
    run.ctx.step(step);
  }
}
