package cc.microsolidarity.tributary.parse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the dates feeds actually carry: RFC 822 and its corruptions (no weekday, one-digit
 * day, two-digit year, named zones, {@code +HH:MM}, doubled spaces, "1500" without a colon,
 * 12-hour clocks, month-first US order, Italian/Portuguese/German/French month names) and ISO
 * 8601 / RFC 3339 variants including {@code dc:date}'s bare date. A missing zone means UTC.
 * Anything else is null, never an exception. Thread-safe.
 */
final class FeedDates {
  private static final String TIME =
      "(?:[ T,]+(\\d{1,2})(?::?(\\d{2}))(?::(\\d{2})(?:[.,]\\d+)?)?\\s*([AaPp]\\.?[Mm]\\.?)?)?";
  private static final String ZONE = "\\s*(?:\\(?([A-Za-z]{1,5}|[+-]\\d{1,2}(?::?\\d{2})?)\\)?)?"
      + "(?:\\s*\\(?([+-]\\d{2}:?\\d{2})\\)?)?\\s*(?:\\([^)]*\\))?$";
  private static final Pattern LEADING_WORD = Pattern.compile("^\\p{L}+\\.?,?\\s*");
  private static final Pattern DAY_FIRST =
      Pattern.compile("^(\\d{1,2})[ -](\\p{L}{3,})\\.?,?[ -](\\d{2,4})" + TIME + ZONE);
  private static final Pattern MONTH_FIRST =
      Pattern.compile("^(\\p{L}{3,})\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})" + TIME + ZONE);
  private static final Pattern ISO = Pattern.compile(
      "^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?:[T ]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
          + "\\s*(Z|[+-]\\d{2}(?::?\\d{2})?|[A-Za-z]{2,5})?$");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private static final Map<String, Integer> MONTHS = Map.ofEntries(
      Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4),
      Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8),
      Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12),
      // Italian, Portuguese, Spanish, German, French abbreviations that differ from English.
      Map.entry("gen", 1), Map.entry("mag", 5), Map.entry("giu", 6), Map.entry("lug", 7),
      Map.entry("ago", 8), Map.entry("set", 9), Map.entry("ott", 10), Map.entry("dic", 12),
      Map.entry("fev", 2), Map.entry("abr", 4), Map.entry("mai", 5), Map.entry("out", 10),
      Map.entry("dez", 12), Map.entry("ene", 1), Map.entry("okt", 10), Map.entry("mär", 3),
      Map.entry("mrz", 3), Map.entry("janv", 1), Map.entry("fév", 2), Map.entry("févr", 2),
      Map.entry("avr", 4), Map.entry("juin", 6), Map.entry("juil", 7), Map.entry("aoû", 8),
      Map.entry("déc", 12), Map.entry("sept", 9));

  private static final Map<String, Integer> ZONES_MINUTES = Map.ofEntries(
      Map.entry("UT", 0), Map.entry("UTC", 0), Map.entry("GMT", 0), Map.entry("Z", 0),
      Map.entry("EST", -300), Map.entry("EDT", -240), Map.entry("CST", -360),
      Map.entry("CDT", -300), Map.entry("MST", -420), Map.entry("MDT", -360),
      Map.entry("PST", -480), Map.entry("PDT", -420), Map.entry("AKST", -540),
      Map.entry("AKDT", -480), Map.entry("HST", -600), Map.entry("AST", -240),
      Map.entry("ADT", -180), Map.entry("NST", -210), Map.entry("NDT", -150),
      Map.entry("BST", 60), Map.entry("IST", 60), Map.entry("WET", 0), Map.entry("WEST", 60),
      Map.entry("CET", 60), Map.entry("CEST", 120), Map.entry("MET", 60),
      Map.entry("MEST", 120), Map.entry("EET", 120), Map.entry("EEST", 180),
      Map.entry("MSK", 180), Map.entry("JST", 540), Map.entry("KST", 540),
      Map.entry("AEST", 600), Map.entry("AEDT", 660), Map.entry("ACST", 570),
      Map.entry("AWST", 480), Map.entry("NZST", 720), Map.entry("NZDT", 780));

  /** The instant {@code text} names, or null when it is blank or not a date we can read. */
  static Instant parse(String text) {
    return parse(text, true);
  }

  /** {@link #parse} without the fast path for the common forms: what that path must match. */
  static Instant parseByPatterns(String text) {
    return parse(text, false);
  }

  private static Instant parse(String text, boolean fast) {
    if (text == null) {
      return null;
    }
    String trimmed = text.trim();
    String s = hasOddSpace(trimmed) ? SPACES.matcher(trimmed).replaceAll(" ") : trimmed;
    if (s.isEmpty() || s.length() > 80) {
      return null;
    }
    try {
      Instant common = fast ? commonForm(s) : null;
      if (common != null) {
        return common;
      }
      Matcher iso = ISO.matcher(s);
      if (iso.matches()) {
        return fromIso(iso);
      }
      Instant asIs = rfc822ish(s);
      // A weekday (in any language, with or without its comma) carries nothing we need.
      return asIs != null ? asIs : rfc822ish(LEADING_WORD.matcher(s).replaceFirst(""));
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  /**
   * The two forms nearly every feed writes, read without regular expressions (they cost most of
   * date parsing): {@code Wed, 02 Oct 2002 13:00:00 GMT} / {@code +0200} and RFC 3339
   * {@code 2002-10-02T13:00:00Z} / {@code .5+02:00} / a bare {@code 2002-10-02}. Each yields
   * exactly what the patterns below would; null means "not one of these", never "no date"
   * (an impossible date in one of them still throws, as it does through the patterns).
   */
  private static Instant commonForm(String s) {
    int n = s.length();
    if (n >= 10 && digits(s, 0, 4) && s.charAt(4) == '-' && digits(s, 5, 7)
        && s.charAt(7) == '-' && digits(s, 8, 10)) {
      return rfc3339(s, n);
    }
    // "Www, " then a one- or two-digit day.
    if (n >= 25 && letters(s, 0, 3) && s.charAt(3) == ',' && s.charAt(4) == ' ') {
      return rfc822(s, n);
    }
    return null;
  }

  private static Instant rfc3339(String s, int n) {
    int year = number(s, 0, 4);
    int month = number(s, 5, 7);
    int day = number(s, 8, 10);
    if (n == 10) {
      return LocalDateTime.of(year, month, day, 0, 0).toInstant(ZoneOffset.UTC);
    }
    if (n < 20 || s.charAt(10) != 'T' || !digits(s, 11, 13) || s.charAt(13) != ':'
        || !digits(s, 14, 16) || s.charAt(16) != ':' || !digits(s, 17, 19)) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 10 && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start || i - start > 9) {
        return null;
      }
      nanos = Integer.parseInt((s.substring(start, i) + "00000000").substring(0, 9));
    }
    String zone = s.substring(i);
    boolean z = zone.equals("Z");
    boolean offset = zone.length() == 6 && (zone.charAt(0) == '+' || zone.charAt(0) == '-')
        && digits(zone, 1, 3) && zone.charAt(3) == ':' && digits(zone, 4, 6);
    if (!z && !offset) {
      return null;
    }
    return LocalDateTime.of(year, month, day, number(s, 11, 13), number(s, 14, 16),
        number(s, 17, 19), nanos).toInstant(ZoneOffset.ofTotalSeconds(zoneMinutes(zone) * 60));
  }

  private static Instant rfc822(String s, int n) {
    // After "Www, ": D or DD, ' ', Mmm, ' ', YYYY, ' ', HH:MM:SS, ' ', zone.
    int i = 5;
    int dayEnd = isDigit(s.charAt(i + 1)) ? i + 2 : i + 1;
    if (!isDigit(s.charAt(i)) || s.charAt(dayEnd) != ' ') {
      return null;
    }
    int m = dayEnd + 1;
    if (n < m + 19 || !letters(s, m, m + 3) || s.charAt(m + 3) != ' '
        || !digits(s, m + 4, m + 8) || s.charAt(m + 8) != ' '
        || !digits(s, m + 9, m + 11) || s.charAt(m + 11) != ':'
        || !digits(s, m + 12, m + 14) || s.charAt(m + 14) != ':'
        || !digits(s, m + 15, m + 17) || s.charAt(m + 17) != ' ') {
      return null;
    }
    int month = month(s.substring(m, m + 3));
    int hour = number(s, m + 9, m + 11);
    String zone = s.substring(m + 18);
    boolean offset = zone.length() == 5 && (zone.charAt(0) == '+' || zone.charAt(0) == '-')
        && digits(zone, 1, 5);
    // A zone spelled like "PM" or "AMT" is read by the patterns as a 12-hour clock's suffix.
    boolean named = zone.length() <= 5 && letters(zone, 0, zone.length())
        && !(zone.length() >= 2 && "AaPp".indexOf(zone.charAt(0)) >= 0
            && (zone.charAt(1) == 'M' || zone.charAt(1) == 'm'));
    // Unknown months and the 24:00 roll-over are the patterns' business.
    if (month < 1 || hour == 24 || zone.isEmpty() || !offset && !named) {
      return null;
    }
    return LocalDateTime.of(number(s, m + 4, m + 8), month, number(s, i, dayEnd), hour,
        number(s, m + 12, m + 14), number(s, m + 15, m + 17))
        .toInstant(ZoneOffset.ofTotalSeconds(zoneMinutes(zone) * 60));
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean letters(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int number(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  /** Whether SPACES would change {@code s}: a whitespace other than one lone space. */
  private static boolean hasOddSpace(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c == ' ' ? i + 1 < n && Character.isWhitespace(s.charAt(i + 1))
          : Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return true;
      }
    }
    return false;
  }

  private static Instant rfc822ish(String s) {
    Matcher m = DAY_FIRST.matcher(s);
    if (m.matches()) {
      return build(year(m.group(3)), month(m.group(2)), m.group(1), m, 4);
    }
    m = MONTH_FIRST.matcher(s);
    if (m.matches()) {
      return build(year(m.group(3)), month(m.group(1)), m.group(2), m, 4);
    }
    return null;
  }

  private static Instant fromIso(Matcher m) {
    int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
    int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
    int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
    int nanos = 0;
    if (m.group(7) != null) {
      nanos = Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
    }
    LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), hour, minute, second, nanos);
    return local.toInstant(ZoneOffset.ofTotalSeconds(zoneMinutes(m.group(8)) * 60));
  }

  private static Instant build(int year, int month, String day, Matcher m, int g) {
    if (month < 1) {
      return null;
    }
    int hour = m.group(g) == null ? 0 : Integer.parseInt(m.group(g));
    int minute = m.group(g + 1) == null ? 0 : Integer.parseInt(m.group(g + 1));
    int second = m.group(g + 2) == null ? 0 : Integer.parseInt(m.group(g + 2));
    String ampm = m.group(g + 3);
    if (ampm != null) {
      boolean pm = Character.toLowerCase(ampm.charAt(0)) == 'p';
      if (hour == 12) {
        hour = pm ? 12 : 0;
      } else if (pm) {
        hour += 12;
      }
    }
    // "Sat, 01 Jan 2000 24:00:00" exists in the wild: roll to the next day.
    int extraDays = 0;
    if (hour == 24 && minute == 0 && second == 0) {
      hour = 0;
      extraDays = 1;
    }
    String zone = m.group(g + 5) != null ? m.group(g + 5) : m.group(g + 4);
    LocalDateTime local = LocalDateTime.of(year, month, Integer.parseInt(day), hour, minute,
        second).plusDays(extraDays);
    return local.toInstant(ZoneOffset.ofTotalSeconds(zoneMinutes(zone) * 60));
  }

  private static int year(String y) {
    int v = Integer.parseInt(y);
    if (y.length() == 2) {
      return v < 50 ? 2000 + v : 1900 + v;
    }
    if (y.length() == 3) {
      throw new NumberFormatException("three-digit year");
    }
    return v;
  }

  private static int month(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (int len = Math.min(4, lower.length()); len >= 3; len--) {
      Integer v = MONTHS.get(lower.substring(0, len));
      if (v != null) {
        return v;
      }
    }
    return -1;
  }

  /** Minutes east of UTC; UTC for a missing or unknown zone name. */
  private static int zoneMinutes(String zone) {
    if (zone == null || zone.isEmpty()) {
      return 0;
    }
    char first = zone.charAt(0);
    if (first == '+' || first == '-') {
      String digits = zone.substring(1).replace(":", "");
      int hours;
      int minutes = 0;
      if (digits.length() <= 2) {
        hours = Integer.parseInt(digits);
      } else {
        hours = Integer.parseInt(digits.substring(0, digits.length() - 2));
        minutes = Integer.parseInt(digits.substring(digits.length() - 2));
      }
      if (hours > 18 || minutes > 59) {
        throw new NumberFormatException("offset out of range: " + zone);
      }
      int total = hours * 60 + minutes;
      return first == '-' ? -total : total;
    }
    return ZONES_MINUTES.getOrDefault(zone.toUpperCase(Locale.ROOT), 0);
  }
}
