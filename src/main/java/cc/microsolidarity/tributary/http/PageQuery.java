package cc.microsolidarity.tributary.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code page} parameter of {@code /feed.atom?page=N} (RFC 5005 paging). Other query
 * parameters (cache busters) are ignored. A page that is not a positive decimal number up to
 * {@link #MAX_PAGE}, or given twice, is a client error: {@code 0} means a bad request.
 */
final class PageQuery {
  static final int MAX_PAGE = 1_000_000;
  static final int BAD = 0;

  private PageQuery() {}

  /** The requested page (1 when absent), or {@link #BAD}. */
  static int page(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return 1;
    }
    String value = null;
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (key == null) {
        return BAD;
      }
      if (key.equals("page")) {
        if (value != null) {
          return BAD;
        }
        value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (value == null) {
          return BAD;
        }
      }
    }
    if (value == null) {
      return 1;
    }
    if (!value.matches("[1-9][0-9]{0,6}")) {
      return BAD;
    }
    int page = Integer.parseInt(value);
    return page <= MAX_PAGE ? page : BAD;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
