package cc.microsolidarity.tributary.model;

import java.util.Locale;
import java.util.Optional;

/** What a source is; decides filtering (search) and podcast handling. */
public enum SourceKind {
  PODCAST, BLOG, FORUM, SEARCH;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind {@code feeds.yaml} or an OPML export names (case and spaces aside), if any. */
  public static Optional<SourceKind> fromWireName(String name) {
    String wanted = name.strip().toLowerCase(Locale.ROOT);
    for (SourceKind k : values()) {
      if (k.wireName().equals(wanted)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
