package cc.microsolidarity.tributary.poll;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.dedupe.EntryIds;
import cc.microsolidarity.tributary.dedupe.IdentityKeys;
import cc.microsolidarity.tributary.fetch.FeedFetcher;
import cc.microsolidarity.tributary.fetch.FetchSettings;
import cc.microsolidarity.tributary.model.FeedSettings;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.normalize.EnclosureCanonicalizer;
import cc.microsolidarity.tributary.normalize.ItemNormalizer;
import cc.microsolidarity.tributary.normalize.LinkCanonicalizer;
import cc.microsolidarity.tributary.parse.FeedParser;
import cc.microsolidarity.tributary.store.Database;
import cc.microsolidarity.tributary.store.EntryStore;
import cc.microsolidarity.tributary.store.SourceState;
import cc.microsolidarity.tributary.store.SourceStateStore;
import cc.microsolidarity.tributary.store.SourceStatuses;
import cc.microsolidarity.tributary.testing.MutableClock;
import cc.microsolidarity.tributary.testing.Sql;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One poll's bookkeeping, through real HTTP and a real SQLite file. */
class PollerTest {
  static final FeedSettings FEED = new FeedSettings("T", null, "tag:example.org,2024:m",
      "https://example.org", "microsolidarity", null, null, null, 50);
  static final String RSS = """
      <?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
      <link>https://blog.example.org/</link><description>d</description>
      <item><title>Hello</title><link>https://blog.example.org/hello</link>
      <guid>https://blog.example.org/hello</guid>
      <pubDate>Wed, 11 Nov 2026 08:00:00 GMT</pubDate><description>Hi</description></item>
      </channel></rss>""";

  @TempDir Path dir;
  final MockWebServer server = new MockWebServer();
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
  Database db;
  FeedFetcher fetcher;
  Poller poller;
  SourceStatuses statuses;

  @BeforeEach
  void setUp() throws Exception {
    server.start();
    open();
  }

  void open() {
    db = Database.open(dir.resolve("t.db"));
    fetcher = new FeedFetcher(FetchSettings.defaults("tributary/test (+https://example.org)"));
    EntryStore entries = new EntryStore(clock);
    SourceStateStore states = new SourceStateStore();
    statuses = new SourceStatuses(states, entries);
    LinkCanonicalizer links = new LinkCanonicalizer();
    poller = new Poller(fetcher, new FeedParser(), new ItemNormalizer(clock), links,
        new EnclosureCanonicalizer(links), new IdentityKeys(), new EntryIds(), db, entries,
        states, new NextPollPolicy(), clock, PollListener.NONE);
  }

  void reopen() {
    fetcher.close();
    db.close();
    open();
  }

  @AfterEach
  void tearDown() throws Exception {
    fetcher.close();
    db.close();
    server.close();
  }

  Source source(String path) {
    return Source.of("blog", SourceKind.BLOG, server.url(path).toString());
  }

  SourceStatus status(Source s) {
    return db.read(c -> statuses.of(c, List.of(s))).get(0);
  }

  static MockResponse rss() {
    return new MockResponse.Builder().addHeader("Content-Type", "application/rss+xml")
        .body(RSS).build();
  }

  @Test
  void anUnexpectedFailureIsRecordedForHealthAndBacksOffLikeAnyOther() throws Exception {
    EntryStore entries = new EntryStore(clock);
    Poller buggy = new Poller(fetcher, new FeedParser(), new ItemNormalizer(clock),
        new LinkCanonicalizer(), new EnclosureCanonicalizer(new LinkCanonicalizer()),
        new IdentityKeys(), new EntryIds(), db, entries, new SourceStateStore(),
        new NextPollPolicy(), clock, new PollListener() {
          @Override
          public void sourceMoved(Source source, java.net.URI from, java.net.URI to) {
            throw new IllegalStateException("a bug");
          }
        });
    Source s = source("/old.xml");
    server.enqueue(new MockResponse.Builder().code(301)
        .addHeader("Location", server.url("/new.xml").toString()).build());
    server.enqueue(rss());

    PollOutcome outcome = buggy.poll(s, FEED);

    assertThat(outcome.status()).isEqualTo(PollOutcome.Status.FAILED);
    SourceStatus status = status(s);
    assertThat(status.lastError()).isEqualTo("internal error: java.lang.IllegalStateException:"
        + " a bug");
    assertThat(status.consecutiveFailures()).isEqualTo(1);
    assertThat(outcome.nextDue()).isEqualTo(new NextPollPolicy().afterFailure(s.interval(),
        null, null, 1, clock.instant()));
  }

  @Test
  void aPermanentRedirectBecomesTheEffectiveUrlAndIsAskedNextTime() throws Exception {
    Source s = source("/old.xml");
    server.enqueue(new MockResponse.Builder().code(301)
        .addHeader("Location", server.url("/new.xml").toString()).build());
    server.enqueue(rss());
    server.enqueue(rss());

    assertThat(poller.poll(s, FEED).stored().added()).isEqualTo(1);
    assertThat(status(s).effectiveUrl()).isEqualTo(server.url("/new.xml").uri());

    poller.poll(s, FEED);
    server.takeRequest();
    server.takeRequest();
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/new.xml");
  }

  @Test
  void aTemporaryRedirectIsFollowedButNotRemembered() throws Exception {
    Source s = source("/feed.xml");
    server.enqueue(new MockResponse.Builder().code(302)
        .addHeader("Location", server.url("/elsewhere.xml").toString()).build());
    server.enqueue(rss());
    poller.poll(s, FEED);
    assertThat(status(s).effectiveUrl()).isEqualTo(s.url());
  }

  @Test
  void goneDisablesTheSourceUntilItsUrlChanges() throws Exception {
    Source s = source("/gone.xml");
    server.enqueue(new MockResponse.Builder().code(410).build());

    PollOutcome first = poller.poll(s, FEED);
    assertThat(first.status()).isEqualTo(PollOutcome.Status.FAILED);
    assertThat(first.nextDue()).isNull();
    assertThat(status(s).state()).isEqualTo(SourceStatus.State.DISABLED);

    PollOutcome second = poller.poll(s, FEED);
    assertThat(second.status()).isEqualTo(PollOutcome.Status.DISABLED);
    assertThat(server.getRequestCount()).isEqualTo(1);

    Source moved = source("/moved.xml");
    server.enqueue(rss());
    assertThat(poller.poll(moved, FEED).status()).isEqualTo(PollOutcome.Status.FETCHED);
    assertThat(status(moved).state()).isEqualTo(SourceStatus.State.OK);
  }

  @Test
  void retryAfterSetsTheNextDueTime() {
    Source s = source("/busy.xml");
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7200").build());
    PollOutcome o = poller.poll(s, FEED);
    assertThat(o.nextDue()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
    assertThat(status(s).state()).isEqualTo(SourceStatus.State.BACKING_OFF);
    assertThat(status(s).lastStatus()).isEqualTo(429);
  }

  @Test
  void failuresBackOffExponentiallyAndASuccessResets() {
    Source s = source("/flaky.xml");
    for (int i = 1; i <= 3; i++) {
      server.enqueue(new MockResponse.Builder().code(500).build());
      PollOutcome o = poller.poll(s, FEED);
      assertThat(o.nextDue()).isEqualTo(clock.instant().plus(Duration.ofHours(1L << i)));
      assertThat(status(s).consecutiveFailures()).isEqualTo(i);
      assertThat(status(s).lastError()).isEqualTo("HTTP 500 Server Error");
    }
    server.enqueue(rss());
    PollOutcome ok = poller.poll(s, FEED);
    assertThat(ok.nextDue()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
    assertThat(status(s).consecutiveFailures()).isZero();
    assertThat(status(s).lastError()).isNull();
    assertThat(status(s).state()).isEqualTo(SourceStatus.State.OK);
  }

  @Test
  void anUnchangedBodyWithoutValidatorsIsNotParsedAgain() {
    Source s = source("/plain.xml");
    server.enqueue(rss());
    server.enqueue(rss());
    assertThat(poller.poll(s, FEED).status()).isEqualTo(PollOutcome.Status.FETCHED);
    PollOutcome second = poller.poll(s, FEED);
    assertThat(second.status()).isEqualTo(PollOutcome.Status.NOT_MODIFIED);
    assertThat(second.httpStatus()).isEqualTo(200);
  }

  @Test
  void aBodyHashStoredByAnEarlierVersionCostsOneParseAndNoEdit() {
    Source s = source("/plain.xml");
    server.enqueue(rss());
    server.enqueue(rss());
    server.enqueue(rss());
    assertThat(poller.poll(s, FEED).stored().added()).isEqualTo(1);
    // As a version before the fingerprint stored it: SHA-256 of the body, in hex.
    db.transaction(c -> {
      try (java.sql.Statement st = c.createStatement()) {
        return st.executeUpdate("UPDATE source_state SET body_hash = '"
            + "9f2c0c2a4a1e8d3b7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c'");
      }
    });
    PollOutcome reparsed = poller.poll(s, FEED);
    assertThat(reparsed.status()).isEqualTo(PollOutcome.Status.FETCHED);
    assertThat(reparsed.stored()).isEqualTo(new cc.microsolidarity.tributary.store.StoreOutcome(
        0, 0, 0, 1, 0));
    assertThat(poller.poll(s, FEED).status()).isEqualTo(PollOutcome.Status.NOT_MODIFIED);
  }

  @Test
  void aDocumentThatIsNotAFeedFailsWithAShortMessageAndIsFetchedInFullNextTime()
      throws Exception {
    Source s = source("/page.html");
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/html")
        .addHeader("ETag", "\"p1\"").body("<!doctype html><html><body>Hi</body></html>").build());
    server.enqueue(rss());
    PollOutcome o = poller.poll(s, FEED);
    assertThat(o.status()).isEqualTo(PollOutcome.Status.FAILED);
    assertThat(o.error()).isEqualTo("not a feed: HTML page");
    poller.poll(s, FEED);
    server.takeRequest();
    RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(second.getHeaders().get("If-None-Match")).isNull();
  }

  /** A .gz file served as it is, and a body compressed twice (OkHttp undoes one layer). */
  @Test
  void aFeedStillGzipAfterTheHttpLayerIsInflatedAndStoredWithTheRecoveryNoted() throws Exception {
    byte[] once = gzip(RSS.getBytes(StandardCharsets.UTF_8));
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/x-gzip")
        .body(new Buffer().write(once)).build());
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/rss+xml")
        .addHeader("Content-Encoding", "gzip").body(new Buffer().write(gzip(once))).build());

    for (String path : List.of("/feed.xml.gz", "/twice.xml")) {
      Source s = Source.of(path.substring(1, 5), SourceKind.BLOG, server.url(path).toString());
      PollOutcome o = poller.poll(s, FEED);
      assertThat(o.status()).as(path).isEqualTo(PollOutcome.Status.FETCHED);
      assertThat(o.items()).isEqualTo(1);
      assertThat(o.warning()).isEqualTo("inflated a body that was still gzip-compressed");
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void failureStateAndNextDueSurviveARestart() {
    Source s = source("/down.xml");
    server.enqueue(new MockResponse.Builder().code(503).build());
    PollOutcome o = poller.poll(s, FEED);

    reopen();

    SourceState state = poller.stateOf(s);
    assertThat(state.consecutiveFailures()).isEqualTo(1);
    assertThat(state.nextDue()).isEqualTo(o.nextDue());
    assertThat(poller.nextDue(s)).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
    assertThat(state.lastError()).contains("503");
  }

  @Test
  void aChangedIntervalMovesAHealthySourcesNextPollAtOnce() {
    Source hourly = source("/blog.xml"); // 1 h by default
    server.enqueue(rss());
    Instant polled = clock.instant();
    assertThat(poller.poll(hourly, FEED).nextDue()).isEqualTo(polled.plus(Duration.ofHours(1)));
    clock.advance(Duration.ofMinutes(7));
    reopen(); // as after a restart: the due time comes from the database

    assertThat(poller.nextDue(hourly)).isEqualTo(polled.plus(Duration.ofHours(1)));
    Source shorter = hourly.withInterval(Duration.ofMinutes(5));
    assertThat(poller.nextDue(shorter)).isEqualTo(polled.plus(Duration.ofMinutes(5)));
    assertThat(status(shorter).nextPoll()).isEqualTo(polled.plus(Duration.ofMinutes(5)));
    // Lengthened: once more at the old time, then the new interval applies.
    Source longer = hourly.withInterval(Duration.ofHours(6));
    assertThat(poller.nextDue(longer)).isEqualTo(polled.plus(Duration.ofHours(1)));

    // A 304 keeps it so.
    server.enqueue(new MockResponse.Builder().code(304).build());
    Instant again = clock.instant();
    poller.poll(hourly, FEED);
    assertThat(poller.nextDue(shorter)).isEqualTo(again.plus(Duration.ofMinutes(5)));
  }

  @Test
  void aShorterIntervalStillWaitsForTheFeedsOwnRefreshHint() {
    Source hourly = source("/slow.xml");
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/rss+xml")
        .body(RSS.replace("<description>d</description>", "<description>d</description>"
            + "<ttl>180</ttl>")).build());
    Instant polled = clock.instant();
    assertThat(poller.poll(hourly, FEED).nextDue()).isEqualTo(polled.plus(Duration.ofHours(3)));
    assertThat(poller.nextDue(hourly.withInterval(Duration.ofMinutes(5))))
        .isEqualTo(polled.plus(Duration.ofHours(3)));
    assertThat(poller.nextDue(hourly.withInterval(Duration.ofHours(5))))
        .isEqualTo(polled.plus(Duration.ofHours(3)));
  }

  @Test
  void aDueTimeSetEarlierByHandIsKept() throws Exception {
    Source hourly = source("/now.xml");
    server.enqueue(rss());
    poller.poll(hourly, FEED);
    try (Sql sql = new Sql(dir.resolve("t.db"))) { // "poll it now", from a sqlite3 shell
      sql.execute("UPDATE source_state SET next_due = 0");
    }
    assertThat(poller.nextDue(hourly.withInterval(Duration.ofMinutes(5))))
        .isEqualTo(Instant.EPOCH);
  }

  @Test
  void aShorterIntervalKeepsAFailingSourcesBackoff() {
    Source hourly = source("/down.xml");
    server.enqueue(new MockResponse.Builder().code(500).build());
    Instant due = poller.poll(hourly, FEED).nextDue();
    assertThat(due).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
    assertThat(poller.nextDue(hourly.withInterval(Duration.ofMinutes(5)))).isEqualTo(due);
  }

  @Test
  void aStateSavedBeforeHintsWereStoredKeepsItsDueTime() throws Exception {
    Source hourly = source("/old.xml");
    server.enqueue(rss());
    Instant due = poller.poll(hourly, FEED).nextDue();
    try (Sql sql = new Sql(dir.resolve("t.db"))) { // as a row of an older version reads
      sql.execute("UPDATE source_state SET refresh_hint = NULL");
    }
    reopen();
    assertThat(poller.nextDue(hourly.withInterval(Duration.ofMinutes(5)))).isEqualTo(due);
  }

  @Test
  void aChangedUrlInFeedsYamlStartsTheSourceAfresh() {
    Source s = source("/a.xml");
    server.enqueue(new MockResponse.Builder().code(500).build());
    poller.poll(s, FEED);
    Source changed = new Source("blog", SourceKind.BLOG, URI.create(server.url("/b.xml").toString()),
        Duration.ofHours(1), null, List.of(), List.of(), true);
    assertThat(poller.stateOf(changed).consecutiveFailures()).isZero();
    assertThat(poller.nextDue(changed)).isNull();
  }
}
