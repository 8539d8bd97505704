package io.repro4j.samples.iris;

import io.repro4j.annotations.Dataset;
import io.repro4j.annotations.Experiment;
import io.repro4j.annotations.Hyperparam;
import io.repro4j.annotations.Metric;
import io.repro4j.runtime.Repro4j;
import io.repro4j.runtime.RunContext;
import io.repro4j.runtime.Trainer;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Multinomial logistic regression (softmax) on Fisher's Iris data, trained by mini-batch SGD or
 * Adam with L2 regularisation. Plain Java, seeded: the same seed and config give the same metrics,
 * bit for bit.
 */
@Experiment(name = "iris-softmax", config = "iris.yaml")
public class IrisTrainer implements Trainer {

  /** How the weights are updated: sgd or adam (a config group). */
  @Hyperparam
  Optimizer optimizer = new Sgd(0.05, 0.0);

  /** Passes over the training set. */
  @Hyperparam(min = 1, max = 100_000)
  int epochs = 100;

  /** L2 penalty on the weights (not the biases). */
  @Hyperparam(min = 0)
  double l2 = 0.0;

  /** Examples per gradient step. */
  @Hyperparam(min = 1, max = 1024)
  int batchSize = 16;

  /** Seed of the train/test split and the batch order. */
  @Hyperparam
  long seed = 1;

  /** Share of the rows held out for testing. */
  @Hyperparam(min = 0.05, max = 0.95)
  double testFraction = 0.2;

  /** The Iris table as scikit-learn ships it (header line: rows, features, class names). */
  @Dataset(path = "samples/data/iris.csv", md5 = "d69a16ea6136ccb02a7c37c66375ebba")
  Path iris;

  /** Mean cross-entropy on the training set, plus the L2 penalty. */
  @Metric(goal = Metric.Goal.MINIMIZE)
  double loss;

  /** Share of the held-out rows classified correctly. */
  @Metric(name = "accuracy", goal = Metric.Goal.MAXIMIZE)
  double testAccuracy;

  @Override
  public void train(RunContext ctx) throws IOException {
    Table table = Table.read(iris);
    Table.Split split = table.split(testFraction, seed);
    SoftmaxRegression model = new SoftmaxRegression(table.features(), table.classes(), optimizer);
    SplitMix64 random = new SplitMix64(seed);
    ctx.expectSteps(epochs); // the progress line's percentage and ETA
    for (int epoch = 1; epoch <= epochs; epoch++) {
      loss = model.trainEpoch(split.train(), l2, batchSize, random);
      testAccuracy = model.accuracy(split.test());
      ctx.step(epoch);
    }
    writeModel(model, ctx.outputDir().resolve("model.csv"), table);
  }

  private static void writeModel(SoftmaxRegression model, Path file, Table table) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("class,bias");
      for (int f = 0; f < table.features(); f++) {
        out.write(",w" + f);
      }
      out.write('\n');
      for (int c = 0; c < table.classes(); c++) {
        out.write(table.className(c));
        out.write(',');
        out.write(String.format(Locale.ROOT, "%.17g", model.bias(c)));
        for (int f = 0; f < table.features(); f++) {
          out.write(',');
          out.write(String.format(Locale.ROOT, "%.17g", model.weight(c, f)));
        }
        out.write('\n');
      }
    }
  }

  public static void main(String[] args) {
    System.exit(Repro4j.run(new IrisTrainer(), args));
  }
}
