package cc.microsolidarity.tributary.normalize;

/**
 * Canonical form of a link for identity (never for output). Null for null or non-http(s).
 * TODO(issue 5): implementation.
 */
public final class LinkCanonicalizer {
  public String canonicalize(String url) {
    throw new UnsupportedOperationException("issue 5");
  }
}
