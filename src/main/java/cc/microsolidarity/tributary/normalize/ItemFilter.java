package cc.microsolidarity.tributary.normalize;

import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Source;

/**
 * Keeps what a source may contribute: search sources need {@code #hashtag}; include/exclude
 * keyword lists apply to any source. TODO(issue 5): implementation.
 */
public final class ItemFilter {
  public ItemFilter(String hashtag) {
  }

  public boolean accepts(Source source, Item item) {
    throw new UnsupportedOperationException("issue 5");
  }
}
