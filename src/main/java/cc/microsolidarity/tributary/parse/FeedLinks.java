package cc.microsolidarity.tributary.parse;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * The feeds an HTML page names in its head ({@code <link rel="alternate"
 * type="application/rss+xml" href="…">}), as browsers and readers discover them. A source URL
 * that gives a page rather than a feed is usually the site's address pasted for its feed's:
 * the failure can then name the URL to use instead.
 */
final class FeedLinks {
  static final int MAX = 3;
  private static final Set<String> FEED_TYPES = Set.of("application/rss+xml",
      "application/atom+xml", "application/feed+json", "application/rdf+xml");

  private FeedLinks() {}

  /** Up to {@link #MAX} absolute feed URLs the page names, in its order; none when unsure. */
  static List<String> in(String html, URI pageUrl) {
    List<String> found = new ArrayList<>();
    String base = pageUrl == null ? "" : pageUrl.toString();
    for (Element link : Jsoup.parse(html, base).select("link[rel][href][type]")) {
      boolean alternate = List.of(link.attr("rel").toLowerCase(Locale.ROOT).split("\\s+"))
          .contains("alternate");
      String type = link.attr("type").toLowerCase(Locale.ROOT).split(";")[0].strip();
      String url = link.absUrl("href");
      if (alternate && FEED_TYPES.contains(type)
          && (url.startsWith("http://") || url.startsWith("https://")) && !found.contains(url)) {
        found.add(url);
        if (found.size() == MAX) {
          break;
        }
      }
    }
    return found;
  }

  /** The failure for a page that is not a feed, naming the feeds it links to. */
  static String notAFeed(String html, URI pageUrl) {
    List<String> feeds = in(html, pageUrl);
    if (feeds.isEmpty()) {
      return "not a feed: HTML page";
    }
    return "not a feed: HTML page, which names " + (feeds.size() == 1 ? "its feed " : "feeds ")
        + String.join(", ", feeds) + " (use " + (feeds.size() == 1 ? "that" : "one")
        + " as the source's url)";
  }
}
