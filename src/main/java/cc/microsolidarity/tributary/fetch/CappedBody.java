package cc.microsolidarity.tributary.fetch;

import java.io.IOException;
import java.io.InputStream;
import okhttp3.ResponseBody;

/**
 * Reads a response body up to a cap. The stream OkHttp hands out is already decompressed, so
 * the cap counts decompressed bytes and a gzip bomb is cut off after {@code cap + 1} bytes: we
 * never read further. The caller closes the response.
 */
final class CappedBody {

  /** The body, or null when it is larger than the cap. */
  static byte[] read(ResponseBody body, long cap) throws IOException {
    if (body.contentLength() > cap) {
      return null; // declared too large: fail before reading a byte
    }
    int limit = (int) Math.min(cap + 1, Integer.MAX_VALUE - 8);
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes(limit);
      return bytes.length > cap ? null : bytes;
    }
  }

  private CappedBody() {}
}
