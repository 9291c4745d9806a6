package cc.microsolidarity.tributary.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A loopback server of feeds for end-to-end tests: each path serves a document with a strong
 * ETag and Last-Modified and answers conditional requests with 304, like a good static host.
 * Paths can be switched to fail with a status.
 */
final class FeedFarm implements AutoCloseable {
  static final String LAST_MODIFIED = "Thu, 12 Nov 2026 10:00:00 GMT";

  private final MockWebServer server = new MockWebServer();
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
  private final Map<String, String> types = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  FeedFarm() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        String path = request.getUrl().encodedPath();
        Integer failure = failures.get(path);
        if (failure != null) {
          return new MockResponse.Builder().code(failure).body("failure").build();
        }
        byte[] body = bodies.get(path);
        if (body == null) {
          return new MockResponse.Builder().code(404).build();
        }
        String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
        if (etag.equals(request.getHeaders().get("If-None-Match"))) {
          return new MockResponse.Builder().code(304).addHeader("ETag", etag).build();
        }
        return new MockResponse.Builder().code(200)
            .addHeader("Content-Type", types.get(path))
            .addHeader("ETag", etag)
            .addHeader("Last-Modified", LAST_MODIFIED)
            .body(new okio.Buffer().write(body))
            .build();
      }
    });
    server.start();
  }

  FeedFarm serveResource(String path, String resource, String contentType) {
    try (InputStream in = FeedFarm.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return serve(path, in.readAllBytes(), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  FeedFarm serve(String path, byte[] body, String contentType) {
    bodies.put(path, body);
    types.put(path, contentType);
    failures.remove(path);
    return this;
  }

  FeedFarm serve(String path, String body, String contentType) {
    return serve(path, body.getBytes(StandardCharsets.UTF_8), contentType);
  }

  FeedFarm fail(String path, int status) {
    failures.put(path, status);
    return this;
  }

  String url(String path) {
    return server.url(path).toString();
  }

  List<RecordedRequest> requestsFor(String path) {
    return requests.stream().filter(r -> r.getUrl().encodedPath().equals(path)).toList();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
