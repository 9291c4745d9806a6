package cc.microsolidarity.tributary.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import cc.microsolidarity.tributary.model.Item;
import cc.microsolidarity.tributary.model.Source;
import cc.microsolidarity.tributary.model.SourceKind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ItemFilterTest {
  private final ItemFilter filter = new ItemFilter("microsolidarity");
  private final Source search = Source.of("social-coop", SourceKind.SEARCH,
      "https://social.coop/tags/microsolidarity.rss");
  private final Source blog = Source.of("blog", SourceKind.BLOG, "https://blog.example/feed");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "Loving #microsolidarity today|true",
      "Loving #Microsolidarity today|true",
      "Loving #MICROSOLIDARITY.|true",
      "(#microsolidarity)|true",
      "#microsolidarity|true",
      "Loving #microsolidarityX today|false",
      "Loving #microsolidarity_camp today|false",
      "Loving #microsolidarity2 today|false",
      "Loving microsolidarity today|false",
      "foo#microsolidarity|false",
      "nothing here|false",
  })
  void searchSourcesNeedTheHashtagInTheTitle(String title, boolean kept) {
    assertThat(filter.accepts(search, Item.builder().title(title).build())).isEqualTo(kept);
  }

  @Test
  void searchSourcesFindTheHashtagInContentHtml() {
    Item mastodon = Item.builder().contentHtml("<p>Circles of 8 <a href=\"https://social.coop/"
        + "tags/microsolidarity\" class=\"mention hashtag\" rel=\"tag\">#<span>microsolidarity"
        + "</span></a></p>").build();
    assertThat(filter.accepts(search, mastodon)).isTrue();
    Item summary = Item.builder().summaryHtml("<b>#microsolidarity</b>").build();
    assertThat(filter.accepts(search, summary)).isTrue();
    Item inUrl = Item.builder().contentHtml(
        "<a href=\"https://x.example/#microsolidarity\">link</a>").build();
    assertThat(filter.accepts(search, inUrl)).isFalse();
  }

  @Test
  void searchSourcesAcceptACategoryEqualToTheTag() {
    assertThat(filter.accepts(search, Item.builder().categories(List.of("Microsolidarity"))
        .build())).isTrue();
    assertThat(filter.accepts(search, Item.builder().categories(List.of("#microsolidarity"))
        .build())).isTrue();
    assertThat(filter.accepts(search, Item.builder().categories(List.of("microsolidarityx"))
        .build())).isFalse();
  }

  @Test
  void otherKindsDoNotNeedTheHashtag() {
    assertThat(filter.accepts(blog, Item.builder().title("anything").build())).isTrue();
  }

  @Test
  void includeNeedsAnyKeywordAsAWholeWord() {
    Source s = withFilters(blog, List.of("mutual aid", "Circles"), List.of());
    assertThat(filter.accepts(s, Item.builder().title("On MUTUAL   aid").build())).isTrue();
    assertThat(filter.accepts(s, Item.builder().contentHtml("<p>small circles</p>").build()))
        .isTrue();
    assertThat(filter.accepts(s, Item.builder().categories(List.of("circles")).build())).isTrue();
    assertThat(filter.accepts(s, Item.builder().title("circlesque").build())).isFalse();
    assertThat(filter.accepts(s, Item.builder().title("unrelated").build())).isFalse();
  }

  @Test
  void excludeRejectsAnyKeywordAsAWholeWord() {
    Source s = withFilters(blog, List.of(), List.of("sponsored"));
    assertThat(filter.accepts(s, Item.builder().title("A Sponsored post").build())).isFalse();
    assertThat(filter.accepts(s, Item.builder().title("unsponsored thoughts").build())).isTrue();
  }

  @Test
  void searchSourcesApplyHashtagAndKeywordsTogether() {
    Source s = withFilters(search, List.of(), List.of("crypto"));
    assertThat(filter.accepts(s, Item.builder().title("#microsolidarity and crypto").build()))
        .isFalse();
    assertThat(filter.accepts(s, Item.builder().title("#microsolidarity circles").build()))
        .isTrue();
  }

  private static Source withFilters(Source s, List<String> include, List<String> exclude) {
    return new Source(s.id(), s.kind(), URI.create(s.url().toString()), Duration.ofHours(1),
        null, include, exclude, true);
  }
}
