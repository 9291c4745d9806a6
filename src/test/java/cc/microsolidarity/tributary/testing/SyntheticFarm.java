package cc.microsolidarity.tributary.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * One loopback MockWebServer serving any number of generated RSS sources by path:
 * {@code /s/N.xml} is source N. Source N carries its own items {@code 0..itemsPerSource-1}
 * (plus one per {@link #advance() edition}) and, to exercise cross-source dedupe, the first
 * item of source N-1. Every item's GUID and link are absolute URLs, so they are globally unique.
 * Other paths can be routed to any response (hostile feeds). Answers conditional requests
 * with 304 on a matching ETag. Keeps counters, not recorded requests, so a long soak stays small.
 */
public final class SyntheticFarm implements AutoCloseable {
  private static final Pattern SOURCE = Pattern.compile("/s/(\\d+)\\.xml");

  private final MockWebServer server = new MockWebServer();
  private final int itemsPerSource;
  private final AtomicInteger edition = new AtomicInteger();
  private final Map<String, Function<RecordedRequest, MockResponse>> routes =
      new ConcurrentHashMap<>();
  private final Map<String, LongAdder> hits = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();

  public SyntheticFarm(int itemsPerSource) throws IOException {
    this.itemsPerSource = itemsPerSource;
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        total.increment();
        hits.computeIfAbsent(path, p -> new LongAdder()).increment();
        Function<RecordedRequest, MockResponse> route = routes.get(path);
        if (route != null) {
          return route.apply(request);
        }
        Matcher m = SOURCE.matcher(path);
        if (!m.matches()) {
          return new MockResponse.Builder().code(404).build();
        }
        return feed(request, Integer.parseInt(m.group(1)));
      }
    });
    server.start();
  }

  private MockResponse feed(RecordedRequest request, int n) {
    String body = rss(n, edition.get());
    String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
    if (etag.equals(request.getHeaders().get("If-None-Match"))) {
      return new MockResponse.Builder().code(304).addHeader("ETag", etag).build();
    }
    return new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/rss+xml; charset=utf-8")
        .addHeader("ETag", etag)
        .body(body).build();
  }

  /** The GUID (= link) of item {@code k} of source {@code n}. */
  public static String itemUrl(int n, int k) {
    return "https://farm.example/s/" + n + "/items/" + k;
  }

  /** How many own items source {@code n} carries at the current edition. */
  public int itemCount() {
    return itemsPerSource + edition.get();
  }

  /** The RSS document of source {@code n} at {@code edition}. */
  public String rss(int n, int edition) {
    StringBuilder b = new StringBuilder(1024).append("""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Source %d</title>
        <link>https://farm.example/s/%d</link><description>generated</description>
        """.formatted(n, n));
    int own = itemsPerSource + edition;
    for (int k = 0; k < own; k++) {
      // Item 0's title changes with the edition: an edit that must keep the entry's id.
      String title = k == 0 ? "Source " + n + " item 0 (edition " + edition + ")"
          : "Source " + n + " item " + k;
      item(b, n, k, title);
    }
    if (n > 0) {
      item(b, n - 1, 1, "Source " + (n - 1) + " item 1");
    }
    return b.append("</channel></rss>\n").toString();
  }

  private static void item(StringBuilder b, int n, int k, String title) {
    long day = 86_400L * ((n * 7L + k) % 3000);
    String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
        java.time.Instant.ofEpochSecond(1_600_000_000L + day + n * 60L + k)
            .atOffset(java.time.ZoneOffset.UTC));
    b.append("<item><title>").append(title).append("</title><link>").append(itemUrl(n, k))
        .append("</link><guid>").append(itemUrl(n, k)).append("</guid><pubDate>").append(date)
        .append("</pubDate><description>Body of ").append(n).append('/').append(k)
        .append("</description></item>\n");
  }

  /** Every source gains one item and edits its item 0 (the next fetch sees a change). */
  public int advance() {
    return edition.incrementAndGet();
  }

  /** Routes {@code path} to {@code response} (called per request, on the server's thread). */
  public SyntheticFarm route(String path, Function<RecordedRequest, MockResponse> response) {
    routes.put(path, response);
    return this;
  }

  public SyntheticFarm route(String path, MockResponse response) {
    return route(path, r -> response);
  }

  public String url(String path) {
    return server.url(path).toString();
  }

  public String sourceUrl(int n) {
    return url("/s/" + n + ".xml");
  }

  public int port() {
    return server.getPort();
  }

  public long hits(String path) {
    LongAdder a = hits.get(path);
    return a == null ? 0 : a.sum();
  }

  public long totalHits() {
    return total.sum();
  }

  /** Distinct generated sources requested at least once. */
  public long sourcesRequested() {
    return hits.keySet().stream().filter(p -> SOURCE.matcher(p).matches()).count();
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
