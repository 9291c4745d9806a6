package cc.microsolidarity.tributary.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before they reach {@link FeedHandler} (a malformed or
 * ambiguous URI, oversized headers, a URI too long) in the handler's own shape, a line of
 * plain text such as {@code 400 ambiguous URI empty segment}, rather than Jetty's ISO-8859-1
 * HTML page that echoes the URI back. A failure inside the server is a bare
 * {@code 500 server error}: its cause goes to no client.
 */
final class PlainErrorHandler extends ErrorHandler {

  PlainErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
    setCacheControl("no-store");
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) {
    // A server error's message is its cause (an exception's text): not for the client.
    String words = code >= 500 || message == null || message.isBlank()
        ? HttpStatus.getMessage(code) : message;
    byte[] body = (code + " " + inLowerCase(words.strip()) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, FeedHandler.TEXT_TYPE);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** "URI Too Long" reads "URI too long", as the handler's "not found" does: acronyms stay. */
  private static String inLowerCase(String message) {
    return Arrays.stream(message.split(" ", -1))
        .map(word -> word.length() > 1 && word.equals(word.toUpperCase(Locale.ROOT))
            ? word : word.toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(" "));
  }
}
