package cc.microsolidarity.tributary.publish;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.SourceKind;
import cc.microsolidarity.tributary.model.SourceStatus;
import cc.microsolidarity.tributary.model.TributaryOpml;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class OpmlTest {
  private static Document parse(RenderedFeed opml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(opml.body()));
  }

  @Test
  void everySourceIsAnRssOutlineAndDisabledOnesAreMarked() throws Exception {
    RenderedFeed opml = new Publisher().render(Samples.feed(), Samples.sources(), List.of())
        .get("/sources.opml");
    Document doc = parse(opml);

    assertThat(opml.contentType()).isEqualTo("text/x-opml; charset=utf-8");
    assertThat(opml.lastModified()).isNull();
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("opml");
    assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("2.0");
    assertThat(doc.getElementsByTagName("title").item(0).getTextContent())
        .isEqualTo("#microsolidarity sources");
    assertThat(doc.getElementsByTagName("dateCreated").getLength()).isZero();
    NodeList outlines = doc.getElementsByTagName("outline");
    List<Element> list = new ArrayList<>();
    for (int i = 0; i < outlines.getLength(); i++) {
      list.add((Element) outlines.item(i));
    }
    assertThat(list).extracting(e -> e.getAttribute("type")).containsOnly("rss");
    assertThat(list).extracting(e -> e.getAttribute("text"))
        .containsExactly("The Podcast", "blog", "Old forum");
    assertThat(list).extracting(e -> e.getAttribute("xmlUrl")).containsExactly(
        "https://anchor.fm/s/abc/podcast/rss", "https://medium.com/feed/microsolidarity",
        "https://forum.example.org/latest.rss");
    String ns = TributaryOpml.NAMESPACE;
    assertThat(list).extracting(e -> e.getAttributeNS(ns, "state"))
        .containsExactly("", "", "disabled");
    assertThat(list).extracting(e -> e.getAttributeNS(ns, "id"))
        .containsExactly("pod", "blog", "gone");
  }

  @Test
  void aRedirectedSourceListsItsEffectiveUrlAndKeepsTheConfiguredOne() throws Exception {
    SourceStatus moved = new SourceStatus("moved", SourceKind.BLOG,
        URI.create("http://old.example.org/rss?a=1&b=2"),
        URI.create("https://new.example.org/rss"), SourceStatus.State.OK, 200, null, null, null,
        0, 0, null, "Moved <blog>", null);
    Document doc = parse(new Publisher().render(Samples.feed(), List.of(moved), List.of())
        .get("/sources.opml"));

    Element outline = (Element) doc.getElementsByTagName("outline").item(0);
    assertThat(outline.getAttribute("xmlUrl")).isEqualTo("https://new.example.org/rss");
    assertThat(outline.getAttributeNS(TributaryOpml.NAMESPACE, "url"))
        .isEqualTo("http://old.example.org/rss?a=1&b=2");
    assertThat(outline.getAttribute("title")).isEqualTo("Moved <blog>");
  }
}
