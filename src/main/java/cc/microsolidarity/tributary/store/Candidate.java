package cc.microsolidarity.tributary.store;

import cc.microsolidarity.tributary.model.IdentityKey;
import cc.microsolidarity.tributary.model.Item;
import java.util.List;
import java.util.Objects;

/**
 * One normalised item of a fetch on its way into the store. {@code keys} are its strong
 * identities (strongest first); {@code proposedId} is the id it gets if it is new;
 * {@code accepted} is false when the source's filters reject it (it is remembered as seen, not
 * shown).
 */
public record Candidate(Item item, List<IdentityKey> keys, String proposedId, boolean accepted) {
  public Candidate {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(proposedId, "proposedId");
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("an item needs at least one identity key");
    }
  }
}
