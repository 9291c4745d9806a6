package cc.microsolidarity.tributary.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TitleCleanerTest {
  private final TitleCleaner cleaner = new TitleCleaner();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "Plain title                          | Plain title",
      "`  Folded \n\t  whitespace  `        | Folded whitespace",
      "Tom &amp; Jerry                      | Tom & Jerry",
      "That&#8217;s it                      | That’s it",
      "<b>Bold</b> news                     | Bold news",
      "Less &lt; more                       | Less < more",
      "AT&amp;amp;T                         | AT&amp;T",
      "non&nbsp;breaking                    | non breaking"})
  void titlesBecomePlainText(String raw, String expected) {
    assertThat(cleaner.clean(raw, null, null)).isEqualTo(expected);
  }

  @Test
  void aMissingTitleIsMadeFromTheTextCutAtAWordBoundary() {
    String content = "<p>Today we talked about <b>microsolidarity</b> crews, congregations "
        + "and the practices that help small groups of people support each other well.</p>";

    String title = cleaner.clean("  ", null, content);

    assertThat(title).isEqualTo(
        "Today we talked about microsolidarity crews, congregations and the practices…");
    assertThat(title.length()).isLessThanOrEqualTo(81);
  }

  @Test
  void aShortTextIsTheWholeTitle() {
    assertThat(cleaner.clean(null, "<p>Short note.</p>", null)).isEqualTo("Short note.");
  }

  @Test
  void noTitleAndNoTextIsNull() {
    assertThat(cleaner.clean(null, "<img src=\"https://e.org/x.png\">", null)).isNull();
  }

  /** The shortcut for titles without markup gives exactly what parsing them as HTML gives. */
  @Property(tries = 3000)
  void plainTitlesReadAsTheHtmlParserReadsThem(@ForAll("titles") String title) {
    String parsed = Jsoup.parseBodyFragment(title).text().replace('\u00A0', ' ')
        .replaceAll("\\s+", " ").trim();

    assertThat(TitleCleaner.plainText(title))
        .isEqualTo(title.isBlank() || parsed.isEmpty() ? null : parsed);
  }

  @Provide
  Arbitrary<String> titles() {
    return Arbitraries.strings().withChars(" \t\n\r\f\u000B\u0000\u0001\u001F\u007F\u0085"
        + "\u00A0\u00AD\u200B\u2003\u3000\uFEFF\uFFFD\uFFFF\uD83D\uDE00>\"'=/;#aZé€")
        .ofMaxLength(12);
  }
}
