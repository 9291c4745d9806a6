package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.ParsedFeed;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Exact values from named quirks in the shared real-world corpus (read in place). */
class RealFeedQuirksTest {
  private final FeedParser parser = new FeedParser();

  private ParsedFeed parse(String file) throws IOException {
    String dir = System.getProperty("tributary.sharedFixtures");
    Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
        "shared fixtures not present");
    byte[] body = Files.readAllBytes(Path.of(dir, file));
    return Fixtures.parsed(parser.parse(body, null, URI.create("https://feeds.example.net/" + file)));
  }

  @Test
  void wronglyCasedItunesNamespaceStillGivesPodcastFields() throws IOException {
    Item item = parse("podcast-itunes-wrong-ns-case.xml").items().get(0);

    assertThat(item.duration()).isEqualTo(Duration.parse("PT1H9M50S"));
    assertThat(item.explicit()).isFalse();
    assertThat(item.enclosures()).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("audio/mpeg");
      assertThat(e.length()).isEqualTo(47160424L);
    });
    assertThat(item.published()).isEqualTo(Instant.parse("2015-11-07T17:00:00Z"));
  }

  @Test
  void itemWithTwoGuidsKeepsTheFirst() throws IOException {
    Item item = parse("rss20-item-with-two-guids.xml").items().get(0);

    assertThat(item.guid()).isEqualTo("http://www.braingle.com/50366.html");
  }

  @Test
  void duplicateGuidsDoNotMergeItemsAtParseTime() throws IOException {
    ParsedFeed feed = parse("rss20-duplicate-guids-raw-html.xml");

    assertThat(feed.items()).hasSize(4).extracting(Item::guid).containsOnly(
        "http://www.moe.gov.sg/media/spotlight/");
    assertThat(feed.items().get(0).summaryHtml()).startsWith("<img src=\"http://www.moe.gov.sg/");
  }

  @Test
  void italianDatesAreRead() throws IOException {
    assertThat(parse("rss20-date-italian.xml").items().get(0).published())
        .isEqualTo(Instant.parse("2022-11-15T23:38:15Z"));
  }

  @Test
  void xmlBaseOnAtomContentResolvesImages() throws IOException {
    Item item = parse("atom10-content-xmlbase.xml").items().get(0);

    assertThat(item.contentHtml())
        .contains("src=\"https://numi.st/post/2022/travel-uke/IMG_1232.jpeg\"");
  }

  @Test
  void emptyXmlBaseResolvesAgainstTheDocumentUrl() throws IOException {
    ParsedFeed feed = parse("atom10-xmlbase-empty.xml");

    assertThat(feed.items()).allSatisfy(i -> assertThat(i.link()).startsWith("http"));
  }

  @Test
  void undefinedNbspIsRecoveredAndReported() throws IOException {
    ParsedFeed feed = parse("illformed-undefined-entity-nbsp.xml");

    assertThat(feed.items()).hasSize(1);
    assertThat(feed.warnings()).contains("replaced undefined entity &nbsp;");
  }

  @Test
  void newlineBeforeTheDeclarationIsRecoveredForAcast() throws IOException {
    ParsedFeed feed = parse("illformed-newline-before-xmldecl-acast.xml");

    assertThat(feed.items()).hasSize(138);
    assertThat(feed.items()).allSatisfy(i -> assertThat(i.enclosures()).isNotEmpty());
  }

  @Test
  void latin1WithoutDeclarationIsRecovered() throws IOException {
    ParsedFeed feed = parse("illformed-no-decl-latin1-uol.xml");

    assertThat(feed.items()).hasSize(15);
    assertThat(feed.items()).allSatisfy(i -> assertThat(i.title()).doesNotContain("\uFFFD"));
  }

  @Test
  void twoDigitYearsAndNoColonTimesAreRead() throws IOException {
    assertThat(parse("rss20-relative-urls-2digit-year.xml").items())
        .allSatisfy(i -> assertThat(i.published()).isAfter(Instant.parse("2000-01-01T00:00:00Z")));
  }
}
