package cc.microsolidarity.tributary.config;

import cc.microsolidarity.tributary.model.FeedsConfig;
import cc.microsolidarity.tributary.model.Source;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** When two spellings of a feed's URL name the same feed. */
public final class SameFeed {
  private SameFeed() {}

  /**
   * What makes two spellings of a feed's URL the same feed: the host without case, no default
   * port, http and https alike, a trailing slash or not. Anything unparsable compares as is.
   */
  static String key(String url) {
    try {
      URI u = new URI(url.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (u.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
        return url;
      }
      int port = u.getPort() == 80 && scheme.equals("http")
          || u.getPort() == 443 && scheme.equals("https") ? -1 : u.getPort();
      String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
      return u.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port) + path
          + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    } catch (URISyntaxException e) {
      return url;
    }
  }

  /**
   * A sentence per feed that more than one source names: not an error (two sources may filter
   * one feed differently), but usually a slip, and the feed is then fetched once per source.
   */
  public static List<String> sharedBySources(FeedsConfig config) {
    Map<String, List<String>> idsByFeed = new LinkedHashMap<>();
    for (Source s : config.sources()) {
      idsByFeed.computeIfAbsent(key(s.url().toString()), k -> new ArrayList<>()).add(s.id());
    }
    List<String> notes = new ArrayList<>();
    for (List<String> ids : idsByFeed.values()) {
      if (ids.size() > 1) {
        notes.add("sources " + names(ids) + " name the same feed: it is fetched once for each,"
            + " and what they share is stored once");
      }
    }
    return notes;
  }

  private static String names(List<String> ids) {
    List<String> quoted = ids.stream().map(id -> "'" + id + "'").toList();
    return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and "
        + quoted.get(quoted.size() - 1);
  }
}
