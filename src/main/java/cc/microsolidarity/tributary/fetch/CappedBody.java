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
    return read(body, cap, new LargeBodies(Long.MAX_VALUE));
  }

  /**
   * The body, or null when it is larger than the cap; past {@code large}'s threshold, read on
   * only in this thread's turn with a large body.
   */
  static byte[] read(ResponseBody body, long cap, LargeBodies large) throws IOException {
    long declared = body.contentLength();
    if (declared > cap) {
      return null; // declared too large: fail before reading a byte
    }
    if (declared > large.threshold()) {
      large.acquire(); // before reading, so the server is not kept waiting mid-body
    }
    int limit = (int) Math.min(cap + 1, Integer.MAX_VALUE - 8);
    int start = (int) Math.min(limit, large.threshold());
    try (InputStream in = body.byteStream()) {
      byte[] head = in.readNBytes(start);
      if (head.length < start || start == limit) {
        return head.length > cap ? null : head;
      }
      large.acquire();
      byte[] rest = in.readNBytes(limit - start);
      if (head.length + (long) rest.length > cap) {
        return null;
      }
      byte[] bytes = java.util.Arrays.copyOf(head, head.length + rest.length);
      System.arraycopy(rest, 0, bytes, head.length, rest.length);
      return bytes;
    }
  }

  private CappedBody() {}
}
