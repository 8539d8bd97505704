package io.repro4j.runtime.sweep.slurm;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every trial's task of one job array, in index order.
 *
 * @param jobId the array's job id
 * @param tasks one entry per trial
 */
public record ArrayStatus(String jobId, List<TaskState> tasks) {
  public ArrayStatus {
    tasks = List.copyOf(tasks);
  }

  /** Whether every task has finished. */
  public boolean finished() {
    return tasks.stream().allMatch(TaskState::finished);
  }

  /** Whether every task finished and its trial exited 0. */
  public boolean succeeded() {
    return tasks.stream().allMatch(TaskState::succeeded);
  }

  /** How many tasks are in each state, states in alphabetical order. */
  public Map<String, Integer> counts() {
    Map<String, Integer> counts = new TreeMap<>();
    tasks.forEach(task -> counts.merge(task.state(), 1, Integer::sum));
    return counts;
  }

  /** The task of trial {@code index}. */
  public TaskState task(int index) {
    return tasks.stream().filter(task -> task.index() == index).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("array " + jobId + " has no trial " + index));
  }

  /** One line for a progress display, e.g. {@code SLURM array 42: 16 trials: 3 COMPLETED, 13 RUNNING}. */
  public String summary() {
    StringBuilder line = new StringBuilder("SLURM array " + jobId + ": " + tasks.size() + " trials:");
    String separator = " ";
    for (Map.Entry<String, Integer> count : counts().entrySet()) {
      line.append(separator).append(count.getValue()).append(' ').append(count.getKey());
      separator = ", ";
    }
    return line.toString();
  }
}
