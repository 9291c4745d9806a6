package cc.microsolidarity.tributary.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sanitiser's own scheme check keeps and drops exactly what jsoup's does, and leaves each
 * kept URL as jsoup would: stored HTML, and so each stored entry's content hash, must not move.
 */
class UrlSchemeSafelistTest {
  private static final Safelist JSOUP = HtmlSanitizer.jsoupSafelist();
  private static final Safelist OURS = new UrlSchemeSafelist(HtmlSanitizer.jsoupSafelist(),
      HtmlSanitizer.SCHEMES);
  private static final Cleaner JSOUP_CLEANER = new Cleaner(JSOUP);
  private static final Cleaner OUR_CLEANER = new Cleaner(OURS);

  private static final String[] URLS = {"https://e.org/p?a=1&b=2#f", "HTTP://E.ORG/A",
      "http://user:pw@e.org:8080/a/./b/../c", "https://e.org/a b", "//e.org/x", "/rel",
      "rel/x", "?q=1", "#top", "", " ", " https://e.org/lead", "https://e.org/trail ",
      "javascript:alert(1)", "JaVaScRiPt:x", "java\tscript:x", "\u0001javascript:x",
      "vbscript:x", "data:text/html,x", "mailto:a@e.org", "MAILTO:a@e.org", "ftp://e.org/f",
      "tel:+123", "file:///etc/passwd", "jar:file:/x!/y", "https:", "https:/x", "http://[::1]/",
      "https://e.org/\u00e9\ud83d\ude00", "https://e\u00e9.org/", "h\nttps://e.org/",
      "https://e.org/\u001f\u0000x", "urn:isbn:1", "x-custom+a.b:thing", "1http://e.org",
      "https://e.org/%zz", "http://e.org:99999/", "https://e.org/<>\"", "&quot;"};

  private static final String[] TAGS = {"a", "img", "blockquote", "q", "cite", "iframe",
      "audio", "video", "source", "picture", "p", "abbr", "td", "ins", "del", "script", "area",
      "link", "form", "object", "embed", "track", "input", "figure"};
  private static final String[] ATTRIBUTES = {"href", "src", "cite", "poster", "title",
      "action", "data", "srcset", "longdesc", "background", "formaction", "style", "rel"};

  /** Every tag and attribute, with every URL: the same verdict and the same kept value. */
  @Test
  void eachAttributeIsJudgedAsJsoupJudgesIt() {
    for (String tag : TAGS) {
      for (String attribute : ATTRIBUTES) {
        for (String url : URLS) {
          Element forJsoup = new Element(tag).attr(attribute, url);
          Element forUs = new Element(tag).attr(attribute, url);
          Attribute jsoupAttr = forJsoup.attribute(attribute);
          Attribute ourAttr = forUs.attribute(attribute);
          String what = tag + " " + attribute + "=" + url;
          assertThat(OURS.isSafeAttribute(tag, forUs, ourAttr)).as(what)
              .isEqualTo(JSOUP.isSafeAttribute(tag, forJsoup, jsoupAttr));
          assertThat(ourAttr.getValue()).as(what).isEqualTo(jsoupAttr.getValue());
        }
      }
    }
  }

  @Test
  void urlsResolveAsJsoupResolvesThemWithoutABase() {
    for (String url : URLS) {
      assertThat(UrlSchemeSafelist.resolvedWithoutBase(url)).as(url)
          .isEqualTo(StringUtil.resolve("", url));
    }
  }

  @Test
  void controlCharactersAreStrippedAndOthersKept() {
    assertThat(UrlSchemeSafelist.withoutControlCharacters("plain")).isEqualTo("plain");
    assertThat(UrlSchemeSafelist.withoutControlCharacters("\u0000a\tb\u001f\u0020c\u007f"))
        .isEqualTo("ab c\u007f");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<a href=\"HTTP://E.ORG/A\">l</a><a href=\"/rel\">r</a><a href=\"tel:1\">t</a>",
      "<img src=\"java\tscript:x\"><img src=\" https://e.org/i.png\">",
      "<base href=\"https://base.example/dir/\"><a href=\"rel\">r</a><img src=\"i.png\">",
      "<blockquote cite=\"https://e.org/q\">q</blockquote><q cite=\"ftp://e.org\">q</q>",
      "<iframe src=\"http://www.youtube.com/embed/a\"></iframe><video poster=\"/p.png\"></video>"})
  void documentsAreCleanedAsJsoupCleansThem(String html) {
    assertThat(ours(html)).isEqualTo(jsoups(html));
  }

  @Test
  void randomDocumentsAreCleanedAsJsoupCleansThem() {
    Random random = new Random(20261206L);
    for (int i = 0; i < 3_000; i++) {
      StringBuilder html = new StringBuilder();
      for (int e = 1 + random.nextInt(12); e > 0; e--) {
        String tag = TAGS[random.nextInt(TAGS.length)];
        html.append('<').append(tag);
        for (int a = random.nextInt(3); a > 0; a--) {
          html.append(' ').append(ATTRIBUTES[random.nextInt(ATTRIBUTES.length)]).append("=\"")
              .append(URLS[random.nextInt(URLS.length)].replace("\"", "&quot;")).append('"');
        }
        html.append(">x");
        if (random.nextBoolean()) {
          html.append("</").append(tag).append('>');
        }
      }
      String doc = html.toString();
      assertThat(ours(doc)).as(doc).isEqualTo(jsoups(doc));
    }
  }

  /** Every item of every real feed in the shared corpus, where it is present (CI has it). */
  @Test
  void realFeedsAreCleanedAsJsoupCleansThem() throws IOException {
    List<CorpusHtml.Sample> samples = CorpusHtml.all();
    for (CorpusHtml.Sample sample : samples) {
      assertThat(ours(sample.html())).as(sample.where()).isEqualTo(jsoups(sample.html()));
    }
    assertThat(samples).hasSizeGreaterThan(100);
  }

  private static String ours(String html) {
    return HtmlSanitizer.serialised(HtmlSanitizer.clean(html, OUR_CLEANER), html.length());
  }

  private static String jsoups(String html) {
    return HtmlSanitizer.serialised(HtmlSanitizer.clean(html, JSOUP_CLEANER), html.length());
  }
}
