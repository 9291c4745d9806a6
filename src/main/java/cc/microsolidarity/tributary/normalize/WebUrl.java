package cc.microsolidarity.tributary.normalize;

/**
 * Keeps a URL only when a subscriber's reader can follow it without running anything: an
 * absolute {@code http} or {@code https} URL. Item links, enclosures and images arrive from
 * feeds as-is, and a {@code javascript:}, {@code vbscript:} or {@code data:} link would be one
 * click from running in a reader. Judged as browsers read URLs (WHATWG URL standard): leading
 * and trailing C0 controls and spaces are ignored and tabs and newlines inside are removed, so
 * {@code " java\tscript:"} is {@code javascript:}. Thread-safe (stateless).
 */
final class WebUrl {
  private WebUrl() {}

  /** The URL as a browser would read it when it is http(s); otherwise null. */
  static String orNull(String url) {
    if (url == null) {
      return null;
    }
    String cleaned = browserForm(url);
    if ((startsWithIgnoreCase(cleaned, "http://") || startsWithIgnoreCase(cleaned, "https://"))
        && cleaned.length() > cleaned.indexOf("//") + 2) {
      return cleaned;
    }
    return null;
  }

  /**
   * Without leading and trailing C0 controls and spaces, and without tabs and newlines. A scan
   * rather than regular expressions: this runs for every link, image and enclosure of every
   * item, and two regexes compiled per call were 2 % of a cold ingest's CPU.
   */
  private static String browserForm(String url) {
    int start = 0;
    int end = url.length();
    while (start < end && url.charAt(start) <= 0x20) {
      start++;
    }
    while (end > start && url.charAt(end - 1) <= 0x20) {
      end--;
    }
    StringBuilder out = null;
    for (int i = start; i < end; i++) {
      char c = url.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r') {
        if (out == null) {
          out = new StringBuilder(end - start).append(url, start, i);
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return out != null ? out.toString() : url.substring(start, end);
  }

  /** ASCII case only: {@code regionMatches(true, …)} would let "httpſ" (long s) pass. */
  private static boolean startsWithIgnoreCase(String s, String lowerPrefix) {
    if (s.length() < lowerPrefix.length()) {
      return false;
    }
    for (int i = 0; i < lowerPrefix.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != lowerPrefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
