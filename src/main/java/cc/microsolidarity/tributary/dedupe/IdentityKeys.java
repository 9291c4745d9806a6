package cc.microsolidarity.tributary.dedupe;

import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.Item;
import java.util.List;

/**
 * The strong keys of an item, strongest first. Canonical forms come from {@code normalize}
 * (passed in, since dedupe does not import it). TODO(issue 5): implementation.
 */
public final class IdentityKeys {
  public List<IdentityKey> of(String sourceId, Item item, String canonicalLink,
      List<String> canonicalEnclosureUrls) {
    throw new UnsupportedOperationException("issue 5");
  }
}
