package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Person;
import cc.microsolidarity.tributary.parse.RomeFeedAdapter.FromRome;
import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jdom2.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading RSS items from ROME's wire feed gives what ROME's SyndFeed conversion gives. */
class RssFromRomeTest {
  private static final String RSS = "<rss version=\"%s\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
      + "<channel><title>t</title><link>https://example.com/</link><description>d</description>"
      + "%s</channel></rss>";

  private final RomeWireReader reader = new RomeWireReader();
  private final SecureXmlReader xml = new SecureXmlReader(Long.MAX_VALUE);

  @ParameterizedTest
  @ValueSource(strings = {
      "<item><title> A title </title><link>https://e.com/1</link></item>",
      "<item><title>  </title></item>",
      "<item><guid>https://e.com/permalink</guid></item>",
      "<item><guid isPermaLink=\"false\">tag:e.com,1</guid></item>",
      "<item><link></link><guid>https://e.com/p</guid></item>",
      "<item><author>a@e.com (A)</author><dc:creator>Dee</dc:creator><dc:creator>Two</dc:creator></item>",
      "<item><author>a@e.com (A)</author></item>",
      "<item><author> </author></item>",
      "<item><dc:creator> </dc:creator><author>b@e.com</author></item>",
      "<item><category>x</category><category domain=\"d\">x</category><category> y </category>"
          + "<dc:subject>y</dc:subject><dc:subject>z</dc:subject><category></category></item>",
      "<item><dc:subject>only</dc:subject></item>",
      "<item><pubDate>Mon, 04 Mar 2024 08:00:00 GMT</pubDate></item>",
      "<item><pubDate>Mon, 04 Mar 2024 08:00:00 GMT</pubDate><dc:date>2020-01-02T03:04:05Z</dc:date></item>",
      "<item><pubDate>not a date</pubDate><dc:date>also not</dc:date></item>",
      "<item><dc:date>2020-01-02</dc:date></item>"})
  void anRss2ItemReadsAsRomesConversionReadsIt(String item) throws Exception {
    for (String version : List.of("2.0", "0.94")) {
      assertSameAsConversion(String.format(RSS, version, item + item));
    }
  }

  @Test
  void aDublinCoreCreatorComesBeforeTheRssAuthor() throws Exception {
    FromRome r = read(String.format(RSS, "2.0",
        "<item><author>a@e.com</author><dc:creator>Dee</dc:creator></item>")).get(0);
    assertThat(r.authors()).containsExactly(Person.named("Dee"));
  }

  @Test
  void categoriesAreTheItemsOwnOnceEachAsRomesConversionLosesDcSubjects() throws Exception {
    FromRome r = read(String.format(RSS, "2.0", "<item><category>b</category>"
        + "<category domain=\"x\">b</category><dc:subject>a</dc:subject><dc:subject>b</dc:subject>"
        + "</item>")).get(0);
    assertThat(r.categories()).containsExactly("b");
  }

  @Test
  void theRealRss2CorpusReadsAsRomesConversionReadsIt() throws Exception {
    String dir = System.getProperty("tributary.sharedFixtures");
    Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
        "shared fixtures not present");
    int checked = 0;
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      for (Path f : files.filter(p -> !p.getFileName().toString().endsWith(".tsv")).toList()) {
        Document doc;
        try {
          doc = xml.read(new XmlTextRepair(new HtmlEntities())
              .repair(new String(Files.readAllBytes(f), StandardCharsets.UTF_8), new ArrayList<>()));
        } catch (Exception notXml) {
          continue;
        }
        WireFeed wire;
        try {
          wire = reader.read(doc);
        } catch (Exception notAFeed) {
          continue;
        }
        if (RssFromRome.handles(wire)) {
          assertSameAsConversion(wire);
          checked++;
        }
      }
    }
    assertThat(checked).isPositive();
  }

  private void assertSameAsConversion(String rss) throws Exception {
    assertSameAsConversion(reader.read(xml.read(rss)));
  }

  private static void assertSameAsConversion(WireFeed wire) {
    assertThat(RssFromRome.handles(wire)).isTrue();
    List<SyndEntry> entries = new SyndFeedImpl(wire, true).getEntries();
    List<com.rometools.rome.feed.rss.Item> items = ((Channel) wire).getItems();
    assertThat(items).hasSameSizeAs(entries);
    for (int i = 0; i < items.size(); i++) {
      assertThat(RssFromRome.entry(items.get(i)))
          .isEqualTo(RomeFeedAdapter.fromSynd(entries.get(i), false));
    }
  }

  private List<FromRome> read(String rss) throws Exception {
    List<FromRome> out = new ArrayList<>();
    for (com.rometools.rome.feed.rss.Item item
        : ((Channel) reader.read(xml.read(rss))).getItems()) {
      out.add(RssFromRome.entry(item));
    }
    return out;
  }
}
