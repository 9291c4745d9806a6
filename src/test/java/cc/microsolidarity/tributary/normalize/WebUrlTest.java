package cc.microsolidarity.tributary.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Enclosure;
import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Person;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebUrlTest {

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
      "java\tscript:alert(1)", "java\nscript:alert(1)", "\u0001javascript:alert(1)",
      "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=", "livescript:x", "file:///etc/passwd",
      "ftp://example.org/x", "//example.org/x", "/relative", "mailto:a@example.org", "http:",
      "https://", "http:/x", "", "   ", "\u0000\t\n", "httpſ://example.org/", "ĥttp://x.org/",
      "\thttps://\n"})
  void notAWebUrlIsDropped(String url) {
    assertThat(WebUrl.orNull(url)).isNull();
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(delimiter = '|', value = {
      "https://example.org/a|https://example.org/a",
      "HTTP://Example.org/a|HTTP://Example.org/a",
      "'  https://example.org/a  '|https://example.org/a",
      "'https://exa\tmple.org/a'|https://example.org/a",
      "'\u0001 htt\rps://a.example/b\n\u001f'|https://a.example/b",
      "'https://a.example/\u00a0'|https://a.example/\u00a0"})
  void aWebUrlIsKeptAsABrowserReadsIt(String url, String expected) {
    assertThat(WebUrl.orNull(url)).isEqualTo(expected);
  }

  /** The scan must read URLs exactly as the regular expressions it replaced did. */
  @Test
  void readsEveryUrlAsTheRegularExpressionsDid() {
    java.util.Random random = new java.util.Random(7);
    String alphabet = "hHtTpPsS:/ .a\t\n\r\u0000\u0001\u001f\u0020\u007f\u00a0é";
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder(random.nextBoolean() ? "https://" : "");
      for (int len = random.nextInt(12); len > 0; len--) {
        b.insert(random.nextInt(b.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String url = b.toString();
      String cleaned = url.replaceAll("^[\\x00-\\x20]+|[\\x00-\\x20]+$", "")
          .replaceAll("[\\t\\n\\r]", "");
      String lower = cleaned.toLowerCase(java.util.Locale.ROOT);
      String expected = (lower.startsWith("http://") || lower.startsWith("https://"))
          && cleaned.length() > lower.indexOf("//") + 2 ? cleaned : null;
      assertThat(WebUrl.orNull(url)).as("%s", url.chars().boxed().toList()).isEqualTo(expected);
    }
  }

  @Test
  void theNormalizerDropsScriptUrlsFromLinksImagesAuthorsAndEnclosures() {
    ItemNormalizer normalizer = new ItemNormalizer(
        Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC));
    Item item = normalizer.normalize(Item.builder().guid("g").title("t")
        .link("javascript:alert(1)")
        .image("data:image/svg+xml;base64,PHN2Zz4=")
        .authors(List.of(new Person("A", null, "vbscript:x"),
            new Person("B", null, "https://b.example/")))
        .enclosures(List.of(new Enclosure(" JAVASCRIPT:alert(2)", "audio/mpeg", 1),
            new Enclosure("https://cdn.example/e.mp3", "audio/mpeg", 2)))
        .build());

    assertThat(item.link()).isNull();
    assertThat(item.image()).isNull();
    assertThat(item.authors()).containsExactly(new Person("A", null, null),
        new Person("B", null, "https://b.example/"));
    assertThat(item.enclosures()).containsExactly(
        new Enclosure("https://cdn.example/e.mp3", "audio/mpeg", 2));
  }
}
