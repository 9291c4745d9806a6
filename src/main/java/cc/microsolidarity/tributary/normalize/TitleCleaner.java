package cc.microsolidarity.tributary.normalize;

import org.jsoup.Jsoup;

/**
 * Turns a feed title into plain text: tags dropped, entities decoded (RSS titles are often
 * escaped HTML), whitespace folded. An item without a title gets one made from its text, cut
 * at a word boundary near {@value #MAX_MADE_LENGTH} characters with an ellipsis. Thread-safe.
 */
public final class TitleCleaner {
  static final int MAX_MADE_LENGTH = 80;

  /** The plain-text title; from the HTML's text when the title is blank; null if neither. */
  public String clean(String title, String summaryHtml, String contentHtml) {
    String plain = plainText(title);
    if (plain != null) {
      return plain;
    }
    String text = plainText(contentHtml);
    if (text == null) {
      text = plainText(summaryHtml);
    }
    return text == null ? null : shorten(text);
  }

  static String plainText(String html) {
    if (html == null || html.isBlank()) {
      return null;
    }
    String text = Jsoup.parseBodyFragment(html).text()
        .replace('\u00A0', ' ').replaceAll("\\s+", " ").trim();
    return text.isEmpty() ? null : text;
  }

  static String shorten(String text) {
    if (text.codePointCount(0, text.length()) <= MAX_MADE_LENGTH) {
      return text;
    }
    int cut = text.offsetByCodePoints(0, MAX_MADE_LENGTH);
    int space = text.lastIndexOf(' ', cut);
    // No space in a long run (a URL, or a script without spaces): cut mid-word.
    int end = space > MAX_MADE_LENGTH / 2 ? space : cut;
    String head = text.substring(0, end).replaceAll("[\\s\\p{Punct}&&[^)\\]\"']]+$", "");
    return head + "…";
  }
}
