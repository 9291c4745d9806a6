package cc.microsolidarity.tributary.http;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Conditional GET (RFC 9110 §13.1): If-None-Match with the weak comparison, lists and
 * {@code *}; If-Modified-Since only when there is no If-None-Match (§13.1.3).
 */
final class Preconditions {
  private Preconditions() {}

  /**
   * True when the client's copy is current and a 304 is the answer. Reads the request's
   * fields by index and compares in place: this runs on every conditional request, and a
   * 304 is cheap enough that a list or a substring per request shows in its profile.
   */
  static boolean notModified(HttpFields request, String etag, Instant lastModified) {
    boolean askedByTag = false;
    String ifModifiedSince = null;
    for (int i = 0, n = request.size(); i < n; i++) {
      HttpField field = request.getField(i);
      if (field.getHeader() == HttpHeader.IF_NONE_MATCH) {
        askedByTag = true;
        if (matches(field.getValue(), etag)) {
          return true;
        }
      } else if (field.getHeader() == HttpHeader.IF_MODIFIED_SINCE && ifModifiedSince == null) {
        ifModifiedSince = field.getValue();
      }
    }
    if (askedByTag || ifModifiedSince == null || lastModified == null) {
      return false;
    }
    try {
      Instant since = ZonedDateTime.parse(ifModifiedSince.trim(),
          DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return !lastModified.isAfter(since);
    } catch (DateTimeParseException e) {
      return false; // an invalid date is ignored (§13.1.3)
    }
  }

  /** One If-None-Match header value against our (quoted, strong) ETag, compared weakly. */
  static boolean matches(String header, String etag) {
    if (header == null) {
      return false;
    }
    // Our tag's opaque part, without its W/ and quotes.
    int from = etag.startsWith("W/") ? 2 : 0;
    int to = etag.length();
    if (to - from >= 2 && etag.charAt(from) == '"' && etag.charAt(to - 1) == '"') {
      from++;
      to--;
    }
    int length = to - from;
    int i = 0;
    int n = header.length();
    while (i < n) {
      char c = header.charAt(i);
      if (c == ' ' || c == '\t' || c == ',') {
        i++;
      } else if (c == '*') {
        return true;
      } else {
        if (header.startsWith("W/", i)) {
          i += 2;
        }
        if (i >= n || header.charAt(i) != '"') {
          return false; // malformed: stop, no match
        }
        int end = header.indexOf('"', i + 1);
        if (end < 0) {
          return false;
        }
        if (end - i - 1 == length && header.regionMatches(i + 1, etag, from, length)) {
          return true;
        }
        i = end + 1;
      }
    }
    return false;
  }
}
