package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.Item;
import java.net.URI;
import java.util.Locale;
import org.jsoup.Jsoup;

/** Plain-text views of entries shared by the writers: titles, excerpts, safe links. */
final class Texts {
  static final String UNTITLED = "Untitled";
  private static final int TITLE_FALLBACK_CHARS = 80;

  private Texts() {}

  /** The text of an HTML fragment, whitespace collapsed; empty for null. */
  static String plain(String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    return Jsoup.parseBodyFragment(XmlText.clean(html)).text().trim();
  }

  /** At most {@code max} characters, cut at a word boundary with an ellipsis. */
  static String excerpt(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int cut = text.lastIndexOf(' ', max - 1);
    if (cut < max / 2) {
      cut = max - 1;
    }
    return text.substring(0, cut).trim() + "…";
  }

  /** The entry's title, or a stand-in from its text so no entry is nameless. */
  static String title(Entry entry) {
    Item item = entry.item();
    if (item.title() != null && !item.title().isBlank()) {
      return item.title().trim();
    }
    String text = plain(item.summaryHtml() != null ? item.summaryHtml() : item.contentHtml());
    if (!text.isEmpty()) {
      return excerpt(text, TITLE_FALLBACK_CHARS);
    }
    return UNTITLED;
  }

  /** A text summary: the summary's text, else the content's. */
  static String summaryText(Item item) {
    String text = plain(item.summaryHtml());
    return text.isEmpty() ? plain(item.contentHtml()) : text;
  }

  /** True for absolute http(s) URLs: the only links rendered into HTML attributes. */
  static boolean isWebUrl(String url) {
    if (url == null || url.isBlank()) {
      return false;
    }
    try {
      URI uri = new URI(url.trim());
      String scheme = uri.getScheme();
      return scheme != null && uri.getHost() != null
          && ("http".equals(scheme.toLowerCase(Locale.ROOT))
              || "https".equals(scheme.toLowerCase(Locale.ROOT)));
    } catch (Exception e) {
      return false;
    }
  }

  static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
