package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Entry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Date rules shared by the writers. Nothing here reads the clock: outputs carry no build time. */
final class Times {
  /** The date of an empty feed: fixed, so an empty feed keeps its ETag too. */
  static final Instant EMPTY_FEED = Instant.EPOCH;

  private static final DateTimeFormatter RFC_822 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private Times() {}

  static Instant published(Entry e) {
    if (e.published() != null) {
      return e.published();
    }
    return e.firstSeen() != null ? e.firstSeen() : updated(e);
  }

  static Instant updated(Entry e) {
    Instant u = e.updated() != null ? e.updated() : e.published();
    if (u == null) {
      u = e.firstSeen() != null ? e.firstSeen() : EMPTY_FEED;
    }
    Instant p = e.published();
    return p != null && p.isAfter(u) ? p : u;
  }

  /** The newest updated time of these entries, or {@link #EMPTY_FEED}. */
  static Instant newest(List<Entry> entries) {
    Instant newest = EMPTY_FEED;
    for (Entry e : entries) {
      Instant u = updated(e);
      if (u.isAfter(newest)) {
        newest = u;
      }
    }
    return newest.truncatedTo(ChronoUnit.SECONDS);
  }

  /** RFC 3339, whole seconds, UTC ("2024-06-03T10:15:30Z"). */
  static String rfc3339(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** RFC 822 as RSS 2.0 wants it ("Mon, 3 Jun 2024 10:15:30 GMT"). */
  static String rfc822(Instant t) {
    return RFC_822.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
