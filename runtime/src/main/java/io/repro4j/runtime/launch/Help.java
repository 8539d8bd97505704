package io.repro4j.runtime.launch;

import io.repro4j.runtime.ExperimentBinding;
import io.repro4j.runtime.Trainer;
import io.repro4j.runtime.config.ConfigException;
import io.repro4j.runtime.config.ParamSpec;
import io.repro4j.runtime.config.SecretValues;
import io.repro4j.runtime.config.ParamType;
import io.repro4j.runtime.config.ResolvedConfig;
import io.repro4j.runtime.data.DatasetSpec;
import io.repro4j.runtime.sweep.slurm.SlurmOptions;
import io.repro4j.runtime.tracking.MetricSpec;
import io.repro4j.runtime.tracking.PythonRepr;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --help} text: every key with its type, value, range, choices and help (a key without a
 * value shows {@code ???} and "required"); datasets; metrics.
 */
final class Help {
  private Help() {}

  static <T extends Trainer> String text(
      ExperimentBinding<T, ?> binding, T trainer, Map<String, String> environment) {
    StringBuilder text = new StringBuilder();
    String main = trainer.getClass().getName();
    text.append("Usage: java ").append(main).append(" [KEY=VALUE]... [--cfg] [--info] [--tracking-uri URI] [--system-metrics] [--lock] [--allow-data-drift] [--help]\n\n");
    text.append("Experiment '").append(binding.experimentName()).append("'");
    if (!binding.configResources().isEmpty()) {
      text.append(", config ").append(String.join(", ", binding.configResources()));
    }
    text.append("\n");

    // Show the values a run would use without overrides (??? where a value is still needed); if
    // the files are broken, the defaults.
    Map<String, Object> values;
    String valueColumn = "value";
    try {
      ResolvedConfig resolved = ConfigLoading.resolve(binding, trainer, List.of(), environment, true);
      values = resolved.values();
    } catch (ConfigException e) {
      values = binding.defaults(trainer);
      valueColumn = "default";
      text.append("(the config files have errors; run without --help to see them)\n");
    }

    List<ParamSpec> hyperparams = binding.schema().params().stream()
        .filter(p -> binding.datasets().stream().noneMatch(d -> d.name().equals(p.key())))
        .toList();
    if (!hyperparams.isEmpty()) {
      text.append("\nHyperparameters (KEY=VALUE):\n");
      int keyWidth = width(hyperparams.stream().map(ParamSpec::key).toList());
      int typeWidth = width(hyperparams.stream().map(p -> p.type().displayName()).toList());
      for (ParamSpec param : hyperparams) {
        String value =
            values.containsKey(param.key()) ? PythonRepr.str(SecretValues.shown(param, values.get(param.key()))) : "???";
        text.append(String.format(Locale.ROOT, "  %-" + keyWidth + "s  %-" + typeWidth + "s  %s=%s",
            param.key(), param.type().displayName(), valueColumn, value));
        if (param.required()) {
          text.append("  required");
        }
        String range = range(param);
        if (!range.isEmpty()) {
          text.append("  ").append(range);
        }
        if (param.type().kind() == ParamType.Kind.ENUM) {
          text.append("  one of ").append(String.join(", ", param.type().enumConstants()));
        } else if (param.type().kind() == ParamType.Kind.GROUP) {
          text.append("  config group: ").append(String.join(", ", param.type().enumConstants()));
        } else if (!param.choices().isEmpty()) {
          text.append("  one of ").append(String.join(", ", param.choices()));
        }
        if (!param.help().isEmpty()) {
          text.append("\n  ").append(" ".repeat(keyWidth + 2)).append(param.help());
        }
        text.append('\n');
      }
      Map<String, Object> shown = values;
      if (hyperparams.stream().anyMatch(p -> !shown.containsKey(p.key()))) {
        text.append("  (??? = no value yet: a run needs one, on the command line or in a config file)\n");
      }
    }
    text.append(GroupHelp.text(binding.schema(), values, valueColumn));
    if (!binding.datasets().isEmpty()) {
      text.append("\nDatasets (NAME=PATH; md5-checked before training):\n");
      for (DatasetSpec dataset : binding.datasets()) {
        text.append("  ").append(dataset.name()).append("  ")
            .append(values.containsKey(dataset.name()) ? values.get(dataset.name()) : "???");
        text.append(dataset.pinned() ? "  md5 " + dataset.md5() : "  (not pinned: hash recorded only)");
        binding.schema().find(dataset.name())
            .filter(p -> !p.help().isEmpty())
            .ifPresent(p -> text.append("\n    ").append(p.help()));
        text.append('\n');
      }
    }
    if (!binding.metrics().isEmpty()) {
      text.append("\nMetrics:\n");
      int keyWidth = width(binding.metrics().stream().map(MetricSpec::key).toList());
      for (MetricSpec metric : binding.metrics()) {
        text.append(String.format(Locale.ROOT, "  %-" + keyWidth + "s  goal %s\n",
            metric.key(), metric.goal().name().toLowerCase(Locale.ROOT)));
      }
    }
    text.append("\nOptions:\n")
        .append("  --cfg                 print the resolved config as YAML and exit\n")
        .append("  --info                print each key's value and where it came from, and exit\n")
        .append("  --tracking-uri URI    where runs are recorded (else $MLFLOW_TRACKING_URI, else ./mlruns);\n")
        .append("                        an http(s) MLflow server: recorded in $REPRO4J_LOCAL_STORE (else\n")
        .append("                        ./mlruns) and replicated to the server in the background\n")
        .append("  --system-metrics      log CPU, memory, heap and GC as system/* metrics every 5 s\n")
        .append("                        (also REPRO4J_SYSTEM_METRICS=true)\n")
        .append("  --system-metrics-interval SECONDS\n")
        .append("                        sample every SECONDS instead (implies --system-metrics)\n")
        .append("  --lock                write or update ./repro4j.lock with the hash of every dataset\n")
        .append("                        not pinned by md5 or DVC, and exit\n")
        .append("  --lock-check          exit 2 when the lock file is out of date (for CI), and exit\n")
        .append("  --lock-file PATH      the lock file to write and check (else ./repro4j.lock)\n")
        .append("  --allow-data-drift    run on data that does not match the lock file, recording the drift\n")
        .append("  --hash-cache DIR      where dataset file hashes are remembered (else $REPRO4J_CACHE_DIR,\n")
        .append("                        else .repro4j/cache/hashes); unchanged files are not read again\n")
        .append("  --no-hash-cache       read and hash every dataset file\n")
        .append("  -h, --help            this text\n")
        .append("\nSweeps (-m, --multirun: one trial per combination of the swept values, e.g. -m lr=0.1,0.01):\n")
        .append("  --jobs N              trials at once (under SLURM: the array's %N throttle)\n")
        .append("  --isolate             a JVM per trial (local launcher)\n")
        .append("  --fail-fast           start (SLURM: cancel) the other trials no more once one failed\n")
        .append("  --trials N, --sweep-seed S   random search: N trials drawn with seed S\n")
        .append("  --optimize METRIC[:min|max]  rank the trials by this metric\n")
        .append("  --resume SWEEP        run the trials of SWEEP that did not finish\n")
        .append("  --launcher slurm      run the trials as one SLURM job array (default: local)\n")
        .append("  --slurm KEY=VALUE     a SLURM option, repeatable: " + String.join(", ", SlurmOptions.KEYS.keySet())
            + "\n")
        .append("                        (extra=--qos=long adds an #SBATCH line; give it once per line)\n")
        .append("  --detach              submit the array and return; follow it with repro4j sweep status SWEEP\n")
        .append("\nExit codes: 0 finished, 1 training failed, 2 usage, config or data error,"
            + " 3 preempted (checkpointed; requeue or --resume).\n");
    return text.toString();
  }

  private static int width(List<String> texts) {
    return Math.max(1, texts.stream().mapToInt(String::length).max().orElse(1));
  }

  static String range(ParamSpec param) {
    if (!param.bounded()) {
      return "";
    }
    return "range [" + bound(param.min()) + ", " + bound(param.max()) + "]";
  }

  private static String bound(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return io.repro4j.runtime.tracking.PythonFloat.repr(value);
  }
}
