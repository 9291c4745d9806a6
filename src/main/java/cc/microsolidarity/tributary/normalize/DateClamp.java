package cc.microsolidarity.tributary.normalize;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Drops dates too far in the future to be true (a mis-set clock, a wrong zone, a scheduled
 * post leaking early). A day of slack covers zone mistakes without letting an entry sit on
 * top of the feed. Null means "unknown: use the first-seen time", which the store applies.
 */
public final class DateClamp {
  static final Duration SLACK = Duration.ofDays(1);

  private final Clock clock;

  public DateClamp(Clock clock) {
    this.clock = clock;
  }

  /** {@code date}, or null when it is null or more than a day after now. */
  public Instant clamp(Instant date) {
    if (date == null) {
      return null;
    }
    return date.isAfter(clock.instant().plus(SLACK)) ? null : date;
  }
}
