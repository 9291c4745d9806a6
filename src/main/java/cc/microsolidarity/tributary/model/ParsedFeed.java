package cc.microsolidarity.tributary.model;

import java.time.Duration;
import java.util.List;

/**
 * A source document after parsing: its own metadata, its items in document order, the
 * refresh hint it gives (RSS ttl / sy:updatePeriod, or null) and the recoveries applied to
 * read it (e.g. "stripped UTF-8 BOM"), shown to operators as warnings.
 */
public record ParsedFeed(
    String title,
    String link,
    String description,
    String image,
    List<Item> items,
    Duration refreshHint,
    List<String> warnings) {

  public ParsedFeed {
    items = List.copyOf(items);
    warnings = List.copyOf(warnings);
  }
}
