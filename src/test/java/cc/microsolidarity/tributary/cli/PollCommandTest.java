package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.poll.PollOutcome;
import cc.microsolidarity.tributary.store.RunLock;
import cc.microsolidarity.tributary.store.StoreOutcome;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.SyndFeedInput;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline through the real command line: feeds.yaml → HTTP → SQLite → files. */
class PollCommandTest {
  @TempDir Path dir;
  FeedFarm farm;
  Path feeds;

  @BeforeEach
  void setUp() throws Exception {
    farm = new FeedFarm()
        .serveResource("/podcast.xml", "/e2e/podcast.xml", "application/rss+xml")
        .serveResource("/blog.atom", "/e2e/blog.atom", "application/atom+xml")
        .serveResource("/tag.xml", "/e2e/tag.xml", "application/rss+xml")
        .fail("/broken.xml", 500);
    feeds = dir.resolve("feeds.yaml");
    Files.writeString(feeds, """
        feed:
          title: "#microsolidarity"
          subtitle: "Test merge"
          id: "tag:microsolidarity.cc,2019:merged"
          link: "https://microsolidarity.cc"
          hashtag: microsolidarity
          max_entries: 50
        sources:
          - id: pod
            kind: podcast
            url: "%s"
          - id: blog
            url: "%s"
          - id: tag
            url: "%s"
          - id: broken
            url: "%s"
        """.formatted(farm.url("/podcast.xml"), farm.url("/blog.atom"), farm.url("/tag.xml"),
        farm.url("/broken.xml")));
  }

  @AfterEach
  void tearDown() throws Exception {
    farm.close();
  }

  private Result poll(String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new java.util.ArrayList<>(List.of("poll", "--feeds", feeds.toString(),
        "--db", dir.resolve("data/t.db").toString(), "--out", dir.resolve("public").toString(),
        "--config", writeEmptyConfig().toString()));
    args.addAll(List.of(extra));
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
        args.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  private Path writeEmptyConfig() {
    try {
      Path c = dir.resolve("tributary.yaml");
      if (!Files.exists(c)) {
        Files.writeString(c, "# defaults\n");
      }
      return c;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  record Result(int code, String out, String err) {}

  private SyndFeed atom() throws Exception {
    String xml = Files.readString(dir.resolve("public/feed.atom"));
    SyndFeedInput in = new SyndFeedInput();
    return in.build(new StringReader(xml));
  }

  @Test
  void anOutFolderThatCannotBeWrittenSaysWhyAfterTheSummaryAndLosesNothing() throws Exception {
    Path out = dir.resolve("public");
    Files.writeString(out, "a file where the folder should be");
    Result r = poll();

    assertThat(r.code()).isEqualTo(4);
    assertThat(r.out()).contains("total: 4 sources, 4 new").doesNotContain("wrote");
    assertThat(r.err()).isEqualTo("cannot write to " + out + ": "
        + out.resolve(".tributary-outputs") + ": Not a directory (what was fetched is stored; the next poll writes it)"
        + System.lineSeparator());

    Files.delete(out);
    Result again = poll();
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("total: 4 sources, 0 new").contains("wrote 5 files");
    assertThat(atom().getEntries()).hasSize(4);
  }

  @Test
  void pollsEverySourceStoresOnceAndWritesAValidMergedAtomFeed() throws Exception {
    Result r = poll();

    assertThat(r.code()).as(r.err()).isZero();
    // blog and tag are polled at once; whichever stores the shared post second merges it.
    assertThat(r.out()).containsPattern("pod\\s+200\\s+2 new")
        .containsPattern("(?s)(blog\\s+200\\s+2 new.*tag\\s+200\\s+0 new, 0 updated, 1 merged)"
            + "|(blog\\s+200\\s+1 new, 0 updated, 1 merged.*tag\\s+200\\s+1 new)")
        .containsPattern("broken\\s+500\\s+failed: HTTP 500")
        .contains("total: 4 sources, 4 new")
        .containsPattern("\ncpu: [0-9.]+ s = fetch [0-9.]+ \\+ hash [0-9.]+ \\+ parse [0-9.]+"
            + " \\+ normalise [0-9.]+ \\+ encode [0-9.]+ \\+ store [0-9.]+ \\+ publish [0-9.]+"
            + " \\+ other [0-9.]+ \\(start-up, JIT, GC\\)\n");
    for (String f : List.of("feed.atom", "podcast.rss", "feed.json", "sources.opml", "index.html")) {
      assertThat(dir.resolve("public").resolve(f)).isNotEmptyFile();
    }

    SyndFeed feed = atom();
    assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
    assertThat(feed.getUri()).isEqualTo("tag:microsolidarity.cc,2019:merged");
    assertThat(feed.getTitle()).isEqualTo("#microsolidarity");
    Map<String, SyndEntry> byTitle = feed.getEntries().stream()
        .collect(Collectors.toMap(SyndEntry::getTitle, Function.identity()));
    // The Medium post from the blog and the tag feed is one entry.
    assertThat(byTitle).containsOnlyKeys("Peer support in practice", "Congregations at scale",
        "Episode 2: Crews and Congregations", "Episode 1: What is microsolidarity?");
    assertThat(feed.getEntries()).extracting(SyndEntry::getTitle).containsExactly(
        "Peer support in practice", "Episode 2: Crews and Congregations",
        "Congregations at scale", "Episode 1: What is microsolidarity?");

    SyndEntry ep2 = byTitle.get("Episode 2: Crews and Congregations");
    assertThat(ep2.getUri()).startsWith("urn:uuid:");
    assertThat(ep2.getLink()).isEqualTo("https://podcast.example.org/episodes/2");
    assertThat(ep2.getPublishedDate().toInstant()).hasToString("2026-11-10T09:00:00Z");
    SyndLink enclosure = ep2.getLinks().stream().filter(l -> "enclosure".equals(l.getRel()))
        .findFirst().orElseThrow();
    assertThat(enclosure.getHref()).isEqualTo("https://cdn.example.org/audio/ep2.mp3");
    assertThat(enclosure.getType()).isEqualTo("audio/mpeg");
    assertThat(enclosure.getLength()).isEqualTo(23456789L);
    String html = ep2.getContents().isEmpty() ? ep2.getDescription().getValue()
        : ep2.getContents().get(0).getValue();
    assertThat(html).contains("<b>crews</b>").doesNotContain("script");

    SyndEntry post = byTitle.get("Peer support in practice");
    assertThat(post.getAuthor()).isEqualTo("Anna Example");
    assertThat(post.getCategories()).extracting(c -> c.getName()).contains("microsolidarity");
    // Carried by blog and tag: atom:source names one, a rel="via" link the other.
    assertThat(post.getLinks()).filteredOn(l -> "via".equals(l.getRel()))
        .extracting(SyndLink::getHref).singleElement().asString()
        .matches(".*/(blog\\.atom|tag\\.xml)");

    String raw = Files.readString(dir.resolve("public/feed.atom"));
    assertThat(raw).contains("<source>").contains("Enspiral Tales");
  }

  @Test
  void theCpuLineAddsTheStagesPublishingAndTheRestUpToTheProcessTotal() {
    java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
    cc.microsolidarity.tributary.poll.CpuStages stages =
        new cc.microsolidarity.tributary.poll.CpuStages(cpu::get);
    long mark = stages.mark();
    cpu.addAndGet(1_250_000_000L);
    mark = stages.charge(cc.microsolidarity.tributary.poll.CpuStages.Stage.PARSE, mark);
    cpu.addAndGet(2_000_000_000L);
    stages.charge(cc.microsolidarity.tributary.poll.CpuStages.Stage.STORE, mark);
    StringWriter text = new StringWriter();
    PollCommand.printCpu(new PrintWriter(text, true), stages, java.time.Duration.ofMillis(250),
        java.time.Duration.ofSeconds(5));
    assertThat(text.toString()).isEqualTo("cpu: 5.00 s = fetch 0.00 + hash 0.00 + parse 1.25"
        + " + normalise 0.00 + encode 0.00 + store 2.00 + publish 0.25 + other 1.50"
        + " (start-up, JIT, GC)" + System.lineSeparator());

    text.getBuffer().setLength(0);
    PollCommand.printCpu(new PrintWriter(text, true), stages, java.time.Duration.ofMillis(250),
        null);
    assertThat(text.toString()).isEqualTo("cpu: 3.50 s in polling = fetch 0.00 + hash 0.00"
        + " + parse 1.25 + normalise 0.00 + encode 0.00 + store 2.00 + publish 0.25"
        + System.lineSeparator());
  }

  @Test
  void theSummaryHasOneAlignedLinePerSourceThenTheTotals() {
    StringWriter text = new StringWriter();
    PollCommand.printSummary(new PrintWriter(text, true), List.of(
        outcome("blog", PollOutcome.Status.FETCHED, 200, null, new StoreOutcome(3, 1, 2, 0, 4), 40),
        outcome("podcast-feed", PollOutcome.Status.NOT_MODIFIED, 304, null, StoreOutcome.NOTHING,
            120),
        outcome("gone", PollOutcome.Status.FAILED, 0, "connection refused", StoreOutcome.NOTHING,
            40),
        outcome("off", PollOutcome.Status.DISABLED, 0, null, StoreOutcome.NOTHING, 0),
        outcome("gone-410", PollOutcome.Status.DISABLED, 410,
            "410 Gone: disabled until its URL in feeds.yaml changes", StoreOutcome.NOTHING, 0)),
        1234);
    String n = System.lineSeparator();
    assertThat(text.toString()).isEqualTo(
        "blog          200  3 new, 1 updated, 2 merged, 4 filtered  (40 ms)" + n
        + "podcast-feed  304  not modified  (120 ms)" + n
        + "gone          ERR  failed: connection refused  (40 ms)" + n
        + "off           -    not fetched: disabled in feeds.yaml (enabled: false)" + n
        + "gone-410      -    not fetched: 410 Gone: disabled until its URL in feeds.yaml changes"
        + n + "total: 5 sources, 3 new, 1 updated, 1 failed, 1234 ms" + n);
  }

  private static PollOutcome outcome(String id, PollOutcome.Status status, int httpStatus,
      String error, StoreOutcome stored, long millis) {
    return new PollOutcome(id, status, httpStatus, error, null, stored, 0, 0, millis, null);
  }

  @Test
  void aSecondPollIsConditionalAddsNothingAndKeepsEveryId() throws Exception {
    assertThat(poll().code()).isZero();
    List<String> firstIds = atom().getEntries().stream().map(SyndEntry::getUri).toList();
    String firstBytes = Files.readString(dir.resolve("public/feed.atom"));

    Result second = poll();

    assertThat(second.code()).isZero();
    assertThat(second.out()).containsPattern("pod\\s+304\\s+not modified")
        .containsPattern("blog\\s+304\\s+not modified")
        .contains("total: 4 sources, 0 new, 0 updated");
    List<RecordedRequest> podRequests = farm.requestsFor("/podcast.xml");
    assertThat(podRequests).hasSize(2);
    assertThat(podRequests.get(1).getHeaders().get("If-None-Match")).isNotBlank();
    assertThat(podRequests.get(1).getHeaders().get("If-Modified-Since"))
        .isEqualTo(FeedFarm.LAST_MODIFIED);
    assertThat(podRequests.get(0).getHeaders().get("User-Agent"))
        .startsWith("tributary/").contains("(+https://microsolidarity.cc)");
    assertThat(atom().getEntries()).extracting(SyndEntry::getUri)
        .containsExactlyElementsOf(firstIds);
    assertThat(Files.readString(dir.resolve("public/feed.atom"))).isEqualTo(firstBytes);
  }

  @Test
  void anInvalidConfigExitsNonZeroWithPositionedMessagesAndTouchesNothing() throws Exception {
    Files.writeString(feeds, Files.readString(feeds).replace("url:", "ulr:"));

    Result r = poll();

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(feeds + ":11:5: unknown key 'ulr' in a source (did you mean 'url'?)");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(farm.requests).isEmpty();
    assertThat(dir.resolve("data/t.db")).doesNotExist();
  }

  @Test
  void anUnusableDatabaseIsReportedAndNeverModified() throws Exception {
    Path db = dir.resolve("data/t.db");
    Files.createDirectories(db.getParent());
    byte[] junk = "this is not a database, it is somebody's notes\n".getBytes();
    Files.write(db, junk);

    Result r = poll();

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("not an SQLite database (left untouched)");
    assertThat(Files.readAllBytes(db)).isEqualTo(junk);
    assertThat(farm.requests).isEmpty();
  }

  @Test
  void pollOfOneSourceFetchesOnlyIt() {
    Result r = poll("--source", "blog");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("total: 1 source, ");
    assertThat(farm.requests).extracting(q -> q.getUrl().encodedPath())
        .containsExactly("/blog.atom");
  }

  @Test
  void quietPrintsNothingAndStillStoresAndWrites() throws Exception {
    Result r = poll("--quiet");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(atom().getEntries()).isNotEmpty();
  }

  @Test
  void aMistypedSourceIdIsAUsageErrorThatNamesTheNearestId() {
    Result r = poll("--source", "blgo");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).isEqualTo("no source with id 'blgo' in " + feeds
        + " (did you mean 'blog'?)" + System.lineSeparator());
    assertThat(poll("--source", "nothing-like-it").err()).doesNotContain("did you mean");
    assertThat(farm.requests).isEmpty();
  }

  @Test
  void dueOnlySkipsSourcesPolledWithinTheirInterval() {
    assertThat(poll().code()).isZero();
    int before = farm.requests.size();
    Result r = poll("--due-only");
    assertThat(r.code()).isZero();
    // Only the failing source, whose backoff is from a 1 h interval, is... not due either.
    assertThat(farm.requests.size()).isEqualTo(before);
    assertThat(r.out()).contains("total: 0 sources");
  }

  /**
   * cron's next {@code poll --due-only} while the last still runs leaves the due sources to
   * it, rather than fetching them again; a poll by hand is never held back.
   */
  @Test
  void aDueOnlyPollLeavesTheWorkToOneStillRunning() {
    Path db = dir.resolve("data/t.db");
    try (RunLock running = RunLock.attempt(RunLock.pollFileFor(db), 4242,
        java.time.Instant.parse("2026-12-08T00:20:00Z")).lock()) {
      Result skipped = poll("--due-only");
      assertThat(skipped.code()).isZero();
      assertThat(skipped.out()).isEqualTo("another 'poll --due-only' is polling " + db
          + " (pid 4242, started 2026-12-08T00:20:00Z): it polls what is due, and this one"
          + " nothing" + System.lineSeparator());
      assertThat(farm.requests).isEmpty();

      assertThat(poll().code()).isZero();
      assertThat(farm.requests).isNotEmpty();
    }
    int before = farm.requests.size();
    assertThat(poll("--due-only").out()).contains("total: 0 sources");
    try (RunLock after = RunLock.attempt(RunLock.pollFileFor(db), 1,
        java.time.Instant.EPOCH).lock()) {
      assertThat(after).as("released at the end").isNotNull();
    }
    assertThat(farm.requests.size()).isEqualTo(before);
  }
}
