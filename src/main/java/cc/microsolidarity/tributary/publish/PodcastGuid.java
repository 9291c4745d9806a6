package cc.microsolidarity.tributary.publish;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The Podcasting 2.0 {@code podcast:guid}: a UUIDv5 (RFC 4122 §4.3, SHA-1) in the namespace
 * {@code ead4c236-bf58-58c6-a2c6-a6b28d128cb6} of the feed URL with its scheme and trailing
 * slashes removed (https://podcastindex.org/namespace/1.0#guid).
 */
public final class PodcastGuid {
  static final UUID NAMESPACE = UUID.fromString("ead4c236-bf58-58c6-a2c6-a6b28d128cb6");

  private PodcastGuid() {}

  public static UUID forFeedUrl(String feedUrl) {
    String name = feedUrl.trim().replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "")
        .replaceFirst("/+$", "");
    return uuid5(NAMESPACE, name);
  }

  static UUID uuid5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JVM", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16)
        .putLong(namespace.getMostSignificantBits())
        .putLong(namespace.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
