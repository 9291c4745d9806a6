package cc.microsolidarity.tributary.http;

import cc.microsolidarity.tributary.publish.IndexPageWriter;
import cc.microsolidarity.tributary.publish.OutputPaths;
import cc.microsolidarity.tributary.publish.RenderedFeed;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Answers every request from the current in-memory snapshot of rendered outputs, plus
 * {@code /health} and {@code /metrics} from their sources. There is no file-system access at
 * all: a path is a key lookup, so no path can reach a file. Requests never build anything.
 * Thread-safe: the snapshot is an immutable map swapped through a volatile field, so a
 * request sees one whole snapshot, old or new, never a mix.
 */
final class FeedHandler extends Handler.Abstract.NonBlocking {
  static final String CACHE_CONTROL = "public, max-age=300";
  static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  static final String HEALTH_TYPE = "application/json; charset=utf-8";
  static final String TEXT_TYPE = "text/plain; charset=utf-8";
  static final String OTHER_ROUTE = "other";

  static final String HEALTH_ROUTE = "/health";
  static final String METRICS_ROUTE = "/metrics";
  /**
   * Each served path to its route, one of these constants: one lookup per request, and the
   * snapshot and the metrics are then looked up by the constant itself, whose hash is cached
   * and which their keys equal by identity.
   */
  private static final Map<String, String> ROUTES = Map.of(OutputPaths.ATOM, OutputPaths.ATOM,
      OutputPaths.PODCAST, OutputPaths.PODCAST, OutputPaths.JSON, OutputPaths.JSON,
      OutputPaths.OPML, OutputPaths.OPML, OutputPaths.INDEX, OutputPaths.INDEX,
      "/index.html", OutputPaths.INDEX, HEALTH_ROUTE, HEALTH_ROUTE,
      METRICS_ROUTE, METRICS_ROUTE);
  private static final String HTML_CSP = IndexPageWriter.CONTENT_SECURITY_POLICY
      + "; frame-ancestors 'none'";

  private static final HttpField CACHE_CONTROL_FIELD =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, CACHE_CONTROL);
  private static final HttpField VARY_FIELD =
      new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");
  private static final HttpField GZIP_FIELD =
      new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");
  private static final HttpField NO_STORE_FIELD =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
  private static final HttpField NOSNIFF_FIELD =
      new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
  private static final HttpField ANY_ORIGIN_FIELD =
      new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
  private static final HttpField TEXT_TYPE_FIELD =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, TEXT_TYPE);
  private static final HttpField HEALTH_TYPE_FIELD =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, HEALTH_TYPE);
  private static final HttpField METRICS_TYPE_FIELD =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, METRICS_TYPE);
  /** For 304s: drops the "Content-Length: 0" Jetty adds to a response without content. */
  private static final Function<HttpStream, HttpStream> WITHOUT_CONTENT_LENGTH =
      stream -> new HttpStream.Wrapper(stream) {
        @Override
        public void prepareResponse(HttpFields.Mutable headers) {
          headers.remove(HttpHeader.CONTENT_LENGTH);
          super.prepareResponse(headers);
        }
      };

  /**
   * A rendered output made ready to send: bodies in read-only buffers (each request sends a
   * duplicate) and its headers pre-encoded, so a request formats nothing.
   */
  private record Prepared(RenderedFeed feed, ByteBuffer body, ByteBuffer gzip,
      HttpField contentType, HttpField etag, HttpField lastModified) {
    static Prepared of(RenderedFeed feed) {
      return new Prepared(feed, readOnly(feed.body()), readOnly(feed.gzipBody()),
          new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, feed.contentType()),
          new PreEncodedHttpField(HttpHeader.ETAG, feed.etag()),
          feed.lastModified() == null ? null : new PreEncodedHttpField(
              HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(feed.lastModified())));
    }

    private static ByteBuffer readOnly(byte[] bytes) {
      // Heap, not direct: a direct buffer's native memory is only freed when the GC gets round
      // to its owner, and a daemon rebuilding every few seconds piled it up (RSS +200 MB).
      return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }
  }

  private final HealthSource health;
  private final MetricsSource metrics;
  private final RequestListener listener;
  private volatile Map<String, Prepared> outputs;

  FeedHandler(HealthSource health, MetricsSource metrics, RequestListener listener) {
    this.health = health;
    this.metrics = metrics;
    this.listener = listener;
  }

  void publish(Map<String, RenderedFeed> next) {
    Map<String, Prepared> prepared = new java.util.HashMap<>();
    next.forEach((path, feed) -> prepared.put(path, Prepared.of(feed)));
    outputs = Map.copyOf(prepared);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String route = route(Request.getPathInContext(request));
    String method = request.getMethod();
    boolean head = "HEAD".equals(method);
    // Headers go in with add, not put: the response is fresh, so there is nothing to replace,
    // and they are pre-encoded so that writing them copies bytes (a 304 is mostly headers).
    response.getHeaders().add(NOSNIFF_FIELD);
    Reply reply;
    if (OTHER_ROUTE.equals(route)) {
      reply = plain(response, 404, "not found");
    } else if (!head && !"GET".equals(method)) {
      response.getHeaders().add(HttpHeader.ALLOW, "GET, HEAD");
      reply = plain(response, 405, "method not allowed");
    } else if (HEALTH_ROUTE.equals(route)) {
      reply = health(response);
    } else if (METRICS_ROUTE.equals(route)) {
      reply = metrics(response);
    } else {
      reply = feed(request, response, route);
    }
    try {
      // Before the write, so the listener has heard of a request by the time its client has.
      listener.served(route, method, reply.status());
    } catch (RuntimeException ignored) {
      // A listener must never break serving.
    }
    send(request, response, callback, head, reply);
    return true;
  }

  /**
   * The route a path asks for. Repeated slashes count as one, as nginx's merge_slashes has it:
   * a reader given "https://host/" and "/feed.atom" asks for "//feed.atom".
   */
  static String route(String path) {
    String route = ROUTES.get(path);
    if (route == null && path != null && path.contains("//")) {
      route = ROUTES.get(path.replaceAll("/{2,}", "/"));
    }
    return route != null ? route : OTHER_ROUTE;
  }

  /** What to answer; headers other than the content ones are already on the response. */
  private record Reply(int status, HttpField contentType, ByteBuffer body) {
    static final ByteBuffer NONE = BufferUtil.EMPTY_BUFFER;

    Reply(int status, HttpField contentType, byte[] body) {
      this(status, contentType, ByteBuffer.wrap(body));
    }

    boolean hasContent() {
      return contentType != null;
    }
  }

  private Reply feed(Request request, Response response, String path) {
    Map<String, Prepared> snapshot = outputs;
    if (snapshot == null) {
      response.getHeaders().add(HttpHeader.RETRY_AFTER, "5");
      return plain(response, 503, "the feeds are not built yet");
    }
    String key = path;
    if (OutputPaths.ATOM.equals(path)) {
      int page = PageQuery.page(request.getHttpURI().getQuery());
      if (page == PageQuery.BAD) {
        return plain(response, 400, "page must be a positive whole number");
      }
      key = OutputPaths.atomPage(page);
    }
    Prepared prepared = snapshot.get(key);
    if (prepared == null) {
      return plain(response, 404, "no such page");
    }
    RenderedFeed feed = prepared.feed();
    HttpFields.Mutable h = response.getHeaders();
    h.add(prepared.etag());
    if (prepared.lastModified() != null) {
      h.add(prepared.lastModified());
    }
    h.add(CACHE_CONTROL_FIELD);
    h.add(VARY_FIELD);
    if (OutputPaths.INDEX.equals(path)) {
      h.add("Content-Security-Policy", HTML_CSP);
      h.add("Referrer-Policy", "strict-origin-when-cross-origin");
    } else {
      h.add(ANY_ORIGIN_FIELD);
    }
    HttpFields req = request.getHeaders();
    if (Preconditions.notModified(req, feed.etag(), feed.lastModified())) {
      return new Reply(304, null, Reply.NONE);
    }
    // One ETag for both encodings: Vary tells caches they differ (as nginx gzip_static does).
    if (AcceptEncoding.allowsGzip(req)) {
      h.add(GZIP_FIELD);
      return new Reply(200, prepared.contentType(), prepared.gzip().duplicate());
    }
    return new Reply(200, prepared.contentType(), prepared.body().duplicate());
  }

  private Reply health(Response response) {
    response.getHeaders().add(NO_STORE_FIELD);
    HealthSource.Health now;
    try {
      now = health.health();
    } catch (RuntimeException e) {
      byte[] body = "{\"status\":\"error\"}\n".getBytes(StandardCharsets.UTF_8);
      return new Reply(503, HEALTH_TYPE_FIELD, body);
    }
    return new Reply(now.serving() ? 200 : 503, HEALTH_TYPE_FIELD, now.json());
  }

  private Reply metrics(Response response) {
    response.getHeaders().add(NO_STORE_FIELD);
    byte[] body;
    try {
      body = metrics.scrape();
    } catch (RuntimeException e) {
      return plain(response, 503, "metrics unavailable");
    }
    return new Reply(200, METRICS_TYPE_FIELD, body);
  }

  private static Reply plain(Response response, int status, String message) {
    response.getHeaders().add(NO_STORE_FIELD);
    return new Reply(status, TEXT_TYPE_FIELD,
        (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(Request request, Response response, Callback callback, boolean head,
      Reply reply) {
    response.setStatus(reply.status());
    if (!reply.hasContent()) {
      // 304: no body and, as nginx does, no length. Jetty would add "Content-Length: 0",
      // which RFC 9110 §8.6 forbids; the 200's length, which it allows, makes clients that
      // honour a 304's length (OkHttp) wait for a body that never comes.
      request.addHttpStreamWrapper(WITHOUT_CONTENT_LENGTH);
      callback.succeeded();
      return;
    }
    HttpFields.Mutable h = response.getHeaders();
    h.add(reply.contentType());
    h.add(HttpHeader.CONTENT_LENGTH, reply.body().remaining());
    // HEAD: the same headers, no body (RFC 9110 §9.3.2).
    BodyParts.write(response, head ? BufferUtil.EMPTY_BUFFER : reply.body(), callback);
  }

}
