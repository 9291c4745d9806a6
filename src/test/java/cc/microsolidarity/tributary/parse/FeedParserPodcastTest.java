package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.ParsedFeed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Podcast fields: every enclosure, iTunes duration/episode/season/explicit, images, hints. */
class FeedParserPodcastTest {
  private final FeedParser parser = new FeedParser();

  @Test
  void everyEnclosureIsKeptWithMinusOneForAMissingOrInvalidLength() {
    List<Item> items = Fixtures.parsed(parser, "podcast-itunes.xml").items();

    assertThat(items.get(0).enclosures()).containsExactly(
        new Enclosure("https://cdn.example.org/ep1.mp3", "audio/mpeg", 34216300),
        new Enclosure("https://cdn.example.org/ep1.m4a", "audio/mp4", -1),
        new Enclosure("https://cdn.example.org/ep1.ogg", "audio/ogg", -1));
    assertThat(items.get(1).enclosures()).containsExactly(
        new Enclosure("https://cdn.example.org/ep2.mp3", "audio/mpeg", -1));
  }

  @Test
  void itunesFieldsAreReadLeniently() {
    List<Item> items = Fixtures.parsed(parser, "podcast-itunes.xml").items();

    assertThat(items).extracting(Item::duration).containsExactly(Duration.ofSeconds(3723),
        Duration.ofSeconds(45 * 60 + 7), Duration.ofSeconds(3723), Duration.ofMinutes(30));
    assertThat(items).extracting(Item::episode).containsExactly(12, null, 7, null);
    assertThat(items).extracting(Item::season).containsExactly(3, null, null, null);
    assertThat(items).extracting(Item::explicit).containsExactly(true, false, false, null);
    assertThat(items).extracting(Item::image).containsExactly(
        "https://cdn.example.org/ep1.jpg", "https://cdn.example.org/ep2-thumb.jpg", null, null);
    assertThat(items.get(0).published()).isEqualTo(Instant.parse("2024-03-04T08:00:00Z"));
  }

  @Test
  void channelImagePrefersItunesAndTtlIsTheRefreshHint() {
    ParsedFeed feed = Fixtures.parsed(parser, "podcast-itunes.xml");

    assertThat(feed.image()).isEqualTo("https://pod.example.org/show.jpg");
    assertThat(feed.refreshHint()).isEqualTo(Duration.ofMinutes(90));
    assertThat(feed.title()).isEqualTo("Podcast");
    assertThat(feed.description()).isEqualTo("A show");
  }

  @Test
  void syndicationModuleGivesTheRefreshHintAndDcDateTheDate() {
    ParsedFeed feed = Fixtures.parsed(parser, "sy-update-period.xml");

    assertThat(feed.refreshHint()).isEqualTo(Duration.ofHours(6));
    assertThat(feed.items()).singleElement().satisfies(item -> {
      assertThat(item.published()).isEqualTo(Instant.parse("2024-03-01T04:15:00Z"));
      assertThat(item.guid()).isEqualTo("https://example.org/1");
    });
  }

  @Test
  void aWronglyCasedItunesNamespaceStillYieldsTheItunesFields() {
    String xml = "<rss version=\"2.0\" xmlns:itunes=\"http://www.itunes.com/DTDs/Podcast-1.0.dtd\">"
        + "<channel><title>t</title><link>https://x.example/</link><description>d</description>"
        + "<itunes:image href=\"https://x.example/show.png\"/>"
        + "<item><title>e</title><guid>g</guid><itunes:duration>10:00</itunes:duration>"
        + "<itunes:explicit>no</itunes:explicit><itunes:episode>4</itunes:episode></item>"
        + "</channel></rss>";

    ParsedFeed feed = Fixtures.parsed(parser.parse(xml.getBytes(), null, Fixtures.DOCUMENT_URL));

    assertThat(feed.image()).isEqualTo("https://x.example/show.png");
    Item item = feed.items().get(0);
    assertThat(item.duration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(item.explicit()).isFalse();
    assertThat(item.episode()).isEqualTo(4);
    assertThat(feed.warnings()).contains("corrected misspelled namespace URIs");
  }
}
