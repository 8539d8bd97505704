package io.repro4j.runtime.tracking;

import java.util.Locale;

/**
 * What kind of store a tracking URI names. Apart from {@link MlflowRestClient} so that a command
 * reading a local store can ask without loading the client, whose JSON mapper costs a cold
 * {@code repro4j runs} about 500 classes.
 */
public final class TrackingUris {
  private TrackingUris() {}

  /** Whether a tracking URI names a server ({@code http:} or {@code https:}) rather than a directory. */
  public static boolean isServerUri(String trackingUri) {
    if (trackingUri == null) {
      return false;
    }
    String lower = trackingUri.trim().toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  /** {@code uri} with any {@code user:password@} part replaced by {@code ***@}, for messages. */
  public static String redacted(String uri) {
    return uri == null ? null : uri.replaceFirst("^([A-Za-z][A-Za-z0-9+.\\-]*://)[^/@]*@", "$1***@");
  }
}
