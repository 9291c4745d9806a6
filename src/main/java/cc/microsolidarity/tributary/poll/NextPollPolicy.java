package cc.microsolidarity.tributary.poll;

import cc.microsolidarity.tributary.fetch.FetchResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When to poll a source next. Pure: {@code now} is passed in, nothing is stored.
 *
 * <ul>
 *   <li><b>success</b> (200 or 304): {@code now + max(interval, hint)}, where the hint is the
 *       larger of the server's cache hint and the feed's own refresh hint (RSS {@code ttl}, ...),
 *       capped at {@link #MAX_DELAY} so a feed cannot push itself away for more than a day;
 *   <li><b>429/503 with Retry-After</b>: {@code now + max(interval, min(retryAfter, 24 h))}.
 *       The server's word is honoured instead of, not on top of, exponential backoff; the
 *       interval stays the floor so "Retry-After: 1" cannot make us poll faster than configured;
 *   <li><b>410 Gone</b>: null, the source is disabled;
 *   <li><b>any other failure</b> (and 429/503 without Retry-After):
 *       {@code now + max(interval, min(interval × 2^consecutiveFailures, 24 h))}, where
 *       {@code consecutiveFailures} counts this failure too (1 on the first): 2×, 4×, 8× ...
 *       A success resets the count, so the next delay is the plain interval again.
 * </ul>
 * An interval longer than 24 h is never shortened by the cap.
 */
public final class NextPollPolicy {

  public static final Duration MAX_DELAY = Duration.ofHours(24);

  /** The next due time after {@code result}; null when the source must be disabled. */
  public Instant next(Duration interval, FetchResult result, Duration feedRefreshHint,
      int consecutiveFailures, Instant now) {
    if (result instanceof FetchResult.Fetched fetched) {
      return afterSuccess(interval, fetched.cacheHint(), feedRefreshHint, now);
    }
    if (result instanceof FetchResult.NotModified notModified) {
      return afterSuccess(interval, notModified.cacheHint(), feedRefreshHint, now);
    }
    FetchResult.Failed failed = (FetchResult.Failed) result;
    return afterFailure(interval, failed.reason(), failed.retryAfter(), consecutiveFailures, now);
  }

  /** After a 200 or 304. Either hint may be null. */
  public Instant afterSuccess(Duration interval, Duration cacheHint, Duration feedRefreshHint,
      Instant now) {
    Objects.requireNonNull(interval, "interval");
    return now.plus(longer(interval, refreshHint(cacheHint, feedRefreshHint)));
  }

  /**
   * The wait a success's hints ask for, whatever the interval: the longer of the two, at most
   * {@link #MAX_DELAY}; zero for none. Stored, so the due time can be worked out again when the
   * interval changes ({@code SourceState.dueWith}).
   */
  public Duration refreshHint(Duration cacheHint, Duration feedRefreshHint) {
    return shorter(longer(positiveOrZero(cacheHint), positiveOrZero(feedRefreshHint)),
        MAX_DELAY);
  }

  /** After a failure; null for {@code GONE}. */
  public Instant afterFailure(Duration interval, FetchResult.Reason reason, Duration retryAfter,
      int consecutiveFailures, Instant now) {
    Objects.requireNonNull(interval, "interval");
    if (reason == FetchResult.Reason.GONE) {
      return null;
    }
    if (reason == FetchResult.Reason.RATE_LIMITED && retryAfter != null) {
      return now.plus(longer(interval, shorter(positiveOrZero(retryAfter), MAX_DELAY)));
    }
    return now.plus(longer(interval, backoff(interval, consecutiveFailures)));
  }

  /** {@code interval × 2^failures}, capped at {@link #MAX_DELAY} without overflowing. */
  static Duration backoff(Duration interval, int consecutiveFailures) {
    int exponent = Math.min(64, Math.max(0, consecutiveFailures)); // keeps the loop bounded
    Duration delay = interval;
    for (int i = 0; i < exponent && delay.compareTo(MAX_DELAY) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return shorter(delay, MAX_DELAY);
  }

  private static Duration positiveOrZero(Duration d) {
    return d == null || d.isNegative() ? Duration.ZERO : d;
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
