package cc.microsolidarity.tributary.model;

import java.util.Objects;

/**
 * One strong identity of an item. Two items with an equal key are the same entry. A GUID that
 * is not globally unique carries its source id inside {@code value}, so it only matches within
 * that source.
 */
public record IdentityKey(Kind kind, String value) {
  public enum Kind { LINK, GUID, ENCLOSURE }

  public IdentityKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }
}
