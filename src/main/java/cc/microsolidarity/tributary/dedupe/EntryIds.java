package cc.microsolidarity.tributary.dedupe;

import cc.microsolidarity.tributary.model.IdentityKey;

/**
 * Mints the stable entry id once, when an entry is first seen. TODO(issue 5): implementation.
 */
public final class EntryIds {
  public String mint(String mergedFeedId, IdentityKey firstKey) {
    throw new UnsupportedOperationException("issue 5");
  }
}
