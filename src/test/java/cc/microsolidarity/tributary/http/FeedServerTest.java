package cc.microsolidarity.tributary.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cc.microsolidarity.tributary.publish.Publisher;
import cc.microsolidarity.tributary.publish.RenderedFeed;
import cc.microsolidarity.tributary.publish.Samples;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedServerTest {
  private final OkHttpClient client = new OkHttpClient();
  private final List<String> served = new CopyOnWriteArrayList<>();
  private volatile boolean healthy = true;
  private Map<String, RenderedFeed> outputs;
  private FeedServer server;
  private String base;

  @BeforeEach
  void start() {
    outputs = new Publisher().render(Samples.feed(2), Samples.sources(), Samples.mixed(5));
    server = new FeedServer(ServerSettings.of("127.0.0.1", 0),
        () -> new HealthSource.Health(healthy,
            ("{\"status\":\"" + (healthy ? "ok" : "down") + "\"}").getBytes(StandardCharsets.UTF_8)),
        () -> "tributary_polls_total 3\n".getBytes(StandardCharsets.UTF_8),
        (route, method, status) -> served.add(method + " " + route + " " + status));
    server.publish(outputs);
    int port = server.start();
    base = "http://127.0.0.1:" + port;
  }

  @AfterEach
  void stop() {
    // Close idle client connections first so the server's graceful stop has nothing to wait on.
    client.connectionPool().evictAll();
    client.dispatcher().executorService().shutdown();
    server.stop();
  }

  private Response get(String path, String... headers) throws Exception {
    Request.Builder b = new Request.Builder().url(base + path);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.newCall(b.build()).execute();
  }

  @ParameterizedTest
  @CsvSource({
      "/feed.atom, /feed.atom, application/atom+xml; charset=utf-8",
      "/podcast.rss, /podcast.rss, application/rss+xml; charset=utf-8",
      "/feed.json, /feed.json, application/feed+json; charset=utf-8",
      "/sources.opml, /sources.opml, text/x-opml; charset=utf-8",
      "/, /, text/html; charset=utf-8",
      "/index.html, /, text/html; charset=utf-8",
      "/feed.atom?page=2, /feed.atom?page=2, application/atom+xml; charset=utf-8",
      "/feed.atom?page=1, /feed.atom, application/atom+xml; charset=utf-8",
      "/feed.atom?_=5, /feed.atom, application/atom+xml; charset=utf-8"})
  void everyPathServesItsSnapshotWithItsHeaders(String path, String key, String type)
      throws Exception {
    RenderedFeed want = outputs.get(key);
    try (Response r = get(path, "Accept-Encoding", "identity")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo(type);
      assertThat(r.header("ETag")).isEqualTo(want.etag());
      assertThat(r.header("Cache-Control")).isEqualTo("public, max-age=300");
      assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("Content-Encoding")).isNull();
      assertThat(r.header("Server")).isNull();
      assertThat(r.body().bytes()).isEqualTo(want.body());
      if (key.equals("/")) {
        assertThat(r.header("Content-Security-Policy")).startsWith("default-src 'none'")
            .contains("frame-ancestors 'none'");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
      } else {
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"/feed.atom, identity, ''", "/feed.atom, gzip, ''", "/feed.atom, identity, etag",
      "/, identity, ''", "/, identity, etag", "/health, identity, ''", "/nope, identity, ''"})
  void everyHeaderIsSentOnce(String path, String encoding, String conditional)
      throws Exception {
    // The handler adds its headers to a fresh response rather than putting them (which would
    // replace): this holds it to that, on 200s, 304s and errors alike.
    String ifNoneMatch = conditional.isEmpty() ? "\"none\"" : outputs.get(path).etag();
    try (Response r = get(path, "Accept-Encoding", encoding, "If-None-Match", ifNoneMatch)) {
      assertThat(r.code()).isIn(200, 304, 404);
      assertThat(r.code() == 304).isEqualTo(!conditional.isEmpty());
      for (String name : r.headers().names()) {
        assertThat(r.headers(name)).as(name).hasSize(1);
      }
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
  }

  @Test
  void lastModifiedIsTheNewestEntryAndOpmlHasNone() throws Exception {
    try (Response atom = get("/feed.atom"); Response opml = get("/sources.opml")) {
      assertThat(atom.header("Last-Modified")).isEqualTo("Mon, 03 Jun 2024 10:16:30 GMT");
      assertThat(opml.header("Last-Modified")).isNull();
    }
  }

  @Test
  void matchingEtagGivesNotModifiedWithoutBody() throws Exception {
    String etag = outputs.get("/feed.atom").etag();
    try (Response r = get("/feed.atom", "If-None-Match", "\"nope\", W/" + etag)) {
      assertThat(r.code()).isEqualTo(304);
      assertThat(r.header("ETag")).isEqualTo(etag);
      assertThat(r.body().bytes()).isEmpty();
    }
    try (Response r = get("/feed.atom", "If-None-Match", "\"nope\"",
        "If-Modified-Since", "Tue, 04 Jun 2024 00:00:00 GMT")) {
      assertThat(r.code()).as("If-Modified-Since ignored beside If-None-Match").isEqualTo(200);
    }
  }

  @Test
  void aNotModifiedCarriesNoContentLength() throws Exception {
    // RFC 9110 §8.6 forbids "Content-Length: 0" on a 304 (only the 200's length may be
    // given), and clients that honour a 304's length (OkHttp does) would wait for that body.
    RenderedFeed atom = outputs.get("/feed.atom");
    for (String encoding : List.of("identity", "gzip")) {
      try (Response r = get("/feed.atom", "If-None-Match", atom.etag(),
          "Accept-Encoding", encoding)) {
        assertThat(r.code()).isEqualTo(304);
        assertThat(r.header("Content-Length")).as(encoding).isNull();
        assertThat(r.header("Content-Encoding")).as(encoding).isNull();
        assertThat(r.header("ETag")).isEqualTo(atom.etag());
        assertThat(r.body().bytes()).isEmpty();
      }
    }
    try (Response r = get("/feed.json", "If-Modified-Since", "Mon, 03 Jun 2024 10:16:30 GMT")) {
      assertThat(r.code()).isEqualTo(304);
      assertThat(r.header("Content-Length")).isNull();
    }
  }

  @Test
  void ifModifiedSinceGivesNotModifiedWhenNothingIsNewer() throws Exception {
    try (Response r = get("/feed.json", "If-Modified-Since", "Mon, 03 Jun 2024 10:16:30 GMT")) {
      assertThat(r.code()).isEqualTo(304);
    }
    try (Response r = get("/feed.json", "If-Modified-Since", "Mon, 03 Jun 2024 10:16:29 GMT")) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void gzipIsServedFromPrecomputedBytesWhenAsked() throws Exception {
    RenderedFeed want = outputs.get("/podcast.rss");
    try (Response r = get("/podcast.rss", "Accept-Encoding", "gzip")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
      byte[] raw = r.body().bytes();
      assertThat(raw).isEqualTo(want.gzipBody());
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
        assertThat(in.readAllBytes()).isEqualTo(want.body());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {";", ",;,", "gzip;q=", ";;q=1"})
  void aMalformedAcceptEncodingGetsTheBodyAsItIs(String header) throws Exception {
    // ";" once made the reading of the header throw: a 500 instead of the feed.
    try (Response r = get("/feed.atom", "Accept-Encoding", header)) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Encoding")).isNull();
      assertThat(r.body().bytes()).isEqualTo(outputs.get("/feed.atom").body());
    }
  }

  /**
   * What a request may carry that the handler reads (the conditional headers, Accept-Encoding,
   * the page query), made of random pieces: every answer is a 200, 304 or 400, never a 5xx.
   */
  @Test
  void requestsOfAnyShapeNeverGetAServerError() throws Exception {
    String[] pieces = {"gzip", "*", "x-gzip", ";", ",", "q=", "Q=", "0", "1", "0.5", " ", "\t",
        "\"", "W/", "=", "page", "&", "%", "%3", "2", "-", "abc", "Mon, 03 Jun 2024 10:15:30 GMT",
        outputs.get("/feed.atom").etag()};
    Random random = new Random(11);
    for (int run = 0; run < 400; run++) {
      String path = List.of("/feed.atom", "/podcast.rss", "/").get(random.nextInt(3));
      if (path.equals("/feed.atom") && random.nextBoolean()) {
        path += "?" + randomValue(random, pieces).strip();
      }
      List<String> headers = new ArrayList<>();
      for (String name : List.of("Accept-Encoding", "If-None-Match", "If-Modified-Since")) {
        if (random.nextBoolean()) {
          headers.add(name);
          headers.add(randomValue(random, pieces));
        }
      }
      try (Response r = get(path, headers.toArray(String[]::new))) {
        assertThat(r.code()).as("%s %s", path, headers).isIn(200, 304, 400);
      }
    }
  }

  private static String randomValue(Random random, String[] pieces) {
    StringBuilder value = new StringBuilder();
    for (int p = random.nextInt(7); p > 0; p--) {
      value.append(pieces[random.nextInt(pieces.length)]);
    }
    return value.toString();
  }

  @Test
  void bodiesLargerThanAWritePartArriveWholeAndTheConnectionCarriesOn() throws Exception {
    // Letters at random: ~430 KB, whose gzip is over 64 KiB too, so both go out in parts.
    java.util.Random random = new java.util.Random(7);
    StringBuilder text = new StringBuilder("<feed>");
    while (text.length() < 430_000) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    RenderedFeed big = RenderedFeed.of("/feed.atom",
        text.append("</feed>").toString().getBytes(StandardCharsets.UTF_8),
        "application/atom+xml; charset=utf-8", Samples.T0);
    assertThat(big.gzipBody().length).isGreaterThan(2 * BodyParts.PART_BYTES);
    Map<String, RenderedFeed> withBig = new java.util.HashMap<>(outputs);
    withBig.put("/feed.atom", big);
    server.publish(withBig);

    for (int round = 0; round < 3; round++) {
      try (Response r = get("/feed.atom", "Accept-Encoding", "identity")) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(big.body().length));
        assertThat(r.body().bytes()).isEqualTo(big.body());
      }
      try (Response r = get("/feed.atom", "Accept-Encoding", "gzip")) {
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.body().bytes()).isEqualTo(big.gzipBody());
      }
      try (Response r = get("/health")) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
    // Every answer above came over one kept-alive connection: each large response ended
    // where its length said.
    assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
  }

  @Test
  void headGivesTheHeadersWithoutTheBody() throws Exception {
    RenderedFeed want = outputs.get("/feed.atom");
    Request head = new Request.Builder().url(base + "/feed.atom").head()
        .header("Accept-Encoding", "identity").build();
    try (Response r = client.newCall(head).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(want.body().length));
      assertThat(r.header("ETag")).isEqualTo(want.etag());
      assertThat(r.body().bytes()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
  void otherMethodsAreNotAllowed(String method) throws Exception {
    Request req = new Request.Builder().url(base + "/feed.atom")
        .method(method, method.equals("DELETE") ? null : RequestBody.create(new byte[0], null))
        .build();
    try (Response r = client.newCall(req).execute()) {
      assertThat(r.code()).isEqualTo(405);
      assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
    }
  }

  @ParameterizedTest
  @CsvSource({
      "/nope, 404", "/feed.xml, 404", "/feed.atom/, 404", "/FEED.ATOM, 404",
      "/feed.atom?page=abc, 400", "/feed.atom?page=0, 400", "/feed.atom?page=-2, 400",
      "/feed.atom?page=4, 404", "/feed.atom?page=999999, 404", "/etc/passwd, 404",
      "/pom.xml, 404"})
  void unknownPathsAndBadPagesAreClientErrors(String path, int status) throws Exception {
    try (Response r = get(path)) {
      assertThat(r.code()).isEqualTo(status);
      assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/feed.atom/..%2f..%2f..%2fpom.xml", "/..%5c..%5cpom.xml", "/./../pom.xml",
      "/%2e%2e%2f%2e%2e%2fetc%2fpasswd"})
  void traversalPathsNeverReachAFile(String rawPath) throws Exception {
    String response = raw("GET " + rawPath + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    int status = Integer.parseInt(response.substring(9, 12));
    assertThat(status).isIn(400, 404);
    assertThat(response).doesNotContain("root:").doesNotContain("<project");
  }

  @Test
  void oversizedRequestHeadersAreRefusedWith431() throws Exception {
    try (Response r = get("/feed.atom", "X-Big", "a".repeat(20 * 1024))) {
      assertThat(r.code()).isEqualTo(431);
      assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(r.body().string()).isEqualTo("431 request header fields too large\n");
    }
  }

  /** A failure inside the server says so in the same plain shape, and nothing of the cause. */
  @Test
  void aFailureInsideTheServerIsAPlain500WithoutItsCause() throws Exception {
    // A health source that breaks its contract (null): the handler's one unguarded call.
    FeedServer failing = new FeedServer(ServerSettings.of("127.0.0.1", 0), () -> null,
        () -> new byte[0]);
    failing.publish(outputs);
    int port = failing.start();
    try (Response r = client.newCall(new Request.Builder()
        .url("http://127.0.0.1:" + port + "/health").build()).execute()) {
      assertThat(r.code()).isEqualTo(500);
      assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(r.body().string()).isEqualTo("500 server error\n");
    } finally {
      failing.stop();
    }
  }

  /** Repeated slashes count as one, as nginx has them; other paths stay unknown. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "//feed.atom | 200", "/feed.atom// | 404", "///podcast.rss | 200", "//health | 200",
      "//feed.atom?page=2 | 200", "// | 200", "/x//feed.atom | 404"})
  void repeatedSlashesCountAsOne(String path, int status) throws Exception {
    String response = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 " + status + " ");
  }

  /** What Jetty refuses before the handler sees it reads as the handler's own errors do. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/../etc/passwd | 400 bad request",
      "/feed.atom?LONG | 414 URI too long"})
  void requestsJettyRefusesGetAPlainLineToo(String rawPath, String line) throws Exception {
    String path = rawPath.replace("LONG", "a".repeat(20 * 1024));
    String response = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    String head = response.substring(0, response.indexOf("\r\n\r\n"));
    assertThat(response).startsWith("HTTP/1.1 " + line.substring(0, 3) + " ");
    assertThat(head).containsIgnoringCase("Content-Type: text/plain; charset=utf-8")
        .containsIgnoringCase("X-Content-Type-Options: nosniff")
        .containsIgnoringCase("Cache-Control: no-store");
    assertThat(response.substring(head.length() + 4)).isEqualTo(line + "\n");
  }

  @Test
  void healthAndMetricsComeFromTheirSources() throws Exception {
    try (Response r = get("/health")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
      assertThat(r.header("Cache-Control")).isEqualTo("no-store");
      assertThat(r.body().string()).isEqualTo("{\"status\":\"ok\"}");
    }
    healthy = false;
    try (Response r = get("/health")) {
      assertThat(r.code()).isEqualTo(503);
      assertThat(r.body().string()).isEqualTo("{\"status\":\"down\"}");
    }
    try (Response r = get("/metrics")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type"))
          .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
      assertThat(r.body().string()).isEqualTo("tributary_polls_total 3\n");
    }
  }

  @Test
  void theListenerHearsEveryAnsweredRequest() throws Exception {
    get("/feed.atom?page=2").close();
    get("/nope").close();
    get("/feed.atom?page=x").close();

    assertThat(served).containsExactly("GET /feed.atom 200", "GET other 404",
        "GET /feed.atom 400");
  }

  @Test
  void feedsAreUnavailableUntilTheFirstPublish() throws Exception {
    try (FeedServer fresh = new FeedServer(ServerSettings.of("127.0.0.1", 0),
        () -> new HealthSource.Health(true, new byte[0]), () -> new byte[0])) {
      int port = fresh.start();
      Request req = new Request.Builder().url("http://127.0.0.1:" + port + "/feed.atom").build();
      try (Response r = client.newCall(req).execute()) {
        assertThat(r.code()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("5");
      }
      fresh.publish(outputs);
      try (Response r = client.newCall(req).execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
  }

  @Test
  void aTakenPortGivesAPlainMessage() {
    FeedServer second = new FeedServer(ServerSettings.of("127.0.0.1", server.port()),
        () -> new HealthSource.Health(true, new byte[0]), () -> new byte[0]);

    assertThatThrownBy(second::start).isInstanceOf(ServerStartException.class)
        .hasMessageStartingWith("port " + server.port() + " is in use");
  }

  @Test
  void aServerStartsOnlyOnce() {
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
  }

  private String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
