package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.ParsedFeed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Breakage a lenient reader recovers from, each recorded in the feed's warnings. */
class FeedParserRecoveryTest {
  private final FeedParser parser = new FeedParser();

  private ParsedFeed parse(String name, String contentType) {
    return Fixtures.parsed(parser.parse(Fixtures.bytes(name), contentType, Fixtures.DOCUMENT_URL));
  }

  private static String firstTitle(ParsedFeed feed) {
    return feed.items().get(0).title();
  }

  @Test
  void aUtf8ByteOrderMarkIsStripped() {
    ParsedFeed feed = parse("utf8-bom.xml", null);

    assertThat(firstTitle(feed)).isEqualTo("Café with a byte-order mark");
    assertThat(feed.warnings()).containsExactly("stripped UTF-8 BOM");
  }

  @Test
  void latin1BytesWithoutADeclarationAreReDecodedAsWindows1252() {
    ParsedFeed feed = parse("latin1-no-declaration.xml", null);

    assertThat(firstTitle(feed)).isEqualTo("Café à la crème – €uro");
    assertThat(feed.warnings()).containsExactly("re-decoded as windows-1252: bytes invalid in UTF-8");
  }

  @Test
  void latin1BytesDeclaredAsUtf8AreReDecoded() {
    ParsedFeed feed = parse("latin1-declared-utf8.xml", null);

    assertThat(firstTitle(feed)).isEqualTo("São Paulo é grande");
    assertThat(feed.warnings()).containsExactly("re-decoded as windows-1252: bytes invalid in UTF-8");
  }

  @Test
  void theContentTypeCharsetWinsOverTheDefault() {
    ParsedFeed feed = parse("windows1251-no-encoding.xml", "application/rss+xml; charset=windows-1251");

    assertThat(firstTitle(feed)).isEqualTo("Привет");
    assertThat(feed.warnings()).isEmpty();
  }

  @Test
  void theContentTypeCharsetWinsOverTheXmlDeclaration() {
    ParsedFeed feed = parse("latin1-declared-utf8.xml", "application/xml; charset=ISO-8859-1");

    assertThat(firstTitle(feed)).isEqualTo("São Paulo é grande");
    assertThat(feed.warnings()).isEmpty();
  }

  @Test
  void aLatin1HeaderOnValidUtf8DeclaredUtf8IsIgnored() {
    ParsedFeed feed = parse("utf8-declared.xml", "text/xml; charset=iso-8859-1");

    assertThat(firstTitle(feed)).isEqualTo("Grüße aus Köln");
    assertThat(feed.warnings()).singleElement().asString()
        .startsWith("ignored Content-Type charset ISO-8859-1");
  }

  @Test
  void anUnknownHeaderCharsetFallsBackToTheDeclaration() {
    ParsedFeed feed = parse("utf8-declared.xml", "text/xml; charset=klingon-8");

    assertThat(firstTitle(feed)).isEqualTo("Grüße aus Köln");
    assertThat(feed.warnings()).containsExactly("ignored unknown Content-Type charset klingon-8");
  }

  @Test
  void undefinedHtmlEntitiesBecomeTheirCharactersAndBareAmpersandsAreEscaped() {
    ParsedFeed feed = parse("undefined-entities.xml", null);
    Item item = feed.items().get(0);

    assertThat(item.title())
        .isEqualTo("One\u00A0two — three… été © &bogus; “q” & <ok>");
    assertThat(item.link()).isEqualTo("https://example.org/a?x=1&y=2");
    assertThat(item.summaryHtml()).isEqualTo("Tom & Jerry &c");
    assertThat(feed.warnings()).containsExactly(
        "replaced undefined entity &nbsp;", "replaced undefined entity &mdash;",
        "replaced undefined entity &hellip;", "replaced undefined entity &eacute;",
        "replaced undefined entity &copy;", "escaped unknown entity &bogus;",
        "escaped bare &");
  }

  @Test
  void charactersIllegalInXmlAreStripped() {
    ParsedFeed feed = parse("illegal-characters.xml", null);
    Item item = feed.items().get(0);

    assertThat(item.title()).isEqualTo("Bell and tabs");
    assertThat(item.summaryHtml()).isEqualTo("cdata & stays<br>");
    assertThat(feed.warnings()).containsExactly("stripped 4 characters illegal in XML 1.0");
  }

  @Test
  void whitespaceBeforeTheXmlDeclarationIsStripped() {
    ParsedFeed feed = parse("newline-before-declaration.xml", null);

    assertThat(firstTitle(feed)).isEqualTo("After a newline");
    assertThat(feed.warnings()).containsExactly("stripped whitespace before the XML declaration");
  }

  @Test
  void junkBeforeTheXmlDeclarationIsStripped() {
    ParsedFeed feed = parse("php-warning-before-declaration.xml", null);

    assertThat(firstTitle(feed)).isEqualTo("After PHP noise");
    assertThat(feed.warnings()).containsExactly("stripped junk before the first markup");
  }

  @Test
  void anHtmlPageIsNotAFeed() {
    ParseResult result = parser.parse(Fixtures.bytes("html-page.xml"), "text/html",
        Fixtures.DOCUMENT_URL);

    assertThat(result).isEqualTo(new ParseResult.Failed("not a feed: HTML page"));
  }

  /** The site's address pasted for its feed's: the failure names the feeds the page links. */
  @Test
  void anHtmlPageThatNamesItsFeedsSaysWhichToUse() {
    String page = """
        <!DOCTYPE html>
        <html><head><title>Crew blog</title>
        <link rel="stylesheet" href="/style.css" type="text/css">
        <link rel="alternate" type="application/rss+xml" title="Posts" href="/feed/">
        <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="atom.xml">
        <link rel="alternate" type="application/rss+xml" href="/feed/">
        <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
        <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
        </head><body><p>Hello</body></html>""";
    ParseResult result = parser.parse(page.getBytes(StandardCharsets.UTF_8), "text/html",
        URI.create("https://blog.example.org/crew/"));

    assertThat(result).isEqualTo(new ParseResult.Failed("not a feed: HTML page, which names"
        + " feeds https://blog.example.org/feed/, https://blog.example.org/crew/atom.xml (use"
        + " one as the source's url)"));

    String one = "<html><head><link rel=\"alternate\" type=\"application/rss+xml\""
        + " href=\"https://x.example/rss\"></head><body>x</body></html>";
    assertThat(parser.parse(one.getBytes(StandardCharsets.UTF_8), "text/html",
        URI.create("https://x.example/"))).isEqualTo(new ParseResult.Failed(
            "not a feed: HTML page, which names its feed https://x.example/rss (use that as"
                + " the source's url)"));
  }

  @Test
  void theFirstOfTwoGuidsIsKeptAndRawMarkupInADescriptionSurvives() {
    Item item = parse("two-guids.xml", null).items().get(0);

    assertThat(item.guid()).isEqualTo("first-guid");
    assertThat(item.summaryHtml()).isEqualTo("Raw <b>markup</b> mixed with <i>cdata</i> text");
  }

  private ParsedFeed parseText(String xml) {
    return Fixtures.parsed(parser.parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        null, Fixtures.DOCUMENT_URL));
  }

  private static String rss(String prolog, String title) {
    return prolog + "<rss version=\"2.0\"><channel><title>c</title><item><title>" + title
        + "</title><guid>g1</guid></item></channel></rss>";
  }

  @Test
  void anEntityUndefinedUnderAnExternalDoctypeIsReplacedNotDropped() {
    // With its external subset unread, the parser would take &nbsp; as a reference to skip,
    // not as an error: the repair must run before it, not only after a refusal.
    String prolog = "<?xml version=\"1.0\"?>\n<!-- old feed -->\n<!DOCTYPE rss PUBLIC"
        + " \"-//Netscape Communications//DTD RSS 0.91//EN\""
        + " \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n";
    ParsedFeed feed = parseText(rss(prolog, "Caf&eacute;&nbsp;night"));

    assertThat(firstTitle(feed)).isEqualTo("Café\u00a0night");
    assertThat(feed.warnings()).containsExactly("replaced undefined entity &eacute;",
        "replaced undefined entity &nbsp;");
  }

  @Test
  void controlCharacterReferencesAnXml11DocumentAllowsAreDroppedAsInXml10() {
    // XML 1.1 lets a document refer to control characters, and the parser accepts them; the
    // merged feeds are XML 1.0, so they are dropped as a 1.0 document's are, with its warning.
    ParsedFeed feed = parseText(rss("<?xml version=\"1.1\" encoding=\"utf-8\"?>\n",
        "Bell &#x7;rings &#1;twice"));

    assertThat(firstTitle(feed)).isEqualTo("Bell rings twice");
    assertThat(feed.warnings()).containsExactly("dropped character references illegal in XML 1.0");

    ParsedFeed plain = parseText(rss("<?xml version='1.1'?>\n", "Fish &amp; chips"));
    assertThat(firstTitle(plain)).isEqualTo("Fish & chips");
    assertThat(plain.warnings()).isEmpty();
  }

  @Test
  void aWellFormedDocumentIsReadAsItStandsAndABrokenOneAfterItsRepair() {
    ParsedFeed clean = parseText(rss("", "Fish &amp; chips &#8211; <![CDATA[& more]]>"));
    assertThat(firstTitle(clean)).isEqualTo("Fish & chips \u2013 & more");
    assertThat(clean.warnings()).isEmpty();

    ParsedFeed broken = parseText(rss("", "Fish & chips &hellip;"));
    assertThat(firstTitle(broken)).isEqualTo("Fish & chips \u2026");
    assertThat(broken.warnings()).containsExactly("replaced undefined entity &hellip;",
        "escaped bare &");
  }

  @Test
  void aDocumentNoRepairCanFixReportsTheParsersOwnError() {
    ParseResult r = parser.parse(rss("", "unclosed <b>").getBytes(
        java.nio.charset.StandardCharsets.UTF_8), null, Fixtures.DOCUMENT_URL);

    assertThat(r).isInstanceOf(ParseResult.Failed.class);
    assertThat(((ParseResult.Failed) r).message()).startsWith("XML error at 1:");
  }

  @Test
  void aBodyThatIsStillGzipIsInflatedOnceOrTwice() throws Exception {
    byte[] xml = Fixtures.bytes("utf8-declared.xml");
    ParsedFeed plain = Fixtures.parsed(parser.parse(xml, null, Fixtures.DOCUMENT_URL));

    for (byte[] body : List.of(gzip(xml), gzip(gzip(xml)))) {
      ParsedFeed feed = Fixtures.parsed(parser.parse(body, "application/rss+xml",
          Fixtures.DOCUMENT_URL));
      assertThat(feed.items()).isEqualTo(plain.items());
      assertThat(feed.warnings()).containsExactly("inflated a body that was still gzip-compressed");
    }
  }

  @Test
  void aGzipBodyThatIsDamagedNestedDeeplyOrTooLargeIsRefusedInWords() throws Exception {
    byte[] xml = Fixtures.bytes("utf8-declared.xml");
    byte[] gz = gzip(xml);
    assertThat(parser.parse(Arrays.copyOf(gz, gz.length / 2), null, Fixtures.DOCUMENT_URL))
        .isEqualTo(new ParseResult.Failed(
            "damaged gzip body: Unexpected end of ZLIB input stream"));
    assertThat(parser.parse(gzip(gzip(gzip(gz))), null, Fixtures.DOCUMENT_URL))
        .isEqualTo(new ParseResult.Failed("not a feed: gzip compressed more than 3 times"));

    // 4 MiB of zeros compress to a few KiB: under a 1 MiB cap it is a bomb, cut off there.
    byte[] bomb = gzip(new byte[4 * 1024 * 1024]);
    assertThat(bomb.length).isLessThan(10_000);
    assertThat(new FeedParser(1024 * 1024).parse(bomb, null, Fixtures.DOCUMENT_URL))
        .isEqualTo(new ParseResult.Failed("gzip body inflates past 1 MiB"));
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
