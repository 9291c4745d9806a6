package cc.microsolidarity.tributary.http;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Conditional GET (RFC 9110 §13.1): If-None-Match with the weak comparison, lists and
 * {@code *}; If-Modified-Since only when there is no If-None-Match (§13.1.3).
 */
final class Preconditions {
  private Preconditions() {}

  /** True when the client's copy is current and a 304 is the answer. */
  static boolean notModified(List<String> ifNoneMatch, String ifModifiedSince, String etag,
      Instant lastModified) {
    if (!ifNoneMatch.isEmpty()) {
      for (String header : ifNoneMatch) {
        if (matches(header, etag)) {
          return true;
        }
      }
      return false;
    }
    if (ifModifiedSince == null || lastModified == null) {
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
    String ours = opaque(etag);
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
        if (header.substring(i + 1, end).equals(ours)) {
          return true;
        }
        i = end + 1;
      }
    }
    return false;
  }

  private static String opaque(String etag) {
    String t = etag.startsWith("W/") ? etag.substring(2) : etag;
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")
        ? t.substring(1, t.length() - 1) : t;
  }
}
