package cc.microsolidarity.tributary.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Entities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one pass gives, byte for byte, what jsoup's parse, clean and serialise give, or declines.
 * Stored HTML, and so each stored entry's content hash, must not change with it: a changed hash
 * would mark every stored entry edited at its next fetch.
 */
class OnePassSanitizerTest {
  private final HtmlSanitizer sanitizer = new HtmlSanitizer();

  /** The sanitiser's answer with jsoup alone, "" for nothing visible as the one pass has it. */
  private String jsoup(String html) {
    String out = HtmlSanitizer.serialised(sanitizer.clean(html), html.length());
    return out == null ? "" : out;
  }

  /** Asserts the one pass takes {@code html} and gives jsoup's answer. */
  private void assertTakenAsJsoup(String html) {
    assertThat(OnePassSanitizer.sanitize(html)).as(html).isNotNull().isEqualTo(jsoup(html));
  }

  /** Asserts the one pass declines {@code html} or gives jsoup's answer; true if taken. */
  private boolean agreesWithJsoup(String html) {
    String onePass = OnePassSanitizer.sanitize(html);
    if (onePass != null) {
      assertThat(onePass).as(html).isEqualTo(jsoup(html));
    }
    return onePass != null;
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<p><strong>Title &amp; more</strong> words &#x27;quoted&#x27; &quot;too&quot;.</p>\n"
          + "<p>A <a href=\"https://e.org/wiki/w?ref=feed\">w</a> and <em>x</em>.</p>",
      "<ul><li>one</li><li>two <b>b</b></li></ul>\n<ol start=\"3\" type=\"a\"><li>x</li></ol>",
      "<figure><img src=\"https://cdn.example/img/ab.jpg\" alt=\"w\" width=\"800\" height=\"450\">"
          + "<figcaption>Caption.</figcaption></figure>",
      "<blockquote cite=\"https://e.org/q\"><p>Quoted.</p></blockquote>",
      "<p onclick=\"alert(1)\" style=\"color:red\" class=x id='y' hidden>Dropped attributes.</p>",
      "<h2 id=\"s\">Head</h2><h3>Sub <code>c</code></h3><hr><p>a<br>b<br/>c<br />d</p>",
      "<P CLASS=x>Upper <A HREF=\"HTTPS://E.Org/A\" TITLE='t'>case</A></P>",
      "<a href=\"javascript:alert(1)\">no href</a> <a href=\"/relative\">none</a> "
          + "<a href=\"mailto:a@e.org\">mail</a> <a href=\"ftp://e.org/f\">ftp</a>",
      "<img src=\"data:image/png;base64,AAAA\" alt=\"x\"><img src=\" https://e.org/a b \">",
      "<a href=\"https://e.org/?a=1&amp;b=2&lt;3\" title=\"&quot;q&quot; &amp; \u00a0'\">l</a>",
      "text &mdash; &hellip; &nbsp; &copy; &#169; &#xA9; &#X1F600; caf\u00e9 \ud83d\ude00",
      "Tom & Jerry &<b>x</b> & ", "1 > 0", "  \n <p>trimmed</p> \n ",
      "<div><span>s</span><sub>1</sub><sup>2</sup><mark>m</mark><del>d</del><ins>i</ins>"
          + "<cite>c</cite><abbr title=\"t\">a</abbr><q cite=\"https://e.org\">q</q><s>s</s>"
          + "<small>sm</small><u>u</u><i>i</i></div>",
      "<p></p><p> </p>", "<p title=a&b>dropped, whatever it holds</p>", "<b>bold <i>both</i></b> <a href=x>a<b>b</b></a>",
      "<a href=\"https://e.org\"><p>block in a link</p></a>",
      "<ul>\n  <li><p>p in li</p>\n    <ul><li>nested</li></ul></li>\n</ul>",
      "<img alt=\"a<b>c\" title=\"\u0001\">", "<img src=https://e.org/u?a=b width=1>",
      "<a style='color:grey;' target='_blank' rel='noopener noreferrer' "
          + "href='https://acast.com/privacy'>acast.com/privacy</a>",
      "<a href=x rel>y</a><a REL=\"nofollow\" href=y>z</a>", "<abbr title=a&b>x</abbr>",
      "Tom &token=1 &xyzzy; &foo; &c &#x41; x < 1, 2<3, a <= b, <",
      "<a href=\"https://e.org/?a=1&b=2&token=3\">q</a>",
      "<p>a<script>track(\"x\") < 1 && </p></script >b<style type=x>p{}</STYLE>c</p>",
      "<p>a<!-- a comment <p> -- --><!--x--->b</p><script async src=\"https://t.co/w.js\" "
          + "charset=\"utf-8\"></script>"})
  void commonHtmlIsTakenAndGivesJsoupsAnswer(String html) {
    assertTakenAsJsoup(html);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<p>unclosed", "<p>a<p>b</p>", "<p>a<ul><li>x</li></ul></p>", "<p><div>x</div></p>",
      "<p>a<h2>x</h2></p>", "<h2>a<h3>b</h3></h2>", "<b><b>x</b></b>", "<a href=x><a>y</a></a>",
      "<li>x</li>", "<ul><li>a<li>b</li></ul>", "<p/>", "<b>x</p>", "<p><b>x</p></b>",
      "<a rel=\"nofollow noopener\" href=\"https://e.org\">x</a>", "<a href=x href=y>x</a>",
      "<img alt>", "<!--><p>x</p>", "<!---->", "<!-- a --!> b -->", "<!-- open", "<script>x",
      "<script>a<!--</script>--></script>", "<script/>x</script>", "</script x>",
      "<script>x</script x>", "<iframe src=\"x\"></iframe>",
      "<table><tr><td>x</td></tr></table>", "<pre>\nx</pre>", "a\r\nb", "a\u0000b",
      "&amp", "&copy ", "&notit;", "&ampx;", "&copyright", "&#128;", "&#0;", "&#xD800;", "&#12345678;", "a <b", "a <!", "<p-x>y</p-x>",
      "</br>", "<br></br>", "<p class=\"x\"title=y>", "<img alt=\"x\"/ >", "<p =x>y</p>",
      "<span>open", "<p>x</p></p>", "<!DOCTYPE html><p>x</p>", "<?xml x?>", "<font>f</font>",
      "<a href=\"x\" rel=\"nofollow noopener\">y</a>", "<img alt=\"&copy=\">",
      "<img alt=a\"b>"})
  void unusualHtmlIsDeclined(String html) {
    assertThat(OnePassSanitizer.sanitize(html)).as(html).isNull();
  }

  /** The one pass's table keeps exactly the attributes jsoup's safelist keeps, tag by tag. */
  @Test
  void everyTagKeepsTheAttributesJsoupKeeps() {
    String[] attributes = {"href", "src", "title", "alt", "width", "height", "align", "cite",
        "start", "type", "rel", "class", "id", "style", "lang", "dir", "name", "target",
        "border", "span", "colspan", "rowspan", "scope", "abbr", "axis", "summary", "poster",
        "controls", "srcset", "sizes", "loading", "datetime", "reversed", "value", "onclick",
        "onerror", "data-x", "frameborder", "allowfullscreen", "xmlns", "role", "aria-label"};
    String[] values = {"https://e.org/x", "x", "nofollow", "1"};
    for (String tag : TAGS) {
      boolean isVoid = tag.equalsIgnoreCase("br") || tag.equalsIgnoreCase("img")
          || tag.equalsIgnoreCase("hr");
      for (String attribute : attributes) {
        for (String value : values) {
          String html = "<" + tag + " " + attribute + "=\"" + value + "\">"
              + (isVoid ? "" : "t</" + tag + ">");
          agreesWithJsoup(html);
        }
      }
    }
  }

  @Test
  void everyCharacterOfTheBasicPlaneInTextAndAttributesGivesJsoupsAnswer() {
    int taken = 0;
    for (int c = 0; c <= 0xFFFF; c++) {
      String ch = String.valueOf((char) c);
      for (String html : new String[] {"<p>a" + ch + "b</p>", "<img alt=\"a" + ch + "b\">",
          "<a href=\"https://e.org/" + ch + "\" title='" + ch + "'>x</a>",
          "<img src=" + ch + "https://e.org/>"}) {
        taken += agreesWithJsoup(html) ? 1 : 0;
      }
    }
    assertThat(taken).isGreaterThan(4 * 0xF000);
  }

  @Test
  void everyNamedEntityGivesJsoupsAnswer() {
    Set<String> names = new LinkedHashSet<>();
    // With ASCII output, jsoup writes every character it has a name for by that name.
    Document.OutputSettings extended = new Document.OutputSettings().charset("US-ASCII")
        .escapeMode(Entities.EscapeMode.extended);
    for (int c = 0x20; c <= 0xFFFF; c++) {
      String escaped = Entities.escape(String.valueOf((char) c), extended);
      if (escaped.startsWith("&") && !escaped.startsWith("&#")) {
        names.add(escaped.substring(1, escaped.length() - 1));
      }
    }
    assertThat(names).hasSizeGreaterThan(1_000).contains("amp", "nbsp", "mdash", "copy");
    // jsoup writes one name per character; these are others in common use.
    names.addAll(List.of("hellip", "rsquo", "lsquo", "rdquo", "ldquo", "ndash", "trade", "AMP",
        "QUOT", "NotNestedLessLess", "fjlig", "bne"));
    for (String name : names) {
      assertTakenAsJsoup("<p>x &" + name + "; y</p><img alt=\"&" + name + ";\">");
    }
  }

  @Test
  void numericReferencesGiveJsoupsAnswer() {
    for (int cp = 0; cp <= 0x10FFFF; cp += (cp < 0x3000 ? 1 : 0x3F)) {
      agreesWithJsoup("<p>&#" + cp + ";</p><p>&#x" + Integer.toHexString(cp) + ";</p>"
          + "<img title=\"&#X" + Integer.toHexString(cp).toUpperCase() + ";\">");
    }
    assertTakenAsJsoup("<p>&#0000065;&#x000041;</p>");
  }

  @Test
  void randomDocumentsAreDeclinedOrGiveJsoupsAnswer() {
    Random random = new Random(20261207);
    int taken = 0;
    int documents = 20_000;
    for (int i = 0; i < documents; i++) {
      taken += agreesWithJsoup(randomHtml(random)) ? 1 : 0;
    }
    // Most are well formed by construction, so the test must go through the one pass a lot.
    assertThat(taken).isGreaterThan(documents / 5);
  }

  /** Every item of every real feed in the shared corpus, where it is present (CI has it). */
  @Test
  void realFeedsAreDeclinedOrGiveJsoupsAnswer() throws IOException {
    List<CorpusHtml.Sample> samples = CorpusHtml.all();
    int taken = 0;
    for (CorpusHtml.Sample sample : samples) {
      String onePass = OnePassSanitizer.sanitize(sample.html());
      if (onePass != null) {
        taken++;
        assertThat(onePass).as(sample.where()).isEqualTo(jsoup(sample.html()));
      }
    }
    assertThat(samples).hasSizeGreaterThan(100);
    assertThat(taken).isGreaterThan(samples.size() / 4);
  }

  private static final String[] TAGS = {"p", "div", "figure", "figcaption", "blockquote",
      "ul", "ol", "li", "h1", "h2", "h6", "a", "b", "code", "em", "i", "s", "small", "strong",
      "u", "span", "sub", "sup", "mark", "del", "ins", "cite", "abbr", "q", "br", "img", "hr",
      "P", "Em", "A", "IMG", "script", "iframe", "table", "td", "pre", "font", "section",
      "strike", "dd", "body", "html", "base", "svg", "script", "style", "Script"};
  private static final String[] ATTRIBUTES = {"href", "src", "title", "alt", "style", "onclick",
      "class", "rel", "cite", "width", "height", "align", "start", "type", "HREF", "Src",
      "data-x", "hidden", "xml:lang", "a.b"};
  private static final String[] VALUES = {"https://e.org/p?a=1&amp;b=2", "/rel", "x",
      "javascript:x()", "JavaScript:x()", " java\tscript:x()", "#top", "mailto:a@e.org",
      "&quot;q&quot; &amp; &lt;a&gt;", "x&y", "&#x27;", "", " spaced ", "HTTP://E.ORG/%7e",
      "https://e.org/a b", "tel:+1", "https://user@e.org/", "//e.org/p", "ftp://e.org",
      "caf\u00e9 \u00a0", "&nbsp;&copy;", "&#128;", "http://[::1]/", "https://e.org/\u0001",
      "https://e.org/\ud83d\ude00", "https://e.org/?a=1&b=2&copy=3", "x&notit;", "&ampy",
      "&token=x", "nofollow noopener", "&copy"};
  private static final String[] TEXTS = {"text", " ", "\n", "a & b", "1 > 0", "a < b",
      "caf\u00e9", "\u00a0", "&amp;", "&lt;tag&gt;", "&copy;", "&mdash;", "&#39;", "&#x1F600;",
      "&#0;", "&#128;", "&bogus;", "&amp", "&notit;", "&ampx;", "&copy ", "&token=",
      "&copyright", "a <", " < 1", "<3", "<=", "&#;", "<!--x-->", "<!--->", "<!-- <p> -->",
      "<!-- --!> -->", "</script>", "</style >", "<!--", "\ud83d\ude00", "\u0001", "\t", "\r", "<!-- c -->",
      "\ud800", "'\"", "&#x1d800;", "&NotNestedLessLess;", "&frac12;"};

  /** Mostly well-formed markup of the one pass's tags, with a little of everything else. */
  private static String randomHtml(Random random) {
    StringBuilder out = new StringBuilder();
    List<String> open = new ArrayList<>();
    int steps = 1 + random.nextInt(30);
    for (int s = 0; s < steps; s++) {
      int r = random.nextInt(10);
      if (r < 4) {
        String tag = TAGS[random.nextInt(random.nextInt(8) == 0 ? TAGS.length : 32)];
        out.append('<').append(tag);
        for (int a = random.nextInt(3); a > 0; a--) {
          out.append(random.nextInt(10) == 0 ? "\n" : " ")
              .append(ATTRIBUTES[random.nextInt(ATTRIBUTES.length)]);
          int form = random.nextInt(8);
          String value = VALUES[random.nextInt(VALUES.length)];
          if (form == 0) {
            continue; // no value
          } else if (form == 1 && !value.isEmpty() && value.matches("[^\\s\"'<=`>]+")) {
            out.append('=').append(value);
          } else if (form == 2) {
            out.append(" = '").append(value.replace("'", "&#39;")).append('\'');
          } else {
            out.append("=\"").append(value.replace("\"", "&quot;")).append('"');
          }
        }
        boolean isVoid = tag.equalsIgnoreCase("br") || tag.equalsIgnoreCase("img")
            || tag.equalsIgnoreCase("hr");
        out.append(isVoid && random.nextBoolean() ? "/>" : ">");
        if (!isVoid) {
          open.add(tag);
        }
      } else if (r < 7 && !open.isEmpty()) {
        // Usually the innermost, as well-formed markup closes it; now and then another.
        int which = random.nextInt(8) == 0 ? random.nextInt(open.size()) : open.size() - 1;
        out.append("</").append(open.remove(which)).append('>');
      } else {
        out.append(TEXTS[random.nextInt(random.nextInt(4) == 0 ? TEXTS.length : 12)]);
      }
    }
    if (random.nextInt(4) > 0) {
      for (int i = open.size() - 1; i >= 0; i--) {
        out.append("</").append(open.get(i)).append('>');
      }
    }
    return out.toString();
  }
}
