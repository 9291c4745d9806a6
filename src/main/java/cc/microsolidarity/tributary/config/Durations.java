package cc.microsolidarity.tributary.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses operator durations: {@code 90s}, {@code 30m}, {@code 6h}, {@code 1d}, {@code 1h30m}. */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+[smhd])+");
  private static final Pattern PART = Pattern.compile("(\\d+)([smhd])");

  private Durations() {}

  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    if (!WHOLE.matcher(t).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(t);
    try {
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total = total.plus(switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(total);
  }

  /** The short form used in messages and tables: {@code 6h}, {@code 1h30m}, {@code 45s}. */
  public static String format(Duration d) {
    if (d == null) {
      return "-";
    }
    long s = d.getSeconds();
    StringBuilder b = new StringBuilder();
    long days = s / 86400;
    long hours = s % 86400 / 3600;
    long minutes = s % 3600 / 60;
    long seconds = s % 60;
    if (days > 0) b.append(days).append('d');
    if (hours > 0) b.append(hours).append('h');
    if (minutes > 0) b.append(minutes).append('m');
    if (seconds > 0 || b.length() == 0) b.append(seconds).append('s');
    return b.toString();
  }
}
