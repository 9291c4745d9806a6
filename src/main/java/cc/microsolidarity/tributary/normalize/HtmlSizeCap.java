package cc.microsolidarity.tributary.normalize;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Entities;

/**
 * Keeps one item's HTML from swelling every output. The longest real post in the corpus is
 * 0.8 MB; a feed's 10 MB description would make each page of the merged feed, the JSON Feed
 * and the HTML page that large for every subscriber at every change. Past {@link #MAX_CHARS}
 * the HTML becomes the start of its text, cut at a word, in one paragraph: the formatting of
 * an absurd document is lost, never a well-formed output. Thread-safe.
 */
final class HtmlSizeCap {
  /** 1 MiB of characters, past the longest real post we have seen. */
  static final int MAX_CHARS = 1 << 20;
  /** What is kept of the text of HTML over the cap. */
  static final int KEPT_TEXT = 64 * 1024;

  private HtmlSizeCap() {}

  static String cap(String html) {
    if (html == null || html.length() <= MAX_CHARS) {
      return html;
    }
    String text = Jsoup.parseBodyFragment(html).text();
    String kept = TitleCleaner.shorten(text, KEPT_TEXT);
    if (!kept.endsWith("…")) {
      kept += "…"; // the text was short, the markup long: say something was left out
    }
    return "<p>" + Entities.escape(kept) + "</p>";
  }
}
