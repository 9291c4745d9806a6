package cc.microsolidarity.tributary.normalize;

import static org.assertj.core.api.Assertions.assertThat;

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
}
