/**
 * The annotations a training class carries. They are read by the Repro4j annotation processor at
 * compile time (hence {@code CLASS} retention) and never by reflection at run time.
 *
 * <pre>{@code
 * @Experiment(config = "iris.yaml")
 * public class IrisTrainer implements Trainer {
 *   /** Learning rate of gradient descent. *&#47;
 *   @Hyperparam(min = 0, max = 10) double lr = 0.1;
 *   @Dataset(path = "data/iris.csv", md5 = "d69a16ea6136ccb02a7c37c66375ebba") Path iris;
 *   @Metric(goal = Metric.Goal.MAXIMIZE) double accuracy;
 *   ...
 * }
 * }</pre>
 */
package io.repro4j.annotations;
