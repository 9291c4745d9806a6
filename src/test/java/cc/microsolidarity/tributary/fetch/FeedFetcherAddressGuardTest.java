package cc.microsolidarity.tributary.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.fetch.FetchResult.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No public feed may redirect Tributary into an internal address. The loopback server poses as
 * a public host: it listens on every loopback address, the fake DNS maps {@code *.example} public
 * names to 127.0.0.2, and the test policy declares 127.0.0.2 public (everything else standard).
 */
class FeedFetcherAddressGuardTest {

  private static final String PUBLIC_IP = "127.0.0.2";
  private static final AddressPolicy POLICY = address ->
      !address.getHostAddress().equals(PUBLIC_IP) && AddressPolicy.STANDARD.isInternal(address);

  private MockWebServer server;
  private FakeDns dns;
  private FeedFetcher fetcher;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getByName("0.0.0.0"), 0);
    dns = new FakeDns()
        .map("feeds.example", PUBLIC_IP)
        .map("cdn.example", PUBLIC_IP)
        .map("localhost", "127.0.0.1")
        .map("metadata.example", "169.254.169.254")
        .map("intranet.example", "10.0.0.1")
        .map("mixed.example", PUBLIC_IP, "192.168.1.1");
    fetcher = new FeedFetcher(TestSettings.quick(), dns, POLICY, Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    fetcher.close();
    server.close();
  }

  private URI url(String host, String path) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + server.getPort() + path);
  }

  private void redirectTo(URI target) {
    server.enqueue(new MockResponse.Builder().code(302)
        .setHeader("Location", target.toString()).build());
  }

  private FetchResult fetch(URI url) {
    return fetcher.fetch(new FetchRequest("src", url, null, url));
  }

  @ParameterizedTest(name = "to {0}")
  @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "localhost",
      "metadata.example", "intranet.example", "mixed.example"})
  void aPublicSourceMayNotRedirectToAnInternalAddress(String host) {
    redirectTo(url(host, "/admin"));
    server.enqueue(new MockResponse.Builder().body("secret").build());

    FetchResult.Failed failed = (FetchResult.Failed) fetch(url("feeds.example", "/feed"));

    assertThat(failed.reason()).isEqualTo(Reason.REDIRECT_REFUSED);
    assertThat(failed.detail()).contains("internal address");
    assertThat(failed.permanentRedirect()).isNull();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aPublicSourceMayRedirectToAnotherPublicHost() {
    redirectTo(url("cdn.example", "/feed.xml"));
    server.enqueue(new MockResponse.Builder().body("<rss/>").build());

    FetchResult.Fetched fetched = (FetchResult.Fetched) fetch(url("feeds.example", "/feed"));

    assertThat(fetched.finalUrl()).isEqualTo(url("cdn.example", "/feed.xml"));
  }

  @Test
  void aLoopbackSourceMayRedirectWithinLoopback() {
    redirectTo(url("127.0.0.1", "/moved"));
    server.enqueue(new MockResponse.Builder().body("<rss/>").build());

    FetchResult.Fetched fetched = (FetchResult.Fetched) fetch(url("localhost", "/feed"));

    assertThat(fetched.finalUrl()).isEqualTo(url("127.0.0.1", "/moved"));
  }

  @Test
  void aStoredEffectiveUrlOnAnInternalAddressIsRefusedForAPublicSource() {
    URI configured = url("feeds.example", "/feed");
    URI effective = url("127.0.0.1", "/feed");

    FetchResult.Failed failed = (FetchResult.Failed) fetcher.fetch(
        new FetchRequest("src", effective, null, configured));

    assertThat(failed.reason()).isEqualTo(Reason.REDIRECT_REFUSED);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aHostThatRebindsToLoopbackAfterTheCheckIsRefusedAtConnect() {
    // Public for the checks before the request, loopback when OkHttp connects.
    AtomicInteger lookups = new AtomicInteger();
    Dns rebinding = host -> {
      if (!host.equals("rebind.example")) {
        return dns.lookup(host);
      }
      String ip = lookups.incrementAndGet() <= 2 ? PUBLIC_IP : "127.0.0.1";
      try {
        return List.of(InetAddress.getByAddress(host, InetAddress.getByName(ip).getAddress()));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    };
    server.enqueue(new MockResponse.Builder().body("secret").build());
    try (FeedFetcher guarded = new FeedFetcher(TestSettings.quick(), rebinding, POLICY,
        Clock.systemUTC())) {

      FetchResult.Failed failed = (FetchResult.Failed) guarded.fetch(
          new FetchRequest("src", url("rebind.example", "/feed"), null, null));

      assertThat(failed.reason()).isEqualTo(Reason.REDIRECT_REFUSED);
      assertThat(lookups.get()).isEqualTo(3);
      assertThat(server.getRequestCount()).isZero();
    }
  }
}
