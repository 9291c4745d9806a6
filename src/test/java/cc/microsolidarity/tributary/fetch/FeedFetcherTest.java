package cc.microsolidarity.tributary.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.fetch.FetchResult.Reason;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedFetcherTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private static final String FEED = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>";

  private MockWebServer server;
  private FeedFetcher fetcher;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    fetcher = new FeedFetcher(TestSettings.quick(), Dns.SYSTEM, AddressPolicy.STANDARD,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.close();
  }

  private FetchResult fetch(String path, Validators validators) {
    URI url = server.url(path).uri();
    return fetcher.fetch(new FetchRequest("src", url, validators, url));
  }

  private FetchResult fetch(String path) {
    return fetch(path, Validators.NONE);
  }

  private RecordedRequest taken() throws InterruptedException {
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  @Test
  void aFeedIsFetchedWithBodyContentTypeAndValidators() {
    server.enqueue(new MockResponse.Builder()
        .setHeader("Content-Type", "application/rss+xml; charset=utf-8")
        .setHeader("ETag", "\"v1\"")
        .setHeader("Last-Modified", "Sat, 01 Mar 2025 10:00:00 GMT")
        .body(FEED).build());

    FetchResult result = fetch("/feed.xml");

    assertThat(result).isInstanceOf(FetchResult.Fetched.class);
    FetchResult.Fetched fetched = (FetchResult.Fetched) result;
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(new String(fetched.body(), StandardCharsets.UTF_8)).isEqualTo(FEED);
    assertThat(fetched.contentType()).isEqualTo("application/rss+xml; charset=utf-8");
    assertThat(fetched.validators())
        .isEqualTo(new Validators("\"v1\"", "Sat, 01 Mar 2025 10:00:00 GMT"));
    assertThat(fetched.finalUrl()).isEqualTo(server.url("/feed.xml").uri());
    assertThat(fetched.permanentRedirect()).isNull();
    assertThat(fetched.cacheHint()).isNull();
  }

  @Test
  void theConfiguredUserAgentIsSent() throws InterruptedException {
    server.enqueue(new MockResponse.Builder().body(FEED).build());

    fetch("/feed.xml");

    assertThat(taken().getHeaders().get("User-Agent")).isEqualTo(TestSettings.USER_AGENT);
  }

  @Test
  void aFirstFetchSendsNoConditionalHeaders() throws InterruptedException {
    server.enqueue(new MockResponse.Builder().body(FEED).build());

    fetch("/feed.xml");

    RecordedRequest request = taken();
    assertThat(request.getHeaders().get("If-None-Match")).isNull();
    assertThat(request.getHeaders().get("If-Modified-Since")).isNull();
  }

  @Test
  void storedEtagAndLastModifiedAreSentBack() throws InterruptedException {
    server.enqueue(new MockResponse.Builder().code(304).build());

    fetch("/feed.xml", new Validators("\"abc\"", "Sat, 01 Mar 2025 10:00:00 GMT"));

    RecordedRequest request = taken();
    assertThat(request.getHeaders().get("If-None-Match")).isEqualTo("\"abc\"");
    assertThat(request.getHeaders().get("If-Modified-Since"))
        .isEqualTo("Sat, 01 Mar 2025 10:00:00 GMT");
  }

  @Test
  void validatorsRoundTripFromOneFetchToTheNext() throws InterruptedException {
    server.enqueue(new MockResponse.Builder().setHeader("ETag", "W/\"7\"")
        .setHeader("Last-Modified", "Fri, 28 Feb 2025 08:00:00 GMT").body(FEED).build());
    server.enqueue(new MockResponse.Builder().code(304).build());

    Validators stored = ((FetchResult.Fetched) fetch("/feed.xml")).validators();
    FetchResult second = fetch("/feed.xml", stored);

    taken();
    RecordedRequest conditional = taken();
    assertThat(conditional.getHeaders().get("If-None-Match")).isEqualTo("W/\"7\"");
    assertThat(conditional.getHeaders().get("If-Modified-Since"))
        .isEqualTo("Fri, 28 Feb 2025 08:00:00 GMT");
    assertThat(second).isInstanceOf(FetchResult.NotModified.class);
  }

  @Test
  void notModifiedKeepsValidatorsWhenThe304OmitsThem() {
    server.enqueue(new MockResponse.Builder().code(304).build());
    Validators old = new Validators("\"abc\"", "Sat, 01 Mar 2025 10:00:00 GMT");

    FetchResult result = fetch("/feed.xml", old);

    assertThat(result).isEqualTo(new FetchResult.NotModified(old, null, null,
        ((FetchResult.NotModified) result).elapsedMillis()));
  }

  @Test
  void notModifiedTakesNewValidatorsWhenThe304CarriesThem() {
    server.enqueue(new MockResponse.Builder().code(304).setHeader("ETag", "\"new\"").build());

    FetchResult result = fetch("/feed.xml", new Validators("\"old\"", "Sat, 01 Mar 2025 10:00:00 GMT"));

    assertThat(((FetchResult.NotModified) result).validators())
        .isEqualTo(new Validators("\"new\"", "Sat, 01 Mar 2025 10:00:00 GMT"));
  }

  @Test
  void goneDisablesTheSource() {
    server.enqueue(new MockResponse.Builder().code(410).build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/feed.xml");

    assertThat(failed.reason()).isEqualTo(Reason.GONE);
    assertThat(failed.status()).isEqualTo(410);
  }

  @Test
  void tooManyRequestsCarriesRetryAfterInSeconds() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "120").build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/feed.xml");

    assertThat(failed.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(failed.status()).isEqualTo(429);
    assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void retryAfterAsHttpDateCountsFromTheResponseDate() {
    server.enqueue(new MockResponse.Builder().code(429)
        .setHeader("Date", "Mon, 03 Mar 2025 09:00:00 GMT")
        .setHeader("Retry-After", "Mon, 03 Mar 2025 09:30:00 GMT").build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/feed.xml");

    assertThat(failed.retryAfter()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void retryAfterAsHttpDateWithoutDateHeaderCountsFromNow() {
    server.enqueue(new MockResponse.Builder().code(429)
        .setHeader("Retry-After", "Sat, 01 Mar 2025 14:00:00 GMT").build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/feed.xml");

    assertThat(failed.retryAfter()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void serviceUnavailableIsRateLimitedToo() {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "600").build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/feed.xml");

    assertThat(failed.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.retryAfter()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void rateLimitedWithoutRetryAfterHasNone() {
    server.enqueue(new MockResponse.Builder().code(503).build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/feed.xml");

    assertThat(failed.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(failed.retryAfter()).isNull();
  }

  @ParameterizedTest(name = "{0} is an HTTP error")
  @CsvSource({"400", "401", "403", "404", "500", "502", "504"})
  void otherErrorStatusesAreHttpErrors(int status) {
    server.enqueue(new MockResponse.Builder().code(status).build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/feed.xml");

    assertThat(failed.reason()).isEqualTo(Reason.HTTP_ERROR);
    assertThat(failed.status()).isEqualTo(status);
    assertThat(failed.detail()).startsWith("HTTP " + status);
    assertThat(failed.retryAfter()).isNull();
  }

  @Test
  void theDetailNamesStatusAndReasonPhrase() {
    server.enqueue(new MockResponse.Builder().status("HTTP/1.1 500 Internal Server Error").build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch("/feed.xml");

    assertThat(failed.detail()).isEqualTo("HTTP 500 Internal Server Error");
  }

  @Test
  void maxAgeBecomesTheCacheHint() {
    server.enqueue(new MockResponse.Builder()
        .setHeader("Cache-Control", "public, max-age=7200").body(FEED).build());

    assertThat(((FetchResult.Fetched) fetch("/feed.xml")).cacheHint())
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void expiresMinusDateBecomesTheCacheHint() {
    server.enqueue(new MockResponse.Builder()
        .setHeader("Date", "Mon, 03 Mar 2025 09:00:00 GMT")
        .setHeader("Expires", "Mon, 03 Mar 2025 12:00:00 GMT").body(FEED).build());

    assertThat(((FetchResult.Fetched) fetch("/feed.xml")).cacheHint())
        .isEqualTo(Duration.ofHours(3));
  }

  @Test
  void aNotModifiedCarriesTheCacheHintToo() {
    server.enqueue(new MockResponse.Builder().code(304)
        .setHeader("Cache-Control", "max-age=900").build());

    assertThat(((FetchResult.NotModified) fetch("/feed.xml")).cacheHint())
        .isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void aClosedPortIsConnectionRefused() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + closedPort + "/feed.xml");

    FetchResult.Failed failed = (FetchResult.Failed) fetcher.fetch(
        new FetchRequest("src", url, null, null));

    assertThat(failed.reason()).isEqualTo(Reason.NETWORK);
    assertThat(failed.status()).isZero();
    assertThat(failed.detail()).isEqualTo("connection refused");
  }

  @Test
  void anUnknownHostIsANetworkFailure() {
    FeedFetcher withFakeDns = new FeedFetcher(TestSettings.quick(), new FakeDns());
    URI url = URI.create("http://nowhere.example/feed.xml");

    FetchResult.Failed failed = (FetchResult.Failed) withFakeDns.fetch(
        new FetchRequest("src", url, null, null));

    assertThat(failed.reason()).isEqualTo(Reason.NETWORK);
    assertThat(failed.detail()).isEqualTo("unknown host nowhere.example");
    withFakeDns.close();
  }

  @Test
  void aNonHttpUrlFailsWithoutThrowing() {
    URI url = URI.create("ftp://example.org/feed.xml");

    FetchResult.Failed failed = (FetchResult.Failed) fetcher.fetch(
        new FetchRequest("src", url, null, null));

    assertThat(failed.reason()).isEqualTo(Reason.NETWORK);
    assertThat(failed.detail()).contains("not an http(s) URL");
  }

  @Test
  void anInterruptedCallerGetsAFailureAndKeepsItsInterruptFlag() {
    server.enqueue(new MockResponse.Builder().body(FEED).build());
    Thread.currentThread().interrupt();
    try {
      FetchResult.Failed failed = (FetchResult.Failed) fetch("/feed.xml");

      assertThat(failed.reason()).isEqualTo(Reason.NETWORK);
      assertThat(failed.detail()).isEqualTo("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
