package cc.microsolidarity.tributary.survival;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 over a bare socket: sends exactly the bytes given (no client normalises the path
 * or the method) and reads one response. Every read is bounded by the socket timeout.
 */
final class RawHttp {
  record Reply(int status, String head, String body) {}

  private RawHttp() {}

  static Socket connect(int port, int timeoutMillis) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
    s.setSoTimeout(timeoutMillis);
    return s;
  }

  static Reply exchange(int port, String request) throws IOException {
    try (Socket s = connect(port, 10_000)) {
      send(s, request);
      return read(s);
    }
  }

  static Reply get(int port, String rawTarget) throws IOException {
    return exchange(port, request("GET", rawTarget));
  }

  static String request(String method, String rawTarget) {
    return method + " " + rawTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  }

  static void send(Socket s, String request) throws IOException {
    s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  /** Reads a response with Content-Length or until the peer closes (bodies here are small). */
  static Reply read(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the response head: " + head);
      }
      head.write(b);
      matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1
          : (b == '\r' ? 1 : 0);
    }
    String h = head.toString(StandardCharsets.ISO_8859_1);
    int status = Integer.parseInt(h.substring(9, 12));
    long length = -1;
    for (String line : h.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      }
    }
    byte[] body = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
    return new Reply(status, h, new String(body, StandardCharsets.UTF_8));
  }
}
