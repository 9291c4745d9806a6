package cc.microsolidarity.tributary.poll;

import cc.microsolidarity.tributary.model.Counted;
import cc.microsolidarity.tributary.model.Source;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per poll, WARN with the reason on failure; nothing per item. Quiet: the WARN
 * lines only (failures and moves), as {@code poll --quiet} from cron wants.
 */
public final class LoggingPollListener implements PollListener {
  private static final Logger log = LoggerFactory.getLogger("tributary.poll");

  private final boolean quiet;

  public LoggingPollListener() {
    this(false);
  }

  public LoggingPollListener(boolean quiet) {
    this.quiet = quiet;
  }

  @Override
  public void pollFinished(Source source, PollOutcome o) {
    if (quiet && o.status() != PollOutcome.Status.FAILED) {
      return;
    }
    switch (o.status()) {
      case FAILED -> log.warn("{} failed: {} ({}{} ms, {})", o.sourceId(), o.error(),
          // 0: no HTTP status to tell (the connection failed, or storing did); the error says
          o.httpStatus() == 0 ? "" : "status " + o.httpStatus() + ", ", o.elapsedMillis(),
          o.nextDue() == null
              ? "not polled again until its URL in feeds.yaml changes" // a 410 disabled it
              : "next try " + o.nextDue().truncatedTo(ChronoUnit.SECONDS));
      case DISABLED -> log.debug("{} skipped: disabled", o.sourceId());
      case NOT_MODIFIED -> log.info("{} {} not modified, {} ms", o.sourceId(), o.httpStatus(),
          o.elapsedMillis());
      default -> log.info("{} {} {} bytes, {}: {} new, {} updated, {} merged, {} filtered,"
              + " {} ms", o.sourceId(), o.httpStatus(), o.bytes(), Counted.of(o.items(), "item"),
          o.stored().added(), o.stored().updated(), o.stored().merged(), o.stored().filtered(),
          o.elapsedMillis());
    }
    if (o.warning() != null && !quiet) {
      log.info("{} recovered: {}", o.sourceId(), o.warning());
    }
  }

  @Override
  public void sourceMoved(Source source, URI from, URI to) {
    log.warn("{} moved permanently: {} -> {} (polling the new address; feeds.yaml unchanged)",
        source.id(), from, to);
  }
}
