package io.repro4j.runtime.tracking.search;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunIndex;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code search_runs} over a {@link FileStore}: the active runs of the given experiments that match
 * a filter, in the given order, at most {@code maxResults}. Runs come from {@link RunIndex}: each
 * metric of a returned run holds only its latest point (read the history with {@link
 * FileStore#run(String)}).
 */
public final class RunSearch {
  private RunSearch() {}

  /**
   * Searches the runs of {@code experimentIds}.
   *
   * @param maxResults at most this many runs (the first ones in order); must be positive
   * @throws IllegalArgumentException for an unknown experiment id or a non-positive maxResults
   */
  public static List<StoredRun> search(
      FileStore store, List<String> experimentIds, SearchFilter filter, List<OrderBy> orderBy, int maxResults)
      throws IOException {
    if (maxResults <= 0) {
      throw new IllegalArgumentException("max results must be positive, got " + maxResults);
    }
    List<StoredRun> matching = new ArrayList<>();
    for (String experimentId : experimentIds) {
      for (StoredRun run : RunIndex.runs(store, experimentId)) {
        if (filter.matches(run)) {
          matching.add(run);
        }
      }
    }
    matching.sort(OrderBy.comparator(orderBy));
    return matching.size() <= maxResults ? matching : List.copyOf(matching.subList(0, maxResults));
  }
}
