package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.ParsedFeed;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Relative URLs resolve against xml:base and the document URL, in links and in content. */
class FeedParserLinksTest {
  private final FeedParser parser = new FeedParser();

  @Test
  void rssItemLinksEnclosuresImagesAndContentResolveAgainstXmlBase() {
    ParsedFeed feed = Fixtures.parsed(parser, "rss-xml-base.xml");
    Item item = feed.items().get(0);

    assertThat(feed.link()).isEqualTo("https://example.org/");
    assertThat(feed.image()).isEqualTo("https://example.org/feeds/img/logo.png");
    assertThat(item.guid()).isEqualTo("based-1");
    assertThat(item.link()).isEqualTo("https://cdn.example.net/posts/2024/hello.html");
    assertThat(item.enclosures()).containsExactly(
        new Enclosure("https://cdn.example.net/posts/audio/ep1.mp3", "audio/mpeg", 12345));
    assertThat(item.image()).isEqualTo("https://cdn.example.net/posts/2024/cover.jpg");
    assertThat(item.contentHtml()).isEqualTo("<p>"
        + "<a href=\"https://cdn.example.net/posts/2024/next.html\">next</a> "
        + "<img src=\"https://cdn.example.net/pic.png\"> "
        + "<a href=\"https://other.example/x\">abs</a> <a href=\"#top\">top</a> "
        + "<a href=mailto:a@b.c>mail</a></p>");
  }

  @Test
  void rssItemsWithoutXmlBaseResolveAgainstTheDocumentUrl() {
    Item item = Fixtures.parsed(parser, "rss-xml-base.xml").items().get(1);

    assertThat(item.link()).isEqualTo("https://example.org/2024/02/bye.html");
    assertThat(item.summaryHtml()).isEqualTo(
        "<img src=\"https://images.example.org/x.png\"> <a href=\"https://example.org/up.html\">up</a>");
  }

  @Test
  void atomNestedXmlBaseAppliesToLinksEnclosuresAndContent() {
    ParsedFeed feed = Fixtures.parsed(parser, "atom-xml-base.xml");
    Item item = feed.items().get(0);

    assertThat(feed.title()).isEqualTo("Atom <base> & friends");
    assertThat(feed.link()).isEqualTo("https://blog.example.com/");
    assertThat(item.guid()).isEqualTo("tag:example.com,2024:entry-1");
    assertThat(item.link()).isEqualTo("https://blog.example.com/2024/03/post.html");
    assertThat(item.enclosures()).containsExactly(
        new Enclosure("https://blog.example.com/media/a.ogg", "audio/ogg", -1),
        new Enclosure("https://blog.example.com/2024/03/b.mp3", "audio/mpeg", -1));
    assertThat(item.contentHtml()).isEqualTo("<img src=\"https://assets.example.org/x/pic.jpg\">"
        + "<a href=\"https://assets.example.org/root\">r</a>");
    assertThat(item.published()).isEqualTo(Instant.parse("2024-03-01T08:30:00Z"));
    assertThat(item.updated()).isEqualTo(Instant.parse("2024-03-02T00:00:00Z"));
  }

  @Test
  void atomTextStaysTextAndHtmlTitlesStayHtml() {
    ParsedFeed feed = Fixtures.parsed(parser, "atom-xml-base.xml");

    assertThat(feed.items().get(0).title()).isEqualTo("Less &lt; more &amp; more");
    assertThat(feed.items().get(0).summaryHtml()).isEqualTo("A &lt;b&gt; is not bold here");
    assertThat(feed.items().get(1).title()).isEqualTo("<b>Bold</b> &amp; escaped");
  }

  @Test
  void atomXhtmlContentIsKeptAsMarkupWithResolvedLinks() {
    Item item = Fixtures.parsed(parser, "atom-xml-base.xml").items().get(1);

    assertThat(item.link()).isEqualTo("https://blog.example.com/feed/second.html");
    assertThat(item.contentHtml()).contains("Hello")
        .contains("href=\"https://blog.example.com/feed/third.html\"");
    assertThat(item.published()).isEqualTo(Instant.parse("2024-03-03T12:00:00Z"));
  }
}
