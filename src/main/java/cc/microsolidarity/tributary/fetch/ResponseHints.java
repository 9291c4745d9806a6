package cc.microsolidarity.tributary.fetch;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import okhttp3.CacheControl;
import okhttp3.Headers;

/**
 * Timing hints a server gives in its headers. Dates are taken relative to the response's own
 * {@code Date} header when present (so a skewed server clock does not matter), else to
 * {@code now}. Pure; safe for concurrent use.
 */
final class ResponseHints {

  /**
   * {@code Retry-After} in either form of RFC 9110 §10.2.3: delta-seconds or an HTTP-date.
   * Null when absent or unreadable; a date in the past gives zero.
   */
  static Duration retryAfter(Headers headers, Instant now) {
    String value = headers.get("Retry-After");
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.matches("\\d{1,10}")) {
      return Duration.ofSeconds(Long.parseLong(trimmed));
    }
    Date date = headers.getDate("Retry-After");
    return date == null ? null : untilOrZero(date.toInstant(), reference(headers, now));
  }

  /**
   * How long the server says the response stays fresh: {@code Cache-Control: max-age}, else
   * {@code Expires} minus {@code Date} (RFC 9111 §4.2.1). Null when neither says, or when
   * {@code no-store}/{@code no-cache} forbid reuse.
   */
  static Duration cacheHint(Headers headers, Instant now) {
    CacheControl cacheControl = CacheControl.parse(headers);
    if (cacheControl.noStore() || cacheControl.noCache()) {
      return null;
    }
    if (cacheControl.maxAgeSeconds() >= 0) {
      return Duration.ofSeconds(cacheControl.maxAgeSeconds());
    }
    Date expires = headers.getDate("Expires");
    return expires == null ? null : untilOrZero(expires.toInstant(), reference(headers, now));
  }

  private static Instant reference(Headers headers, Instant now) {
    Date date = headers.getDate("Date");
    return date == null ? now : date.toInstant();
  }

  private static Duration untilOrZero(Instant when, Instant reference) {
    Duration d = Duration.between(reference, when);
    return d.isNegative() ? Duration.ZERO : d;
  }

  private ResponseHints() {}
}
