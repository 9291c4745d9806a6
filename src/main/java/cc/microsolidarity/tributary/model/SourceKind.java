package cc.microsolidarity.tributary.model;

import java.util.Locale;

/** What a source is; decides filtering (search) and podcast handling. */
public enum SourceKind {
  PODCAST, BLOG, FORUM, SEARCH;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
