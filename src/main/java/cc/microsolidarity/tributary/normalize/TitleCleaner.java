package cc.microsolidarity.tributary.normalize;

import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * Turns a feed title into plain text: tags dropped, entities decoded (RSS titles are often
 * escaped HTML), whitespace folded. An item without a title gets one made from its text, cut
 * at a word boundary near {@value #MAX_MADE_LENGTH} characters with an ellipsis. Thread-safe.
 */
public final class TitleCleaner {
  static final int MAX_MADE_LENGTH = 80;
  /** A feed's own title longer than this is cut like a made one. */
  static final int MAX_LENGTH = 1_000;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern TRAILING_PUNCTUATION =
      Pattern.compile("[\\s\\p{Punct}&&[^)\\]\"']]+$");

  /** The plain-text title; from the HTML's text when the title is blank; null if neither. */
  public String clean(String title, String summaryHtml, String contentHtml) {
    String plain = plainText(title);
    if (plain != null) {
      // The longest real titles run to a few hundred characters; a feed's megabyte-long one
      // would be in every output and every reader's list.
      return shorten(plain, MAX_LENGTH);
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
    String text = isPlain(html) ? html : Jsoup.parseBodyFragment(html).text();
    text = WHITESPACE.matcher(text.replace('\u00A0', ' ')).replaceAll(" ").trim();
    return text.isEmpty() ? null : text;
  }

  /**
   * Whether jsoup's text of {@code html} is {@code html} itself up to whitespace: no markup, no
   * references, and none of the characters its text() drops (soft hyphen, zero-width space,
   * U+FFFF). Most titles are like that, and skip a parse.
   */
  static boolean isPlain(String html) {
    for (int i = 0, n = html.length(); i < n; i++) {
      char c = html.charAt(i);
      if (c == '<' || c == '&' || c == '\u00AD' || c == '\u200B' || c == '\uFFFF') {
        return false;
      }
    }
    return true;
  }

  static String shorten(String text) {
    return shorten(text, MAX_MADE_LENGTH);
  }

  /** {@code text} cut at a word boundary near {@code max} characters, with an ellipsis. */
  static String shorten(String text, int max) {
    if (text.length() <= max || text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    int cut = text.offsetByCodePoints(0, max);
    int space = text.lastIndexOf(' ', cut);
    // No space in a long run (a URL, or a script without spaces): cut mid-word.
    int end = space > max / 2 ? space : cut;
    String head = TRAILING_PUNCTUATION.matcher(text.substring(0, end)).replaceAll("");
    return head + "…";
  }
}
