package cc.microsolidarity.tributary.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A body that is still gzip after the HTTP layer: a server that sends a {@code .gz} file
 * without {@code Content-Encoding}, or a cache that compresses what was already compressed.
 * Inflated up to a cap, so a small bomb cannot become a huge document.
 */
final class GzipBody {
  private GzipBody() {}

  /** The gzip magic and the deflate method: no feed or JSON text begins with these bytes. */
  static boolean is(byte[] body) {
    return body.length >= 3 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b
        && body[2] == 8;
  }

  /** The inflated bytes, or null when there are more than {@code cap}. */
  static byte[] inflate(byte[] body, long cap) throws IOException {
    int limit = (int) Math.min(cap + 1, Integer.MAX_VALUE - 8);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      byte[] inflated = in.readNBytes(limit);
      return inflated.length > cap ? null : inflated;
    }
  }
}
