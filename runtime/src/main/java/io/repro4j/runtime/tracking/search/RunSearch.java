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
   * One page of a search: every matching run in order, and the page's runs checked in full.
   *
   * @param matching every active run that matches, in order; each checked to be current in what
   *     the filter and order read, the rest of it as the index last read it (params never change
   *     after they are logged; tags and a finished run's metrics rarely do)
   * @param runs the runs from {@code offset} on, at most {@code limit}, each checked in full
   */
  public record Page(List<StoredRun> matching, List<StoredRun> runs) {}

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
    return page(store, experimentIds, filter, orderBy, 0, maxResults).runs();
  }

  /**
   * A page of the search: the matching runs from {@code offset} on, at most {@code limit}, checked
   * in full, and all the matching runs (for a total and for columns), without reading the runs
   * outside the page in full. {@code search(.., max)} is {@code page(.., 0, max).runs()}.
   *
   * @throws IllegalArgumentException for an unknown experiment id or a negative offset or limit
   */
  public static Page page(
      FileStore store, List<String> experimentIds, SearchFilter filter, List<OrderBy> orderBy, int offset, int limit)
      throws IOException {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative, got " + offset + ", " + limit);
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
    List<StoredRun> result = new ArrayList<>(Math.min(Math.max(matching.size() - offset, 0), limit));
    for (int i = offset; i < matching.size() && result.size() < limit; i++) {
      StoredRun run = matching.get(i);
      StoredRun full = listings.get(run).complete(run);
      // Re-read when something else of it changed meanwhile: it must still be a matching run.
      if (full != null && (full == run || filter.matches(full))) {
        result.add(full);
      }
    }
    return new Page(matching, result);
  }
}
