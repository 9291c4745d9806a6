package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XmlTextRepairTest {
  private final XmlTextRepair repair = new XmlTextRepair(new HtmlEntities());

  private String repaired(String text, List<String> warnings) {
    return repair.repair(text, warnings);
  }

  @Test
  void aCleanDocumentComesBackAsTheSameStringWithNoWarning() {
    String clean = "<rss><item><title>caf\u00e9 \uD83D\uDE00 &amp; &#233;</title>"
        + "<description><![CDATA[a & b]]></description></item></rss>";
    List<String> warnings = new ArrayList<>();
    assertThat(repaired(clean, warnings)).isSameAs(clean);
    assertThat(warnings).isEmpty();
  }

  @Test
  void onlyTheXmlDeclarationsOwnVersionMakesADocumentXml11() {
    assertThat(XmlTextRepair.declaresXml11("<?xml version=\"1.1\"?><rss/>")).isTrue();
    assertThat(XmlTextRepair.declaresXml11("<?xml  version = '1.1' encoding='utf-8'?><rss/>"))
        .isTrue();
    assertThat(XmlTextRepair.declaresXml11("<?xml version=\"1.0\"?><rss/>")).isFalse();
    assertThat(XmlTextRepair.declaresXml11("<?xml version=\"1.10\"?><rss/>")).isFalse();
    assertThat(XmlTextRepair.declaresXml11("<?xml-stylesheet version=\"1.1\"?><rss/>"))
        .isFalse();
    assertThat(XmlTextRepair.declaresXml11("<?xml version=\"1.0\"?><rss version=\"1.1\"/>"))
        .isFalse();
    assertThat(XmlTextRepair.declaresXml11("<rss><?xml version=\"1.1\"?></rss>")).isFalse();
  }

  @Test
  void aSurrogatePairAcrossTheScanBufferBoundaryIsKept() {
    // Put the emoji's two halves on each side of every plausible chunk edge.
    for (int offset = 8180; offset < 8200; offset++) {
      String text = "<a>" + "x".repeat(offset - 3) + "\uD83D\uDE00" + "y".repeat(50) + "</a>";
      List<String> warnings = new ArrayList<>();
      assertThat(repaired(text, warnings)).as("offset %d", offset).isSameAs(text);
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  void illegalCharactersFarIntoALongDocumentAreStripped() {
    String text = "<a>" + "x".repeat(20_000) + "\u0001\u000B" + "z" + "\uDE00" + "</a>";
    List<String> warnings = new ArrayList<>();
    assertThat(repaired(text, warnings)).isEqualTo("<a>" + "x".repeat(20_000) + "z</a>");
    assertThat(warnings).containsExactly("stripped 3 characters illegal in XML 1.0");
  }

  @Test
  void ampersandsInsideCdataCommentsAndInstructionsAreLeftAloneAndBareOnesEscaped() {
    String text = "<?xml version=\"1.0\"?><?pi a&b?><rss><!-- c&d -->"
        + "<i><![CDATA[e & f]]> g & h <![CDATA[&nbsp;]]> i &nbsp; j</i>"
        + "<!-- k & l --><t>m & n</t></rss>";
    List<String> warnings = new ArrayList<>();
    assertThat(repaired(text, warnings)).isEqualTo("<?xml version=\"1.0\"?><?pi a&b?><rss>"
        + "<!-- c&d --><i><![CDATA[e & f]]> g &amp; h <![CDATA[&nbsp;]]> i &#160; j</i>"
        + "<!-- k & l --><t>m &amp; n</t></rss>");
    assertThat(warnings).containsExactly("replaced undefined entity &nbsp;", "escaped bare &");
  }

  @Test
  void entitiesDeclaredInTheDoctypeAreKept() {
    String text = "<!DOCTYPE rss [<!ENTITY mine \"x\">]><rss>&mine; &copy;</rss>";
    List<String> warnings = new ArrayList<>();
    assertThat(repaired(text, warnings)).isEqualTo(
        "<!DOCTYPE rss [<!ENTITY mine \"x\">]><rss>&mine; &#169;</rss>");
    assertThat(warnings).containsExactly("replaced undefined entity &copy;");
  }
}
