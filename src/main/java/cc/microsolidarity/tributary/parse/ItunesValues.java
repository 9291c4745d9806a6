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
  private static final Pattern UNITS = Pattern.compile(
      "(?:(\\d+)\\s*h(?:ours?|rs?)?)?\\s*(?:(\\d+)\\s*m(?:in(?:utes?|s)?)?)?\\s*(?:(\\d+)\\s*s(?:ec(?:onds?|s)?)?)?");
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
      Matcher units = UNITS.matcher(s);
      if (units.matches() && (units.group(1) != null || units.group(2) != null
          || units.group(3) != null)) {
        seconds = 3600L * parseOr0(units.group(1)) + 60L * parseOr0(units.group(2))
            + parseOr0(units.group(3));
      } else {
        Matcher digits = INTEGER.matcher(s);
        if (digits.find()) {
          seconds = Long.parseLong(digits.group());
        }
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

  private static long parseOr0(String s) {
    return s == null ? 0 : Long.parseLong(s);
  }
}
