package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.ParsedFeed;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile document never makes the parser read a file or a URL, and costs bounded time and
 * memory. The fixtures point at a real temp file and a real loopback server, which must stay
 * unread and unasked.
 */
class FeedParserHardeningTest {
  private static final String SECRET = "TOP-SECRET-CONTENT-7f3a";
  private static final Duration GUARD = Duration.ofSeconds(10);

  private final FeedParser parser = new FeedParser();
  private final MockWebServer server = new MockWebServer();
  private String fileUrl;

  @BeforeEach
  void start(@TempDir Path dir) throws IOException {
    server.start();
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse.Builder().body("<!ENTITY leak \"" + SECRET + "\">").build());
    }
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, SECRET);
    fileUrl = secret.toUri().toString();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ParseResult parseTemplate(String name) {
    String httpUrl = server.url("").toString().replaceAll("/$", "");
    String xml = new String(Fixtures.bytes(name), StandardCharsets.UTF_8)
        .replace("${FILE_URL}", fileUrl).replace("${HTTP_URL}", httpUrl);
    return assertTimeoutPreemptively(GUARD,
        () -> parser.parse(xml.getBytes(StandardCharsets.UTF_8), "application/rss+xml",
            Fixtures.DOCUMENT_URL));
  }

  @Test
  void externalGeneralEntitiesAreNeverRead() {
    ParseResult result = parseTemplate("xxe-general-entity.xml");

    assertThat(String.valueOf(result)).doesNotContain(SECRET);
    assertThat(server.getRequestCount()).isZero();
    if (result instanceof ParseResult.Parsed) {
      Item item = ((ParseResult.Parsed) result).feed().items().get(0);
      assertThat(item.title()).isEqualTo("Before  after");
    }
  }

  @Test
  void externalParameterEntitiesAreNeverRead() {
    ParseResult result = parseTemplate("xxe-parameter-entity.xml");

    assertThat(String.valueOf(result)).doesNotContain(SECRET);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aDoctypeIsToleratedButItsExternalDtdIsNeverLoaded() {
    ParsedFeed feed = Fixtures.parsed(parseTemplate("external-dtd.xml"));

    assertThat(server.getRequestCount()).isZero();
    assertThat(feed.items()).hasSize(1);
    assertThat(feed.items().get(0).title()).isEqualTo("Old\u00A0item");
    assertThat(feed.items().get(0).link()).isEqualTo("https://example.org/old");
  }

  @Test
  void internalEntitiesStillExpand() {
    ParsedFeed feed = Fixtures.parsed(parser, "internal-entity.xml");

    assertThat(feed.items().get(0).title()).isEqualTo("News from Microsolidarity");
  }

  @Test
  void billionLaughsFailsQuickly() {
    ParseResult result = assertTimeoutPreemptively(GUARD,
        () -> parser.parse(Fixtures.bytes("billion-laughs.xml"), null, Fixtures.DOCUMENT_URL));

    assertThat(result).isInstanceOf(ParseResult.Failed.class);
    assertThat(((ParseResult.Failed) result).message()).startsWith("XML error");
  }

  @Test
  void tenThousandNestedElementsFailWithoutBlowingTheStack() {
    StringBuilder xml = new StringBuilder("<rss version=\"2.0\"><channel><title>t</title>"
        + "<item><title>deep</title><description>");
    xml.append("<div>".repeat(10_000)).append("x").append("</div>".repeat(10_000));
    xml.append("</description></item></channel></rss>");

    ParseResult result = assertTimeoutPreemptively(GUARD, () -> parser.parse(
        xml.toString().getBytes(StandardCharsets.UTF_8), null, Fixtures.DOCUMENT_URL));

    assertThat(result).isInstanceOf(ParseResult.Failed.class);
  }

  @Test
  void nestingUnderTheLimitStillParses() {
    StringBuilder xml = new StringBuilder("<rss version=\"2.0\"><channel><title>t</title>"
        + "<item><title>deep</title><description>");
    xml.append("<div>".repeat(200)).append("x").append("</div>".repeat(200));
    xml.append("</description></item></channel></rss>");

    ParsedFeed feed = Fixtures.parsed(parser.parse(
        xml.toString().getBytes(StandardCharsets.UTF_8), null, Fixtures.DOCUMENT_URL));

    assertThat(feed.items().get(0).summaryHtml()).startsWith("<div><div>").contains("x");
  }

  @Test
  void aDocumentWhoseTreeWouldOutgrowItsShareOfTheHeapStopsEarlyAndSaysWhy() {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < 20_000; i++) { // 100,000 elements: ~30 MB once parsed
      items.append("<item><title>T").append(i).append("</title><link>https://x.example/")
          .append(i).append("</link><guid>g").append(i).append("</guid><description>d")
          .append("</description></item>\n");
    }
    byte[] doc = ("<rss version=\"2.0\"><channel><title>Many</title>" + items
        + "</channel></rss>").getBytes(StandardCharsets.UTF_8);
    FeedParser tenMegabytes = new FeedParser(FeedParser.DEFAULT_MAX_BODY_BYTES, 10L << 20);

    ParseResult r = tenMegabytes.parse(doc, "application/rss+xml",
        URI.create("https://x.example/"));

    assertThat(r).isInstanceOf(ParseResult.Failed.class);
    assertThat(((ParseResult.Failed) r).message()).matches("too large for the JVM's heap: with"
        + " its first \\d{1,2},\\d{3} elements it needs about 10 MB, more than the 10 MB \\(half"
        + " the heap\\) one feed may take; give it more \\(-Xmx\\)");
    assertThat(new FeedParser(FeedParser.DEFAULT_MAX_BODY_BYTES, 40L << 20)
        .parse(doc, "application/rss+xml", URI.create("https://x.example/")))
        .as("the same document under a budget it fits").isInstanceOf(ParseResult.Parsed.class);
  }

  @Test
  void aJsonFeedWhoseTreeWouldOutgrowItsShareOfTheHeapStopsEarlyToo() {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < 20_000; i++) { // ~200,000 tokens: ~22 MB once parsed
      items.append(i == 0 ? "" : ",").append("{\"id\":\"g").append(i)
          .append("\",\"url\":\"https://x.example/").append(i).append("\",\"title\":\"T")
          .append(i).append("\",\"content_text\":\"x\"}");
    }
    byte[] doc = ("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\","
        + "\"items\":[" + items + "]}").getBytes(StandardCharsets.UTF_8);

    ParseResult r = new FeedParser(FeedParser.DEFAULT_MAX_BODY_BYTES, 10L << 20)
        .parse(doc, "application/feed+json", URI.create("https://x.example/"));

    assertThat(r).isInstanceOf(ParseResult.Failed.class);
    assertThat(((ParseResult.Failed) r).message()).matches("too large for the JVM's heap: with"
        + " its first \\d{2,3},\\d{3} JSON tokens it needs about 10 MB, more than the 10 MB"
        + " \\(half the heap\\) one feed may take; give it more \\(-Xmx\\)");
    assertThat(new FeedParser(FeedParser.DEFAULT_MAX_BODY_BYTES, 40L << 20)
        .parse(doc, "application/feed+json", URI.create("https://x.example/")))
        .as("the same document under a budget it fits").isInstanceOf(ParseResult.Parsed.class);
  }

  @Test
  void garbageAndEmptyBodiesAreTypedFailures() {
    assertThat(parser.parse(new byte[0], null, Fixtures.DOCUMENT_URL))
        .isEqualTo(new ParseResult.Failed("empty document"));
    assertThat(parser.parse(null, null, null)).isInstanceOf(ParseResult.Failed.class);
    assertThat(parser.parse(new byte[] {(byte) 0xFF, 0, 1, 2}, "text/xml", null))
        .isInstanceOf(ParseResult.Failed.class);
    assertThat(parser.parse("<foo/>".getBytes(StandardCharsets.UTF_8), null, null))
        .isEqualTo(new ParseResult.Failed("not a feed: root element <foo>"));
  }
}
