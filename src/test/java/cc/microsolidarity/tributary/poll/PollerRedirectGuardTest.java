package cc.microsolidarity.tributary.poll;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.dedupe.EntryIds;
import cc.microsolidarity.tributary.dedupe.IdentityKeys;
import cc.microsolidarity.tributary.fetch.AddressPolicy;
import cc.microsolidarity.tributary.fetch.FeedFetcher;
import cc.microsolidarity.tributary.fetch.FetchSettings;
import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.normalize.EnclosureCanonicalizer;
import cc.microsolidarity.tributary.normalize.ItemNormalizer;
import cc.microsolidarity.tributary.normalize.LinkCanonicalizer;
import cc.microsolidarity.tributary.parse.FeedParser;
import cc.microsolidarity.tributary.store.Database;
import cc.microsolidarity.tributary.store.EntryStore;
import cc.microsolidarity.tributary.store.SourceState;
import cc.microsolidarity.tributary.store.SourceStateStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The address guard seen from the poll: a public source redirecting into an internal address is
 * refused, recorded as that source's error (what {@code sources} and {@code /health} show), and
 * nothing from the internal address is stored. The loopback server poses as the public host
 * {@code feeds.example} on 127.0.0.2, which the test policy counts as public.
 */
class PollerRedirectGuardTest {
  static final String PUBLIC_IP = "127.0.0.2";
  static final AddressPolicy POLICY = a ->
      !a.getHostAddress().equals(PUBLIC_IP) && AddressPolicy.STANDARD.isInternal(a);
  static final FeedSettings FEED = new FeedSettings("T", null, "tag:example.org,2024:m",
      "https://example.org", null, null, null, null, 50);

  @TempDir Path dir;
  MockWebServer server;
  Database db;
  FeedFetcher fetcher;
  Poller poller;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(InetAddress.getByName("0.0.0.0"), 0);
    Dns dns = host -> {
      if (host.equals("feeds.example")) {
        return List.of(InetAddress.getByAddress(host, InetAddress.getByName(PUBLIC_IP)
            .getAddress()));
      }
      if (host.equals("metadata.example")) {
        return List.of(InetAddress.getByName("169.254.169.254"));
      }
      throw new UnknownHostException(host);
    };
    Clock clock = Clock.systemUTC();
    fetcher = new FeedFetcher(new FetchSettings("tributary/test", Duration.ofSeconds(2),
        Duration.ofSeconds(2), Duration.ofSeconds(5), 1 << 20, 2, 8), dns, POLICY, clock);
    db = Database.open(dir.resolve("t.db"));
    LinkCanonicalizer links = new LinkCanonicalizer();
    poller = new Poller(fetcher, new FeedParser(), new ItemNormalizer(clock), links,
        new EnclosureCanonicalizer(links), new IdentityKeys(), new EntryIds(), db,
        new EntryStore(clock), new SourceStateStore(), new NextPollPolicy(), clock,
        new PollListener() {});
  }

  @AfterEach
  void stop() {
    fetcher.close();
    db.close();
    server.close();
  }

  @ParameterizedTest(name = "to {0}")
  @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "169.254.169.254", "[::1]",
      "metadata.example"})
  void aRedirectIntoAnInternalAddressIsTheSourcesRecordedError(String host) {
    String internal = "http://" + host + ":" + server.getPort() + "/latest/meta-data";
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", internal)
        .build());
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/rss+xml")
        .body("<rss version=\"2.0\"><channel><title>secret</title><item><title>internal"
            + "</title><guid>https://internal/1</guid></item></channel></rss>").build());
    Source source = Source.of("pub", SourceKind.BLOG,
        "http://feeds.example:" + server.getPort() + "/feed");

    PollOutcome outcome = poller.poll(source, FEED);

    assertThat(outcome.status()).isEqualTo(PollOutcome.Status.FAILED);
    assertThat(outcome.error()).containsPattern("refused .*internal address");
    SourceState saved = poller.stateOf(source);
    assertThat(saved.lastError()).isEqualTo(outcome.error());
    assertThat(saved.consecutiveFailures()).isEqualTo(1);
    assertThat(saved.effectiveUrl()).isNull(); // a refused chain is never persisted
    assertThat(server.getRequestCount()).isEqualTo(1); // the internal address was never asked
    long stored = db.read(c -> new EntryStore(Clock.systemUTC()).countForSource(c, "pub"));
    assertThat(stored).isZero();
  }
}
