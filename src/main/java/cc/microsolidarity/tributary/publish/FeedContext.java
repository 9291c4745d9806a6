package cc.microsolidarity.tributary.publish;

import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.Person;
import cc.microsolidarity.tributary.model.SourceStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every writer needs besides the entries: the feed settings, the public base URL that
 * absolute hrefs (self, paging, feed_url, podcast:guid) start with, and the usable sources by
 * id in config order.
 */
record FeedContext(FeedSettings feed, String baseUrl, Map<String, SourceStatus> sources) {

  static FeedContext of(FeedSettings feed, String baseUrl, List<SourceStatus> sources) {
    Map<String, SourceStatus> byId = new LinkedHashMap<>();
    for (SourceStatus s : sources) {
      if (s.id() != null && s.url() != null && s.kind() != null) {
        byId.putIfAbsent(s.id(), s);
      }
    }
    String base = baseUrl.trim().replaceFirst("/+$", "");
    return new FeedContext(feed, base, java.util.Collections.unmodifiableMap(byId)); // config order
  }

  /** The absolute URL of an output path ("/feed.atom?page=2"). */
  String url(String path) {
    return baseUrl + path;
  }

  /** The source that first carried the entry, when it is still configured. */
  Optional<SourceStatus> source(String id) {
    return Optional.ofNullable(sources.get(id));
  }

  Optional<SourceStatus> firstSource(Entry entry) {
    String id = entry.firstSourceId();
    return id == null ? Optional.empty() : Optional.ofNullable(sources.get(id));
  }

  /** The source's display name: its title, else its id. */
  static String sourceName(SourceStatus s) {
    return Texts.present(s.title()) ? s.title().trim() : s.id();
  }

  /**
   * Where the source's feed lives now (the effective URL after a permanent redirect), as the
   * outputs publish it: without credential parameters ({@link PublicUrl}).
   */
  static String sourceUrl(SourceStatus s) {
    return PublicUrl.of(currentUrl(s));
  }

  /** Where the source's feed lives now, credentials and all: for the operator's own copy. */
  static String currentUrl(SourceStatus s) {
    return (s.effectiveUrl() != null ? s.effectiveUrl() : s.url()).toString();
  }

  /** The merged feed's author; the feed title when none is configured (Atom needs one). */
  Person author() {
    Person a = feed.author();
    return a == null || a.isEmpty() ? Person.named(feed.title()) : a;
  }

  String description() {
    return Texts.present(feed.subtitle()) ? feed.subtitle() : feed.title();
  }
}
