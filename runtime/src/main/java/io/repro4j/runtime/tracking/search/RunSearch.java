package io.repro4j.runtime.tracking.search;

import io.repro4j.runtime.tracking.FileStore;
import io.repro4j.runtime.tracking.RunIndex;
import io.repro4j.runtime.tracking.StoredRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code search_runs} over a {@link FileStore}: the active runs of the given experiments that match
 * a filter, in the given order, at most {@code maxResults}. Runs come from {@link RunIndex}, checked
 * to be current in what the filter and order read for every run and in full for the runs
 * returned; each metric of a returned run holds only its latest point (read the history with
 * {@link FileStore#run(String)}).
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
    // Each run is checked to be current in what the filter and order read; the runs returned,
    // and only those, are then checked in full (the caller shows all their params, tags, metrics).
    RunIndex.Needs needs = RunIndex.Needs.meta();
    filter.addNeeds(needs);
    orderBy.forEach(o -> o.addNeeds(needs));
    List<StoredRun> matching = new ArrayList<>();
    Map<StoredRun, RunIndex.Listing> listings = new IdentityHashMap<>();
    for (String experimentId : experimentIds) {
      RunIndex.Listing listing = RunIndex.open(store, experimentId, needs);
      for (StoredRun run : listing.runs()) {
        if (filter.matches(run)) {
          matching.add(run);
          listings.put(run, listing);
        }
      }
    }
    matching.sort(OrderBy.comparator(orderBy));
    List<StoredRun> result = new ArrayList<>(Math.min(matching.size(), maxResults));
    for (StoredRun run : matching) {
      if (result.size() == maxResults) {
        break;
      }
      StoredRun full = listings.get(run).complete(run);
      // Re-read when something else of it changed meanwhile: it must still be a matching run.
      if (full != null && (full == run || filter.matches(full))) {
        result.add(full);
      }
    }
    return result;
  }
}
