package cc.microsolidarity.tributary.normalize;

import cc.microsolidarity.tributary.model.Item;
import java.time.Clock;

/**
 * Makes a parsed item safe and tidy for the merged feed: sanitised HTML, plain-text title (one
 * made from the text when missing), no date later than now. Thread-safe.
 * TODO(issue 4): implementation.
 */
public final class ItemNormalizer {
  public ItemNormalizer(Clock clock) {
  }

  public Item normalize(Item item) {
    throw new UnsupportedOperationException("issue 4");
  }
}
