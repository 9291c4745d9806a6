package cc.microsolidarity.tributary.poll;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.dedupe.EntryIds;
import cc.microsolidarity.tributary.dedupe.IdentityKeys;
import cc.microsolidarity.tributary.fetch.FeedFetcher;
import cc.microsolidarity.tributary.fetch.FetchSettings;
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
import cc.microsolidarity.tributary.testing.MutableClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pass saves the bookkeeping of unchanged sources in batches, and all of it before it
 * returns; items of a fetch are still stored at once, in their own transaction.
 */
class PollPassTest {
  static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

  @TempDir Path dir;
  final MockWebServer server = new MockWebServer();
  final MutableClock clock = new MutableClock(T0);
  final SourceStateStore states = new SourceStateStore();
  Database db;
  FeedFetcher fetcher;
  Poller poller;

  @BeforeEach
  void setUp() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if ("\"v1\"".equals(request.getHeaders().get("If-None-Match"))) {
          return new MockResponse.Builder().code(304).addHeader("ETag", "\"v1\"").build();
        }
        return new MockResponse.Builder().addHeader("Content-Type", "application/rss+xml")
            .addHeader("ETag", "\"v1\"").body(PollerTest.RSS.replace("hello",
                request.getUrl().encodedPath().substring(1))).build();
      }
    });
    server.start();
    db = Database.open(dir.resolve("t.db"));
    fetcher = new FeedFetcher(FetchSettings.defaults("tributary/test (+https://example.org)"));
    EntryStore entries = new EntryStore(clock);
    LinkCanonicalizer links = new LinkCanonicalizer();
    poller = new Poller(fetcher, new FeedParser(), new ItemNormalizer(clock), links,
        new EnclosureCanonicalizer(links), new IdentityKeys(), new EntryIds(), db, entries,
        states, new NextPollPolicy(), clock, PollListener.NONE);
  }

  @AfterEach
  void tearDown() throws Exception {
    fetcher.close();
    db.close();
    server.close();
  }

  @Test
  void everyUnchangedSourceIsRememberedWhenThePassReturnsBeyondOneBatch() {
    int n = PollPass.STATES_PER_TRANSACTION + 7;
    List<Source> sources = IntStream.range(0, n)
        .mapToObj(i -> Source.of("s" + i, SourceKind.BLOG, server.url("/f" + i).toString()))
        .toList();
    PollPass pass = new PollPass(poller, 4);
    assertThat(pass.run(sources, PollerTest.FEED))
        .allMatch(o -> o.status() == PollOutcome.Status.FETCHED);

    clock.advance(Duration.ofHours(2));
    List<PollOutcome> again = pass.run(sources, PollerTest.FEED);

    assertThat(again).allMatch(o -> o.status() == PollOutcome.Status.NOT_MODIFIED);
    Map<String, SourceState> saved = db.read(states::all);
    assertThat(saved).hasSize(n);
    assertThat(saved.values()).allSatisfy(s -> {
      assertThat(s.lastSuccess()).isEqualTo(T0.plus(Duration.ofHours(2)));
      assertThat(s.lastStatus()).isEqualTo(304);
      assertThat(s.etag()).isEqualTo("\"v1\"");
    });
  }

  @Test
  void statesAreSavedWhenABatchFillsAndTheRestWhenFlushed() {
    UnchangedStates batch = poller.unchangedStates(2);
    batch.add(state("a"));
    assertThat(db.read(states::all)).isEmpty();
    batch.add(state("b"));
    assertThat(db.read(states::all)).containsOnlyKeys("a", "b");
    batch.add(state("c"));
    batch.flush();
    assertThat(db.read(states::all)).containsOnlyKeys("a", "b", "c");
    assertThat(batch.failure("a")).isNull();
  }

  @Test
  void aBatchTheDatabaseRefusesIsReportedPerSourceAndNotRetried() {
    UnchangedStates batch = poller.unchangedStates(10);
    batch.add(state("a"));
    batch.add(state("b"));
    db.close();

    batch.flush();

    assertThat(batch.failure("a")).startsWith("storing failed: ");
    assertThat(batch.failure("b")).startsWith("storing failed: ");
    db = Database.open(dir.resolve("t.db"));
    assertThat(db.read(states::all)).isEmpty();
  }

  private static SourceState state(String id) {
    return SourceState.fresh(id, URI.create("https://example.org/" + id)).toBuilder()
        .lastAttempt(T0).lastSuccess(T0).lastStatus(304).build();
  }
}
