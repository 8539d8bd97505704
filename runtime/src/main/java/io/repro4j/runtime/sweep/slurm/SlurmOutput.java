package io.repro4j.runtime.sweep.slurm;

import java.util.HashMap;
import java.util.Map;

/** Parses what squeue and scontrol print, in the formats {@link SlurmArray} asks for. */
final class SlurmOutput {
  /** A finished task as {@code scontrol -o show job} reports it. */
  record Ended(int exitCode, int restarts) {}

  private SlurmOutput() {}

  /**
   * {@code squeue -h -r -o '%K|%T|%r'} lines: array task id, state, reason. With {@code -r} every
   * task has its own line, pending ones too.
   */
  static Map<Integer, String[]> squeue(String out) {
    Map<Integer, String[]> tasks = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] fields = line.strip().split("\\|", 3);
      if (fields.length == 3 && fields[0].matches("\\d+")) {
        tasks.put(Integer.parseInt(fields[0]), new String[] {fields[1], fields[2]});
      }
    }
    return tasks;
  }

  /**
   * {@code scontrol -o show job ARRAY} records of single tasks ({@code ArrayTaskId=N}); records of
   * still-grouped pending tasks ({@code ArrayTaskId=2-3}) are skipped. The exit code is the high
   * part of {@code ExitCode=code:signal}; a task killed by a signal reports 128 + signal, as a shell does.
   */
  static Map<Integer, Ended> scontrol(String out) {
    Map<Integer, Ended> tasks = new HashMap<>();
    for (String record : out.split("\n")) {
      Map<String, String> fields = new HashMap<>();
      for (String field : record.strip().split(" ")) {
        int eq = field.indexOf('=');
        if (eq > 0) {
          fields.putIfAbsent(field.substring(0, eq), field.substring(eq + 1));
        }
      }
      String task = fields.get("ArrayTaskId");
      String exit = fields.get("ExitCode");
      if (task == null || exit == null || !task.matches("\\d+") || !exit.matches("\\d+:\\d+")) {
        continue;
      }
      String[] parts = exit.split(":");
      int code = Integer.parseInt(parts[0]);
      int signal = Integer.parseInt(parts[1]);
      String restarts = fields.getOrDefault("Restarts", "0");
      tasks.put(Integer.parseInt(task),
          new Ended(signal != 0 && code == 0 ? 128 + signal : code, restarts.matches("\\d+") ? Integer.parseInt(restarts) : 0));
    }
    return tasks;
  }
}
