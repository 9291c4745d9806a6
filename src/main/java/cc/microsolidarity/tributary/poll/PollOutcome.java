package cc.microsolidarity.tributary.poll;

import cc.microsolidarity.tributary.store.StoreOutcome;
import java.time.Instant;

/**
 * What one poll of one source did. {@code httpStatus} is 0 when there was no response;
 * {@code error} is a short human message or null; {@code warning} names recoveries the parser
 * applied (or null).
 */
public record PollOutcome(
    String sourceId,
    Status status,
    int httpStatus,
    String error,
    String warning,
    StoreOutcome stored,
    int items,
    long bytes,
    long elapsedMillis,
    Instant nextDue) {

  public enum Status {
    /** A new document was parsed and stored (it may still have added nothing new). */
    FETCHED,
    /** 304, or a 200 with the same bytes as last time: nothing parsed. */
    NOT_MODIFIED,
    FAILED,
    /** Not fetched: disabled in feeds.yaml or by a 410. */
    DISABLED
  }

  public boolean changedEntries() {
    return stored != null && stored.changedEntries();
  }
}
