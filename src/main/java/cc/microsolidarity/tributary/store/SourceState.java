package cc.microsolidarity.tributary.store;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * Fetch bookkeeping of one source, persisted so a restart neither forgets a permanent redirect
 * nor hammers a source that is backing off. Times may be null (never happened).
 */
public record SourceState(
    String sourceId,
    URI configuredUrl,
    URI effectiveUrl,
    String etag,
    String lastModified,
    String bodyHash,
    Instant lastAttempt,
    Instant lastSuccess,
    int lastStatus,
    String lastError,
    String warning,
    int consecutiveFailures,
    Instant nextDue,
    String disabledReason,
    String feedTitle,
    Duration refreshHint) {

  /** A source never polled, or whose URL in feeds.yaml changed: start afresh. */
  public static SourceState fresh(String sourceId, URI configuredUrl) {
    return new SourceState(sourceId, configuredUrl, null, null, null, null, null, null, 0, null,
        null, 0, null, null, null, null);
  }

  /**
   * When to poll next at {@code interval}, the one in feeds.yaml now. A healthy source waits
   * the interval, or the refresh hint its last success carried when that is longer, from its
   * last attempt, so a shortened interval takes effect at once. The stored due time still wins
   * when it is earlier: after a lengthened interval the source is polled once more at its old
   * time, and a due time set by hand (to poll a source now) is kept. A failing source keeps the
   * backoff or Retry-After it was given, and a row saved before the hint was stored keeps its
   * due time.
   */
  public Instant dueWith(Duration interval) {
    if (consecutiveFailures != 0 || lastAttempt == null || nextDue == null
        || refreshHint == null) {
      return nextDue;
    }
    Instant again = lastAttempt.plus(interval.compareTo(refreshHint) >= 0 ? interval
        : refreshHint);
    return again.isBefore(nextDue) ? again : nextDue;
  }

  /** The URL to ask: the permanent-redirect target when there is one. */
  public URI urlToFetch() {
    return effectiveUrl != null ? effectiveUrl : configuredUrl;
  }

  public boolean disabled() {
    return disabledReason != null;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copy-with-changes for the many fields a poll touches. */
  public static final class Builder {
    private final SourceState s;
    private URI effectiveUrl;
    private String etag;
    private String lastModified;
    private String bodyHash;
    private Instant lastAttempt;
    private Instant lastSuccess;
    private int lastStatus;
    private String lastError;
    private String warning;
    private int consecutiveFailures;
    private Instant nextDue;
    private String disabledReason;
    private String feedTitle;
    private Duration refreshHint;

    private Builder(SourceState s) {
      this.s = s;
      effectiveUrl = s.effectiveUrl;
      etag = s.etag;
      lastModified = s.lastModified;
      bodyHash = s.bodyHash;
      lastAttempt = s.lastAttempt;
      lastSuccess = s.lastSuccess;
      lastStatus = s.lastStatus;
      lastError = s.lastError;
      warning = s.warning;
      consecutiveFailures = s.consecutiveFailures;
      nextDue = s.nextDue;
      disabledReason = s.disabledReason;
      feedTitle = s.feedTitle;
      refreshHint = s.refreshHint;
    }

    public Builder effectiveUrl(URI v) { effectiveUrl = v; return this; }
    public Builder validators(String etagValue, String lastModifiedValue) {
      etag = etagValue;
      lastModified = lastModifiedValue;
      return this;
    }
    public Builder bodyHash(String v) { bodyHash = v; return this; }
    public Builder lastAttempt(Instant v) { lastAttempt = v; return this; }
    public Builder lastSuccess(Instant v) { lastSuccess = v; return this; }
    public Builder lastStatus(int v) { lastStatus = v; return this; }
    public Builder lastError(String v) { lastError = v; return this; }
    public Builder warning(String v) { warning = v; return this; }
    public Builder consecutiveFailures(int v) { consecutiveFailures = v; return this; }
    public Builder nextDue(Instant v) { nextDue = v; return this; }
    public Builder disabledReason(String v) { disabledReason = v; return this; }
    public Builder feedTitle(String v) { feedTitle = v; return this; }
    public Builder refreshHint(Duration v) { refreshHint = v; return this; }

    public SourceState build() {
      return new SourceState(s.sourceId, s.configuredUrl, effectiveUrl, etag, lastModified,
          bodyHash, lastAttempt, lastSuccess, lastStatus, lastError, warning,
          consecutiveFailures, nextDue, disabledReason, feedTitle, refreshHint);
    }
  }
}
