package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Entry;
import com.rometools.modules.itunes.EntryInformation;
import com.rometools.modules.itunes.FeedInformation;
import com.rometools.modules.itunes.ITunes;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.WireFeedInput;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class PodcastRssTest {
  private static final String PODCAST_NS = "https://podcastindex.org/namespace/1.0";
  private static final String ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd";
  private final Publisher publisher = new Publisher();

  private RenderedFeed render(List<Entry> entries) {
    return publisher.render(Samples.feed(), Samples.sources(), entries).get("/podcast.rss");
  }

  @Test
  void podcastGuidMatchesThePublishedSpecExample() {
    // The namespace spec's example: feed https://mp3s.nashownotes.com/pc20rss.xml.
    assertThat(PodcastGuid.forFeedUrl("https://mp3s.nashownotes.com/pc20rss.xml"))
        .isEqualTo(UUID.fromString("917393e3-1b1e-5cef-ace4-edaa54e1f810"));
    assertThat(PodcastGuid.forFeedUrl("mp3s.nashownotes.com/pc20rss.xml/"))
        .isEqualTo(UUID.fromString("917393e3-1b1e-5cef-ace4-edaa54e1f810"));
    // Cross-checked with Python's uuid.uuid5 for the name "podcastindex.org/namespace/1.0".
    assertThat(PodcastGuid.forFeedUrl("https://podcastindex.org/namespace/1.0"))
        .isEqualTo(UUID.fromString("0b20eef2-824a-5f6a-bc6b-68f611056e0c"));
  }

  @ParameterizedTest
  @CsvSource({
      "https://microsolidarity.cc/podcast.rss, http://microsolidarity.cc/podcast.rss",
      "https://microsolidarity.cc/podcast.rss, microsolidarity.cc/podcast.rss//"})
  void podcastGuidIgnoresSchemeAndTrailingSlashes(String a, String b) {
    UUID guid = PodcastGuid.forFeedUrl(a);
    assertThat(PodcastGuid.forFeedUrl(b)).isEqualTo(guid);
    assertThat(guid.version()).isEqualTo(5);
    assertThat(guid.variant()).isEqualTo(2);
  }

  @Test
  void onlyEpisodesAppearEachWithExactlyOnePlayableEnclosure() throws Exception {
    List<Entry> entries = Samples.mixed(6); // posts at 0,2,4; episodes at 1,3,5
    RenderedFeed rss = render(entries);
    SyndFeed feed = new SyndFeedInput().build(new StringReader(rss.text()));

    assertThat(feed.getFeedType()).isEqualTo("rss_2.0");
    assertThat(feed.getEntries()).extracting(SyndEntry::getUri)
        .containsExactly(entries.get(1).id(), entries.get(3).id(), entries.get(5).id());
    Channel channel = (Channel) new WireFeedInput().build(new StringReader(rss.text()));
    for (Item item : channel.getItems()) {
      assertThat(item.getEnclosures()).hasSize(1);
      assertThat(item.getEnclosures().get(0).getType()).isEqualTo("audio/mpeg");
      assertThat(item.getEnclosures().get(0).getLength()).isEqualTo(12_345_678L);
      assertThat(item.getGuid().isPermaLink()).isFalse();
      assertThat(item.getPubDate()).isNotNull();
    }
    assertThat(channel.getItems().get(0).getEnclosures().get(0).getUrl())
        .isEqualTo("https://anchor.fm/ep-1.mp3");
    assertThat(channel.getItems().get(0).getPubDate().toInstant())
        .isEqualTo(entries.get(1).published());
  }

  @Test
  void channelAndItemsCarryTheItunesFields() throws Exception {
    SyndFeed feed = new SyndFeedInput().build(new StringReader(render(Samples.mixed(2)).text()));

    FeedInformation info = (FeedInformation) feed.getModule(ITunes.URI);
    assertThat(info.getOwnerName()).isEqualTo("Jo Host");
    assertThat(info.getOwnerEmailAddress()).isEqualTo("jo@example.org");
    assertThat(info.getAuthor()).isEqualTo("Jo Host");
    assertThat(info.getImageUri()).isEqualTo("https://microsolidarity.cc/logo.png");
    assertThat(info.getCategories()).extracting("name").containsExactly("Society & Culture");
    assertThat(info.getExplicitNullable()).isFalse();
    assertThat(feed.getLanguage()).isEqualTo("en");
    assertThat(feed.getImage().getUrl()).isEqualTo("https://microsolidarity.cc/logo.png");

    EntryInformation ep = (EntryInformation) feed.getEntries().get(0).getModule(ITunes.URI);
    assertThat(ep.getDuration().getMilliseconds()).isEqualTo(3723_000L);
    assertThat(ep.getEpisode()).isEqualTo(1);
    assertThat(ep.getSeason()).isEqualTo(2);
    assertThat(ep.getImageUri()).isEqualTo("https://anchor.fm/ep-1.jpg");
    assertThat(feed.getEntries().get(0).getDescription().getValue())
        .contains("<b>crews</b>");
  }

  @Test
  void channelCarriesPodcastGuidOfItsOwnUrl() throws Exception {
    RenderedFeed rss = render(Samples.mixed(2));
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(rss.body()));

    Element guid = (Element) doc.getElementsByTagNameNS(PODCAST_NS, "guid").item(0);
    assertThat(guid.getTextContent()).isEqualTo(
        PodcastGuid.forFeedUrl("https://microsolidarity.cc/podcast.rss").toString());
    assertThat(doc.getElementsByTagNameNS(ITUNES_NS, "explicit").item(0).getTextContent())
        .isEqualTo("false");
    assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("2.0");
  }

  @Test
  void noEpisodesGiveAValidEmptyChannel() throws Exception {
    RenderedFeed rss = render(List.of(Samples.post(1, Samples.T0)));
    SyndFeed feed = new SyndFeedInput().build(new StringReader(rss.text()));

    assertThat(feed.getEntries()).isEmpty();
    assertThat(feed.getTitle()).isEqualTo("#microsolidarity");
  }

  @ParameterizedTest
  @CsvSource({"0, 00:00:00", "59, 00:00:59", "3723, 01:02:03", "36000, 10:00:00"})
  void durationsAreHoursMinutesSeconds(long seconds, String expected) {
    assertThat(PodcastRssWriter.duration(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }
}
