package cc.microsolidarity.tributary.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okhttp3.ResponseBody;

/**
 * Reads a response body up to a cap. The stream OkHttp hands out is already decompressed, so
 * the cap counts decompressed bytes and a gzip bomb is cut off after {@code cap + 1} bytes: we
 * never read further. The caller closes the response.
 */
final class CappedBody {

  /**
   * The body, or null when it is larger than the cap; past {@code large}'s threshold, read on
   * only in this thread's turn with a large body. A declared length is read into one array of
   * that size; an unknown one in chunks, put together once at the end, so a body costs at most
   * twice its size while it is read (the JDK's readNBytes held three times, with a copy).
   */
  static byte[] read(ResponseBody body, long cap, LargeBodies large) throws IOException {
    long declared = body.contentLength();
    if (declared > cap) {
      return null; // declared too large: fail before reading a byte
    }
    try (InputStream in = body.byteStream()) {
      if (declared >= 0) {
        if (declared > large.threshold()) {
          large.acquire(); // before reading, so the server is not kept waiting mid-body
        }
        byte[] bytes = new byte[(int) declared];
        int n = in.readNBytes(bytes, 0, bytes.length);
        return n == bytes.length ? bytes : Arrays.copyOf(bytes, n);
      }
      return readUndeclared(in, cap, large);
    }
  }

  private static final int CHUNK = 64 * 1024;

  private static byte[] readUndeclared(InputStream in, long cap, LargeBodies large)
      throws IOException {
    List<byte[]> chunks = new ArrayList<>();
    long total = 0;
    while (true) {
      byte[] chunk = new byte[CHUNK];
      int n = in.readNBytes(chunk, 0, CHUNK);
      if (n == 0) {
        break;
      }
      total += n;
      if (total > cap) {
        return null; // a gzip bomb or an endless body: never read further
      }
      if (total > large.threshold()) {
        large.acquire();
      }
      chunks.add(n == CHUNK ? chunk : Arrays.copyOf(chunk, n));
      if (n < CHUNK) {
        break;
      }
    }
    byte[] bytes = new byte[(int) total];
    int at = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, bytes, at, c.length);
      at += c.length;
    }
    return bytes;
  }

  private CappedBody() {}
}
