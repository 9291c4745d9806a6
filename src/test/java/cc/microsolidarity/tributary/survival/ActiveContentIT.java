package cc.microsolidarity.tributary.survival;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.testing.SyntheticFarm;
import cc.microsolidarity.tributary.testing.TributaryProcess;
import cc.microsolidarity.tributary.testing.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our own fixture of XSS vectors, served as item titles, summaries, content and links (RSS with
 * podcast enclosures, and Atom with HTML and XHTML content), through the real daemon. No active
 * content may reach a subscriber in the HTML page, Atom, JSON Feed or podcast RSS.
 */
class ActiveContentIT {
  static final List<String> URL_VECTORS = List.of("javascript:alert('l1')",
      "JaVaScRiPt:alert('l2')", " javascript:alert('l3')", "java\tscript:alert('l4')",
      "&#106;avascript:alert('l5')", "vbscript:msgbox('l6')",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgnbDcnKTwvc2NyaXB0Pg==",
      "javascript&#x3A;alert('l8')", "\u0001javascript:alert('l9')",
      "https://ok.example/\"><script>alert('l10')</script>");

  @TempDir Path dir;
  final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20))
      .build();

  static List<String> vectors() throws Exception {
    try (InputStream in = ActiveContentIT.class.getResourceAsStream(
        "/survival/xss-vectors.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }
  }

  static String xmlEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]", "");
  }

  /** RSS: each vector as title, description (CDATA) and content:encoded; each with an mp3. */
  static String rss(List<String> vectors) {
    StringBuilder b = new StringBuilder("""
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
        <title>XSS &lt;script&gt;alert('channel')&lt;/script&gt;</title>
        <link>https://xss.example/</link><description>vectors</description>
        """);
    for (int i = 0; i < vectors.size(); i++) {
      String v = vectors.get(i);
      b.append("<item><title>").append(xmlEscape("T" + i + " " + v)).append("</title>")
          .append("<link>https://xss.example/item/").append(i).append("</link>")
          .append("<guid>https://xss.example/item/").append(i).append("</guid>")
          .append("<description><![CDATA[").append(v).append("]]></description>")
          .append("<content:encoded><![CDATA[<p>before</p>").append(v)
          .append("<p>after</p>]]></content:encoded>")
          .append("<itunes:summary>").append(xmlEscape(v)).append("</itunes:summary>")
          .append("<author>").append(xmlEscape(v)).append("</author>")
          .append("<category>").append(xmlEscape(v)).append("</category>")
          .append("<enclosure url=\"https://cdn.xss.example/").append(i)
          .append(".mp3\" length=\"1000\" type=\"audio/mpeg\"/>")
          .append("<pubDate>Wed, 11 Nov 2026 0").append(i % 10).append(":00:00 GMT</pubDate>")
          .append("</item>\n");
    }
    for (int i = 0; i < URL_VECTORS.size(); i++) {
      String u = URL_VECTORS.get(i);
      b.append("<item><title>Link ").append(i).append("</title><link>").append(xmlEscape(u))
          .append("</link><guid isPermaLink=\"false\">link-").append(i).append("</guid>")
          .append("<description>link vector</description><enclosure url=\"")
          .append(xmlEscape(u)).append("\" length=\"1\" type=\"audio/mpeg\"/>")
          .append("<comments>").append(xmlEscape(u)).append("</comments></item>\n");
    }
    return b.append("</channel></rss>\n").toString();
  }

  /** Atom: each vector as escaped HTML content, and the markup-safe ones as XHTML content. */
  static String atom(List<String> vectors) {
    StringBuilder b = new StringBuilder("""
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>XSS Atom</title>
        <id>tag:xss.example,2026:atom</id><updated>2026-11-11T00:00:00Z</updated>
        <link href="https://xss.example/atom"/>
        """);
    for (int i = 0; i < vectors.size(); i++) {
      String v = vectors.get(i);
      b.append("<entry><id>tag:xss.example,2026:a").append(i).append("</id>")
          .append("<title type=\"html\">").append(xmlEscape(v)).append("</title>")
          .append("<link href=\"https://xss.example/a/").append(i).append("\"/>")
          .append("<updated>2026-11-10T00:00:00Z</updated>")
          .append("<summary type=\"html\">").append(xmlEscape(v)).append("</summary>")
          .append("<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">")
          .append("<p onclick=\"alert('x").append(i).append("')\">xhtml</p>")
          .append("<a href=\"javascript:alert('x").append(i).append("')\">x</a>")
          .append("<script>alert('x").append(i).append("')</script>")
          .append("</div></content></entry>\n");
    }
    return b.append("</feed>\n").toString();
  }

  @Test
  @Timeout(90)
  void noActiveContentReachesSubscribers() throws Exception {
    List<String> vectors = vectors();
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(30);
    try (SyntheticFarm farm = new SyntheticFarm(1)) {
      farm.route("/xss.rss", HostileFeeds.xml(rss(vectors)))
          .route("/xss.atom", HostileFeeds.xml(atom(vectors)));
      Map<String, String> sources = new LinkedHashMap<>();
      sources.put("xss-rss", farm.url("/xss.rss"));
      sources.put("xss-atom", farm.url("/xss.atom"));
      new Workspace(dir).settings("").feeds(sources, 200);
      try (TributaryProcess daemon = TributaryProcess.run(dir, "256m")) {
        daemon.awaitServing(http, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        JsonNode feedJson;
        do {
          assertThat(System.nanoTime()).as("both sources published\n%s", daemon.logTail(4000))
              .isLessThan(deadline);
          Thread.sleep(300);
          feedJson = new ObjectMapper().readTree(get(daemon, "/feed.json"));
        } while (feedJson.path("items").size() < vectors.size() * 2);

        List<String> findings = new ArrayList<>();
        findings.addAll(inIndexPage(get(daemon, "/")));
        findings.addAll(inAtom(get(daemon, "/feed.atom")));
        findings.addAll(inJsonFeed(feedJson));
        String podcast = get(daemon, "/podcast.rss");
        findings.addAll(inPodcast(podcast));
        System.out.printf("active content: %d HTML vectors + %d URL vectors, %d items served,"
            + " %d findings%n", vectors.size(), URL_VECTORS.size(),
            feedJson.path("items").size(), findings.size());
        assertThat(findings).isEmpty();
        // The vectors were served (not simply dropped with their items).
        assertThat(feedJson.path("items").size()).isGreaterThanOrEqualTo(vectors.size() * 2);
        assertThat(Jsoup.parse(podcast, "", Parser.xmlParser()).select("item"))
            .hasSizeGreaterThanOrEqualTo(vectors.size());
        assertThat(daemon.log()).doesNotContain(" ERROR ");
      }
    }
  }

  String get(TributaryProcess daemon, String path) throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(daemon.url(path)).build())
        .execute()) {
      assertThat(r.code()).as(path).isEqualTo(200);
      return r.body().string();
    }
  }

  /** The whole page; only its own head stylesheet and alternate links are allowed. */
  static List<String> inIndexPage(String html) {
    Document doc = Jsoup.parse(html);
    Set<Element> own = new HashSet<>();
    own.addAll(doc.head().select("style, meta, link[rel=alternate]"));
    List<String> out = new ArrayList<>();
    ActiveContent.findings(doc, own).forEach(f -> out.add("index.html: " + f));
    return out;
  }

  static List<String> inAtom(String xml) {
    Document doc = Jsoup.parse(xml, "", Parser.xmlParser());
    List<String> out = new ArrayList<>();
    for (Element e : doc.select("content, summary, title, subtitle, rights")) {
      String type = e.attr("type");
      String html = type.equals("xhtml") ? e.html() : type.equals("html") ? e.text() : null;
      if (html != null) {
        ActiveContent.findings(Jsoup.parseBodyFragment(html), Set.of())
            .forEach(f -> out.add("feed.atom <" + e.tagName() + ">: " + f));
      }
    }
    urls(doc, out, "feed.atom");
    return out;
  }

  static List<String> inJsonFeed(JsonNode feed) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : feed.path("items")) {
      for (String field : List.of("content_html", "summary")) {
        if (item.has(field) && field.equals("content_html")) {
          ActiveContent.findings(Jsoup.parseBodyFragment(item.path(field).asText()), Set.of())
              .forEach(f -> out.add("feed.json " + item.path("id").asText() + ": " + f));
        }
      }
      for (String field : List.of("url", "external_url", "image", "banner_image")) {
        if (item.has(field) && ActiveContent.activeUrl(item.path(field).asText())) {
          out.add("feed.json " + field + "=" + item.path(field).asText());
        }
      }
      for (JsonNode a : item.path("attachments")) {
        if (ActiveContent.activeUrl(a.path("url").asText())) {
          out.add("feed.json attachment " + a.path("url").asText());
        }
      }
    }
    return out;
  }

  static List<String> inPodcast(String xml) {
    Document doc = Jsoup.parse(xml, "", Parser.xmlParser());
    List<String> out = new ArrayList<>();
    for (Element e : doc.select("description, content|encoded, itunes|summary")) {
      ActiveContent.findings(Jsoup.parseBodyFragment(e.text()), Set.of())
          .forEach(f -> out.add("podcast.rss <" + e.tagName() + ">: " + f));
    }
    urls(doc, out, "podcast.rss");
    for (Element e : doc.select("link, comments, guid[isPermaLink=true], guid:not([isPermaLink])")) {
      if (ActiveContent.activeUrl(e.text())) {
        out.add("podcast.rss <" + e.tagName() + ">" + e.text());
      }
    }
    return out;
  }

  /** URL-valued attributes anywhere in a feed document (href, url, src). */
  static void urls(Document doc, List<String> out, String where) {
    for (Element e : doc.getAllElements()) {
      for (String name : List.of("href", "url", "src", "uri")) {
        if (e.hasAttr(name) && ActiveContent.activeUrl(e.attr(name))) {
          out.add(where + " <" + e.tagName() + " " + name + "=" + e.attr(name) + ">");
        }
      }
    }
    for (Element e : doc.select("uri, icon, logo")) {
      if (ActiveContent.activeUrl(e.text())) {
        out.add(where + " <" + e.tagName() + ">" + e.text());
      }
    }
  }
}
