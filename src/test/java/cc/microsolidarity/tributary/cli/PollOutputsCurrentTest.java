package cc.microsolidarity.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A poll after which nothing shown has changed skips rendering, and every change that shows
 * (feeds.yaml, a new or edited entry, a disabled source, a missing or altered output) renders.
 * Each case checks the files against what a poll into a fresh folder writes.
 */
class PollOutputsCurrentTest {
  static final List<String> FILES =
      List.of("feed.atom", "podcast.rss", "feed.json", "sources.opml", "index.html");

  @TempDir Path dir;
  FeedFarm farm;
  Path feeds;
  Path out;

  @BeforeEach
  void setUp() throws Exception {
    farm = new FeedFarm()
        .serve("/a.atom", atom("a", "First post", "Second post"), "application/atom+xml")
        .serve("/b.atom", atom("b", "Elsewhere"), "application/atom+xml")
        .fail("/broken.xml", 500);
    feeds = dir.resolve("feeds.yaml");
    writeFeeds("Merged", true);
    out = dir.resolve("public");
  }

  @AfterEach
  void tearDown() throws Exception {
    farm.close();
  }

  @Test
  void aPollInWhichEverySourceAnswers304WritesNothing() throws Exception {
    assertThat(poll(out).out()).contains("wrote 5 files to");
    Map<String, FileTime> before = times(out);

    Result again = poll(out);

    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).containsPattern("a\\s+304\\s+not modified")
        .contains("are current (nothing to write)");
    assertThat(times(out)).isEqualTo(before);
    assertThat(farm.requestsFor("/a.atom")).hasSize(2);
    assertSameAsFreshRender();
  }

  @Test
  void aChangedFeedTitleInFeedsYamlRenders() throws Exception {
    poll(out);
    writeFeeds("Renamed merged feed", true);

    assertThat(poll(out).out()).contains("wrote 5 files");

    assertThat(Files.readString(out.resolve("feed.atom"))).contains("Renamed merged feed");
    assertSameAsFreshRender();
  }

  @Test
  void aDisabledSourceRendersTheOpmlThatMarksIt() throws Exception {
    poll(out);
    writeFeeds("Merged", false);

    assertThat(poll(out).out()).contains("wrote 5 files");

    assertThat(Files.readString(out.resolve("sources.opml")))
        .contains("tributary:state=\"disabled\"");
    assertSameAsFreshRender();
  }

  @Test
  void aNewEntryRenders() throws Exception {
    poll(out);
    farm.serve("/a.atom", atom("a", "First post", "Second post", "Third post"),
        "application/atom+xml");

    assertThat(poll(out).out()).containsPattern("a\\s+200\\s+1 new").contains("wrote 5 files");

    assertThat(Files.readString(out.resolve("feed.atom"))).contains("Third post");
    assertSameAsFreshRender();
  }

  @Test
  void anEditedEntryRenders() throws Exception {
    poll(out);
    farm.serve("/a.atom", atom("a", "First post, corrected", "Second post"),
        "application/atom+xml");

    assertThat(poll(out).out()).containsPattern("a\\s+200\\s+0 new, 1 updated")
        .contains("wrote 5 files");

    assertThat(Files.readString(out.resolve("feed.atom"))).contains("First post, corrected");
    assertSameAsFreshRender();
  }

  @Test
  void aDeletedOutputFileIsWrittenAgain() throws Exception {
    poll(out);
    Files.delete(out.resolve("podcast.rss"));

    assertThat(poll(out).out()).contains("wrote 5 files");

    assertThat(out.resolve("podcast.rss")).isNotEmptyFile();
    assertSameAsFreshRender();
  }

  @Test
  void anOutputFileChangedByHandIsWrittenAgain() throws Exception {
    poll(out);
    Files.writeString(out.resolve("index.html"), "<p>defaced</p>");

    assertThat(poll(out).out()).contains("wrote 5 files");

    assertSameAsFreshRender();
  }

  @Test
  void aMissingOrAlteredStampRenders() throws Exception {
    poll(out);
    Path stamp = out.resolve(".tributary-outputs");
    assertThat(stamp).isRegularFile();
    Files.writeString(stamp,
        Files.readString(stamp).replaceFirst("fingerprint \\w", "fingerprint z"));
    assertThat(poll(out).out()).contains("wrote 5 files");

    Files.delete(stamp);
    assertThat(poll(out).out()).contains("wrote 5 files");
    assertThat(poll(out).out()).contains("are current");
  }

  @Test
  void anotherOutputFolderIsRenderedThoughTheDatabaseIsUnchanged() throws Exception {
    poll(out);
    Path other = dir.resolve("elsewhere");

    assertThat(poll(other).out()).contains("wrote 5 files");

    for (String f : FILES) {
      assertThat(Files.readAllBytes(other.resolve(f))).as(f)
          .isEqualTo(Files.readAllBytes(out.resolve(f)));
    }
  }

  // ---- helpers ----

  /** The files in --out equal what a poll of the same database into an empty folder writes. */
  private void assertSameAsFreshRender() throws Exception {
    Path fresh = dir.resolve("fresh-" + System.nanoTime());
    Result r = poll(fresh);
    assertThat(r.out()).contains("wrote 5 files");
    for (String f : FILES) {
      assertThat(Files.readString(out.resolve(f))).as(f)
          .isEqualTo(Files.readString(fresh.resolve(f)));
    }
  }

  private Map<String, FileTime> times(Path folder) throws Exception {
    Map<String, FileTime> t = new LinkedHashMap<>();
    for (String f : FILES) {
      t.put(f, Files.getLastModifiedTime(folder.resolve(f)));
    }
    return t;
  }

  private void writeFeeds(String title, boolean bEnabled) throws Exception {
    Files.writeString(feeds, """
        feed:
          title: "%s"
          id: "tag:example.org,2026:merged"
          link: "https://example.org"
          max_entries: 50
        sources:
          - id: a
            url: "%s"
          - id: b
            url: "%s"
            enabled: %s
          - id: broken
            url: "%s"
        """.formatted(title, farm.url("/a.atom"), farm.url("/b.atom"), bEnabled,
        farm.url("/broken.xml")));
  }

  /** An Atom feed of {@code titles}, newest first; ids and links stay put when a title changes. */
  private static String atom(String feed, String... titles) {
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i < titles.length; i++) {
      String slug = feed + "/post-" + i;
      entries.append("""
            <entry>
              <title>%s</title>
              <id>tag:example.org,2026:%s</id>
              <link rel="alternate" href="https://example.org/%s"/>
              <published>2026-11-%02dT10:00:00Z</published>
              <updated>2026-11-%02dT10:00:00Z</updated>
              <summary>About %s.</summary>
            </entry>
          """.formatted(titles[i], slug, slug, 10 - i, 10 - i, titles[i]));
    }
    return """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Feed</title>
          <id>tag:example.org,2026:feed</id>
          <updated>2026-11-12T10:00:00Z</updated>
        %s</feed>
        """.formatted(entries);
  }

  private Result poll(Path outDir) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    Path config = dir.resolve("tributary.yaml");
    try {
      if (!Files.exists(config)) {
        Files.writeString(config, "# defaults\n");
      }
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
    int code = Main.execute(new PrintWriter(o, true), new PrintWriter(e, true),
        "poll", "--feeds", feeds.toString(), "--db", dir.resolve("data/t.db").toString(),
        "--out", outDir.toString(), "--config", config.toString());
    return new Result(code, o.toString(), e.toString());
  }

  record Result(int code, String out, String err) {}
}
