package cc.microsolidarity.tributary.dedupe;

import cc.microsolidarity.tributary.model.IdentityKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints the stable entry id once, when an entry is first seen: {@code urn:uuid:} plus a
 * name-based UUID version 5 (RFC 9562 section 5.5, SHA-1) in the URL namespace of the name
 * {@code mergedFeedId + "\n" + kind + "\n" + value}. Deterministic: the same feed and first key
 * always give the same id, so a rebuilt database re-mints the ids readers already know.
 * Thread-safe.
 */
public final class EntryIds {
  /** RFC 9562 Appendix C NameSpace_URL: the feed id is a URI. */
  static final UUID NAMESPACE_URL = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

  public String mint(String mergedFeedId, IdentityKey firstKey) {
    Objects.requireNonNull(mergedFeedId, "mergedFeedId");
    Objects.requireNonNull(firstKey, "firstKey");
    String name = mergedFeedId + "\n" + firstKey.kind().name() + "\n" + firstKey.value();
    return "urn:uuid:" + uuidV5(NAMESPACE_URL, name);
  }

  static UUID uuidV5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
