package cc.microsolidarity.tributary.poll;

import cc.microsolidarity.tributary.model.Source;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One INFO line per poll, WARN with the reason on failure; nothing per item. */
public final class LoggingPollListener implements PollListener {
  private static final Logger log = LoggerFactory.getLogger("tributary.poll");

  @Override
  public void pollFinished(Source source, PollOutcome o) {
    switch (o.status()) {
      case FAILED -> log.warn("{} failed: {} (status {}, {} ms, next try {})",
          o.sourceId(), o.error(), o.httpStatus(), o.elapsedMillis(), toSecond(o.nextDue()));
      case DISABLED -> log.debug("{} skipped: disabled", o.sourceId());
      case NOT_MODIFIED -> log.info("{} {} not modified, {} ms", o.sourceId(), o.httpStatus(),
          o.elapsedMillis());
      default -> log.info("{} {} {} bytes, {} items: {} new, {} updated, {} merged, {} filtered,"
              + " {} ms", o.sourceId(), o.httpStatus(), o.bytes(), o.items(), o.stored().added(),
          o.stored().updated(), o.stored().merged(), o.stored().filtered(), o.elapsedMillis());
    }
    if (o.warning() != null) {
      log.info("{} recovered: {}", o.sourceId(), o.warning());
    }
  }

  /** An operator reads the next try to the second; the scheduler's nanoseconds are noise. */
  private static Instant toSecond(Instant due) {
    return due == null ? null : due.truncatedTo(ChronoUnit.SECONDS);
  }

  @Override
  public void sourceMoved(Source source, URI from, URI to) {
    log.warn("{} moved permanently: {} -> {} (polling the new address; feeds.yaml unchanged)",
        source.id(), from, to);
  }
}
