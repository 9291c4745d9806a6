package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.Item;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class IndexPageTest {
  private static RenderedFeed render(List<Entry> entries) {
    return new Publisher().render(Samples.feed(), Samples.sources(), entries).get("/");
  }

  @Test
  void pageHasAutodiscoveryLinksForEveryFeed() {
    RenderedFeed page = render(Samples.mixed(2));
    Document doc = Jsoup.parse(page.text());

    assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
    assertThat(doc.select("link[rel=alternate]"))
        .extracting(e -> e.attr("type") + " " + e.attr("href"))
        .containsExactly("application/atom+xml feed.atom", "application/rss+xml podcast.rss",
            "application/feed+json feed.json");
    // Relative, so the page also works from a folder (https://example.org/community/).
    assertThat(doc.select("header p a")).extracting(e -> e.attr("href"))
        .containsExactly("feed.atom", "podcast.rss", "feed.json", "sources.opml");
    assertThat(doc.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
        .isEqualTo(IndexPageWriter.CONTENT_SECURITY_POLICY);
    assertThat(doc.select("script")).isEmpty();
  }

  @Test
  void entriesShowTitleLinkSourceDateAndAPlayerForEpisodes() {
    Document doc = Jsoup.parse(render(Samples.mixed(2)).text());

    assertThat(doc.select("article")).hasSize(2);
    assertThat(doc.select("article h2 a").first().attr("href"))
        .isEqualTo("https://medium.com/microsolidarity/post-0");
    assertThat(doc.select("article .meta").get(1).text()).isEqualTo("The Podcast · 2024-06-03");
    assertThat(doc.select("audio[controls][preload=none]").attr("src"))
        .isEqualTo("https://anchor.fm/ep-1.mp3");
    assertThat(doc.select("footer li")).hasSize(3);
    assertThat(doc.select("footer li").get(2).text()).contains("disabled");
  }

  @Test
  void titlesAreEscapedAndScriptLinksAndRawContentNeverRendered() {
    Item item = Item.builder().title("<script>alert(1)</script> & co")
        .link("javascript:alert(2)")
        .contentHtml("<p>Hello <img src=x onerror=alert(3)> world</p>")
        .enclosures(List.of(new Enclosure("https://v.example.org/a.mp4", "video/mp4", -1)))
        .build();
    Entry entry = new Entry("urn:x:1", item, Samples.T0, Samples.T0, Samples.T0, List.of("pod"));
    String html = render(List.of(entry)).text();

    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co")
        .doesNotContain("<script").doesNotContain("javascript:").doesNotContain("onerror")
        .contains("<p>Hello world</p>");
    assertThat(Jsoup.parse(html).select("video").attr("src"))
        .isEqualTo("https://v.example.org/a.mp4");
  }

  @Test
  void cspHashCoversTheInlineStylesheet() throws Exception {
    String html = render(List.of()).text();
    String style = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest(style.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(IndexPageWriter.CONTENT_SECURITY_POLICY).contains("style-src 'sha256-"
        + java.util.Base64.getEncoder().encodeToString(digest) + "'")
        .contains("default-src 'none'").contains("media-src *");
    assertThat(html).contains("Nothing here yet.");
  }
}
