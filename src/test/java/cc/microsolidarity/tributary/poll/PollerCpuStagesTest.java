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
import cc.microsolidarity.tributary.poll.CpuStages.Stage;
import cc.microsolidarity.tributary.store.Database;
import cc.microsolidarity.tributary.store.EntryStore;
import cc.microsolidarity.tributary.store.SourceStateStore;
import cc.microsolidarity.tributary.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each step of a poll is charged to its own stage, and only the steps that ran: on a CPU
 * clock that advances one millisecond per reading, every charge is exactly one millisecond.
 */
class PollerCpuStagesTest {
  @TempDir Path dir;
  final MockWebServer server = new MockWebServer();
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
  final AtomicLong cpuNanos = new AtomicLong();
  final CpuStages stages = new CpuStages(() -> cpuNanos.addAndGet(1_000_000));
  Database db;
  FeedFetcher fetcher;
  Poller poller;

  @BeforeEach
  void setUp() throws Exception {
    server.start();
    db = Database.open(dir.resolve("t.db"));
    fetcher = new FeedFetcher(FetchSettings.defaults("tributary/test (+https://example.org)"));
    LinkCanonicalizer links = new LinkCanonicalizer();
    poller = new Poller(fetcher, new FeedParser(), new ItemNormalizer(clock), links,
        new EnclosureCanonicalizer(links), new IdentityKeys(), new EntryIds(), db,
        new EntryStore(clock), new SourceStateStore(), new NextPollPolicy(), clock,
        PollListener.NONE, 2, stages);
  }

  @AfterEach
  void tearDown() throws Exception {
    fetcher.close();
    db.close();
    server.close();
  }

  @Test
  void aFetchedBodyIsChargedToEveryStageOnce() {
    server.enqueue(PollerTest.rss());
    assertThat(poller.poll(source(), PollerTest.FEED).status())
        .isEqualTo(PollOutcome.Status.FETCHED);
    assertThat(millis()).isEqualTo(Map.of(Stage.FETCH, 1L, Stage.HASH, 1L, Stage.PARSE, 1L,
        Stage.NORMALISE, 1L, Stage.ENCODE, 1L, Stage.STORE, 1L));
  }

  @Test
  void theSameBodyAgainCostsItsHashButNoParse() {
    server.enqueue(PollerTest.rss());
    server.enqueue(PollerTest.rss());
    poller.poll(source(), PollerTest.FEED);
    assertThat(poller.poll(source(), PollerTest.FEED).status())
        .isEqualTo(PollOutcome.Status.NOT_MODIFIED);
    assertThat(millis()).isEqualTo(Map.of(Stage.FETCH, 2L, Stage.HASH, 2L, Stage.PARSE, 1L,
        Stage.NORMALISE, 1L, Stage.ENCODE, 1L, Stage.STORE, 2L));
  }

  @Test
  void aNotModifiedIsChargedItsFetchAndTheBatchedSave() {
    server.enqueue(PollerTest.rss().newBuilder().addHeader("ETag", "\"v1\"").build());
    server.enqueue(new MockResponse.Builder().code(304).build());
    poller.poll(source(), PollerTest.FEED);
    UnchangedStates unchanged = poller.unchangedStates(10);
    assertThat(poller.poll(source(), PollerTest.FEED, unchanged).status())
        .isEqualTo(PollOutcome.Status.NOT_MODIFIED);
    assertThat(millis().get(Stage.STORE)).isEqualTo(1L); // waiting in the batch: not yet
    unchanged.flush();
    assertThat(millis()).isEqualTo(Map.of(Stage.FETCH, 2L, Stage.HASH, 1L, Stage.PARSE, 1L,
        Stage.NORMALISE, 1L, Stage.ENCODE, 1L, Stage.STORE, 2L));
  }

  @Test
  void aFailedFetchIsChargedItsFetchAndTheSavedFailure() {
    server.enqueue(new MockResponse.Builder().code(500).build());
    assertThat(poller.poll(source(), PollerTest.FEED).status())
        .isEqualTo(PollOutcome.Status.FAILED);
    assertThat(millis()).isEqualTo(Map.of(Stage.FETCH, 1L, Stage.HASH, 0L, Stage.PARSE, 0L,
        Stage.NORMALISE, 0L, Stage.ENCODE, 0L, Stage.STORE, 1L));
  }

  @Test
  void aClockThatGoesBackChargesNothing() {
    AtomicLong backwards = new AtomicLong(10_000_000);
    CpuStages s = new CpuStages(() -> backwards.addAndGet(-1_000_000));
    s.charge(Stage.PARSE, s.mark());
    assertThat(s.spent(Stage.PARSE)).isEqualTo(Duration.ZERO);
  }

  Source source() {
    return Source.of("blog", SourceKind.BLOG, server.url("/feed.xml").toString());
  }

  Map<Stage, Long> millis() {
    Map<Stage, Long> out = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      out.put(s, stages.spent(s).toMillis());
    }
    return out;
  }
}
