package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.normalize.ItemNormalizer;
import cc.microsolidarity.tributary.parse.FeedParser;
import cc.microsolidarity.tributary.parse.ParseResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Every item of the shared real-world corpus (read in place; skipped without it), parsed and
 * normalised as a poll does, then published together: every output holds the rules its format
 * makes musts (RFC 4287 for Atom, what podcast apps require of RSS, JSON Feed 1.1), whatever
 * odd item the corpus holds.
 */
class RealCorpusOutputsTest {
  private static final String ATOM = "http://www.w3.org/2005/Atom";
  private static final String ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";

  @Test
  void everyOutputOfTheWholeCorpusKeepsItsFormatsRules() throws Exception {
    String dir = System.getProperty("tributary.sharedFixtures");
    Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
        "shared fixtures not present");
    FeedParser parser = new FeedParser();
    ItemNormalizer normalizer = new ItemNormalizer(Clock.fixed(Samples.T0, ZoneOffset.UTC));
    List<SourceStatus> sources = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    List<String> lines = Files.readAllLines(Path.of(dir, "INDEX.tsv"), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String file = line.split("\t")[0];
      String id = "s" + sources.size();
      URI url = URI.create("https://example.org/feeds/" + file);
      if (!(parser.parse(Files.readAllBytes(Path.of(dir, file)), null, url)
          instanceof ParseResult.Parsed parsed)) {
        continue;
      }
      sources.add(Samples.status(id, SourceKind.PODCAST, url.toString(), parsed.feed().title(),
          SourceStatus.State.OK));
      for (Item raw : parsed.feed().items()) {
        Item item = normalizer.normalize(raw);
        entries.add(new Entry("urn:uuid:00000000-0000-0000-0000-"
            + String.format("%012d", entries.size()), item,
            item.published() != null ? item.published() : Samples.T0,
            item.updated() != null ? item.updated() : Samples.T0, Samples.T0, List.of(id)));
      }
    }
    assertThat(entries).hasSizeGreaterThan(1000);
    Map<String, RenderedFeed> out = new Publisher().render(Samples.feed(entries.size()),
        sources, entries);

    atomHoldsRfc4287(dom(out.get(OutputPaths.ATOM).body()), entries.size());
    podcastHoldsWhatAppsRequire(dom(out.get(OutputPaths.PODCAST).body()));
    jsonFeedHoldsTheSpec(new ObjectMapper().readTree(out.get(OutputPaths.JSON).body()),
        entries.size());
  }

  private static void atomHoldsRfc4287(Document doc, int count) {
    Element feed = doc.getDocumentElement();
    for (String one : List.of("id", "title", "updated")) {
      assertThat(children(feed, ATOM, one)).as("feed " + one).hasSize(1);
    }
    assertThat(children(feed, ATOM, "author")).as("feed author").isNotEmpty();
    List<Element> entries = children(feed, ATOM, "entry");
    assertThat(entries).hasSize(count);
    Set<String> ids = new HashSet<>();
    for (Element e : entries) {
      String id = children(e, ATOM, "id").get(0).getTextContent();
      assertThat(ids.add(id)).as("unique " + id).isTrue();
      for (String one : List.of("id", "title", "updated")) {
        assertThat(children(e, ATOM, one)).as(id + " " + one).hasSize(1);
      }
      for (String atMostOne : List.of("content", "summary", "published", "source", "rights")) {
        assertThat(children(e, ATOM, atMostOne)).as(id + " " + atMostOne).hasSizeLessThan(2);
      }
      Set<String> alternates = new HashSet<>();
      for (Element link : children(e, ATOM, "link")) {
        assertThat(link.getAttribute("href")).as(id + " link href").isNotBlank();
        String rel = link.getAttribute("rel");
        if (rel.isEmpty() || rel.equals("alternate")) {
          assertThat(alternates.add(link.getAttribute("type") + " "
              + link.getAttribute("hreflang"))).as(id + " one alternate per type").isTrue();
        }
      }
      assertThat(!alternates.isEmpty() || !children(e, ATOM, "content").isEmpty())
          .as(id + ": an alternate link or content (§4.1.2)").isTrue();
      for (Element source : children(e, ATOM, "source")) {
        assertThat(children(source, ATOM, "id")).as(id + " source id").hasSize(1);
      }
    }
  }

  private static void podcastHoldsWhatAppsRequire(Document doc) {
    Element channel = children(doc.getDocumentElement(), null, "channel").get(0);
    for (String one : List.of("title", "link", "description")) {
      assertThat(children(channel, null, one)).as("channel " + one).hasSize(1);
    }
    assertThat(children(channel, ITUNES, "image")).as("itunes:image").hasSize(1);
    List<Element> items = children(channel, null, "item");
    assertThat(items).isNotEmpty();
    Set<String> guids = new HashSet<>();
    for (Element item : items) {
      String guid = children(item, null, "guid").get(0).getTextContent();
      assertThat(guids.add(guid)).as("unique guid " + guid).isTrue();
      assertThat(children(item, null, "title")).as(guid + " title").hasSize(1);
      List<Element> enclosures = children(item, null, "enclosure");
      assertThat(enclosures).as(guid + " one enclosure").hasSize(1);
      Element enclosure = enclosures.get(0);
      assertThat(enclosure.getAttribute("url")).as(guid).startsWith("http");
      assertThat(enclosure.getAttribute("length")).as(guid + " length").matches("\\d+");
      assertThat(enclosure.getAttribute("type")).as(guid + " type").matches("(audio|video)/.+");
      String date = children(item, null, "pubDate").get(0).getTextContent();
      DateTimeFormatter.RFC_1123_DATE_TIME.parse(date);
    }
  }

  private static void jsonFeedHoldsTheSpec(JsonNode feed, int count) {
    assertThat(feed.path("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
    assertThat(feed.path("title").isTextual()).isTrue();
    assertThat(feed.path("items")).hasSize(count);
    for (JsonNode item : feed.path("items")) {
      String id = item.path("id").asText();
      assertThat(item.path("id").isTextual()).as("id").isTrue();
      assertThat(item.has("content_html") || item.has("content_text")).as(id + " content")
          .isTrue();
      if (item.has("url")) {
        assertThat(item.path("url").asText()).as(id + " url").startsWith("http");
      }
    }
  }

  private static Document dom(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  /** Child elements (not deeper ones) with this namespace (null: none) and local name. */
  private static List<Element> children(Element parent, String ns, String name) {
    List<Element> out = new ArrayList<>();
    for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element el && name.equals(el.getLocalName())
          && java.util.Objects.equals(ns, el.getNamespaceURI())) {
        out.add(el);
      }
    }
    return out;
  }
}
