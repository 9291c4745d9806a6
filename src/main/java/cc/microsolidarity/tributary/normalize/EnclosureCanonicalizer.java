package cc.microsolidarity.tributary.normalize;

/**
 * Canonical form of an enclosure URL for identity: tracking-redirect prefixes removed, then
 * canonicalised like a link. TODO(issue 5): implementation.
 */
public final class EnclosureCanonicalizer {
  public EnclosureCanonicalizer(LinkCanonicalizer links) {
  }

  public String canonicalize(String url) {
    throw new UnsupportedOperationException("issue 5");
  }
}
