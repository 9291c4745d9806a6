package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Entry;
import cc.microsolidarity.tributary.model.Item;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.io.SyndFeedInput;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class AtomFeedTest {
  private static final String ATOM_NS = "http://www.w3.org/2005/Atom";
  private final Publisher publisher = new Publisher();

  static SyndFeed parse(RenderedFeed feed) throws Exception {
    return new SyndFeedInput().build(new StringReader(feed.text()));
  }

  static Document dom(RenderedFeed feed) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(feed.body()));
  }

  @Test
  void atomParsesBackEntryByEntryWithIdsTitlesLinksAndEnclosures() throws Exception {
    List<Entry> entries = Samples.mixed(4);
    SyndFeed feed = parse(publisher.render(Samples.feed(), Samples.sources(), entries)
        .get("/feed.atom"));

    assertThat(feed.getFeedType()).isEqualTo("atom_1.0");
    assertThat(feed.getTitle()).isEqualTo("#microsolidarity");
    assertThat(feed.getDescription()).isEqualTo("Podcasts, posts & threads");
    assertThat(feed.getUri()).isEqualTo("tag:microsolidarity.cc,2019:merged");
    // ROME's SyndFeed.getLink() prefers rel=self; read the alternate link from the list.
    assertThat(links(publisher.render(Samples.feed(), Samples.sources(), entries)
        .get("/feed.atom"))).containsEntry("alternate", "https://microsolidarity.cc");
    assertThat(feed.getAuthors()).extracting("name").containsExactly("Jo Host");
    assertThat(feed.getEntries()).hasSize(4);
    for (int i = 0; i < entries.size(); i++) {
      Entry want = entries.get(i);
      SyndEntry got = feed.getEntries().get(i);
      assertThat(got.getUri()).isEqualTo(want.id());
      assertThat(got.getTitle()).isEqualTo(want.item().title());
      assertThat(got.getLink()).isEqualTo(want.item().link());
      assertThat(got.getPublishedDate().toInstant()).isEqualTo(want.published());
      assertThat(got.getUpdatedDate().toInstant()).isEqualTo(want.updated());
      assertThat(got.getCategories()).extracting("name")
          .containsExactlyElementsOf(want.item().categories());
      assertThat(got.getContents()).hasSize(1);
      assertThat(got.getContents().get(0).getType()).isEqualTo("html");
      assertThat(got.getContents().get(0).getValue()).isEqualTo(want.item().contentHtml());
      assertThat(got.getEnclosures()).extracting(SyndEnclosure::getUrl)
          .containsExactlyElementsOf(want.item().enclosures().stream()
              .map(e -> e.url()).toList());
    }
    SyndEntry episode = feed.getEntries().get(1);
    assertThat(episode.getAuthors()).extracting("name").containsExactly("Rich");
    assertThat(episode.getDescription().getType()).isEqualTo("html");
    SyndEnclosure mp3 = episode.getEnclosures().get(1);
    assertThat(mp3.getType()).isEqualTo("audio/mpeg");
    assertThat(mp3.getLength()).isEqualTo(12_345_678L);
  }

  @Test
  void everyEntryNamesItsFirstSourceInAtomSource() throws Exception {
    RenderedFeed atom = publisher.render(Samples.feed(), Samples.sources(), Samples.mixed(2))
        .get("/feed.atom");
    Document doc = dom(atom);

    Element root = doc.getDocumentElement();
    assertThat(root.getNamespaceURI()).isEqualTo(ATOM_NS);
    assertThat(root.getLocalName()).isEqualTo("feed");
    NodeList entries = doc.getElementsByTagNameNS(ATOM_NS, "entry");
    assertThat(entries.getLength()).isEqualTo(2);
    Element post = (Element) entries.item(0);
    Element source = (Element) post.getElementsByTagNameNS(ATOM_NS, "source").item(0);
    assertThat(source).isNotNull();
    assertThat(text(source, "id")).isEqualTo("https://medium.com/feed/microsolidarity");
    assertThat(text(source, "title")).isEqualTo("blog"); // no title: the source id
    Element episode = (Element) entries.item(1);
    Element episodeSource = (Element) episode.getElementsByTagNameNS(ATOM_NS, "source").item(0);
    assertThat(text(episodeSource, "title")).isEqualTo("The Podcast");
    assertThat(atom.text()).contains("<source>");
  }

  @Test
  void sameEntriesRenderedTwiceGiveIdenticalBytesAndEtags() {
    Map<String, RenderedFeed> first = publisher.render(Samples.feed(2), Samples.sources(),
        Samples.mixed(5));
    Map<String, RenderedFeed> second = new Publisher().render(Samples.feed(2),
        Samples.sources(), Samples.mixed(5));

    assertThat(second.keySet()).isEqualTo(first.keySet());
    for (String path : first.keySet()) {
      assertThat(second.get(path).body()).as(path).isEqualTo(first.get(path).body());
      assertThat(second.get(path).gzipBody()).as(path).isEqualTo(first.get(path).gzipBody());
      assertThat(second.get(path).etag()).as(path).isEqualTo(first.get(path).etag());
    }
  }

  @Test
  void anEditedEntryChangesTheEtagAndLastModified() {
    List<Entry> entries = Samples.mixed(3);
    RenderedFeed before = publisher.render(Samples.feed(), Samples.sources(), entries)
        .get("/feed.atom");
    Entry old = entries.get(0);
    Instant later = old.updated().plusSeconds(3600);
    Entry edited = new Entry(old.id(), old.item().toBuilder().title("Renamed").build(),
        old.published(), later, old.firstSeen(), old.sourceIds());
    RenderedFeed after = publisher.render(Samples.feed(), Samples.sources(),
        List.of(edited, entries.get(1), entries.get(2))).get("/feed.atom");

    assertThat(after.etag()).isNotEqualTo(before.etag());
    assertThat(after.lastModified()).isEqualTo(later);
    assertThat(after.etag()).startsWith("\"").endsWith("\"");
  }

  @Test
  void feedUpdatedIsTheNewestEntryUpdatedAndEpochWhenEmpty() throws Exception {
    RenderedFeed full = publisher.render(Samples.feed(), Samples.sources(), Samples.mixed(3))
        .get("/feed.atom");
    RenderedFeed empty = publisher.render(Samples.feed(), Samples.sources(), List.of())
        .get("/feed.atom");

    // Entry 0 is a post updated a minute after it was published.
    assertThat(parse(full).getPublishedDate().toInstant())
        .isEqualTo(Samples.T0.plusSeconds(60));
    assertThat(full.lastModified()).isEqualTo(Samples.T0.plusSeconds(60));
    assertThat(empty.text()).contains("<updated>1970-01-01T00:00:00Z</updated>");
    assertThat(empty.lastModified()).isEqualTo(Instant.EPOCH);
    assertThat(parse(empty).getEntries()).isEmpty();
  }

  @Test
  void olderEntriesAreReachableThroughRfc5005Pages() throws Exception {
    Map<String, RenderedFeed> out = publisher.render(Samples.feed(2), Samples.sources(),
        Samples.mixed(5));

    assertThat(out).containsKeys("/feed.atom", "/feed.atom?page=2", "/feed.atom?page=3")
        .doesNotContainKey("/feed.atom?page=4");
    String base = "https://microsolidarity.cc/feed.atom";
    assertThat(links(out.get("/feed.atom"))).containsEntry("self", base)
        .containsEntry("next", base + "?page=2").containsEntry("first", base)
        .containsEntry("last", base + "?page=3").doesNotContainKey("previous");
    assertThat(links(out.get("/feed.atom?page=2"))).containsEntry("self", base + "?page=2")
        .containsEntry("previous", base).containsEntry("next", base + "?page=3")
        .containsEntry("first", base);
    assertThat(links(out.get("/feed.atom?page=3"))).containsEntry("previous", base + "?page=2")
        .doesNotContainKey("next");
    assertThat(parse(out.get("/feed.atom")).getEntries()).hasSize(2);
    assertThat(parse(out.get("/feed.atom?page=3")).getEntries()).extracting("uri")
        .containsExactly(Samples.mixed(5).get(4).id());
  }

  @Test
  void aPublicBaseUrlReplacesTheFeedLinkInSelfLinks() throws Exception {
    RenderedFeed atom = new Publisher(java.net.URI.create("https://feeds.example.net/"))
        .render(Samples.feed(1), Samples.sources(), Samples.mixed(2)).get("/feed.atom");

    assertThat(links(atom)).containsEntry("self", "https://feeds.example.net/feed.atom")
        .containsEntry("next", "https://feeds.example.net/feed.atom?page=2");
  }

  @Test
  void controlCharactersAndMissingTitlesStillGiveAValidFeed() throws Exception {
    Item item = Item.builder().link("https://example.org/a")
        .contentHtml("<p>Bell \u0007 here and a long enough body</p>")
        .categories(List.of("ok\u0000")).build();
    Entry entry = new Entry("urn:x:1", item, Samples.T0, Samples.T0, Samples.T0,
        List.of("unknown-source"));
    RenderedFeed atom = publisher.render(Samples.feed(), Samples.sources(), List.of(entry))
        .get("/feed.atom");

    SyndEntry parsed = parse(atom).getEntries().get(0);
    assertThat(parsed.getTitle()).isEqualTo("Bell here and a long enough body");
    assertThat(parsed.getContents().get(0).getValue()).doesNotContain("\u0007");
    assertThat(atom.text()).doesNotContain("<source>");
  }

  /**
   * RFC 4287 §4.1.2: an entry without an alternate link must have content. An RSS 0.91 item
   * (title and description, no link) gets its description as content, not as a summary.
   */
  @Test
  void anEntryWithoutALinkHasContentEvenWhenItHasOnlyASummary() throws Exception {
    Entry described = new Entry("urn:x:1", Item.builder().title("Described")
        .summaryHtml("<p>Only a description</p>").build(), Samples.T0, Samples.T0, Samples.T0,
        List.of("pod"));
    Entry bare = new Entry("urn:x:2", Item.builder().title("Bare").build(), Samples.T0,
        Samples.T0, Samples.T0, List.of("pod"));
    Document doc = dom(publisher.render(Samples.feed(), Samples.sources(),
        List.of(described, bare)).get("/feed.atom"));

    NodeList entries = doc.getElementsByTagNameNS(ATOM_NS, "entry");
    Element first = (Element) entries.item(0);
    assertThat(children(first, "link")).isZero(); // atom:source's own link aside
    assertThat(text(first, "content")).isEqualTo("<p>Only a description</p>");
    assertThat(children(first, "summary")).isZero();
    assertThat(children((Element) entries.item(1), "content")).isEqualTo(1);
  }

  private static Map<String, String> links(RenderedFeed feed) throws Exception {
    Map<String, String> out = new java.util.HashMap<>();
    for (SyndLink l : parse(feed).getLinks()) {
      out.put(l.getRel(), l.getHref());
    }
    return out;
  }

  /** How many child elements (not deeper ones) of {@code parent} have this Atom name. */
  private static int children(Element parent, String name) {
    int n = 0;
    for (org.w3c.dom.Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (ATOM_NS.equals(c.getNamespaceURI()) && name.equals(c.getLocalName())) {
        n++;
      }
    }
    return n;
  }

  private static String text(Element parent, String name) {
    return parent.getElementsByTagNameNS(ATOM_NS, name).item(0).getTextContent();
  }
}
