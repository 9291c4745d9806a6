package cc.microsolidarity.tributary.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * One output built once per change: its bytes, gzip bytes, content type, ETag and
 * Last-Modified.
 *
 * <p>{@code etag} is a strong entity tag including its quotes ({@code "…"}), a hash of
 * {@code body}: the rendered bytes carry no build time, so an unchanged feed keeps its ETag
 * across rebuilds and restarts. {@code lastModified} is whole seconds, or null when the
 * output has no meaningful date (the OPML): then no Last-Modified is sent. The arrays are
 * never modified after construction; share them freely between threads.
 */
public record RenderedFeed(
    String path, byte[] body, byte[] gzipBody, String contentType, String etag,
    Instant lastModified) {

  public RenderedFeed {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(gzipBody, "gzipBody");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(etag, "etag");
  }

  /** Builds the record from the body alone: gzip bytes and ETag are derived here. */
  public static RenderedFeed of(String path, byte[] body, String contentType,
      Instant lastModified) {
    return new RenderedFeed(path, body, gzip(body), contentType, etagOf(body),
        lastModified == null ? null : lastModified.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Whether {@link #of} would make this of these (its gzip and ETag follow from the body). */
  boolean isRenderingOf(byte[] body, String contentType, Instant lastModified) {
    return this.contentType.equals(contentType)
        && java.util.Arrays.equals(this.body, body)
        && Objects.equals(this.lastModified,
            lastModified == null ? null : lastModified.truncatedTo(ChronoUnit.SECONDS));
  }

  /** The body as UTF-8 text (every output is UTF-8). */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Strong ETag: the first 128 bits of SHA-256, base64url, quoted (RFC 9110 §8.8.3). */
  static String etagOf(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      byte[] head = new byte[16];
      System.arraycopy(digest, 0, head, 0, head.length);
      return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(head) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  // GZIPOutputStream writes a zero mtime and fixed header, so equal bodies give equal bytes.
  static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 3));
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
