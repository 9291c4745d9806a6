package cc.microsolidarity.tributary.cli;

import static cc.microsolidarity.tributary.testing.Eventually.until;
import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.TributaryProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.SyndFeedInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * {@code run} as a separate process against loopback feeds: every endpoint, conditional
 * requests, gzip, paging, hot reload (add, remove, invalid edit), and a clean SIGTERM.
 */
class DaemonIT {
  @TempDir Path dir;
  FeedFarm farm;
  JarProcess daemon;
  final OkHttpClient http = new OkHttpClient.Builder()
      .callTimeout(Duration.ofSeconds(20)).build();

  @BeforeEach
  void start() throws Exception {
    farm = new FeedFarm()
        .serveResource("/podcast.xml", "/e2e/podcast.xml", "application/rss+xml")
        .serveResource("/blog.atom", "/e2e/blog.atom", "application/atom+xml")
        .serveResource("/tag.xml", "/e2e/tag.xml", "application/rss+xml")
        .serve("/extra.xml", """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Extra</title>
            <link>https://extra.example.org/</link><description>x</description>
            <item><title>An extra post</title><link>https://extra.example.org/post</link>
            <guid>https://extra.example.org/post</guid>
            <pubDate>Wed, 11 Nov 2026 08:00:00 GMT</pubDate><description>Hello</description></item>
            </channel></rss>""", "application/rss+xml");
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/tributary.yaml"), """
        database: data/t.db
        out: public
        http: { host: 127.0.0.1 }
        schedule: { first_round: 0s }
        """);
    writeFeeds(false);
    daemon = JarProcess.run(dir, "256m").awaitServing(http, Duration.ofSeconds(20));
  }

  @AfterEach
  void stop(TestInfo info) throws Exception {
    if (daemon != null) {
      daemon.close();
    }
    farm.close();
  }

  void writeFeeds(boolean withExtra) throws Exception {
    String extra = withExtra ? """
          - id: extra
            url: "%s"
        """.formatted(farm.url("/extra.xml")) : "";
    // Written to a temp file and renamed, as editors do.
    Path tmp = dir.resolve(".feeds.yaml.tmp");
    Files.writeString(tmp, """
        feed:
          title: "#microsolidarity"
          id: "tag:microsolidarity.cc,2019:merged"
          link: "https://microsolidarity.cc"
          hashtag: microsolidarity
          author: { name: "Crew", email: "crew@example.org" }
          image: "https://microsolidarity.cc/logo.png"
          max_entries: 2
        sources:
          - id: pod
            kind: podcast
            url: "%s"
          - id: blog
            url: "%s"
          - id: tag
            url: "%s"
        %s""".formatted(farm.url("/podcast.xml"), farm.url("/blog.atom"), farm.url("/tag.xml"),
        extra));
    Files.move(tmp, dir.resolve("feeds.yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  Response get(String path, String... headers) throws Exception {
    Request.Builder b = new Request.Builder().url(daemon.url(path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.newCall(b.build()).execute();
  }

  String body(String path) throws Exception {
    try (Response r = get(path)) {
      assertThat(r.code()).as(path + "\n" + daemon.log()).isEqualTo(200);
      return r.body().string();
    }
  }

  static SyndFeed rome(String xml) throws Exception {
    return new SyndFeedInput().build(new StringReader(xml));
  }

  List<String> allAtomTitles() throws Exception {
    List<String> titles = new ArrayList<>();
    String path = "/feed.atom";
    for (int page = 0; path != null && page < 10; page++) {
      SyndFeed f = rome(body(path));
      f.getEntries().forEach(e -> titles.add(e.getTitle()));
      path = f.getLinks().stream().filter(l -> "next".equals(l.getRel())).map(SyndLink::getHref)
          .map(h -> h.substring(h.indexOf("/feed.atom"))).findFirst().orElse(null);
    }
    return titles;
  }

  @Test
  void servesEveryOutputWithCachingHeadersAndStopsCleanly() throws Exception {
    until(Duration.ofSeconds(20), () -> {
      try {
        return allAtomTitles().size() == 4;
      } catch (Exception | AssertionError notYet) {
        return false;
      }
    });

    // Atom: page 1 of 2-entry pages, newest first, with RFC 5005 next link.
    String atom;
    String etag;
    try (Response r = get("/feed.atom")) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("application/atom+xml; charset=utf-8");
      assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("Last-Modified")).isNotBlank();
      etag = r.header("ETag");
      assertThat(etag).isNotBlank();
      atom = r.body().string();
    }
    SyndFeed page1 = rome(atom);
    assertThat(page1.getUri()).isEqualTo("tag:microsolidarity.cc,2019:merged");
    assertThat(page1.getEntries()).extracting(SyndEntry::getTitle)
        .containsExactly("Peer support in practice", "Episode 2: Crews and Congregations");
    assertThat(allAtomTitles()).containsExactly("Peer support in practice",
        "Episode 2: Crews and Congregations", "Congregations at scale",
        "Episode 1: What is microsolidarity?");

    // Conditional requests and gzip.
    try (Response r = get("/feed.atom", "If-None-Match", etag)) {
      assertThat(r.code()).isEqualTo(304);
    }
    try (Response r = get("/feed.atom", "Accept-Encoding", "gzip")) {
      assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
      byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(r.body().bytes()))
          .readAllBytes();
      assertThat(new String(inflated, StandardCharsets.UTF_8)).isEqualTo(atom);
    }

    // Podcast RSS: only the episodes, one enclosure each.
    try (Response r = get("/podcast.rss")) {
      assertThat(r.header("Content-Type")).startsWith("application/rss+xml");
      String rss = r.body().string();
      SyndFeed pod = rome(rss);
      assertThat(pod.getFeedType()).isEqualTo("rss_2.0");
      assertThat(pod.getEntries()).extracting(SyndEntry::getTitle).containsExactlyInAnyOrder(
          "Episode 2: Crews and Congregations", "Episode 1: What is microsolidarity?");
      assertThat(pod.getEntries()).allSatisfy(e -> assertThat(e.getEnclosures()).hasSize(1));
      assertThat(rss).contains("<itunes:duration>").contains("podcast:guid")
          .contains("<itunes:owner>");
    }

    // JSON Feed 1.1.
    JsonNode json = new ObjectMapper().readTree(body("/feed.json"));
    assertThat(json.path("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
    assertThat(json.path("items").size()).isGreaterThanOrEqualTo(2);

    // OPML lists the sources.
    Document opml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(body("/sources.opml").getBytes(StandardCharsets.UTF_8)));
    assertThat(opml.getElementsByTagName("outline").getLength()).isEqualTo(3);

    // The HTML page with autodiscovery and a player.
    try (Response r = get("/")) {
      assertThat(r.header("Content-Security-Policy")).contains("default-src 'none'");
      String html = r.body().string();
      assertThat(html).contains("application/atom+xml").contains("<audio");
    }

    // Health and metrics.
    JsonNode health = new ObjectMapper().readTree(body("/health"));
    assertThat(health.path("status").asText()).isEqualTo("ok");
    assertThat(health.path("sources").size()).isEqualTo(3);
    String metrics = body("/metrics");
    assertThat(metrics).contains("tributary_polls_total").contains("tributary_items_stored_total")
        .contains("tributary_http_requests_total")
        // the sources it polled were parsed: not zero
        .containsPattern("tributary_poll_cpu_seconds_total\\{step=\"parse\"} (?!0\\.0\n)[0-9.E-]+\n");

    // `sources` beside the running daemon shows what the daemon has committed.
    TributaryProcess.Exit sources = TributaryProcess.exec(dir, Duration.ofSeconds(60),
        "sources");
    assertThat(sources.code()).as(sources.output()).isZero();
    assertThat(sources.output()).containsPattern("(?m)^pod +podcast .* ok ")
        .containsPattern("(?m)^blog +blog .* ok ").containsPattern("(?m)^tag .* ok ");

    try (Response r = http.newCall(new Request.Builder().url(daemon.url("/feed.atom"))
        .post(okhttp3.RequestBody.create(new byte[0])).build()).execute()) {
      assertThat(r.code()).isEqualTo(405);
    }
    try (Response r = get("/nope")) {
      assertThat(r.code()).isEqualTo(404);
    }

    // SIGTERM: clean exit, intact database, static files written.
    assertThat(daemon.terminate(Duration.ofSeconds(15))).as(daemon.log()).isZero();
    assertThat(daemon.log()).doesNotContain("ERROR").doesNotContain("Exception");
    assertThat(dir.resolve("public/feed.atom")).isNotEmptyFile();
    assertThat(integrityCheck(dir.resolve("data/t.db"))).isEqualTo("ok");
  }

  @Test
  void hotReloadAddsRemovesAndSurvivesAnInvalidEdit() throws Exception {
    until(Duration.ofSeconds(20), () -> {
      try {
        return allAtomTitles().size() == 4;
      } catch (Exception | AssertionError notYet) {
        return false;
      }
    });

    // Add a source: it is polled within seconds (first_round 0s here; 1 minute by default).
    // Meanwhile 200 concurrent readers always get a complete, valid feed.
    writeFeeds(true);
    ExecutorService readers = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(readers.submit((Callable<Integer>) () -> rome(body("/feed.atom"))
            .getEntries().size()));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get()).isEqualTo(2);
      }
    } finally {
      readers.shutdownNow();
    }
    until(Duration.ofSeconds(20), () -> {
      try {
        return allAtomTitles().contains("An extra post");
      } catch (Exception | AssertionError notYet) {
        return false;
      }
    });

    assertThat(body("/metrics")).contains("source=\"extra\"");
    assertThat(daemon.log()).contains("schedule: added extra");

    // Remove it: its entry leaves the merged feed, and its series leave /metrics.
    writeFeeds(false);
    until(Duration.ofSeconds(20), () -> {
      try {
        return !allAtomTitles().contains("An extra post");
      } catch (Exception | AssertionError notYet) {
        return false;
      }
    });
    assertThat(body("/metrics")).doesNotContain("source=\"extra\"")
        .contains("tributary_polls_total{result=\"fetched\",source=\"blog\"}")
        .contains("tributary_sources 3.0");

    // An invalid edit: reported in /health and /metrics; the feeds stay served.
    Files.writeString(dir.resolve("feeds.yaml"), "feed:\n  title: x\nsources:\n  - id: Bad!\n");
    until(Duration.ofSeconds(20), () -> {
      try {
        return new ObjectMapper().readTree(body("/health")).path("config").path("status")
            .asText().equals("invalid");
      } catch (Exception | AssertionError notYet) {
        return false;
      }
    });
    assertThat(allAtomTitles()).hasSize(4);
    assertThat(body("/metrics")).contains("tributary_config_reloads_total{result=\"invalid\"} 1");
    assertThat(daemon.log()).contains("feeds.yaml:4:9:");

    assertThat(daemon.terminate(Duration.ofSeconds(15))).as(daemon.log()).isZero();
    assertThat(integrityCheck(dir.resolve("data/t.db"))).isEqualTo("ok");
  }

  /**
   * SIGHUP reads feeds.yaml at once, as systemctl reload asks, and never stops the daemon: not
   * while it starts (the JVM's own handling would), nor after. An edit of tributary.yaml is
   * told, with what a restart would change.
   */
  @Test
  void sighupRereadsFeedsYamlAndTheDaemonServesOn() throws Exception {
    String unchanged = "SIGHUP: " + dir.resolve("feeds.yaml") + " is unchanged";
    // Serving starts before the daemon has read feeds.yaml: hang up until it has.
    until(Duration.ofSeconds(20), () -> {
      hangUp();
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      return daemon.log().contains(unchanged);
    });
    assertThat(daemon.isAlive()).isTrue();
    assertThat(body("/health")).contains("\"status\"");

    writeFeeds(true);
    hangUp();
    until(Duration.ofSeconds(20), () -> daemon.log().contains("schedule: added extra"));

    // tributary.yaml is read at start only: a reload says what a restart would change.
    Files.writeString(dir.resolve("config/tributary.yaml"),
        Files.readString(dir.resolve("config/tributary.yaml")) + "fetch: { concurrency: 3 }\n");
    hangUp();
    until(Duration.ofSeconds(20), () -> daemon.log().contains("config/tributary.yaml changed:"
        + " fetch.concurrency 8 → 3. Settings take effect at the next start"));

    assertThat(daemon.terminate(Duration.ofSeconds(15))).as(daemon.log()).isZero();
    assertThat(daemon.log()).contains("stopped");
  }

  /** What a poll run by hand beside the daemon stores, the daemon publishes within seconds. */
  @Test
  void aPollByHandBesideTheDaemonIsPublishedByIt() throws Exception {
    until(Duration.ofSeconds(20), () -> atomHas("Peer support in practice"));
    String blog = new String(FeedFarm.class.getResourceAsStream("/e2e/blog.atom").readAllBytes(),
        StandardCharsets.UTF_8);
    String published = java.time.Instant.now().minusSeconds(60).toString();
    farm.serve("/blog.atom", blog.replace("  <entry>", """
          <entry>
            <title>Written up by hand</title>
            <id>https://medium.com/p/by-hand-1</id>
            <link rel="alternate" href="https://blog.example.org/by-hand-1"/>
            <published>%s</published>
            <updated>%s</updated>
            <category term="microsolidarity"/>
            <summary>New.</summary>
          </entry>
          <entry>""".formatted(published, published)), "application/atom+xml");

    TributaryProcess.Exit poll =
        TributaryProcess.exec(dir, Duration.ofSeconds(60), "poll", "--source", "blog");
    assertThat(poll.code()).as(poll.output()).isZero();
    assertThat(poll.output()).contains("1 new");

    until(Duration.ofSeconds(20), () -> atomHas("Written up by hand"));
    assertThat(daemon.log()).contains("another process wrote to the database");
  }

  /** Whether /feed.atom is served and holds {@code text} (503 until the first build). */
  boolean atomHas(String text) {
    try (Response r = get("/feed.atom")) {
      return r.code() == 200 && r.body().string().contains(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A second daemon on the same database (on another port) is refused; the first serves on. */
  @Test
  void aSecondDaemonOnTheSameDatabaseIsRefused() throws Exception {
    until(Duration.ofSeconds(20), () -> daemon.log().contains("serving http"));
    TributaryProcess.Exit second =
        TributaryProcess.exec(dir, Duration.ofSeconds(30), "run", "--port", "0");

    assertThat(second.code()).as(second.output()).isEqualTo(3);
    assertThat(second.output()).contains("error: data/t.db is in use by another 'tributary run'"
        + " (pid " + daemon.pid() + ", started ").doesNotContain("serving");
    assertThat(get("/feed.atom").code()).isEqualTo(200);
    assertThat(daemon.terminate(Duration.ofSeconds(15))).as(daemon.log()).isZero();
  }

  void hangUp() {
    try {
      Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(daemon.pid()))
          .inheritIO().start();
      assertThat(kill.waitFor()).isZero();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static String integrityCheck(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
