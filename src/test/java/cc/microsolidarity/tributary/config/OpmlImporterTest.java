package cc.microsolidarity.tributary.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import cc.microsolidarity.tributary.model.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpmlImporterTest {
  static final String FEEDS = """
      # mine
      feed:
        title: "T"
        id: "tag:example.org,2026:x"
        link: "https://example.org"
      sources:
        - id: existing
          url: "https://example.org/feed"
      """;

  @TempDir Path dir;
  Path feeds;
  Path opml;
  final FeedsConfigLoader loader = new FeedsConfigLoader();

  @BeforeEach
  void setUp() throws Exception {
    feeds = dir.resolve("feeds.yaml");
    opml = dir.resolve("reader.opml");
    Files.writeString(feeds, FEEDS);
  }

  OpmlImporter.Result importOutlines(String outlines) throws Exception {
    Files.writeString(opml, "<?xml version=\"1.0\"?><opml version=\"1.0\"><head/><body>"
        + outlines + "</body></opml>");
    return new OpmlImporter(loader).importInto(feeds, opml);
  }

  @Test
  void aFeedAlreadyPresentIsSkippedHoweverItsUrlIsSpelt() throws Exception {
    OpmlImporter.Result r = importOutlines("""
        <outline text="a" xmlUrl="https://EXAMPLE.org/feed"/>
        <outline text="b" xmlUrl="http://example.org/feed/"/>
        <outline text="c" xmlUrl="https://example.org:443/feed"/>
        <outline text="New" xmlUrl="https://new.example/feed"/>
        <outline text="New again" xmlUrl="HTTP://new.example:80/feed"/>
        <outline text="Other path" xmlUrl="https://example.org/feed?page=2"/>
        """);

    assertThat(r.skipped()).containsExactly("https://EXAMPLE.org/feed",
        "http://example.org/feed/", "https://example.org:443/feed",
        "HTTP://new.example:80/feed");
    assertThat(r.added()).containsExactly("new", "other-path");
    assertThat(loader.load(feeds).sources()).extracting(Source::id)
        .containsExactly("existing", "new", "other-path");
  }

  @Test
  void idsKeepTheLettersOfAccentedTitles() throws Exception {
    OpmlImporter.Result r = importOutlines("""
        <outline text="Podcasts">
          <outline text="Éxample &amp; Co — Ünïcode" xmlUrl="https://a.example/feed"/>
          <outline text="Ça va ?" xmlUrl="https://b.example/feed"/>
          <outline text="日本語" xmlUrl="https://c.example/feed"/>
        </outline>
        """);

    // No Latin letter to keep: named after its host, as an untitled entry is.
    assertThat(r.added()).containsExactly("example-co-unicode", "ca-va", "c-example");
    assertThat(Files.readString(feeds)).startsWith(FEEDS)
        .contains("title: \"Éxample & Co — Ünïcode\"");
  }

  @Test
  void aTributaryExportKeepsItsIdsKindsAndDisabledSources() throws Exception {
    Files.writeString(opml, """
        <?xml version="1.0"?>
        <opml version="2.0" xmlns:t="tag:microsolidarity.cc,2024:tributary"><head/><body>
          <outline text="The Show" xmlUrl="https://pod.example/rss" t:id="the-pod"
              t:kind="podcast"/>
          <outline text="Old thread" xmlUrl="https://forum.example/t/1.rss" t:id="thread"
              t:kind="forum" t:state="disabled"/>
          <outline text="Taken id" xmlUrl="https://other.example/feed" t:id="existing"
              t:kind="video"/>
          <outline text="A reader's folder" category="/podcast"
              xmlUrl="https://cat.example/feed"/>
        </body></opml>
        """);
    OpmlImporter.Result r = new OpmlImporter(loader).importInto(feeds, opml);

    assertThat(r.added()).containsExactly("the-pod", "thread", "taken-id", "a-reader-s-folder");
    assertThat(loader.load(feeds).sources()).extracting(Source::id, s -> s.kind().wireName(),
        Source::enabled).containsExactly(
            tuple("existing", "blog", true),
            tuple("the-pod", "podcast", true),
            tuple("thread", "forum", false),
            tuple("taken-id", "blog", true),
            tuple("a-reader-s-folder", "podcast", true));
  }

  @Test
  void anEntryWithoutAFeedUrlIsReportedAndAFolderIsNot() throws Exception {
    OpmlImporter.Result r = importOutlines("""
        <outline text="Blogs">
          <outline text="A web page, no feed" htmlUrl="https://w.example/"/>
          <outline text="Real" xmlUrl="https://r.example/feed"/>
        </outline>
        <outline text="Empty folder"/>
        """);

    assertThat(r.added()).containsExactly("real");
    assertThat(r.withoutUrl()).containsExactly("A web page, no feed", "Empty folder");
  }

  @Test
  void anUntitledFeedIsNamedAfterItsHost() throws Exception {
    assertThat(importOutlines("<outline xmlUrl=\"https://news.example/rss\"/>").added())
        .containsExactly("news-example");
  }

  /** One bad line in a reader's export keeps out that entry, not the rest. */
  @Test
  void anEntryFeedsYamlWouldRefuseIsSkippedWithTheReasonAndTheRestImported() throws Exception {
    OpmlImporter.Result r = importOutlines("""
        <outline text="Good" xmlUrl="https://good.example/rss"/>
        <outline text="Private" xmlUrl="https://crew:s3cret@private.example/rss"/>
        <outline text="Odd port" xmlUrl="https://odd.example:99999/rss"/>
        <outline text="Also good" xmlUrl="https://also.example/rss"/>
        """);

    assertThat(r.added()).containsExactly("good", "also-good");
    assertThat(r.invalid()).containsExactly(
        "private ('url' holds a user name or password (before the @): it would be published"
            + " with the URL, and Tributary does not log in to feeds)",
        "odd-port ('url' has port 99999, but a port is 1 to 65535:"
            + " 'https://odd.example:99999/rss')");
    assertThat(loader.load(feeds).sources()).extracting(Source::id)
        .containsExactly("existing", "good", "also-good");
    assertThat(Files.readString(feeds)).doesNotContain("s3cret");
  }

  @Test
  void whenEveryEntryIsRefusedTheFileIsLeftAsItWas() throws Exception {
    String before = Files.readString(feeds);
    OpmlImporter.Result r = importOutlines("<outline xmlUrl=\"https://bad host/rss\"/>");

    assertThat(r.added()).isEmpty();
    assertThat(r.invalid()).singleElement().asString()
        .startsWith("source ('url' is not a valid URL: ").endsWith("(write a space as %20))");
    assertThat(Files.readString(feeds)).isEqualTo(before);
  }
}
