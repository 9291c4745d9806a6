package cc.microsolidarity.tributary.normalize;

import java.util.Locale;

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
    String cleaned = url.replaceAll("^[\\x00-\\x20]+|[\\x00-\\x20]+$", "")
        .replaceAll("[\\t\\n\\r]", "");
    String lower = cleaned.toLowerCase(Locale.ROOT);
    if ((lower.startsWith("http://") || lower.startsWith("https://"))
        && cleaned.length() > lower.indexOf("//") + 2) {
      return cleaned;
    }
    return null;
  }
}
