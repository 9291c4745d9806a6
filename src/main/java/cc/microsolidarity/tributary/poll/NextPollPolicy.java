package cc.microsolidarity.tributary.poll;

import cc.microsolidarity.tributary.fetch.FetchResult;
import java.time.Duration;
import java.time.Instant;

/** Interim policy; replaced by the fetch work (issue 3). */
public final class NextPollPolicy {
  static final Duration CAP = Duration.ofHours(24);

  public Instant afterSuccess(Duration interval, Duration cacheHint, Duration refreshHint,
      Instant now) {
    return now.plus(interval);
  }

  public Instant afterFailure(Duration interval, FetchResult.Failed failure, int failures,
      Instant now) {
    if (failure != null && failure.reason() == FetchResult.Reason.GONE) {
      return null;
    }
    Duration wait = interval.multipliedBy(1L << Math.min(failures, 20));
    return now.plus(wait.compareTo(CAP) > 0 ? CAP : wait);
  }
}
