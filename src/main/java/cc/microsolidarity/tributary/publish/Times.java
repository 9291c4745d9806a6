package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Entry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Date rules shared by the writers. Nothing here reads the clock: outputs carry no build time. */
final class Times {
  /** The date of an empty feed: fixed, so an empty feed keeps its ETag too. */
  static final Instant EMPTY_FEED = Instant.EPOCH;

  /** 10000-01-01T00:00:00Z: from here on a year has five digits. */
  private static final long YEAR_10000 = 253_402_300_800L;
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
    long seconds = t.getEpochSecond();
    if (seconds < 0 || seconds >= YEAR_10000) {
      return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
    // By hand: /health formats two dates for each of 10,000 sources every few seconds, and
    // the JDK's formatter was half of rendering it.
    LocalDateTime d = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    byte[] b = new byte[20];
    digits(b, 0, d.getYear(), 4);
    b[4] = '-';
    digits(b, 5, d.getMonthValue(), 2);
    b[7] = '-';
    digits(b, 8, d.getDayOfMonth(), 2);
    b[10] = 'T';
    digits(b, 11, d.getHour(), 2);
    b[13] = ':';
    digits(b, 14, d.getMinute(), 2);
    b[16] = ':';
    digits(b, 17, d.getSecond(), 2);
    b[19] = 'Z';
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static void digits(byte[] b, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      b[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /** RFC 822 as RSS 2.0 wants it ("Mon, 3 Jun 2024 10:15:30 GMT"). */
  static String rfc822(Instant t) {
    return RFC_822.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
