package cc.microsolidarity.tributary.parse;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lenient readers for iTunes podcast values as hosts really write them. Thread-safe. */
final class ItunesValues {
  private static final Pattern CLOCK =
      Pattern.compile("(\\d{1,4})\\s*:\\s*(\\d{1,2})(?:\\s*:\\s*(\\d{1,2}))?(?:[.,]\\d+)?");
  private static final Pattern SECONDS = Pattern.compile("(\\d{1,9})(?:[.,]\\d+)?");
  private static final Pattern UNIT = Pattern.compile(
      "(\\d{1,6})\\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\\b");
  private static final Pattern INTEGER = Pattern.compile("\\d{1,9}");
  private static final long MAX_SECONDS = 1000L * 3600;

  private ItunesValues() {
  }

  /**
   * {@code hh:mm:ss}, {@code mm:ss}, plain seconds (decimals dropped), "1h 5m", with junk
   * around them tolerated; null when nothing usable or zero.
   */
  static Duration duration(String text) {
    if (text == null) {
      return null;
    }
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("-")) {
      return null;
    }
    long seconds = -1;
    Matcher clock = CLOCK.matcher(s);
    if (clock.find()) {
      long a = Long.parseLong(clock.group(1));
      long b = Long.parseLong(clock.group(2));
      seconds = clock.group(3) == null ? a * 60 + b : a * 3600 + b * 60
          + Long.parseLong(clock.group(3));
    } else if (SECONDS.matcher(s).matches()) {
      seconds = Long.parseLong(SECONDS.matcher(s).replaceFirst("$1"));
    } else {
      seconds = unitSeconds(s);
      Matcher digits = INTEGER.matcher(s);
      if (seconds < 0 && digits.find()) {
        seconds = Long.parseLong(digits.group());
      }
    }
    return seconds > 0 && seconds < MAX_SECONDS ? Duration.ofSeconds(seconds) : null;
  }

  /** The first run of digits ("Episode 12" → 12), or null. */
  static Integer number(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = INTEGER.matcher(text);
    return m.find() ? Integer.valueOf(m.group()) : null;
  }

  /** yes/true/explicit → true, no/false/clean → false, else null. */
  static Boolean explicit(String text) {
    if (text == null) {
      return null;
    }
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "yes":
      case "true":
      case "explicit":
        return Boolean.TRUE;
      case "no":
      case "false":
      case "clean":
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  /** Bytes from an enclosure length attribute; -1 when missing, negative or not a number. */
  static long length(String text) {
    if (text == null) {
      return -1;
    }
    String s = text.trim();
    try {
      long v = Long.parseLong(s);
      return v >= 0 ? v : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Seconds from "1h 5m", "30 mins", ...; -1 when no unit is named. */
  private static long unitSeconds(String s) {
    Matcher m = UNIT.matcher(s);
    long total = -1;
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      char unit = m.group(2).charAt(0);
      total = Math.max(total, 0) + (unit == 'h' ? n * 3600 : unit == 'm' ? n * 60 : n);
    }
    return total;
  }
}
