package cc.microsolidarity.tributary.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text escaped ahead of jsoup's serialiser gives, byte for byte, what jsoup itself gives. Stored
 * HTML, and so each stored entry's content hash, must not change with it: a changed hash would
 * mark every stored entry edited at its next fetch.
 */
class EscapedTextTest {
  private final HtmlSanitizer sanitizer = new HtmlSanitizer();

  /** What the sanitiser gave before: the same cleaned tree, serialised by jsoup alone. */
  private String jsoupOnly(String html) {
    if (html == null || html.isBlank()) {
      return null;
    }
    return HtmlSanitizer.serialised(sanitizer.clean(html), html.length());
  }

  /** jsoup's escaping of one text, as the sanitiser's output settings have it. */
  private static String jsoupEscaped(String text) {
    Document doc = Document.createShell("");
    doc.outputSettings().prettyPrint(false);
    doc.body().appendChild(new TextNode(text));
    return doc.body().html();
  }

  @Test
  void everyCharacterOfTheBasicPlaneIsEscapedAsJsoupEscapesIt() {
    for (int c = 0; c <= 0xFFFF; c++) {
      String text = "a" + (char) c + "b";
      assertThat(EscapedText.escape(text)).as("U+%04X", c).isEqualTo(jsoupEscaped(text));
    }
  }

  @Test
  void supplementaryCharactersAreEscapedAsJsoupEscapesThem() {
    // jsoup tests a supplementary character cut to 16 bits, so U+1D800–U+1DFFF come out as
    // numeric references while U+1F600 stays as it is; every plane is sampled across that cut.
    for (int plane = 1; plane <= 0x10; plane++) {
      for (int low = 0; low <= 0xFFFF; low += 0x3F) {
        String text = "x" + Character.toString((plane << 16) | low) + "y";
        assertThat(EscapedText.escape(text)).as("U+%X", (plane << 16) | low)
            .isEqualTo(jsoupEscaped(text));
      }
      String edge = Character.toString((plane << 16) | 0xD800)
          + Character.toString((plane << 16) | 0xDFFF);
      assertThat(EscapedText.escape(edge)).isEqualTo(jsoupEscaped(edge));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "a & b < c > d", "\u00a0\u00a0", "&amp;", "\t\n\r",
      "\u0000\u0001\u001f\u007f", "\ud800", "x\udfff", "\udc00\ud800", "\ud83d\ude00",
      "\ud83d", "caf\u00e9 \u2028 \ufeff \ufffd", "<<>>&&"})
  void awkwardTextsAreEscapedAsJsoupEscapesThem(String text) {
    assertThat(EscapedText.escape(text)).isEqualTo(jsoupEscaped(text));
  }

  @Test
  void textWithNothingToEscapeIsKeptAsItIs() {
    String text = "nothing to escape here, caf\u00e9 \ud83d\ude00";
    assertThat(EscapedText.escape(text)).isSameAs(text);
  }

  @Test
  void onlyTheSettingsItReproducesAreHandled() {
    Document doc = sanitizer.clean("<p>x</p>");
    assertThat(EscapedText.applies(doc)).isTrue();
    doc.outputSettings().escapeMode(Entities.EscapeMode.xhtml);
    assertThat(EscapedText.applies(doc)).isFalse();
    doc.outputSettings().escapeMode(Entities.EscapeMode.base).prettyPrint(true);
    assertThat(EscapedText.applies(doc)).isFalse();
    doc.outputSettings().prettyPrint(false).syntax(Document.OutputSettings.Syntax.xml);
    assertThat(EscapedText.applies(doc)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<p>Hi<script>alert(1)</script> &amp; bye</p>",
      "<p><!-- a comment --><![CDATA[x < y & z]]></p>",
      "<svg><![CDATA[a & b]]><text>t</text></svg><math><mi>x</mi></math>",
      "<pre>  spaced\n  text  </pre><code>&lt;tag&gt;</code>",
      "<textarea><b>x</b></textarea><noscript><p>n</p></noscript><template><p>t</p></template>",
      "<xmp><b>raw</b> & </xmp><title>t&amp;</title><select><option>o&lt;</select>",
      "<iframe src=\"https://www.youtube.com/embed/a\">fall &amp; back</iframe>",
      "<a href=\"https://e.org/?a=1&amp;b=2\" title=\"&quot;q&quot; &amp; \u00a0\">l &gt; m</a>",
      "&amp; &lt; &gt; &nbsp; &quot; &eacute; \u00a0 \u2028 caf\u00e9 \ud83d\ude00 &#x1d800; &#1;",
      "<p>unclosed <b>bold <i>both</p> after &",
      "text only", "<script>only</script>", "<!-- only a comment -->", "<br><hr><wbr>",
      "<html><head><style>x</style></head><body><p>b &amp;</p></body></html>"})
  void sanitisedHtmlIsJsoupsOwn(String html) {
    assertThat(sanitizer.sanitize(html)).isEqualTo(jsoupOnly(html));
  }

  @Test
  void randomDocumentsSanitiseAsJsoupAloneDoes() {
    Random random = new Random(20261206);
    for (int i = 0; i < 3_000; i++) {
      String html = randomHtml(random);
      assertThat(sanitizer.sanitize(html)).as(html).isEqualTo(jsoupOnly(html));
    }
  }

  @Test
  void deepNestingIsEscapedWithoutRecursion() {
    // Deeper than a recursive walk of the tree would survive on a default stack.
    int depth = 20_000;
    String html = "<span>".repeat(depth) + "deep & low" + "</span>".repeat(depth);
    assertThat(sanitizer.sanitize(html)).isEqualTo(jsoupOnly(html)).contains("deep &amp; low");
  }

  /** Every item of every real feed in the shared corpus, where it is present (CI has it). */
  @Test
  void realFeedsSanitiseAsJsoupAloneDoes() throws IOException {
    List<CorpusHtml.Sample> samples = CorpusHtml.all();
    for (CorpusHtml.Sample sample : samples) {
      assertThat(sanitizer.sanitize(sample.html())).as(sample.where())
          .isEqualTo(jsoupOnly(sample.html()));
    }
    assertThat(samples).hasSizeGreaterThan(100);
  }

  private static final String[] TAGS = {"p", "b", "i", "a", "img", "div", "span", "font",
      "script", "style", "iframe", "table", "tr", "td", "ul", "li", "pre", "svg", "math",
      "textarea", "noscript", "template", "video", "source", "form", "center", "h1",
      "blockquote", "select", "option", "title", "xmp", "code"};
  private static final String[] ATTRIBUTES = {"href", "src", "title", "alt", "style",
      "onclick", "class", "rel", "poster", "cite", "width", "controls"};
  private static final String[] VALUES = {"https://e.org/p?a=1&b=2", "/rel", "javascript:x()",
      "#top", "mailto:a@e.org", "\"quoted\" & <angled>", "x&amp;y\u00a0", ""};
  private static final String[] TEXTS = {"text", " ", "a & b", "1 < 2 > 0", "caf\u00e9",
      "\u00a0", "<!-- c -->", "<![CDATA[cd & <x>]]>", "&lt;tag&gt;", "\n", "&copy;", "&#0;",
      "&#x1d800;", "\ud83d\ude00", "\u0001\u007f", "&nbsp;&amp;", "\ud800", "\t\r"};

  private static String randomHtml(Random random) {
    StringBuilder out = new StringBuilder();
    List<String> open = new ArrayList<>();
    int steps = 1 + random.nextInt(40);
    for (int s = 0; s < steps; s++) {
      int r = random.nextInt(10);
      if (r < 4) {
        String tag = TAGS[random.nextInt(TAGS.length)];
        out.append('<').append(tag);
        for (int a = random.nextInt(3); a > 0; a--) {
          out.append(' ').append(ATTRIBUTES[random.nextInt(ATTRIBUTES.length)]);
          if (random.nextInt(4) > 0) {
            out.append("=\"")
                .append(VALUES[random.nextInt(VALUES.length)].replace("\"", "&quot;"))
                .append('"');
          }
        }
        out.append('>');
        open.add(tag);
      } else if (r < 6 && !open.isEmpty()) {
        out.append("</").append(open.remove(random.nextInt(open.size()))).append('>');
      } else {
        out.append(TEXTS[random.nextInt(TEXTS.length)]);
      }
    }
    return out.toString();
  }
}
