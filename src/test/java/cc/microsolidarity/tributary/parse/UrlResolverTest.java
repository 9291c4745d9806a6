package cc.microsolidarity.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Relative URLs inside item HTML, and the quick check that skips HTML without any. */
class UrlResolverTest {
  private static final URI BASE = URI.create("https://example.org/blog/post/");

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "https://e.example/a                | https://e.example/a",
      "  HTTP://E.example/X?q=1#f         | HTTP://E.example/X?q=1#f",
      "https://e.example/a b              | https://e.example/a%20b",
      "http://[bad                        | http://[bad",
      "https://e.example/%zz              | https://e.example/%zz",
      "http:relative                      | http:relative",
      "https://e.example/ü                | https://e.example/ü",
      "/root                              | https://example.org/root",
      "mailto:a@b.example                 | mailto:a@b.example",
      "../up                              | https://example.org/blog/up"})
  void referencesResolveAgainstTheBase(String ref, String expected) {
    assertThat(UrlResolver.resolve(BASE, ref)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "<a href=\"/about\">x</a>|<a href=\"https://example.org/about\">x</a>",
      "<img SRC='pic.png'>|<img SRC=\"https://example.org/blog/post/pic.png\">",
      "<video poster = p.jpg>|<video poster = \"https://example.org/blog/post/p.jpg\">",
      "<a href=\"https://other.example/\">x</a>|<a href=\"https://other.example/\">x</a>",
      "<a href=\"#top\">x</a>|<a href=\"#top\">x</a>",
      "<a href=\"mailto:a@b.example\">x</a>|<a href=\"mailto:a@b.example\">x</a>",
      "<a data-href=\"/x\">x</a>|<a data-href=\"/x\">x</a>",
      "plain text with = signs|plain text with = signs",
  })
  void relativeHrefSrcAndPosterValuesAreMadeAbsolute(String html, String expected) {
    assertThat(UrlResolver.resolveHtml(BASE, html)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "<p>no attributes</p>|false",
      "<a href=\"https://example.org/\">x</a>|false",
      "<a href=\"/x\">x</a>|true",
      "<a  HREF =  'x'>|true",
      "<a href=\"\">|false",
      "<a xhref=\"/x\">|false",
  })
  void theQuickCheckFindsRelativeValues(String html, boolean expected) {
    assertThat(UrlResolver.hasRelativeUrlAttribute(html)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void theQuickCheckTreatsTabsAndNewlinesAsSpace() {
    assertThat(UrlResolver.hasRelativeUrlAttribute("<a\thref\n=\n'x'>")).isTrue();
  }

  /** Whenever the full rewrite would change something, the quick check must say so. */
  @Property(tries = 3000)
  boolean theQuickCheckNeverSkipsAChange(@ForAll("htmlish") String html) {
    String rewritten = UrlResolver.resolveUrlAttributes(BASE, html);
    return rewritten.equals(html) || UrlResolver.hasRelativeUrlAttribute(html);
  }

  @Provide
  Arbitrary<String> htmlish() {
    List<String> tokens = List.of(" ", "\t", "\n", "\u000B", "<a", "<img", ">", "=", "\"", "'",
        "href", "HREF", "src", "Src", "poster", "x", "/", "#", "http:", "https://h.example/",
        "mailto:", "a.b:", "1:", "-", "data", "&amp;", "?q=1", "..", "\u017F");
    return Arbitraries.of(tokens).list().ofMaxSize(14).map(l -> String.join("", l));
  }
}
