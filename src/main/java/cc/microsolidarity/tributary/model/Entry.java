package cc.microsolidarity.tributary.model;

import java.time.Instant;
import java.util.List;

/**
 * One real-world item in the merged feed, as stored. {@code id} is minted once when first
 * seen and never changes; {@code sourceIds} lists every source that carried it, first first.
 */
public record Entry(
    String id,
    Item item,
    Instant published,
    Instant updated,
    Instant firstSeen,
    List<String> sourceIds) {

  public Entry {
    sourceIds = List.copyOf(sourceIds);
  }

  public String firstSourceId() {
    return sourceIds.isEmpty() ? null : sourceIds.get(0);
  }
}
