package cc.microsolidarity.tributary.model;

import java.net.URI;
import java.time.Instant;

/**
 * What operators see of one source ({@code sources}, {@code /health}, OPML). Times may be null
 * (never happened). {@code effectiveUrl} differs from {@code url} after a permanent redirect.
 */
public record SourceStatus(
    String id,
    SourceKind kind,
    URI url,
    URI effectiveUrl,
    State state,
    int lastStatus,
    Instant lastAttempt,
    Instant lastSuccess,
    String lastError,
    int consecutiveFailures,
    long items,
    Instant nextPoll,
    String title,
    String warning) {

  public enum State {
    OK, FAILING, BACKING_OFF, DISABLED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
